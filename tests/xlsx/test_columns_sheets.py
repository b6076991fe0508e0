"""Column repetition, one sheet per group, charts and pictures, located errors."""

from __future__ import annotations

import io

import openpyxl
import pytest
from helpers.xlsx_figures import towns
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

from reportgen.errors import ReportgenError
from reportgen.xlsx import XlsxTemplate, valid_sheet_title

YEARS = list(range(2014, 2021))


def year_template() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分年度"
    ws["A1"] = "乡镇"
    ws["B1"] = "各年度脱贫人数"
    ws["C1"] = "合计"
    ws["B2"] = "{%tc for y in 年度 %}{{ y }}年{%tc endfor %}"
    ws["A3"] = "{%tr for t in 乡镇 %}{{ t.名称 }}{%tr endfor %}"
    ws["B3"] = "{{ t.分年[y] }}"
    ws["C3"] = "=SUM(B3:B3)"
    ws["A4"] = "合计"
    ws["B4"] = "=SUM(B3)"
    ws["C4"] = "=SUM(C3:C3)"
    ws.column_dimensions["B"].width = 9
    return wb


def test_year_columns_repeat_with_header_merged_over_them(save, reopen, tmp_path):
    data = [{"名称": f"镇{i}", "分年": {y: i * 10 + y - 2014 for y in YEARS}} for i in range(3)]
    out = XlsxTemplate.load(save(year_template())).render_to(tmp_path / "o.xlsx", {"年度": YEARS, "乡镇": data})
    ws = reopen(out)["分年度"]
    assert [ws.cell(2, c).value for c in range(2, 9)] == [f"{y}年" for y in YEARS]
    assert ws["I1"].value == "合计"  # the column right of the series moved from C to I
    assert "B1:H1" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(4, c).value for c in range(2, 9)] == [10 + y - 2014 for y in YEARS]
    assert ws["I3"].value == "=SUM(B3:H3)"
    assert ws["B6"].value == "=SUM(B3:B5)" and ws["H6"].value == "=SUM(H3:H5)"
    assert ws["I6"].value == "=SUM(I3:I5)"
    assert ws.column_dimensions["E"].width == 9


def test_one_sheet_per_group_with_valid_unique_names(save, reopen, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "{{ t.名称 }}"
    ws["A1"] = "{%sheet for t in 乡镇 %}{{ t.名称 }}村级明细"
    ws["A2"] = "{%tr for v in t.村 %}{{ v.名称 }}{%tr endfor %}"
    ws["B2"] = "{{ v.户数 }}"
    ws["B3"] = "=SUM(B2)"
    data = towns(2)
    data.append({**data[0], "名称": "城关镇/开发区[一]:很长很长很长很长很长很长很长很长很长的名称"})
    data.append({**data[0]})  # duplicate name
    out = XlsxTemplate.load(save(wb)).render_to(tmp_path / "o.xlsx", {"乡镇": data})
    book = reopen(out)
    long_name = "城关镇_开发区_一__很长很长很长很长很长很长很长很长很长的名称"[:31]
    assert book.sheetnames == ["镇0", "镇1", long_name, "镇0(2)"]
    assert all(len(n) <= 31 for n in book.sheetnames)
    second = book["镇1"]
    assert second["A1"].value == "镇1村级明细"
    n = len(data[1]["村"])
    assert second.cell(2 + n, 2).value == f"=SUM(B2:B{1 + n})"


def test_valid_sheet_title():
    taken: set[str] = set()
    assert valid_sheet_title("a/b", taken) == "a_b"
    assert valid_sheet_title("A_B", taken) == "A_B(2)"
    assert valid_sheet_title("'x'", taken) == "x"
    assert valid_sheet_title("", taken) == "Sheet"


def test_chart_range_and_picture_follow_the_rows(save, reopen, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "图"
    ws.append(["年度", "人数"])
    ws["A2"] = "{%tr for y in 年度 %}{{ y.年度 }}{%tr endfor %}"
    ws["B2"] = "{{ y.人数 }}"
    ws["A3"] = "说明"
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=2))
    ws.add_chart(chart, "D2")
    buf = io.BytesIO()
    PILImage.new("RGB", (20, 10), "red").save(buf, format="PNG")
    ws.add_image(Image(buf), "A5")
    rows = [{"年度": y, "人数": 100 + y - 2014} for y in YEARS]
    out = XlsxTemplate.load(save(wb)).render_to(tmp_path / "o.xlsx", {"年度": rows})
    ws = reopen(out)["图"]
    assert ws["A9"].value == "说明"
    (chart,) = ws._charts
    (series,) = chart.series
    assert series.val.numRef.f == "'图'!$B$2:$B$8"
    assert series.cat.numRef.f == "'图'!$A$2:$A$8" or series.cat.strRef.f == "'图'!$A$2:$A$8"
    assert series.tx.strRef.f == "'图'!B1"  # as the template wrote it
    (image,) = ws._images
    assert image.anchor._from.row == 10  # 0-based: template A5 → output A11


def test_errors_name_sheet_cell_and_tag(save):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"
    ws["C7"] = "{{ 县.名称 | nosuchfilter }}"
    with pytest.raises(ReportgenError) as info:
        XlsxTemplate.load(save(wb))
    loc = info.value.location
    assert (loc.sheet, loc.cell, loc.tag) == ("表一", "C7", "{{ 县.名称 | nosuchfilter }}")
    assert "工作表 表一" in str(info.value) and "单元格C7" in str(info.value)


def test_missing_value_is_an_error_in_strict_mode_and_blank_when_lenient(save, reopen, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "{%tr for t in 乡镇 %}{{ t.名称 }}{%tr endfor %}"
    ws["B7"] = "{{ 县 }}"
    path = save(wb)
    with pytest.raises(ReportgenError) as info:
        XlsxTemplate.load(path).render({"乡镇": towns(1)})
    assert info.value.location.cell == "B7" and "县" in info.value.message
    out = XlsxTemplate.load(path, undefined="lenient").render_to(tmp_path / "o.xlsx", {"乡镇": towns(1)})
    assert reopen(out).active["B7"].value is None


def test_unclosed_row_loop_is_located(save):
    wb = openpyxl.Workbook()
    wb.active["A4"] = "{%tr for t in 乡镇 %}{{ t.名称 }}"
    with pytest.raises(ReportgenError) as info:
        XlsxTemplate.load(save(wb))
    assert info.value.location.cell == "A4" and "没有结束标记" in info.value.message
