"""结对帮扶 figures: each equals a plain count over the sample list, read back with openpyxl (no reportgen).

The shapes are counted here from their definition (a 受扶单位 with several 帮扶单位 → 多对一; else a
帮扶单位 with several 受扶单位 → 一对多; else 一对一), independently of ``measures.pairs``. The audit
trace of every 结对帮扶 figure recounts to the same value, so provenance works for them too.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from openpyxl import load_workbook

from reportgen.context import compute_figures
from reportgen.measures.trace import recount


def _sheet(path) -> list[dict]:
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    head = rows[0]
    return [dict(zip(head, r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture(scope="module")
def counted(sample_files):
    notes: list[str] = []
    fs = compute_figures(list(sample_files.paths.values()), notes=notes)
    pairs = _sheet(sample_files.paths["pairs"])
    roster = _sheet(sample_files.paths["roster"])
    return fs, notes, pairs, roster


def test_the_sample_list_has_every_shape_and_a_village_without_a_pair(counted):
    fs, _notes, _pairs, _roster = counted
    shapes = {s["名称"]: s for s in fs.figures["结对帮扶"]["结对形态"]}
    assert all(shapes[name]["对数"] > 0 for name in ("一对一", "多对一", "一对多"))
    assert fs.figures["结对安排"]["未结对村"]


def test_county_counts_equal_a_plain_count(counted):
    fs, _notes, pairs, roster = counted
    p = fs.figures["结对帮扶"]
    villages = {(r["受扶乡镇"], r["受扶村"]) for r in pairs if r["受扶单位类型"] == "村"}
    assert p["结对数"] == len(pairs)
    assert p["帮扶单位数"] == len({r["帮扶单位"] for r in pairs})
    assert p["受扶单位数"] == len({r["受扶单位"] for r in pairs})
    assert p["结对村数"] == len(villages)
    assert p["行政村数"] == len(roster)
    assert p["村覆盖率"] == pytest.approx(len(villages) / len(roster), abs=1e-6)


@pytest.mark.parametrize("column, figure", [("单位类型", "单位类型"), ("受扶单位类型", "受扶单位类型"),
                                            ("结对形式", "结对形式")])
def test_pairs_by_type_and_form_equal_a_plain_count(counted, column, figure):
    fs, _notes, pairs, _roster = counted
    expected = Counter(r[column] for r in pairs)
    got = {item["名称"]: item["对数"] for item in fs.figures["结对帮扶"][figure]}
    assert {k: v for k, v in got.items() if v} == dict(expected)
    assert sum(got.values()) == len(pairs)


def test_pairs_by_task_equal_a_plain_count(counted):
    fs, _notes, pairs, _roster = counted
    expected = Counter(task for r in pairs for task in r["重点任务"].split("、"))
    got = {item["名称"]: item["对数"] for item in fs.figures["结对帮扶"]["重点任务"]}
    assert got == dict(expected)


def test_shapes_are_derived_from_the_list(counted):
    fs, _notes, pairs, _roster = counted
    helpers_of, helped_by = defaultdict(set), defaultdict(set)
    for r in pairs:
        helpers_of[r["受扶单位"]].add(r["帮扶单位"])
        helped_by[r["帮扶单位"]].add(r["受扶单位"])
    many_to_one = [r for r in pairs if len(helpers_of[r["受扶单位"]]) > 1]
    one_to_many = [r for r in pairs if len(helpers_of[r["受扶单位"]]) == 1 and len(helped_by[r["帮扶单位"]]) > 1]
    one_to_one = [r for r in pairs if r not in many_to_one and r not in one_to_many]
    expected = {"一对一": (len(one_to_one), len(one_to_one)),
                "多对一": (len({r["受扶单位"] for r in many_to_one}), len(many_to_one)),
                "一对多": (len({r["帮扶单位"] for r in one_to_many}), len(one_to_many))}
    got = {s["名称"]: (s["组数"], s["对数"]) for s in fs.figures["结对帮扶"]["结对形态"]}
    assert got == expected
    assert sum(n for _g, n in got.values()) == len(pairs)


def test_coverage_per_town_and_the_villages_without_a_pair(counted):
    fs, notes, pairs, roster = counted
    covered = {(r["受扶乡镇"], r["受扶村"]) for r in pairs if r["受扶单位类型"] == "村"}
    towns = list(dict.fromkeys(r["乡(镇)"] for r in roster))
    rows = {t["名称"]: t for t in fs.figures["结对帮扶"]["乡镇"]}
    lists = {t["名称"]: t["未结对村"] for t in fs.figures["结对安排"]["乡镇"]}
    for town in towns:
        villages = [r["行政村"] for r in roster if r["乡(镇)"] == town]
        assert rows[town]["行政村数"] == len(villages)
        assert rows[town]["结对村数"] == sum((town, v) in covered for v in villages)
        assert rows[town]["结对数"] == sum(r["受扶乡镇"] == town for r in pairs)
        assert lists[town] == [v for v in villages if (town, v) not in covered]
        for village in rows[town]["村"]:
            helpers = {r["帮扶单位"] for r in pairs if (r["受扶乡镇"], r["受扶村"]) == (town, village["名称"])}
            assert village["帮扶单位数"] == len(helpers)
    missing = [v for town in towns for v in lists[town]]
    assert fs.figures["结对安排"]["未结对村"] == missing
    for village in missing:  # each one named in a note, at its roster row
        row = next(i for i, r in enumerate(roster, start=2) if r["行政村"] == village)
        assert any(f"第{row}行" in n and village in n and "没有结对帮扶单位" in n for n in notes)


def test_every_pairing_figure_traces_and_recounts(counted):
    fs = counted[0]
    paths = [(p, v) for p, v in fs.paths() if p.startswith("结对帮扶")]
    assert any("结对形态[多对一].组数" in p for p, _ in paths) and any(".乡镇[" in p for p, _ in paths)
    for path, value in paths:
        assert recount(fs.trace(path)) == pytest.approx(value), path


def test_the_arrangement_lists_every_pair_once_grouped_by_town(counted):
    fs, _notes, pairs, roster = counted
    arranged = fs.figures["结对安排"]["对子"]
    assert sorted(r["序号"] for r in arranged) == sorted(r["序号"] for r in pairs)
    towns = [r["乡镇"] for r in arranged]
    order = list(dict.fromkeys(r["乡(镇)"] for r in roster))
    assert towns == sorted(towns, key=order.index)  # grouped, in roster order
    assert {r["形态"] for r in arranged} == {"一对一", "多对一", "一对多"}


def test_a_shape_figure_is_defined_and_explained_by_its_derived_rows(counted):
    from reportgen.context import define
    from reportgen.context.explain import why

    fs, _notes, pairs, _roster = counted
    t = fs.trace("结对帮扶.结对形态[多对一].组数")
    words = define(t, {s.name: s for s in fs.specs})
    assert "结对形态为「多对一」" in words and "按「受扶单位」去重" in words
    shared = Counter(r["受扶单位"] for r in pairs)
    inside = next(n for n, r in enumerate(pairs, start=2) if shared[r["受扶单位"]] > 1)
    outside = next(n for n, r in enumerate(pairs, start=2) if shared[r["受扶单位"]] == 1)
    assert why(fs, t, inside).startswith(("计入", "已计入")) and why(fs, t, outside).startswith("不计入")
