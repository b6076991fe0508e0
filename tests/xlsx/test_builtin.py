"""The built-in county tables: structure, and (with LibreOffice) formulas that agree with the figures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from helpers.xlsx_figures import GUARDIANS, TOWN_NAMES, YEARS, figures

from reportgen.xlsx.build_templates import build
from reportgen.xlsx.builtin import render_builtin_tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("builtin")
    paths = render_builtin_tables(figures(), out, {"填报日期": "2024年6月30日", "填报人": "张三"})
    return {p.name: p for p in paths}


def test_all_four_tables_are_written(tables):
    assert sorted(tables) == sorted([
        "巩固拓展脱贫攻坚成果乡镇汇总表.xlsx", "脱贫人口分年度统计表.xlsx",
        "农村留守儿童监护情况统计表.xlsx", "实施方案任务分工表.xlsx",
    ])


def test_town_summary_layout(tables):
    ws = openpyxl.load_workbook(tables["巩固拓展脱贫攻坚成果乡镇汇总表.xlsx"]).active
    n = len(TOWN_NAMES)
    assert ws["A1"].value == "青禾县2024年巩固拓展脱贫攻坚成果情况汇总表（按乡镇）"
    assert ws["G2"].value == "填报日期：2024年6月30日"
    assert [ws.cell(5 + i, 2).value for i in range(n)] == TOWN_NAMES
    total = 5 + n
    assert ws.cell(total, 1).value == "合计"
    assert ws.cell(total, 3).value == f"=SUM(C5:C{total - 1})"
    assert ws.cell(total, 13).value == f"=IFERROR((E{total}-G{total})/L{total},0)"
    assert ws.cell(total + 2, 1).value.endswith("填报人：张三")
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"D3:E3", "A3:A4", f"A{total}:B{total}", f"A{total + 1}:M{total + 1}"} <= merged
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.cell(7, 13).number_format == "0.00%" and ws.cell(7, 2).font.name == "仿宋"


def test_year_table_has_a_column_per_year_and_a_chart(tables):
    wb = openpyxl.load_workbook(tables["脱贫人口分年度统计表.xlsx"])
    ws = wb["分年度脱贫"]
    assert [ws.cell(4, 3 + k).value for k in range(len(YEARS))] == [f"{y}年" for y in YEARS]
    last = get_letter(2 + len(YEARS))
    assert f"C3:{last}3" in {str(m) for m in ws.merged_cells.ranges}
    f = figures()
    assert [ws.cell(5, 3 + k).value for k in range(len(YEARS))] == [
        y["人数"] for y in f["建档立卡"]["乡镇"][0]["脱贫年度"]]
    county = wb["全县分年度"]
    (chart,) = county._charts
    assert chart.series[0].val.numRef.f == f"'全县分年度'!$C$4:$C${3 + len(YEARS)}"


def test_children_table_has_a_column_per_guardian_type(tables):
    ws = openpyxl.load_workbook(tables["农村留守儿童监护情况统计表.xlsx"]).active
    assert [ws.cell(4, 4 + k).value for k in range(len(GUARDIANS))] == GUARDIANS
    f = figures()
    town = f["留守儿童"]["乡镇"][1]
    assert [ws.cell(6, 4 + k).value for k in range(len(GUARDIANS))] == [town["监护类型"][g] for g in GUARDIANS]


def test_task_table_merges_equal_lead_units_and_keeps_data_as_text(tables):
    ws = openpyxl.load_workbook(tables["实施方案任务分工表.xlsx"]).active
    assert "C4:C5" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["C4"].value == "县乡村振兴局" and ws["C6"].value == "县民政局"
    assert ws["B7"].data_type == "s" and ws["B7"].value.startswith("=HYPERLINK")


def test_templates_are_rebuilt_identically_in_content(tmp_path, repo_root):
    for path in build(tmp_path):
        shipped = openpyxl.load_workbook(repo_root / "templates" / "xlsx" / path.name)
        fresh = openpyxl.load_workbook(path)
        for a, b in zip(shipped.worksheets, fresh.worksheets, strict=True):
            assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]


def get_letter(col: int) -> str:
    return openpyxl.utils.get_column_letter(col)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装，无法重算公式")
def test_libreoffice_recalculates_the_totals_to_the_python_figures(tables, tmp_path):
    src = tables["巩固拓展脱贫攻坚成果乡镇汇总表.xlsx"]
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "calc"), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    ws = openpyxl.load_workbook(tmp_path / "calc" / src.name, data_only=True).active
    f = figures()
    total_row = 5 + len(TOWN_NAMES)
    keys = ["行政村数", "建档立卡户数", "建档立卡人数", "已脱贫户数", "已脱贫人数", "监测户数", "监测人数",
            "风险已消除户数", "风险已消除人数", "农业户籍人口"]
    assert [ws.cell(total_row, 3 + k).value for k in range(len(keys))] == [f["乡镇汇总合计"][k] for k in keys]
    assert ws.cell(total_row, 13).value == pytest.approx(f["乡镇汇总合计"]["贫困发生率"], rel=1e-12)
    for i, town in enumerate(f["乡镇汇总"]):
        assert ws.cell(5 + i, 13).value == pytest.approx(town["贫困发生率"], rel=1e-12)
