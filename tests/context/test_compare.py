"""同比 on two sample years (two seeds): each 增减 equals the difference computed independently from the
exports with openpyxl, rates in 个百分点, and groups present in one year only are listed, not dropped."""

from __future__ import annotations

from collections import defaultdict

import openpyxl
import pytest

from reportgen.app.figures import figure_set
from reportgen.context import figure_paths, parse_path
from reportgen.samples import generate


def _counted(path):
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    town, house, pid, status = (head.index(h) for h in ("乡(镇)", "户编号", "证件号码", "脱贫属性"))
    persons, houses, poor = defaultdict(set), defaultdict(set), set()
    for r in rows[1:]:
        for scope in ("县", r[town]):
            persons[scope].add(r[pid])
            houses[scope].add(r[house])
        if r[status] == "未脱贫":
            poor.add(r[pid])
    return persons, houses, poor


def _population(path):
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return sum(r[rows[0].index("农业户籍人口")] for r in rows[1:])


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    base = tmp_path_factory.mktemp("years")
    now = generate(base / "2024", persons=600, seed=11, year=2024)
    before = generate(base / "2023", persons=560, seed=12, year=2023)
    fs = figure_set(list(now.paths.values()), previous=list(before.paths.values()))
    return now, before, fs.figures


def test_changes_equal_the_independent_difference(two_years):
    now, before, figures = two_years
    yoy = figures["同比"]
    p1, h1, poor1 = _counted(now.paths["poverty"])
    p0, h0, poor0 = _counted(before.paths["poverty"])
    assert yoy["建档立卡"]["人数"] == {"本年": len(p1["县"]), "上年": len(p0["县"]),
                                    "增减": len(p1["县"]) - len(p0["县"]),
                                    "增幅": round((len(p1["县"]) - len(p0["县"])) / len(p0["县"]), 6), "单位": "人"}
    assert yoy["建档立卡"]["户数"]["增减"] == len(h1["县"]) - len(h0["县"])
    for town in yoy["建档立卡"]["乡镇"]:
        if town in p1 and town in p0:
            assert yoy["建档立卡"]["乡镇"][town]["人数"]["增减"] == len(p1[town]) - len(p0[town])
            assert yoy["建档立卡"]["乡镇"][town]["户数"]["增减"] == len(h1[town]) - len(h0[town])
    rate1 = round(len(poor1) / _population(now.paths["roster"]), 6)
    rate0 = round(len(poor0) / _population(before.paths["roster"]), 6)
    rate = yoy["建档立卡"]["贫困发生率"]
    assert rate["单位"] == "个百分点" and rate["增幅"] is None
    assert rate["增减"] == pytest.approx((rate1 - rate0) * 100, abs=1e-9)


def test_every_numeric_figure_has_its_comparison(two_years):
    _, _, figures = two_years
    yoy = figures["同比"]
    checked = 0
    for path, value in figure_paths(figures["建档立卡"], "建档立卡"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        node = yoy
        for part in path.replace("]", "").replace("[", ".").split("."):
            node = node[int(part)] if part.isdigit() and int(part) in node else node[part]
        assert node["本年"] == value
        checked += 1
    assert checked > 100


def _node(tree, path):
    for name, label in parse_path(path):
        tree = tree[name]
        if label is not None:
            tree = tree[int(label)] if label.isdigit() and int(label) in tree else tree[label]
    return tree


def test_groups_of_one_year_only_are_reported(two_years):
    _, _, figures = two_years
    yoy = figures["同比"]
    only_now, only_before = yoy["仅本年"], yoy["仅上年"]
    assert any(".村[" in p for p in only_now) and any(".村[" in p for p in only_before)  # seeds differ
    for path in only_now:
        entry = _node(yoy, path)
        assert entry["说明"] == "上年无此项"
        assert all(v["上年"] is None for v in entry.values() if isinstance(v, dict) and "上年" in v)
    for path in only_before:
        entry = _node(yoy, path)
        assert entry["说明"] == "本年无此项"
        assert all(v["本年"] is None for v in entry.values() if isinstance(v, dict) and "本年" in v)


def _summary_text(figures, tmp_path, name):
    from docx import Document

    from reportgen.app.builtins import deep_merge, load_params, render_builtin
    from reportgen.builtin import BUILTINS

    context = deep_merge(figures, load_params(BUILTINS["工作总结"]))
    return [p.text for p in Document(str(render_builtin("工作总结", context, tmp_path / name))).paragraphs]


def test_builtin_summary_uses_the_comparison_only_when_given(two_years, tmp_path):
    from reportgen.format import change, growth

    _, _, figures = two_years
    plain = {k: v for k, v in figures.items() if k != "同比"}
    before = _summary_text(plain, tmp_path, "plain.docx")
    after = _summary_text(figures, tmp_path, "yoy.docx")
    assert not any("上年" in p for p in before)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 2  # the overview and the monitoring paragraph, nothing else
    yoy = figures["同比"]
    overview = (f"与上年相比，未脱贫人口{change(yoy['建档立卡']['未脱贫人数'])}，贫困发生率"
                f"{change(yoy['建档立卡']['贫困发生率'])}，人均纯收入{growth(yoy['建档立卡']['人均纯收入'])}。")
    assert changed[0][1] == changed[0][0] + overview
    assert changed[1][1] == changed[1][0] + (f"与上年相比，监测对象{change(yoy['监测']['户数'])}，"
                                             f"风险消除率{change(yoy['监测']['风险消除率'])}。")
