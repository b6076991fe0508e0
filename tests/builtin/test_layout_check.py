"""The rendered-page checker measures real PDFs (LibreOffice) and fails on a wrong layout."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from docx.shared import Mm

from reportgen.builtin.compose import para
from reportgen.builtin.gongwen import new_document, normalize
from reportgen.cli import main
from reportgen.format.titles import title_breaks

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps"),
]
TEXT = "为深入贯彻落实党中央国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署全县上下坚持以人民为中心" * 14


TITLE = "青禾县2024年巩固拓展脱贫攻坚成果工作总结"


def _document(path, top_mm=None, title=None):
    doc = new_document()
    para(doc, title or title_breaks(TITLE, "青禾县"), "公文标题")
    para(doc, "", "主送机关")
    for _ in range(2):
        para(doc, TEXT)
    para(doc, "", "主送机关")
    para(doc, "青禾县乡村振兴局", "署名")
    para(doc, "2024年12月20日", "成文日期")
    if top_mm:
        doc.sections[0].top_margin = Mm(top_mm)
    normalize(doc)
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("layout")
    return (_document(tmp / "good.docx"), _document(tmp / "bad.docx", top_mm=25),
            _document(tmp / "stub.docx", title=TITLE))


def test_gbt9704_page_passes_with_measured_figures(docs, tmp_path):
    result = CliRunner().invoke(main, ["check-layout", str(docs[0]), "--pdf-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "22 行" in result.output and "28 字×" in result.output and "全部通过" in result.output
    assert (tmp_path / "good.pdf").is_file()


def test_wrong_margin_fails_with_exit_code(docs, tmp_path):
    result = CliRunner().invoke(main, ["check-layout", str(docs[1]), "--pdf-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "不通过" in result.output and "上边距" in result.output


def test_title_wrapped_by_the_renderer_leaves_a_stub_line_and_fails(docs, tmp_path):
    result = CliRunner().invoke(main, ["check-layout", str(docs[2]), "--pdf-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "标题回行" in result.output and "21/1 字" in result.output and "「结」" in result.output


def test_blank_lines_before_the_signature_count_as_grid_lines(tmp_path):
    """Regression: a full page of 18 text lines, the 2 empty lines before the 署名, 署名 and 日期 fills the 22
    grid lines; the checker counted only the 20 lines with text and failed 满页行数 (流动人口情况汇报)."""
    doc = new_document()
    para(doc, TEXT[:26 + 17 * 28])  # 18 lines: 26 characters after the 2-character indent, then 17 × 28
    para(doc, "", "主送机关")
    para(doc, "", "主送机关")
    para(doc, "青禾县卫生健康局", "署名")
    para(doc, "2024年12月25日", "成文日期")
    normalize(doc)
    path = tmp_path / "blank-lines.docx"
    doc.save(str(path))
    result = CliRunner().invoke(main, ["check-layout", str(path), "--pdf-dir", str(tmp_path)])
    row = next(line for line in result.output.splitlines() if line.startswith("满页行数"))
    assert "第 1 页 22 行" in row and row.rstrip().endswith("通过") and "不通过" not in row, result.output
