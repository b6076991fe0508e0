"""merge_docx: one print file whose documents each start a new page with their own setup and lists."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION_START
from helpers.batch_docs import contract
from lxml import etree

from reportgen.errors import ReportgenError
from reportgen.output.merge import merge_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _numbered_paragraph_num_ids(doc: Document) -> list[tuple[str, str]]:
    out = []
    for p in doc.paragraphs:
        num = p._p.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            out.append((p.text, num.get(f"{W}val")))
    return out


def test_each_document_is_a_section_on_a_new_page_with_its_header(tmp_path: Path) -> None:
    docs = [contract(i, landscape=(i == 2), header=(i != 3)) for i in range(5)]
    out = merge_docx(docs, tmp_path / "merged.docx")
    merged = Document(out)
    assert len(merged.sections) == 5
    assert [s.start_type for s in merged.sections[1:]] == [WD_SECTION_START.NEW_PAGE] * 4
    assert [s.orientation for s in merged.sections][2] == WD_ORIENT.LANDSCAPE
    assert merged.sections[1].orientation == WD_ORIENT.PORTRAIT
    headers = [s.header.paragraphs[0].text if s.header.paragraphs else "" for s in merged.sections]
    assert headers == ["页眉0", "页眉1", "页眉2", "", "页眉4"]  # doc 3 has none: not doc 2's
    assert not any(s.header.is_linked_to_previous for s in merged.sections[1:])
    texts = [p.text for p in merged.paragraphs]
    assert [t for t in texts if t.startswith("签字")] == [f"签字{i}" for i in range(5)]


def test_numbering_restarts_per_document_and_styles_do_not_grow(tmp_path: Path) -> None:
    few = Document(merge_docx([contract(i) for i in range(2)], tmp_path / "few.docx"))
    many = Document(merge_docx([contract(i) for i in range(20)], tmp_path / "many.docx"))
    assert len(many.styles) == len(few.styles) == len(Document(io.BytesIO(contract(0))).styles)
    pairs = _numbered_paragraph_num_ids(many)
    by_doc: dict[str, set[str]] = {}
    for text, num in pairs:
        by_doc.setdefault(text.split("-")[0], set()).add(num)
    # document 0 keeps its style's list; documents 1–19 each get their own list instance …
    assert sorted(by_doc) == sorted(f"条款{i}" for i in range(1, 20))
    assert all(len(ids) == 1 for ids in by_doc.values())
    assert len({next(iter(ids)) for ids in by_doc.values()}) == 19
    numbering = many.part.numbering_part.element
    for text, num in pairs:  # … that starts again at 1
        inst = numbering.find(f"{W}num[@{W}numId='{num}']")
        assert inst.find(f"{W}lvlOverride[@{W}ilvl='0']/{W}startOverride").get(f"{W}val") == "1", text
    # abstract definitions are shared, not copied per document
    assert len(numbering.findall(f"{W}abstractNum")) == len(few.part.numbering_part.element.findall(f"{W}abstractNum"))


def test_images_shared_and_drawing_ids_unique(tmp_path: Path) -> None:
    out = merge_docx([contract(i) for i in range(10)], tmp_path / "m.docx", odd_page=True)
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        body = etree.fromstring(z.read("word/document.xml"))
    assert len(media) == 1
    ids = [e.get("id") for e in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(ids) == 10 and len(set(ids)) == 10
    merged = Document(out)
    assert [s.start_type for s in merged.sections[1:]] == [WD_SECTION_START.ODD_PAGE] * 9
    assert len(merged.inline_shapes) == 10


def test_paths_and_broken_input(tmp_path: Path) -> None:
    a = tmp_path / "a.docx"
    a.write_bytes(contract(0))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReportgenError) as info:
        merge_docx([a, bad], tmp_path / "out.docx")
    assert "bad.docx" in str(info.value)
    assert not (tmp_path / "out.docx").exists()
    assert sorted(tmp_path.iterdir()) == sorted([a, bad])  # no temp file left


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_sees_pages_and_restarted_lists(tmp_path: Path) -> None:
    import pdfplumber

    from reportgen.output.pdf import convert_to_pdf

    out = merge_docx([contract(i, pages=2) for i in range(4)], tmp_path / "m.docx")
    pdf = convert_to_pdf(out, tmp_path / "pdf")
    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() or "" for p in doc.pages]
    assert len(pages) == 8
    for i in range(4):
        assert f"责任书{i}" in pages[2 * i]
        assert f"1. 条款{i}-0" in pages[2 * i].replace("1.\t", "1. ")
        assert f"签字{i}" in pages[2 * i + 1]
