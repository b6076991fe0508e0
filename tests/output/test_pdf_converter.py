"""PDF conversion through one LibreOffice profile: page counts, chunking, clear error without soffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from reportgen.errors import MissingDependencyError
from reportgen.output import pdf as pdf_mod
from reportgen.output.pdf import PdfConverter, page_count

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) 未安装：sudo apt-get install libreoffice-writer-nogui")


def _docx(path: Path, pages: int) -> Path:
    doc = Document()
    for i in range(pages):
        if i:
            doc.add_page_break()
        doc.add_paragraph(f"第{i + 1}页 责任书")
    doc.save(path)
    return path


@pytest.mark.libreoffice
@needs_soffice
def test_many_files_one_start_page_counts(tmp_path: Path) -> None:
    a = _docx(tmp_path / "甲_村.docx", 1)
    b = _docx(tmp_path / "乙 村.docx", 3)
    sub = tmp_path / "sub"
    sub.mkdir()
    c = _docx(sub / "甲_村.docx", 2)  # same stem as ``a``: must not overwrite its PDF
    with PdfConverter() as conv:
        done = conv.convert([a, b, c], tmp_path / "pdf")
        assert conv.starts == 2  # the stem clash forces a second chunk, not one start per file
    assert {src: page_count(pdf) for src, pdf in done.items()} == {a.resolve(): 1, b.resolve(): 3, c.resolve(): 2}
    assert not list((tmp_path / "pdf").glob(".pdf-staging-*"))
    assert not list((tmp_path / "pdf").glob(".~reportgen-*"))  # the staging folder (one temp-name scheme)


@pytest.mark.libreoffice
@needs_soffice
def test_missing_input_is_reported_not_raised(tmp_path: Path) -> None:
    a = _docx(tmp_path / "a.docx", 2)
    with PdfConverter(chunk_size=1) as conv:
        done = conv.convert([a, tmp_path / "nope.docx"], tmp_path / "pdf")
    assert list(done) == [a.resolve()]
    assert page_count(done[a.resolve()]) == 2
    assert (tmp_path / "nope.docx").resolve() in conv.failures


def test_missing_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: None)
    with pytest.raises(MissingDependencyError) as info:
        PdfConverter()
    assert "apt-get install libreoffice-writer-nogui" in (info.value.hint or "")
