"""Built-in GB/T 9704 templates: the catalogue (name, description, data needed) and their builders."""

from reportgen.builtin.catalog import BUILTINS, TEMPLATE_DIR, Builtin, export_builtin, list_builtins

__all__ = ["BUILTINS", "TEMPLATE_DIR", "Builtin", "export_builtin", "list_builtins"]
