"""Build real .docx templates in code (python-docx, plus raw XML for what Word/WPS do to runs)."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = nsdecls("w")


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reopen(data: bytes):
    return docx.Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def raw_paragraph(document, runs_xml: str) -> None:
    """Append a paragraph given as the inner XML of ``w:p`` (split runs, proofErr, bookmarks…)."""
    document.element.body.insert(len(document.element.body) - 1, parse_xml(f"<w:p {W}>{runs_xml}</w:p>"))
