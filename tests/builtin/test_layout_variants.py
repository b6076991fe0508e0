"""Every built-in document, in the variants a county produces, passes check-layout on the rendered page.

Variants: short and long titles (and a long county name), one agency, 3 and 14 agencies jointly
(seed 003), 1 and 40 任务分工 rows, 1 and 15 乡镇 in the tables by 乡镇. All files go through one LibreOffice start (plus one for the files
whose 版记 needed the blank page before it).
"""

from __future__ import annotations

import shutil

import pytest

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.builtin import BUILTINS

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps"),
]
AGENCIES_14 = ["高台县民政局", "中共高台县委网信办", "高台县人民法院", "高台县人民检察院", "高台县教育局", "高台县公安局",
               "高台县司法局", "高台县财政局", "高台县人力资源和社会保障局", "高台县卫生健康局", "高台县应急管理局",
               "高台县水务局", "高台县妇女联合会", "共青团高台县委"]
LONG_PLAN = "青禾县2024年巩固拓展脱贫攻坚成果同乡村振兴有效衔接暨农村留守儿童关爱服务实施方案"
LEADS = ["县民政局"] * 9 + ["县乡村振兴局"] * 14 + ["县教育局"] * 6 + ["县卫生健康局"] * 11
NOTICES = {  # name: (发文机关 or None for the YAML's three, 方案名称 or None, 任务分工 rows or None)
    "1机关-短标题-1行": (["青禾县乡村振兴局"], "青禾县2024年防返贫监测实施方案", 1),
    "3机关-默认-3行": (None, None, None),
    "3机关-长标题-40行": (None, LONG_PLAN, 40),
    "14机关-短标题-1行": (AGENCIES_14, "高台县留守儿童关爱服务实施方案", 1),
    "14机关-长标题-40行": (AGENCIES_14, LONG_PLAN, 40),
}


def _tasks(count: int) -> list[dict]:
    return [{"序号": i + 1, "工作任务": f"落实第{i + 1}项重点工作，建立工作台账，按月调度推进" + "，确保按期完成" * (i % 3),
             "牵头单位": LEADS[i], "责任单位": "各乡镇人民政府、县直有关部门", "完成时限": "2024年12月底前"}
            for i in range(count)]


def _documents(figures: dict, out) -> dict[str, object]:
    docs = {}
    for key, (agencies, plan, rows) in NOTICES.items():
        params = load_params(BUILTINS["印发通知"])
        if agencies:
            params["公文"].update(发文机关=agencies, 署名=agencies,
                                主送=["各镇人民政府", *(a.replace("高台县", "县") for a in agencies[1:])])
        if plan:
            params["公文"]["方案名称"] = plan
        data = {**figures, "任务分工": _tasks(rows)} if rows else figures
        docs[f"印发通知-{key}"] = render_builtin("印发通知", deep_merge(data, params), out / f"印发通知-{key}.docx")
    for name in ("工作总结", "情况报告"):
        for county in ("青禾县", "云岭市青禾县"):
            context = deep_merge({**figures, "县": county}, load_params(BUILTINS[name]))
            docs[f"{name}-{county}"] = render_builtin(name, context, out / f"{name}-{county}.docx")
    base = deep_merge(figures, load_params(BUILTINS["责任书"]))
    docs["责任书"] = render_builtin("责任书", {**base, "书": figures["责任书"][0]}, out / "责任书.docx")
    for key, context in _migrant_reports(figures).items():
        docs[key] = render_builtin("流动人口情况汇报", context, out / f"{key}.docx")
    for count in TOWN_COUNTS:  # the tables by 乡镇 break across pages without leaving a page half empty
        many = _towns(figures, count)
        for name in ("工作总结", "流动人口情况汇报"):
            key = f"{name}-{count}乡镇"
            docs[key] = render_builtin(name, deep_merge(many, load_params(BUILTINS[name])), out / f"{key}.docx")
    base = deep_merge(figures, load_params(BUILTINS["合同书"]))
    docs["合同书"] = render_builtin("合同书", {**base, "户": figures["流动人口"]["家庭"][0]}, out / "合同书.docx")
    return docs


TOWN_COUNTS = (1, 15)
TOWN_VARIANTS = [f"{name}-{n}乡镇" for n in TOWN_COUNTS for name in ("工作总结", "流动人口情况汇报")]


def _towns(figures: dict, count: int) -> dict:
    """The figures with ``count`` 乡镇 rows in the tables (copies of the first 乡镇, renamed)."""
    summary, migrants = figures["乡镇汇总"][0], figures["流动人口"]["乡镇"][0]
    names = [f"第{n + 1}镇" for n in range(count)]
    return {**figures, "乡镇汇总": [{**summary, "名称": n} for n in names],
            "流动人口": {**figures["流动人口"], "乡镇": [{**migrants, "名称": n} for n in names]}}


MIGRANT_REPORTS = ["流动人口情况汇报-青禾县", "流动人口情况汇报-云岭市青禾县", "流动人口情况汇报-同比", "流动人口情况汇报-城关镇"]


def _migrant_reports(figures: dict) -> dict[str, dict]:
    """The 汇报 for a county, a long county name, with 同比 (last year: every figure 10% lower), for a town."""
    from reportgen.context.compare import entry
    from reportgen.format.scope import scope_words

    params = load_params(BUILTINS["流动人口情况汇报"])
    m = figures["流动人口"]
    last = {k: entry(v, round(v * 0.9) if isinstance(v, int) else v - 0.05, "人") for k, v in m.items()
            if isinstance(v, int | float)}
    town = {**figures, "范围": scope_words("青禾县", "城关镇"),
            "流动人口": {**m, "乡镇": [{**{k: x for k, x in t.items() if k != "村"}, "名称": v}
                                  for t, v in zip(m["乡镇"], VILLAGE_NAMES, strict=True)]}}
    return {
        "流动人口情况汇报-青禾县": deep_merge(figures, params),
        "流动人口情况汇报-云岭市青禾县": deep_merge({**figures, "县": "云岭市青禾县"}, params),
        "流动人口情况汇报-同比": deep_merge({**figures, "同比": {"上年年度": 2023, "流动人口": last}}, params),
        "流动人口情况汇报-城关镇": deep_merge(town, deep_merge(params, {"公文": {"落款": "城关镇人民政府"}})),
    }


VILLAGE_NAMES = ["柳湾村", "石门村", "上坪村", "下河村", "松岗村"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    sample_figures = _sample_figures()

    from reportgen.layout.check import measure_layout
    from reportgen.layout.parity import records_on_even_pages
    from reportgen.output.pdf import PdfConverter

    out = tmp_path_factory.mktemp("variants")
    docs = _documents(sample_figures, out)
    with PdfConverter() as converter:
        pdfs = records_on_even_pages(list(docs.values()), converter, out / "pdf")
    return {key: measure_layout(path, pdfs[path.resolve()]) for key, path in docs.items()}


def _sample_figures() -> dict:
    """The figures of tests/builtin/conftest.py (imported by path: several test folders have a conftest)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("builtin_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.sample_figures()


def _check(report, name):
    return next(c for c in report.checks if c.name == name)


@pytest.mark.parametrize("key", [*(f"印发通知-{k}" for k in NOTICES), "工作总结-青禾县", "工作总结-云岭市青禾县",
                                 "情况报告-青禾县", "情况报告-云岭市青禾县", "责任书", "合同书", *MIGRANT_REPORTS,
                                 *TOWN_VARIANTS])
def test_every_variant_passes_the_composition_checks(reports, key):
    report = reports[key]
    assert report.ok, report.table()
    for name in ("标题回行", "落款页有正文", "字体", "页末留白"):
        assert _check(report, name).ok, report.table()


def test_notice_page_one_shows_the_body_and_the_signature_follows_it(reports):
    for key in NOTICES:
        report = reports[f"印发通知-{key}"]
        assert _check(report, "首页显示正文").ok, report.table()
        assert "第 1 页" in _check(report, "落款页有正文").measured, report.table()  # 署名 on page 1 too


def test_record_on_an_even_unnumbered_last_page_and_table_groups_labelled(reports):
    for key in NOTICES:
        report = reports[f"印发通知-{key}"]
        assert report.pages % 2 == 0, report.table()
        record = _check(report, "版记页与页码")
        assert record.ok and f"版记在第 {report.pages} 页" in record.measured, report.table()
        assert _check(report, "表格页").ok, report.table()
    assert "第 5 页" in _check(reports["印发通知-14机关-长标题-40行"], "表格页").measured  # 40 rows: several pages
