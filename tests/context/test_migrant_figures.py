"""流动人口 figures (流入/流出, 育龄妇女 at the report date, 签订合同, 婚育证明) against plain-Python counts over the
sample export read with openpyxl, and the 流动人口情况汇报 rendered from them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import openpyxl
import pytest
from helpers.docx_text import docx_text

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.builtin import BUILTINS
from reportgen.context import compute_figures
from reportgen.format.numbers import pct

MARRIED = {"已婚", "初婚", "再婚", "复婚"}
TOWN_FIGURES = ["户数", "人数", "流入户数", "流入人数", "流出户数", "流出人数", "育龄妇女人数", "已婚育龄妇女人数",
                "签订合同户数", "合同签订率"]


def _rows(path) -> list[dict]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _age(row: dict, on: date) -> int:
    born = row["出生日期"]
    born = born.date() if isinstance(born, datetime) else born
    if born is None:
        number = str(row["身份证号"])
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def expected(rows: list[dict], on: date) -> dict:
    """Every 流动人口 figure, counted here: persons by 身份证号, households by 家庭编号."""
    def persons(test):
        return len({r["身份证号"] for r in rows if test(r)})

    def homes(test):
        return len({r["家庭编号"] for r in rows if test(r)})

    def woman(r):
        return r["性别"] == "女" and 15 <= _age(r, on) <= 49

    def wife(r):
        return woman(r) and r["婚姻状况"] in MARRIED

    out = {"户数": homes(lambda r: True), "人数": persons(lambda r: True),
           "流入户数": homes(lambda r: r["流动类型"] == "流入"), "流入人数": persons(lambda r: r["流动类型"] == "流入"),
           "流出户数": homes(lambda r: r["流动类型"] == "流出"), "流出人数": persons(lambda r: r["流动类型"] == "流出"),
           "育龄妇女人数": persons(woman), "已婚育龄妇女人数": persons(wife),
           "流入已婚育龄妇女人数": persons(lambda r: wife(r) and r["流动类型"] == "流入"),
           "流出已婚育龄妇女人数": persons(lambda r: wife(r) and r["流动类型"] == "流出"),
           "签订合同户数": homes(lambda r: r["签订合同"] == "是"),
           "办理婚育证明人数": persons(lambda r: wife(r) and r["流动类型"] == "流出" and r["婚育证明"] == "已办理"),
           "查验婚育证明人数": persons(lambda r: wife(r) and r["流动类型"] == "流入" and r["婚育证明"] == "已查验")}

    def rate(a, b):
        return round(a / b, 6) if b else None

    out["合同签订率"] = rate(out["签订合同户数"], out["户数"])
    out["婚育证明办证率"] = rate(out["办理婚育证明人数"], out["流出已婚育龄妇女人数"])
    out["婚育证明验证率"] = rate(out["查验婚育证明人数"], out["流入已婚育龄妇女人数"])
    return out


@pytest.fixture(scope="module")
def figure_set(sample_files):
    return compute_figures(list(sample_files.paths.values()))


@pytest.fixture(scope="module")
def migrants(sample_files):
    return _rows(sample_files.paths["migrants"])


def test_county_figures_equal_plain_counts(figure_set, migrants):
    f = figure_set.figures
    m = f["流动人口"]
    want = expected(migrants, date(f["年度"], 12, 31))
    assert {k: m[k] for k in want} == want
    assert m["流入人数"] + m["流出人数"] == m["人数"] and m["流出人数"] > 0 and m["流入人数"] > 0
    # the sample has the cases the definitions separate: 未婚 育龄妇女, women over 49, 未签订 households
    on = date(f["年度"], 12, 31)
    assert 0 < m["已婚育龄妇女人数"] < m["育龄妇女人数"]
    assert any(r["性别"] == "女" and _age(r, on) > 49 for r in migrants)
    assert m["签订合同户数"] < m["户数"]
    reasons = defaultdict(set)
    for r in migrants:
        if r["流动类型"] == "流入":
            reasons[r["流入原因"]].add(r["身份证号"])
    assert {x["名称"]: x["人数"] for x in m["流入原因"]} == {k: len(v) for k, v in reasons.items()}


def test_by_town_and_village_and_total(figure_set, migrants):
    f = figure_set.figures
    m, on = f["流动人口"], date(f["年度"], 12, 31)
    for town in m["乡镇"]:
        rows = [r for r in migrants if r["乡(镇)"] == town["名称"]]
        want = expected(rows, on)
        assert {k: town[k] for k in TOWN_FIGURES} == {k: want[k] for k in TOWN_FIGURES}, town["名称"]
        for village in town["村"]:
            want = expected([r for r in rows if r["行政村"] == village["名称"]], on)
            assert {k: village[k] for k in TOWN_FIGURES} == {k: want[k] for k in TOWN_FIGURES}, village["名称"]
    assert {k: m["合计"][k] for k in TOWN_FIGURES} == {k: m[k] for k in TOWN_FIGURES}
    assert sum(t["流入人数"] for t in m["乡镇"]) == m["流入人数"]


def test_the_audit_recount_and_explain_agree(figure_set):
    from reportgen.context.explain import explain
    from reportgen.measures.trace import recount

    for path in ("流动人口.育龄妇女人数", "流动人口.乡镇[城关镇].已婚育龄妇女人数", "流动人口.合同签订率",
                 "流动人口.婚育证明验证率"):
        assert recount(figure_set.trace(path)) == figure_set.value(path), path
    lines = explain(figure_set, "流动人口.已婚育龄妇女人数")
    assert "年龄（按出生日期，为空时按身份证号，计至2024年12月31日）在15—49周岁" in lines[1]


def test_the_report_carries_the_figures(figure_set, tmp_path):
    f = figure_set.figures
    m = f["流动人口"]
    path = render_builtin("流动人口情况汇报", deep_merge(f, load_params(BUILTINS["流动人口情况汇报"])),
                          tmp_path / "汇报.docx")
    text = docx_text(path)
    assert f"全县共登记流动人口{m['户数']}户{m['人数']}人" in text
    assert f"其中流入人口{m['流入户数']}户{m['流入人数']}人，流出人口{m['流出户数']}户{m['流出人数']}人" in text
    assert f"有育龄妇女{m['育龄妇女人数']}人，其中已婚育龄妇女{m['已婚育龄妇女人数']}人" in text
    assert f"（流入{m['流入已婚育龄妇女人数']}人、流出{m['流出已婚育龄妇女人数']}人）" in text
    assert f"全年签订合同{m['签订合同户数']}户，合同签订率{pct(m['合同签订率'], 1)}" in text
    assert f"办理《流动人口婚育证明》{m['办理婚育证明人数']}人，办证率{pct(m['婚育证明办证率'], 1)}" in text
    assert f"婚育证明{m['查验婚育证明人数']}人，验证率{pct(m['婚育证明验证率'], 1)}" in text
    assert f"仍有{m['户数'] - m['签订合同户数']}户流动人口家庭未签订" in text
    first = m["乡镇"][0]
    assert f"1.{first['名称']}：流入人口{first['流入户数']}户{first['流入人数']}人" in text
    assert "与上年相比" not in text and "{{" not in text and "{%" not in text
    assert "青禾县2024年流动人口" in text and "云岭市卫生健康委员会：" in text and "2024年12月25日" in text

    every_home = deep_merge(f, {"流动人口": {"签订合同户数": m["户数"], "合同签订率": 1.0, "流出已婚育龄妇女人数": 0,
                                          "已婚育龄妇女人数": m["流入已婚育龄妇女人数"], "办理婚育证明人数": 0,
                                          "婚育证明办证率": None}})
    signed = docx_text(render_builtin("流动人口情况汇报", deep_merge(every_home, load_params(BUILTINS["流动人口情况汇报"])),
                                      tmp_path / "全部签订.docx"))
    assert "合同签订后的跟踪服务还不够经常" in signed and "未签订" not in signed and "逐户上门签订" not in signed
    assert f"已婚育龄妇女{m['流入已婚育龄妇女人数']}人（均为流入人口）" in signed and "办证率" not in signed
