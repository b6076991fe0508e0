"""The ``reportgen`` command line (Click): the commands parse options and call :mod:`reportgen.app`."""

from reportgen.cli.group import main, run

__all__ = ["main", "run"]
