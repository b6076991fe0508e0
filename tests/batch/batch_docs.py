"""Small .docx fixtures built in code (the built-in 责任书 templates live elsewhere)."""

from __future__ import annotations

import io
import struct
import zlib

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Inches


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) \
        + chunk(b"IEND", b"")


def contract(i: int, *, landscape: bool = False, header: bool = True, pages: int = 1) -> bytes:
    """A small 合同 with a header, a numbered list (style numbering), an image and ``pages`` pages."""
    doc = Document()
    if header:
        doc.sections[0].header.paragraphs[0].text = f"页眉{i}"
    if landscape:
        s = doc.sections[0]
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = s.page_height, s.page_width
    doc.add_heading(f"责任书{i}", 1)
    for k in range(3):
        doc.add_paragraph(f"条款{i}-{k}", style="List Number")
    doc.add_picture(io.BytesIO(tiny_png()), width=Inches(0.5))
    for _ in range(pages - 1):
        doc.add_page_break()
        doc.add_paragraph("续页")
    doc.add_paragraph(f"签字{i}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
