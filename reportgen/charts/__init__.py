"""Native, editable Office charts as rich values for the docx engine.

``BarChart`` writes a DrawingML chart part with cached values (so every viewer draws it without
recalculating) and an embedded workbook with the same numbers (so Word/WPS "编辑数据" works).
"""

from reportgen.charts.bar import BarChart

__all__ = ["BarChart"]
