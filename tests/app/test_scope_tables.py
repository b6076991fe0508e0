"""The 结对帮扶 table and 实施方案 for one 乡镇 (``范围`` / ``--scope``): a row per 村 with its own 未结对村, the
town's totals — counted again here straight from the sample 结对帮扶名单 and 村级基本情况.

Regression: with a scope the table's 未结对村 cells looked the row (a 村) up among the 乡镇 and stopped the
build with 「No first item, sequence was empty」 at E5.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.docx_text import docx_text
from helpers.ooxml_gate import assert_word_valid

from reportgen.cli import main

TOWNS = ["城关镇", "河西镇", "东岭乡", "南坪乡", "北川镇"]
UNPAIRED_TOWN = "南坪乡"  # the sample county's 下河村 and 银杏村 have no pair


def _sheet_rows(path: Path) -> list[dict]:
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def lists(sample_files) -> tuple[list[dict], list[dict]]:
    return _sheet_rows(sample_files.paths["pairs"]), _sheet_rows(sample_files.paths["roster"])


def _expected(town: str, pairs: list[dict], roster: list[dict]) -> tuple[list[tuple], tuple]:
    """(one row per roster village of ``town``: 名称, 行政村数, 已结对, 未结对, 结对数, 帮扶单位, 受扶单位, 未结对的村;
    the 合计 row's 结对数, 帮扶单位, 受扶单位, 未结对的村), counted from the lists."""
    covered = {(p["受扶乡镇"], p["受扶村"]) for p in pairs if p["受扶单位类型"] == "村"}
    rows = []
    for village in [r["行政村"] for r in roster if r["乡(镇)"] == town]:
        own = [p for p in pairs if (p["受扶乡镇"], p["受扶村"]) == (town, village)]
        paired = (town, village) in covered
        rows.append((village, 1, int(paired), int(not paired), len(own), len({p["帮扶单位"] for p in own}),
                     len({p["受扶单位"] for p in own}), None if paired else village))
    in_town = [p for p in pairs if p["受扶乡镇"] == town]
    unpaired = sum(r[3] for r in rows)
    return rows, (len(in_town), len({p["帮扶单位"] for p in in_town}), len({p["受扶单位"] for p in in_town}), f"{unpaired} 个")


def _check_table(path: Path, town: str, pairs: list[dict], roster: list[dict]) -> None:
    """Every body cell against the count; the 合计 row's formulas over exactly the body rows."""
    rows, total = _expected(town, pairs, roster)
    ws = openpyxl.load_workbook(path).active
    first, last = 5, 4 + len(rows)
    for n, want in enumerate(rows):
        r = first + n
        got = [ws.cell(r, c).value for c in (2, 3, 4, 5, 7, 8, 9, 10)]
        assert ws.cell(r, 1).value == n + 1
        assert tuple(v if v != "" else None for v in got) == want, (town, r)
        assert ws.cell(r, 6).value == f"=IFERROR(D{r}/C{r},0)"
    t = last + 1
    assert ws.cell(t, 1).value == "合计"
    assert [ws.cell(t, c).value for c in (3, 4, 5)] == [f"=SUM({c}{first}:{c}{last})" for c in "CDE"]
    assert (ws.cell(t, 7).value, ws.cell(t, 8).value, ws.cell(t, 9).value, ws.cell(t, 10).value) == total
    assert sum(r[1] for r in rows) == sum(r["乡(镇)"] == town for r in roster)  # what =SUM(C…) gives
    assert "全乡" in ws.cell(t + 1, 1).value if town.endswith("乡") else "全镇" in ws.cell(t + 1, 1).value
    assert_word_valid(path)


def test_build_with_a_town_scope_makes_the_pairing_table(sample_files, lists, tmp_path):
    project = tmp_path / "reportgen.yaml"
    project.write_text(f"范围: {UNPAIRED_TOWN}\n台账: {{结对帮扶: {sample_files.paths['pairs']}, "
                       f"村级基本情况: {sample_files.paths['roster']}}}\n年度: 2024\nPDF: 否\n核对底稿: 否\n"
                       "文档: [结对帮扶统计]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    _check_table(tmp_path / "out" / "报表" / "结对帮扶情况统计表.xlsx", UNPAIRED_TOWN, *lists)


@pytest.mark.parametrize("town", TOWNS)
def test_fill_with_each_town_scope(sample_files, lists, tmp_path, town):
    out = tmp_path / f"{town}.xlsx"
    result = CliRunner().invoke(main, ["fill", "结对帮扶统计", "--export", str(sample_files.paths["pairs"]),
                                       "--export", str(sample_files.paths["roster"]), "--scope", town, "-o", str(out)])
    assert result.exit_code == 0, result.output
    _check_table(out, town, *lists)


def test_the_county_table_is_unchanged_by_the_fix(sample_files, lists, tmp_path):
    """Without a scope: a row per 乡镇, its 未结对的村 named, 合计 结对数 = every pair."""
    pairs, roster = lists
    out = tmp_path / "county.xlsx"
    result = CliRunner().invoke(main, ["fill", "结对帮扶统计", "--export", str(sample_files.paths["pairs"]),
                                       "--export", str(sample_files.paths["roster"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    covered = {(p["受扶乡镇"], p["受扶村"]) for p in pairs if p["受扶单位类型"] == "村"}
    for n, town in enumerate(TOWNS):
        unpaired = [r["行政村"] for r in roster if r["乡(镇)"] == town and (town, r["行政村"]) not in covered]
        assert ws.cell(5 + n, 2).value == town
        assert ws.cell(5 + n, 5).value == len(unpaired) and (ws.cell(5 + n, 10).value or "") == "、".join(unpaired)
        assert ws.cell(5 + n, 7).value == sum(p["受扶乡镇"] == town for p in pairs)
    assert ws.cell(5 + len(TOWNS), 7).value == len(pairs)


def test_render_the_plan_with_a_town_scope_names_its_villages_without_a_pair(sample_files, lists, tmp_path):
    pairs, roster = lists
    covered = {(p["受扶乡镇"], p["受扶村"]) for p in pairs if p["受扶单位类型"] == "村"}
    unpaired = [r["行政村"] for r in roster if r["乡(镇)"] == UNPAIRED_TOWN and (UNPAIRED_TOWN, r["行政村"]) not in covered]
    out = tmp_path / "方案.docx"
    result = CliRunner().invoke(main, ["render", "结对帮扶实施方案", "--export", str(sample_files.paths["pairs"]),
                                       "--export", str(sample_files.paths["roster"]), "--scope", UNPAIRED_TOWN,
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert f"{UNPAIRED_TOWN}{'、'.join(unpaired)}" in text and f"共{len(unpaired)}个村尚未结对" in text
    assert_word_valid(out)
