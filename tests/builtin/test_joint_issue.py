"""A joint 印发通知 keeps every agency name whole in the 标志 and the 署名 (2 to 15 agencies, very long
names), and check-layout fails the old fixed three-column layout where 中共高台县委网信 / 办 wrapped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.builtin import BUILTINS
from reportgen.cli import main
from reportgen.context.scope import document_context
from reportgen.docx import DocxTemplate

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps"),
]
OLD_TEMPLATE = Path(__file__).parents[1] / "fixtures" / "docx" / "印发通知-联合固定三栏（旧版式）.docx"
A14 = ["高台县民政局", "中共高台县委网信办", "高台县人民法院", "高台县人民检察院", "高台县教育局", "高台县公安局",
       "高台县司法局", "高台县财政局", "高台县人力资源和社会保障局", "高台县卫生健康局", "高台县应急管理局",
       "高台县水务局", "高台县妇女联合会", "共青团高台县委"]
LONG = ["中国共产党高台县委员会宣传部", "高台县乡村振兴局（扶贫开发办公室）"]
CASES = {"2": LONG, "3": [LONG[0], "高台县人力资源和社会保障局", LONG[1]], "5": [*A14[:3], *LONG],
         "9": [*A14[:7], *LONG], "14": A14, "14-长名称": [*A14[:12], *LONG]}
NAME_CHECK = "机关名称不断行"


def _context(figures: dict, agencies: list[str]) -> dict:
    params = load_params(BUILTINS["印发通知"])
    params["公文"].update(发文机关=agencies, 署名=agencies, 方案名称="高台县留守儿童关爱服务实施方案",
                        主送=["各镇人民政府", *(a.replace("高台县", "县") for a in agencies[1:])])
    return deep_merge(figures, params)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from test_layout_variants import _sample_figures

    from reportgen.layout.check import measure_layout
    from reportgen.layout.parity import records_on_even_pages
    from reportgen.output.pdf import PdfConverter

    out = tmp_path_factory.mktemp("joint")
    figures = _sample_figures()
    docs = {key: render_builtin("印发通知", _context(figures, names), out / f"印发通知-{key}.docx")
            for key, names in CASES.items()}
    old = out / "印发通知-旧版式.docx"
    DocxTemplate.load(OLD_TEMPLATE).render_to(old, document_context(_context(figures, A14), "印发通知"))
    docs["旧版式"] = old
    with PdfConverter() as converter:
        pdfs = records_on_even_pages(list(docs.values()), converter, out / "pdf")
    return {key: (path, measure_layout(path, pdfs[path.resolve()])) for key, path in docs.items()}


def _check(report, name):
    return next(c for c in report.checks if c.name == name)


@pytest.mark.parametrize("key", list(CASES))
def test_no_agency_name_breaks_and_the_page_passes(rendered, key):
    _path, report = rendered[key]
    check = _check(report, NAME_CHECK)
    assert check.ok and "0 个断行" in check.measured, report.table()
    count = len(CASES[key])
    assert f"标志 {count} 个" in check.measured and f"署名 {count} 个" in check.measured, report.table()
    assert report.ok, report.table()


def test_the_old_fixed_columns_fail_with_the_cell_and_the_stub(rendered):
    _path, report = rendered["旧版式"]
    check = _check(report, NAME_CHECK)
    assert check.ok is False and not report.ok
    assert ("部件 word/document.xml › 表格1 › 第1行 › 单元格2：标志「中共高台县委网信办」断成「中共高台县委网信」/「办」，"
            "末行只剩 1 字") in check.measured
    assert "表格2 › 第3行 › 单元格3：署名「高台县人力资源和社会保障局」断成「高台县人力资源和」/「社会保障局」" in check.measured


def test_check_layout_command_exits_1_on_a_broken_name(rendered, tmp_path):
    path, _report = rendered["旧版式"]
    result = CliRunner().invoke(main, ["check-layout", str(path), "--pdf-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert NAME_CHECK in result.output and "「办」" in result.output


@pytest.mark.validator
def test_joint_outputs_pass_the_open_xml_gate(rendered):
    from helpers.ooxml_gate import assert_all_valid, require_validator

    require_validator()
    assert_all_valid(path for key, (path, _r) in rendered.items() if key != "旧版式")
