"""``reportgen fill`` and the built-in tables on figures computed from the sample exports."""

from __future__ import annotations

import json
import shutil
import subprocess

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.xlsx.build_templates import TEMPLATES_DIR
from reportgen.xlsx.builtin import render_builtin_tables


@pytest.fixture(scope="module")
def real_figures(sample_files):
    from reportgen.context import figures_for_exports

    return figures_for_exports(sample_files.all())


def test_fill_from_yaml_file_and_stdin(tmp_path):
    data = {"县": "青禾县", "年度": 2024, "乡镇汇总": [
        {"名称": "城关镇", "行政村数": 2, "建档立卡户数": 3, "建档立卡人数": 9, "已脱贫户数": 3, "已脱贫人数": 8,
         "监测户数": 1, "监测人数": 2, "风险已消除户数": 0, "风险已消除人数": 0, "农业户籍人口": 100}]}
    src = tmp_path / "figures.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "out.xlsx"
    result = runner.invoke(main, ["fill", str(TEMPLATES_DIR / "乡镇汇总.xlsx"), "--data", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    assert ws["B5"].value == "城关镇" and ws["C6"].value == "=SUM(C5:C5)"
    out2 = tmp_path / "out2.xlsx"
    result = runner.invoke(main, ["fill", str(TEMPLATES_DIR / "乡镇汇总.xlsx"), "--data", "-", "-o", str(out2)],
                           input=json.dumps(data, ensure_ascii=False))
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out2).active["E5"].value == 9


def test_fill_reports_the_cell_of_a_missing_value(tmp_path):
    src = tmp_path / "figures.json"
    src.write_text(json.dumps({"县": "青禾县"}, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["fill", str(TEMPLATES_DIR / "乡镇汇总.xlsx"), "--data", str(src),
                                       "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 1
    assert "工作表 乡镇汇总 › 单元格A5 › 标签 {%tr for t in 乡镇汇总 %}" in result.output
    assert "在数据里不存在" in result.output
    assert not (tmp_path / "o.xlsx").exists()


def test_fill_straight_from_exports(sample_files, real_figures, tmp_path):
    out = tmp_path / "o.xlsx"
    args = ["fill", str(TEMPLATES_DIR / "乡镇汇总.xlsx"), "-o", str(out)]
    for path in sample_files.all():
        args += ["--export", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    towns = real_figures["乡镇汇总"]
    assert [ws.cell(5 + i, 2).value for i in range(len(towns))] == [t["名称"] for t in towns]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装，无法重算公式")
def test_real_totals_recalculated_by_libreoffice_equal_the_figures(real_figures, tmp_path):
    paths = {p.name: p for p in render_builtin_tables(real_figures, tmp_path / "t")}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "calc"), *map(str, paths.values())],
                   check=True, capture_output=True, timeout=180)
    ws = openpyxl.load_workbook(tmp_path / "calc" / "巩固拓展脱贫攻坚成果乡镇汇总表.xlsx", data_only=True).active
    total = real_figures["乡镇汇总合计"]
    row = 5 + len(real_figures["乡镇汇总"])
    keys = ["行政村数", "建档立卡户数", "建档立卡人数", "已脱贫户数", "已脱贫人数", "监测户数", "监测人数",
            "风险已消除户数", "风险已消除人数", "农业户籍人口"]
    assert [ws.cell(row, 3 + k).value for k in range(len(keys))] == [total[k] for k in keys]
    assert ws.cell(row, 13).value == pytest.approx(total["贫困发生率"], abs=5e-7)
    years = openpyxl.load_workbook(tmp_path / "calc" / "脱贫人口分年度统计表.xlsx", data_only=True)["分年度脱贫"]
    n_towns, n_years = len(real_figures["建档立卡"]["乡镇"]), len(real_figures["建档立卡"]["脱贫年度"])
    by_year = [years.cell(5 + n_towns, 3 + k).value for k in range(n_years)]
    assert by_year == [y["人数"] for y in real_figures["建档立卡"]["脱贫年度"]]
    children = openpyxl.load_workbook(tmp_path / "calc" / "农村留守儿童监护情况统计表.xlsx", data_only=True).active
    n = len(real_figures["留守儿童"]["乡镇"])
    assert children.cell(5 + n, 3).value == real_figures["留守儿童"]["人数"]
