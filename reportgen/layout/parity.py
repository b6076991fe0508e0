"""Put the 版记 on an even page (GB/T 9704 §7.4: 版记 on the last page, which is even when printed
double-sided) by measuring the rendered document.

Word has a section type for it (``evenPage``) but LibreOffice neither inserts the blank page nor keeps
the 版记 on the 版心's bottom with it, so the built-in templates start the 版记 section on a plain new
page. After rendering, :func:`record_on_even_page` converts the document, and when the 版记 is on an
odd page it puts one page break at the start of the 版记 section: the blank page it makes belongs to
that section, whose footers are empty, so neither page carries a number (§7.5).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from docx.enum.text import WD_BREAK

_RECORD_LAST = re.compile(r"印发\s*$")


def record_page(pdf: str | Path) -> tuple[int, int] | None:
    """(1-based page of the 版记's last line ``…印发``, page count), or None without a 版记."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        found = [i + 1 for i, page in enumerate(doc.pages)
                 if any(_RECORD_LAST.search(line) for line in (page.extract_text() or "").splitlines())]
        return (found[-1], len(doc.pages)) if found else None


def add_blank_page_before_record(docx: str | Path) -> None:
    """Insert a page break as the first paragraph of the document's last section (the 版记's)."""
    from docx import Document

    document = Document(str(docx))
    body = document.element.body
    breaks = [p for p in body.iterchildren() if p.tag.endswith("}p") and p.find(".//{*}sectPr") is not None]
    anchor = breaks[-1].getnext() if breaks else body[0]
    blank = copy.deepcopy(anchor) if anchor.tag.endswith("}p") else None
    from docx.text.paragraph import Paragraph

    if blank is None:
        return
    for child in list(blank):
        if not child.tag.endswith("}pPr"):
            blank.remove(child)
    anchor.addprevious(blank)
    Paragraph(blank, document).add_run().add_break(WD_BREAK.PAGE)
    document.save(str(docx))


def records_on_even_pages(docx_files, converter, pdf_dir: str | Path,
                          changed: list[Path] | None = None) -> dict[Path, Path]:
    """Render every file with one ``converter`` (a :class:`reportgen.output.pdf.PdfConverter`); those
    whose 版记 lands on an odd page get the blank page and are rendered again, together (and are added
    to ``changed`` when given). Returns {docx: final PDF}."""
    pdfs = converter.convert(docx_files, pdf_dir, strict=True)
    odd = []
    for docx, pdf in pdfs.items():
        found = record_page(pdf)
        if found is not None and found[0] % 2:
            add_blank_page_before_record(docx)
            odd.append(docx)
    if changed is not None:
        changed.extend(odd)
    if odd:
        pdfs.update(converter.convert(odd, pdf_dir, strict=True))
    return pdfs


RECORD_STYLE_ID = b'w:val="GwRecord"'  # the built-in 版记 style (reportgen.builtin.gongwen)


def has_record(docx: str | Path) -> bool:
    """Whether the document (or template) sets a 版记 in the built-in 版记 style: only those need the
    rendered page measured."""
    from reportgen.ooxml.package import Package

    pkg = Package.open(Path(docx))
    return pkg.main in pkg.by_name and RECORD_STYLE_ID in pkg.read(pkg.main)


def record_on_even_page(docx: str | Path, converter, pdf_dir: str | Path) -> Path:
    """:func:`records_on_even_pages` for one file: its final PDF."""
    return records_on_even_pages([docx], converter, pdf_dir)[Path(docx).resolve()]
