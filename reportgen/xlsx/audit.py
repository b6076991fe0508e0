"""Write a plain workbook of sheets (the audit workbook 核对底稿.xlsx): values, formulas, internal links.

The caller lays the sheets out (which rows, which formulas); this module only writes them. Data never
becomes a formula: every ``str`` is written as a string cell (text starting with ``=``, ``+``, ``-`` or
``@`` stays text in Excel and WPS), only :class:`Formula` cells are formulas. A formula carries its
value as computed by reportgen as the cached result; Excel and WPS recompute on opening
(``fullCalcOnLoad``), so the auditor sees the spreadsheet's own result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from reportgen.io.files import atomic_writer

MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class Formula:
    text: str  # without the leading "="
    cached: Any = None


@dataclass(frozen=True)
class Link:
    """A link to a cell of another sheet of the same workbook."""

    sheet: str
    row: int  # 1-based
    text: str


@dataclass(frozen=True)
class Title:
    """A bold line across the sheet (the heading of a block of detail rows)."""

    text: str


@dataclass
class Sheet:
    name: str
    rows: list[list[Any] | Title] = field(default_factory=list)
    header_rows: set[int] = field(default_factory=set)  # 0-based indices of rows shown as headers
    widths: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None


def cell_range(sheet: str, col: int, first: int, last: int) -> str:
    """``'明细-建档立卡'!$E$10:$E$50`` (rows 1-based, column 0-based; one cell when first == last)."""
    letter = xl_col_to_name(col)
    ref = f"${letter}${first}" if first == last else f"${letter}${first}:${letter}${last}"
    return f"'{sheet}'!{ref}"


def write_workbook(path: str | Path, sheets: list[Sheet], *, title: str = "") -> Path:
    """Write ``sheets`` to ``path`` atomically (the file is complete or absent)."""
    with atomic_writer(path) as stream:
        wb = xlsxwriter.Workbook(stream, {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
        wb.set_properties({"title": title, "author": "reportgen"})
        formats = {
            "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "valign": "top"}),
            "title": wb.add_format({"bold": True, "font_color": "#1F4E79"}),
            "link": wb.add_format({"font_color": "#0563C1", "underline": 1}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        }
        for sheet in sheets:
            _write_sheet(wb, sheet, formats)
        wb.close()
    return Path(path)


def _write_sheet(wb: xlsxwriter.Workbook, sheet: Sheet, formats: dict) -> None:
    ws = wb.add_worksheet(sheet.name)
    for col, width in sheet.widths.items():
        ws.set_column(col, col, width, formats["wrap"] if width >= 40 else None)
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    for r, row in enumerate(sheet.rows):
        if isinstance(row, Title):
            ws.write_string(r, 0, row.text, formats["title"])
            continue
        head = formats["head"] if r in sheet.header_rows else None
        for c, value in enumerate(row):
            _write_cell(ws, r, c, value, head, formats)


def _write_cell(ws, r: int, c: int, value: Any, fmt, formats: dict) -> None:
    if value is None:
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif isinstance(value, Formula):
        ws.write_formula(r, c, "=" + value.text, fmt, "" if value.cached is None else value.cached)
    elif isinstance(value, Link):
        ws.write_url(r, c, f"internal:'{value.sheet}'!A{value.row}", formats["link"], value.text)
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否", fmt)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_string(r, c, value.isoformat(), fmt)
    else:
        ws.write_string(r, c, str(value), fmt)
