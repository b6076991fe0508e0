"""Ingest: read registry exports (.xlsx/.xls/CSV in UTF-8 or GBK) into typed, checked tables.

``load_table(path, spec)`` types every cell against a data spec and keeps every problem as an
:class:`Issue` with file, sheet, Excel row and column header; ``validate`` wraps that as a report.
"""

from reportgen.ingest.cells import ERROR, INFO, WARNING
from reportgen.ingest.readers import detect_encoding, read_sheet, sheet_names
from reportgen.ingest.report import Report, format_report, validate
from reportgen.ingest.table import Issue, Table, load_table
from reportgen.ingest.xlsxstream import Progress

__all__ = [
    "ERROR", "WARNING", "INFO", "read_sheet", "sheet_names", "detect_encoding", "Issue", "Table",
    "load_table", "Report", "validate", "format_report", "Progress",
]
