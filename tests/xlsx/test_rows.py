"""Row repetition: everything below the list moves down and stays intact."""

from __future__ import annotations

import datetime as dt

import openpyxl
from helpers.xlsx_figures import towns
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Border, Font, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from reportgen.xlsx import XlsxTemplate

THIN = Side(style="thin")


def summary_template() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws["A1"] = "{{ 县 }}乡镇汇总表"
    ws.merge_cells("A1:E1")
    ws.append(["乡镇", "户数", "人数", "农业户籍人口", "发生率"])
    ws["A3"] = "{%tr for t in 乡镇 %}{{ t.名称 }}{%tr endfor %}"
    ws["B3"] = "{{ t.户数 }}"
    ws["C3"] = "{{ t.人数 }}"
    ws["D3"] = "{{ t.农业户籍人口 }}"
    ws["E3"] = "=IFERROR(C3/D3,0)"
    for cell in ws[3]:
        cell.font = Font(name="仿宋", bold=True)
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    ws["E3"].number_format = "0.00%"
    ws.row_dimensions[3].height = 24
    ws["A4"] = "合计"
    ws["B4"] = "=SUM(B3:B3)"
    ws["C4"] = "=SUM(C3)"
    ws["D4"] = "=SUM(D3:D3)"
    ws["E4"] = "=IFERROR(C4/D4,0)"
    ws["A6"] = "填报单位：{{ 县 }}扶贫办"
    ws.merge_cells("A6:C6")
    ws["D6"] = "填报日期：{{ 日期 }}"
    ws.merge_cells("D6:E6")
    ws["A7"] = "负责人："
    ws.row_dimensions[6].height = 30
    ws.column_dimensions["A"].width = 18
    ws.freeze_panes = "B3"
    ws.print_title_rows = "1:2"
    ws.print_area = "A1:E7"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddFooter.center.text = "{{ 县 }} 第 &P 页"
    ws.conditional_formatting.add("E3:E3", CellIsRule(operator="greaterThan", formula=["0.02"], font=Font(color="FF0000")))
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    dv.add("B3:D3")
    ws.add_data_validation(dv)
    wb.defined_names["合计行"] = DefinedName("合计行", attr_text="'汇总'!$A$4:$E$4")
    return wb


CTX = {"县": "青禾县", "日期": "2024年6月30日", "乡镇": towns(5)}


def test_rows_repeat_and_everything_below_moves(save, reopen, tmp_path):
    out = XlsxTemplate.load(save(summary_template())).render_to(tmp_path / "out.xlsx", CTX)
    ws = reopen(out)["汇总"]
    assert ws["A1"].value == "青禾县乡镇汇总表"
    assert [ws.cell(r, 1).value for r in range(3, 8)] == ["镇0", "镇1", "镇2", "镇3", "镇4"]
    assert [ws.cell(r, 2).value for r in range(3, 8)] == [t["户数"] for t in CTX["乡镇"]]
    assert isinstance(ws["B3"].value, int)
    # each generated row keeps its own formula row
    assert [ws.cell(r, 5).value for r in range(3, 8)] == [f"=IFERROR(C{r}/D{r},0)" for r in range(3, 8)]
    # 合计 row moved from 4 to 8, its SUM spans exactly the generated rows
    assert ws["A8"].value == "合计"
    assert ws["B8"].value == "=SUM(B3:B7)"
    assert ws["C8"].value == "=SUM(C3:C7)"
    assert ws["E8"].value == "=IFERROR(C8/D8,0)"
    # the notes below moved down, not overwritten
    assert ws["A10"].value == "填报单位：青禾县扶贫办"
    assert ws["D10"].value == "填报日期：2024年6月30日"
    assert ws["A11"].value == "负责人："
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:E1", "A10:C10", "D10:E10"}
    # styles, heights, widths, number formats on generated rows
    for r in range(3, 8):
        assert ws.cell(r, 1).font.b and ws.cell(r, 1).font.name == "仿宋"
        assert ws.cell(r, 3).border.left.style == "thin"
        assert ws.cell(r, 5).number_format == "0.00%"
        assert ws.row_dimensions[r].height == 24
    assert ws.row_dimensions[10].height == 30
    assert ws.column_dimensions["A"].width == 18
    assert ws.freeze_panes == "B3"


def test_sheet_settings_follow_the_rows(save, reopen, tmp_path):
    out = XlsxTemplate.load(save(summary_template())).render_to(tmp_path / "out.xlsx", CTX)
    wb = reopen(out)
    ws = wb["汇总"]
    assert ws.print_title_rows == "$1:$2"
    assert ws.print_area == "'汇总'!$A$1:$E$11"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert ws.oddFooter.center.text == "青禾县 第 &P 页"
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E3:E7"]
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["B3:D7"]
    assert wb.defined_names["合计行"].attr_text == "'汇总'!$A$8:$E$8"


def test_values_keep_types_and_data_stays_text(save, reopen, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "{%tr for x in rows %}{{ x.name }}{%tr endfor %}"
    ws["B1"] = "{{ x.n }}"
    ws["C1"] = "{{ x.day }}"
    ws["D1"] = "{{ x.ok }}"
    ws["E1"] = "共 {{ x.n }} 人"
    ws["F1"] = "{{ x.rate }}"
    rows = [
        {"name": "=HYPERLINK(\"http://evil\")", "n": 3, "day": dt.date(2024, 3, 15), "ok": True, "rate": 0.25},
        {"name": "=1+1", "n": 2.5, "day": dt.date(2024, 1, 1), "ok": False, "rate": None},
    ]
    out = XlsxTemplate.load(save(wb)).render_to(tmp_path / "o.xlsx", {"rows": rows})
    ws = reopen(out).active
    assert ws["A1"].value == "=HYPERLINK(\"http://evil\")" and ws["A1"].data_type == "s"
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert ws["B1"].value == 3 and ws["B2"].value == 2.5
    assert ws["C1"].value == dt.datetime(2024, 3, 15) and ws["C1"].is_date
    assert ws["D1"].value is True and ws["D2"].value is False
    assert ws["E1"].value == "共 3 人"
    assert ws["F1"].value == 0.25 and ws["F2"].value is None


def test_empty_list_removes_the_rows_and_sum_stays_valid(save, reopen, tmp_path):
    out = XlsxTemplate.load(save(summary_template())).render_to(tmp_path / "o.xlsx", {**CTX, "乡镇": []})
    ws = reopen(out)["汇总"]
    assert ws["A3"].value == "合计"
    assert ws["B3"].value == "=SUM(0)"
    assert ws["A5"].value == "填报单位：青禾县扶贫办"


def test_multi_row_block_and_nested_groups_with_subtotals(save, reopen, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["乡镇", "村", "户数", "人数"])
    ws["A2"] = "{%tr for t in 乡镇 %}{%tr for v in t.村 %}{{ t.名称 }}{%vmerge %}{%tr endfor %}"
    ws["B2"] = "{{ v.名称 }}"
    ws["C2"] = "{{ v.户数 }}"
    ws["D2"] = "{{ v.人数 }}"
    ws["A3"] = "{{ t.名称 }}"
    ws["B3"] = "小计{%tr endfor %}"
    ws["C3"] = "=SUM(C2)"
    ws["D3"] = "=SUM(D2:D2)"
    ws["A4"] = "合计"
    ws["C4"] = "=SUM(C3)"
    ws["D4"] = "=SUBTOTAL(9,D2:D3)"
    data = towns(3)  # 2, 3, 2 villages
    out = XlsxTemplate.load(save(wb)).render_to(tmp_path / "o.xlsx", {"乡镇": data})
    ws = reopen(out).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_col=4)]
    assert values[0][:3] == ["镇0", "村00", data[0]["村"][0]["户数"]]
    assert values[1][0] is None  # merged into the 镇0 cell above
    assert values[2] == ["镇0", "小计", "=SUM(C2:C3)", "=SUM(D2:D3)"]
    assert values[6] == ["镇1", "小计", "=SUM(C5:C7)", "=SUM(D5:D7)"]
    assert values[9] == ["镇2", "小计", "=SUM(C9:C10)", "=SUM(D9:D10)"]
    assert values[10] == ["合计", None, "=SUM(C4,C8,C11)", "=SUBTOTAL(9,D2:D11)"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:A3", "A5:A7", "A9:A10"} <= merged
