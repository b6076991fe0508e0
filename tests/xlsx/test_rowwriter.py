"""Generated rows are written as XML text; the result must be what openpyxl itself would have written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.styles.cell_style import StyleArray

from reportgen.xlsx import XlsxTemplate
from reportgen.xlsx.rowwriter import Fallback, RowWriter

VALUES = ["text", "a&b<c>d", " padded ", "line\r\nbreak", "tab\there", "", "#N/A", 0, -3, 1.5, 1 / 3, 10**20,
          2**63, -0.0, float("nan"), float("inf"), True, False, None]


def _sheet_xml(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        return etree.tostring(etree.fromstring(zf.read("xl/worksheets/sheet1.xml")), method="c14n")


def _workbook(bold: bool):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("S")
    style = StyleArray()
    if bold:
        cell = WriteOnlyCell(ws)
        cell.font = Font(bold=True)
        style = cell._style
    return wb, ws, style


@pytest.mark.parametrize("bold", [False, True])
def test_cell_markup_equals_openpyxl(bold: bool) -> None:
    wb, ws, style = _workbook(bold)
    for value in VALUES:
        cell = WriteOnlyCell(ws, value)
        cell._style = StyleArray(style)
        if isinstance(value, str):
            cell.data_type = "s"
        formula = WriteOnlyCell(ws, "=SUM(A1:A2)")
        formula._style = StyleArray(style)
        ws.append([cell, None, formula])
    expected = _sheet_xml(wb)

    wb, ws, style = _workbook(bold)
    with RowWriter(ws) as writer:
        for row, value in enumerate(VALUES, 1):
            cells = writer.cell_xml(f"A{row}", style, value, False, False)
            cells += writer.cell_xml(f"C{row}", style, "=SUM(A1:A2)", True, False)
            writer.write_xml(row, "", cells)
    assert _sheet_xml(wb) == expected


@pytest.mark.parametrize("value", [dt.date(2024, 1, 2), Decimal("1.25"), "bad\x01char", "x" * 40_000])
def test_unusual_values_are_left_to_openpyxl(value) -> None:
    wb, ws, style = _workbook(False)
    with RowWriter(ws) as writer, pytest.raises(Fallback):
        writer.cell_xml("A1", style, value, False, False)


def test_fast_and_fallback_rows_mix(save, reopen, tmp_path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "{{ 标题 }}"
    ws["A2"] = "{%tr for r in rows %}{{ r.a }}"
    ws["B2"] = "{{ r.b }}"
    ws["C2"] = "=B2*2"
    ws["D2"] = "{{ r.d }}{%tr endfor %}"
    ws["D2"].font = Font(italic=True)
    ws.row_dimensions[2].height = 22
    ws["A3"] = "{%tr for c in 备注 %}{{ c }}{%tr endfor %}"
    ws["A3"].comment = Comment("说明", "作者")
    ws["A4"] = "合计"
    ws["B4"] = "=SUM(B2:B2)"
    rows = [{"a": "a&b<c>", "b": 1.5, "d": dt.date(2024, 1, 2)},  # the date goes through openpyxl
            {"a": " 前后空格 ", "b": 10**20, "d": True},
            {"a": "回车\r\n换行", "b": Decimal("2.5"), "d": None},  # Decimal: openpyxl again
            {"a": "=1+1", "b": -3, "d": "#N/A"}]
    out = XlsxTemplate.load(save(wb)).render_to(tmp_path / "out.xlsx",
                                                 {"标题": "T<&>", "rows": rows, "备注": ["甲", "乙"]})
    ws = reopen(out).active
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=5, max_col=4)] == [
        ["T<&>", None, None, None],
        ["a&b<c>", 1.5, "=B2*2", dt.datetime(2024, 1, 2)],
        [" 前后空格 ", 10**20, "=B3*2", True],
        ["回车\r\n换行", 2.5, "=B4*2", None],
        ["=1+1", -3, "=B5*2", "#N/A"],
    ]
    assert ws["A5"].data_type == "s" and ws["D5"].data_type == "s"
    assert ws["D2"].is_date and ws["D3"].font.i and ws["D4"].font.i
    assert all(ws.row_dimensions[r].height == 22 for r in range(2, 6))
    assert [ws.cell(r, 1).value for r in (6, 7, 8)] == ["甲", "乙", "合计"]
    assert ws["A6"].comment.text == "说明" and ws["A7"].comment.text == "说明"
    assert ws["B8"].value == "=SUM(B2:B5)"
