"""Write sample registries as the files offices receive: .xlsx exports, optionally messy, and CSV.

XlsxWriter with a shared-string table writes 200,000 persons (6 million cells) in well under a minute.
Workbook properties carry a fixed date so the same seed gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

import xlsxwriter

from reportgen.io.files import atomic_write_text, atomic_writer
from reportgen.io.tabular import write_csv

FIXED_CREATED = datetime(2024, 12, 31, 9, 0, 0)

MESS_KINDS = ("header2", "brackets", "aliases", "numeric-ids", "bad-values", "gbk-csv", "total-row")

# Header variants real exports use: full-width/half-width brackets, and older/newer column names.
BRACKET_SWAPS = {
    "县(市、区、旗)": "县（市、区、旗）",
    "乡(镇)": "乡（镇）",
    "务工时间（月）": "务工时间(月)",
    "工作经费（元）": "工作经费(元)",
}
ALIASES = {"主要致贫原因": "致贫原因1", "联系电话": "户联系电话", "证件号码": "证件号码（身份证号）"}
ID_COLUMNS = {"证件号码", "户编号", "人编号", "身份证号", "区划代码"}


@dataclass
class Table:
    """One sheet to write: title (sheet name), headers, rows, optional header groups."""

    sheet: str
    headers: list[str]
    rows: list[list]
    groups: list[tuple[str, str, str]] = field(default_factory=list)
    text_columns: set[str] = field(default_factory=set)


@dataclass
class Defect:
    """A deliberate problem put into a messy export, so tests know what ingest must report."""

    file: str
    sheet: str
    row: int  # as Excel shows it
    column: str  # header as written in the file
    value: str
    kind: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def headers_for(table: Table, mess: set[str]) -> list[str]:
    headers = list(table.headers)
    if "brackets" in mess:
        headers = [BRACKET_SWAPS.get(h, h) for h in headers]
    if "aliases" in mess:
        headers = [ALIASES.get(h, h) for h in headers]
    return headers


def with_total_row(table: Table) -> Table:
    """The list as offices keep it: a blank row, then a 合计 row summing the numeric columns."""
    numeric = [all(isinstance(r[c], int | float) for r in table.rows) for c in range(len(table.headers))]
    total = [round(sum(r[c] for r in table.rows), 2) if numeric[c] and c else None for c in range(len(table.headers))]
    total[0] = "合计"
    return Table(table.sheet, table.headers, [*table.rows, [None] * len(table.headers), total], table.groups,
                 table.text_columns)


def write_xlsx(path: Path, table: Table, mess: set[str] = frozenset()) -> None:
    """Write ``table`` to ``path`` (the file is complete or absent: :func:`atomic_writer`)."""
    with atomic_writer(path) as stream:
        _write_workbook(stream, table, mess)


def _write_workbook(stream: IO[bytes], table: Table, mess: set[str]) -> None:
    wb = xlsxwriter.Workbook(stream, {
        "constant_memory": False,  # shared strings: ~30% faster than inline strings; memory measured OK at 200k
        "strings_to_numbers": False,
        "strings_to_formulas": False,  # data never becomes a formula
        "strings_to_urls": False,
    })
    wb.set_properties({"created": FIXED_CREATED, "author": "reportgen sample-data", "title": table.sheet})
    ws = wb.add_worksheet(table.sheet)
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    headers = headers_for(table, mess)
    numeric_ids = "numeric-ids" in mess
    row = 0
    if "header2" in mess and table.groups:
        index = {h: i for i, h in enumerate(table.headers)}
        covered: set[int] = set()
        for name, first, last in table.groups:
            a, b = index[first], index[last]
            ws.merge_range(0, a, 0, b, name, head)
            covered.update(range(a, b + 1))
        # Columns outside any group span both header rows, as real exports draw them.
        for i, h in enumerate(headers):
            if i not in covered:
                ws.merge_range(0, i, 1, i, h, head)
            else:
                ws.write_string(1, i, h, head)
        row = 2
    else:
        ws.write_row(0, 0, headers, head)
        row = 1
    ws.freeze_panes(row, 0)
    for i, h in enumerate(table.headers):
        ws.set_column(i, i, 20 if h in ID_COLUMNS else max(6, min(2 * len(h) + 2, 18)))
    id_idx = [i for i, h in enumerate(table.headers) if h in ID_COLUMNS]
    for values in table.rows:
        for c, v in enumerate(values):
            if v == "" or v is None:
                continue
            if isinstance(v, date):
                ws.write_datetime(row, c, datetime(v.year, v.month, v.day), datefmt)
            elif isinstance(v, (int, float)):
                ws.write_number(row, c, v)
            elif numeric_ids and c in id_idx and v.isdigit():
                ws.write_number(row, c, float(v))  # what a careless export does: digits past 15 are lost
            else:
                ws.write_string(row, c, str(v))
        row += 1
    wb.close()


def write_table_csv(path: Path, table: Table, encoding: str = "utf-8", mess: set[str] = frozenset()) -> None:
    """CSV as offices save it from Excel (``gbk`` for the Chinese-Windows default)."""
    rows = ([v.isoformat() if isinstance(v, date) else v for v in values] for values in table.rows)
    write_csv(path, [headers_for(table, mess), *rows], encoding)


def write_defects(path: Path, defects: Iterable[Defect]) -> None:
    atomic_write_text(path, json.dumps([d.as_dict() for d in defects], ensure_ascii=False, indent=1))


def excel_row(table: Table, index: int, mess: set[str]) -> int:
    """Excel row number of data row ``index`` (0-based) as written with ``mess``."""
    return index + (3 if "header2" in mess and table.groups else 2)


def column_header(table: Table, name: str, mess: Sequence[str] | set[str]) -> str:
    return headers_for(Table(table.sheet, [name], []), set(mess))[0]
