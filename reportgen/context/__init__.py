"""The figures context: one plain nested dict (Chinese keys) that templates consume (docs/figures.md).

``figures_for_exports`` computes it from registry exports, ``dump_figures`` writes it for a clerk to
check, ``rows_for_export`` gives typed rows for batch generation.
"""

from reportgen.context.dump import dump_figures
from reportgen.context.figures import figures_for_exports, rows_for_export
from reportgen.context.registry import FileProgress

__all__ = ["figures_for_exports", "rows_for_export", "dump_figures", "FileProgress"]
