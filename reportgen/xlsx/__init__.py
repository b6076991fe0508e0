"""Fill Excel templates: ``{{ }}`` in cells, repeated rows/columns/sheets, live 合计 formulas.

``XlsxTemplate.load(path).render_to(out, figures)``; the template language is described in docs/xlsx.md.
"""

from reportgen.xlsx.template import XlsxTemplate, valid_sheet_title

__all__ = ["XlsxTemplate", "valid_sheet_title"]
