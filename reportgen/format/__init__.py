"""Formatting shared by both engines: the sandboxed Jinja environment, Chinese filters, script conversion."""

from reportgen.format.environment import make_environment

__all__ = ["make_environment"]
