"""``reportgen build`` checks the project file's 列名映射 as the web page does (``app.columns``): each mistake
is named at its key ``列名映射.<表头>``, exit 1, instead of surfacing later as 「缺少必需的列」; a right map builds."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.cli import main

EXTRA = "乡(镇),行政村,农业户籍人口,备注,说明\n城关镇,东村,300,,\n"  # two headers no spec column takes
CASES = {  # 列名映射 → (key, message)
    "{身份证号码: 证件号码}": ("列名映射.身份证号码", "列名映射中的表头「身份证号码」在台账导出表中没有"),
    "{备注: 没有这一列}": ("列名映射.备注", "但数据规格中没有「没有这一列」列"),
    "{没有这种台账: {备注: 行政村}}": ("列名映射.没有这种台账.备注", "没有名为「没有这种台账」的台账种类"),
    "{村级基本情况: {行政村: 总户数}}": ("列名映射.村级基本情况.行政村", "但「行政村」已是「村级基本情况」的「行政村」列"),
    "{村级基本情况: {备注: 行政村}}": ("列名映射.村级基本情况.备注", "但表中已有「行政村」列"),
    "{村级基本情况: {备注: 总户数, 说明: 总户数}}": ("列名映射.村级基本情况.说明",
                                          "列名映射把「备注」和「说明」都对应到「村级基本情况」的「总户数」列"),
    "[备注]": ("列名映射", "「列名映射」的格式不对"),
}


def _project(folder, export: str, column_map: str):
    (folder / "roster.csv").write_text(export, encoding="utf-8")
    path = folder / "reportgen.yaml"
    path.write_text(f"台账: {{村级基本情况: roster.csv}}\n列名映射: {column_map}\n年度: 2024\nPDF: 否\n核对底稿: 否\n"
                    "文档: [乡镇汇总]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("column_map", CASES)
def test_a_wrong_map_is_named_at_its_key(tmp_path, column_map):
    key, message = CASES[column_map]
    project = _project(tmp_path, EXTRA, column_map)
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert f"文件 {project} › 键 {key}:" in result.output and message in result.output
    error = result.output.split("错误：", 1)[1].splitlines()[0]
    assert "缺少必需的列" not in error and "提示：" in result.output
    assert not (tmp_path / "out" / "报表").exists()  # stopped before any output


def test_a_right_map_reads_a_renamed_header(sample_files, tmp_path):
    """The roster with 行政村 written 村名: mapped back, the county table builds with every village."""
    book = openpyxl.load_workbook(sample_files.paths["roster"])
    ws = book.active
    column = next(c for c in ws[1] if c.value == "行政村")
    column.value = "村名"
    book.save(tmp_path / "roster.xlsx")
    villages = ws.max_row - 1
    project = tmp_path / "reportgen.yaml"
    project.write_text("台账: {村级基本情况: roster.xlsx, 建档立卡: " + str(sample_files.paths["poverty"]) +
                       ", 监测: " + str(sample_files.paths["monitor"]) + "}\n列名映射: {村名: 行政村}\n"
                       "年度: 2024\nPDF: 否\n核对底稿: 否\n文档: [乡镇汇总]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    table = openpyxl.load_workbook(tmp_path / "out" / "报表" / "巩固拓展脱贫攻坚成果乡镇汇总表.xlsx").active
    counts = [r[2] for r in table.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert sum(counts) == villages
