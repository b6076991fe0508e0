"""Rendering every built-in from a figures context through the project's docx engine."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from reportgen.app.builtins import render_builtin_documents


@pytest.fixture
def rendered(figures, tmp_path):
    return render_builtin_documents(figures, tmp_path / "out")


def _text(path):
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_one_file_per_party_and_no_tags_left(rendered, figures):
    names = [p.relative_to(p.parents[1]).as_posix() if p.parent.name in ("责任书", "合同书", "结对帮扶协议书") else p.name
             for p in rendered]
    assert "工作总结.docx" in names and "印发通知.docx" in names and "结对帮扶实施方案.docx" in names
    assert sum(n.startswith("责任书/") for n in names) == len(figures["责任书"])
    assert sum(n.startswith("合同书/") for n in names) == 2
    assert sum(n.startswith("结对帮扶协议书/") for n in names) == len(figures["结对安排"]["对子"])  # one per pair
    for path in rendered:
        text = _text(path)
        assert "{{" not in text and "{%" not in text, path.name


def test_figures_reach_the_text(rendered):
    summary = _text(next(p for p in rendered if p.name == "工作总结.docx"))
    assert "建档立卡贫困户700户2,700人" in summary or "建档立卡贫困户700户2700人" in summary
    assert "风险消除率66.7%" in summary and "2024年12月20日" in summary
    notice = _text(next(p for p in rendered if p.name == "印发通知.docx"))
    assert "青乡振发〔2024〕10号" in notice and "关于印发《青禾县2024年巩固拓展脱贫攻坚成果实施方案》的通知" in notice.replace("\n", "")
    assert "关于印发《青禾县2024年\n巩固拓展脱贫攻坚成果实施方案》的通知" in notice  # broken at a sense boundary
    duty = _text(next(p for p in rendered if p.parent.name == "责任书"))
    assert "人民币壹万贰仟伍佰伍拾壹元伍角（¥12,551.50）" in duty and "年　　月　　日" in duty


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps")
def test_rendered_documents_pass_the_layout_check(rendered, tmp_path):
    """Through the PDF step the demo uses: a 版记 on an odd page gets the blank page before it."""
    from reportgen.layout.check import measure_layout
    from reportgen.layout.parity import records_on_even_pages
    from reportgen.output.pdf import PdfConverter

    docs = [next(p for p in rendered if p.name == name) for name in ("工作总结.docx", "印发通知.docx", "结对帮扶实施方案.docx")]
    docs.append(next(p for p in rendered if p.parent.name == "结对帮扶协议书"))
    with PdfConverter() as converter:
        pdfs = records_on_even_pages(docs, converter, tmp_path)
    for path in docs:
        report = measure_layout(path, pdfs[path.resolve()])
        assert report.ok, report.table()
