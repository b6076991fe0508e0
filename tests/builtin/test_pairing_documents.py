"""结对帮扶 documents from the sample list: the 实施方案's derived sentence, the 结对安排表's merged cells,
one 协议书 per pair (and the merged print file), the 统计表's rows — each checked against a plain count of
the list read with openpyxl."""

from __future__ import annotations

from collections import Counter

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.batch import run_batch
from reportgen.builtin import BUILTINS
from reportgen.builtin.pairing import KEEP_TOWN
from reportgen.context import compute_figures
from reportgen.xlsx.builtin import render_builtin_tables


def _sheet(path) -> list[dict]:
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture(scope="module")
def made(sample_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("pairing")
    figures = compute_figures(list(sample_files.paths.values())).figures
    plan = render_builtin("结对帮扶实施方案", deep_merge(figures, load_params(BUILTINS["结对帮扶实施方案"])),
                          out / "结对帮扶实施方案.docx")
    return figures, plan, _sheet(sample_files.paths["pairs"]), out


def _text(path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_the_plan_says_the_derived_figures(made):
    _figures, plan, pairs, _out = made
    helpers_of, helped_by = Counter(r["受扶单位"] for r in pairs), Counter(r["帮扶单位"] for r in pairs)
    one = sum(helpers_of[r["受扶单位"]] == 1 and helped_by[r["帮扶单位"]] == 1 for r in pairs)
    many_one = {r["受扶单位"] for r in pairs if helpers_of[r["受扶单位"]] > 1}
    text = _text(plan)
    assert (f"{len(helped_by)}个帮扶单位与全县{len(helpers_of)}个受扶单位" in text
            and f"结成帮扶对子{len(pairs)}对，其中一对一{one}对，多对一{len(many_one)}组" in text)
    assert "{{" not in text and "{%" not in text
    assert "关于印发《青禾县全域" in text and "附件：结对安排表" in text and "青组发〔2024〕6号" in text


def _merges(table, column: int) -> tuple[int, int]:
    """(restart, continue) counts of vertical merges in ``column``."""
    restart = cont = 0
    for tr in table._tbl.tr_lst:
        tc = tr.tc_lst[column]
        merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
        if merge is not None:
            restart += merge.get(qn("w:val")) == "restart"
            cont += merge.get(qn("w:val")) != "restart"
    return restart, cont


def test_the_arrangement_table_merges_towns_and_many_to_one_groups(made):
    _figures, plan, pairs, _out = made
    table = next(t for t in Document(str(plan)).tables if t.rows[0].cells[0].text == "受扶乡镇")
    assert len(table.rows) == 1 + len(pairs)
    per_town = Counter(r["受扶乡镇"] for r in pairs)
    merged_towns = [t for t, n in per_town.items() if 2 <= n <= KEEP_TOWN]
    assert merged_towns  # the sample has a 乡镇 that is merged …
    assert _merges(table, 0) == (len(merged_towns), sum(per_town[t] - 1 for t in merged_towns))
    groups = Counter(r["受扶单位"] for r in pairs)
    shared = [u for u, n in groups.items() if n > 1]
    assert _merges(table, 2) == (len(shared), sum(groups[u] - 1 for u in shared))
    if any(n > KEEP_TOWN for n in per_town.values()):  # … and one too long for a page: named on every row
        town = next(t for t, n in per_town.items() if n > KEEP_TOWN)
        assert [c.text for c in table.columns[0].cells].count(town) == per_town[town]


def test_one_agreement_per_pair_and_a_merged_print_file(made):
    figures, _plan, pairs, out = made
    shared = deep_merge({k: figures.get(k) for k in ("县", "年度", "范围")}, load_params(BUILTINS["结对帮扶协议书"]))
    result = run_batch(BUILTINS["结对帮扶协议书"].docx, figures["结对安排"]["对子"], out_dir=out / "协议书", row_name="对",
                       shared=shared, name_pattern="{{ 受扶单位 }}_{{ 帮扶单位 }}.docx", merge="合并打印.docx", jobs=1)
    assert not result.failed and len(result.outputs) == len(pairs)
    names = {p.stem for p in result.outputs}
    assert names == {f"{r['受扶单位']}_{r['帮扶单位']}" for r in pairs}
    sample = next(p for p in result.outputs if p.stem.startswith(pairs[0]["受扶单位"]))
    text = _text(sample)
    assert f"甲方（帮扶单位）：{pairs[0]['帮扶单位']}" in text and "甲方（盖章）：" in text and "乙方（盖章）：" in text
    assert all(task in text for task in pairs[0]["重点任务"].split("、"))
    assert _text(result.merged).count("结对帮扶协议书") == len(pairs)


def test_the_statistics_table_has_a_row_per_town_and_a_total(made, tmp_path):
    figures, _plan, pairs, _out = made

    path = next(p for p in render_builtin_tables(figures, tmp_path) if p.name == "结对帮扶情况统计表.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    towns = [r for r in rows if isinstance(r[0], int)]
    assert [r[1] for r in towns] == [t["名称"] for t in figures["结对帮扶"]["乡镇"]]
    assert [r[6] for r in towns] == [sum(p["受扶乡镇"] == r[1] for p in pairs) for r in towns]
    total = next(r for r in rows if r[0] == "合计")
    assert total[7] == len({p["帮扶单位"] for p in pairs}) and total[8] == len({p["受扶单位"] for p in pairs})
    missing = [v for r in towns if r[9] for v in r[9].split("、")]
    assert missing == figures["结对安排"]["未结对村"]
