"""Numbers align the same way in every county table (全县分年度's 脱贫户数 was left-aligned, its neighbours
centred); only name/task columns are left-aligned."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.xlsx.build_templates import BUILTIN

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "xlsx"


def _body_cells(ws):
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if cell.border.left.style and cell.value is not None and not cell.font.bold:
                yield cell


@pytest.mark.parametrize("name", list(BUILTIN))
def test_number_cells_are_centred_in_every_sheet(name):
    wb = openpyxl.load_workbook(TEMPLATES / name)
    for ws in wb.worksheets:
        numbers = [c for c in _body_cells(ws) if c.number_format != "General"
                   or str(c.value).startswith("=")]
        assert numbers or ws.title == "任务分工", ws.title
        assert {c.alignment.horizontal for c in numbers} <= {"center"}, (ws.title, [
            (c.coordinate, c.alignment.horizontal) for c in numbers if c.alignment.horizontal != "center"])


def test_county_series_columns_align_alike():
    ws = openpyxl.load_workbook(TEMPLATES / "脱贫人口分年度.xlsx")["全县分年度"]
    assert [ws.cell(4, c).alignment.horizontal for c in range(1, 5)] == ["center"] * 4


def test_templates_are_what_the_builder_writes():
    for name, build in BUILTIN.items():
        built = build()
        shipped = openpyxl.load_workbook(TEMPLATES / name)
        for ws in built.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert shipped[ws.title][cell.coordinate].alignment.horizontal == cell.alignment.horizontal
