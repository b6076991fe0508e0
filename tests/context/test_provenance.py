"""Every figure of the sample county traced to its rows: recounting those rows with the definition gives
exactly the figure, and the Excel row numbers point at rows of the export that satisfy the definition."""

from __future__ import annotations

import openpyxl
import pytest

from reportgen.context import compute_figures, define, figures_for_exports, spec_form
from reportgen.errors import ReportgenError
from reportgen.measures.trace import recount


@pytest.fixture(scope="module")
def figure_set(sample_files):
    return compute_figures(list(sample_files.paths.values()))


def test_every_figure_recounts_from_its_rows(figure_set):
    paths = list(figure_set.paths())
    assert len(paths) > 500
    checked = 0
    for path, value in paths:
        traced = figure_set.trace(path)
        assert recount(traced) == value, path
        checked += 1
    assert checked == len(paths)


def test_compute_figures_gives_the_plain_figures(sample_files, figure_set):
    assert figure_set.figures == figures_for_exports(list(sample_files.paths.values()))


def test_row_numbers_are_the_rows_of_the_export(sample_files, figure_set):
    traced = figure_set.trace("建档立卡.乡镇[城关镇].未脱贫人数")
    numbers = figure_set.row_numbers(traced)
    assert numbers and numbers == sorted(numbers)
    sheet = openpyxl.load_workbook(sample_files.paths["poverty"], read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    town, status, pid = header.index("乡(镇)"), header.index("脱贫属性"), header.index("证件号码")
    expected = [n for n, r in enumerate(rows[1:], start=2) if r[town] == "城关镇" and r[status] == "未脱贫"]
    assert numbers == expected
    assert len({rows[n - 1][pid] for n in numbers}) == figure_set.value("建档立卡.乡镇[城关镇].未脱贫人数")


def test_definitions_in_words_and_as_the_spec_says(figure_set):
    specs = {s.name: s for s in figure_set.specs}
    traced = figure_set.trace("建档立卡.乡镇[城关镇].已脱贫户数")
    assert define(traced, specs) == ("「建档立卡」台账中乡(镇)为「城关镇」、脱贫属性为「已脱贫」的行，"
                                     "按「户编号」去重计户数（同一户只计一次）")
    assert spec_form(traced, specs) == ("建档立卡 › 已脱贫户数: {count: households, where: {脱贫属性: 已脱贫}}"
                                        "（乡(镇)为「城关镇」）")
    rate = figure_set.trace("建档立卡.贫困发生率")
    assert "分母：取自「村级基本情况」台账同一范围的「农业户籍人口」" in define(rate, specs)
    share = figure_set.trace("建档立卡.致贫原因[因病].占比")
    assert define(share, specs).startswith("分子 ÷ 分母")
    risk = define(figure_set.trace("监测.风险类型[因病].户数"), specs)
    assert "致贫/返贫风险1、致贫/返贫风险2" in risk and "中任一为「因病」" in risk


@pytest.mark.parametrize("path", ["建档立卡.乡镇[不存在镇].人数", "建档立卡.没有这个", "建档立卡..户数",
                                  "建档立卡.致贫原因.户数", "任务分工.序号"])
def test_unknown_paths_are_located_user_errors(figure_set, path):
    with pytest.raises(ReportgenError) as info:
        figure_set.value(path) if "不存在" in path else figure_set.trace(path)
    assert path in str(info.value)
