"""Use case: small page images of finished documents, so a clerk can glance at them before downloading.

Each document goes to PDF with LibreOffice (a PDF already made beside it in ``pdf/`` is reused), then
poppler's ``pdftoppm`` draws its first pages. Without LibreOffice or poppler there are no previews.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def soffice_available() -> bool:
    """Is LibreOffice installed (PDFs and previews can be made)?"""
    from reportgen.output.pdf import find_soffice

    return find_soffice() is not None


def document_previews(documents: list[Path], work: Path, pages: int = 2) -> dict[Path, list[Path]]:
    """{document: images of its first ``pages`` pages}; PDFs and images go under ``work``."""
    from reportgen.output.pdf import PdfConverter

    pdfs: dict[Path, Path] = {}
    todo = []
    for doc in documents:
        made = doc.parent / "pdf" / f"{doc.stem}.pdf"  # build's PDF: 是 writes 文档/pdf/NAME.pdf
        if made.is_file():
            pdfs[doc] = made
        else:
            todo.append(doc)
    if todo:
        with PdfConverter() as converter:
            done = {Path(d).resolve(): pdf for d, pdf in converter.convert(todo, work / "pdf").items()}
        pdfs.update({doc: done[doc.resolve()] for doc in todo if doc.resolve() in done})
    return {doc: page_images(pdfs[doc], work / "previews", pages) for doc in documents if doc in pdfs}


def page_images(pdf: Path, folder: Path, pages: int) -> list[Path]:
    """The first ``pages`` pages of ``pdf`` as small PNGs (poppler's pdftoppm); [] when it is missing."""
    if shutil.which("pdftoppm") is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"p{len(list(folder.iterdir()))}"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", str(pages), str(pdf), str(stem)],
                   check=False, capture_output=True, timeout=120)
    return sorted(folder.glob(f"{stem.name}-*.png"))


__all__ = ["soffice_available", "document_previews", "page_images"]
