"""The figures context: one plain nested dict (Chinese keys) that templates consume (docs/figures.md).

``figures_for_exports`` computes it from registry exports, ``dump_figures`` writes it for a clerk to
check, ``rows_for_export`` gives typed rows for batch generation. ``compute_figures`` also keeps the
registries (:class:`FigureSet`) so a figure can be traced to its rows (``FigureSet.trace``, ``define``).
"""

from reportgen.context.definitions import define, spec_form
from reportgen.context.dump import dump_figures
from reportgen.context.figures import compute_figures, figures_for_exports, rows_for_export
from reportgen.context.paths import figure_paths, parse_path
from reportgen.context.provenance import FigureSet
from reportgen.context.registry import FileProgress

__all__ = ["figures_for_exports", "compute_figures", "rows_for_export", "dump_figures", "FileProgress", "FigureSet",
           "define", "spec_form", "figure_paths", "parse_path"]
