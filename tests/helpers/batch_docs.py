"""Small .docx fixtures for batch and merge tests, built in code (the built-in 责任书 templates live elsewhere)."""

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


def party_template(path, *, numbered: bool = True):
    """A small 责任书 template whose paragraphs hold Jinja expressions (one per paragraph)."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "青禾县防止返贫致贫责任书"
    doc.add_heading("{{ 行政村 }}防止返贫致贫工作责任书", 1)
    doc.add_paragraph("甲方：{{ 甲方 }}（负责人：{{ 甲方负责人 }}）")
    doc.add_paragraph("乙方：{{ 乙方 }}（负责人：{{ 乙方负责人 }}）")
    for k in range(3):
        doc.add_paragraph(f"责任条款{k + 1}：按月排查，{{{{ 行政村 }}}}第{k + 1}项。",
                          style="List Number" if numbered else None)
    doc.add_paragraph("户数：{{ 成员|length }}；成员：{{ 成员|map(attribute='姓名', default='')|join('、') }}")
    doc.add_page_break()
    doc.add_paragraph("签订日期：{{ 签订日期 if 签订日期 is defined else '' }}")
    doc.save(path)
    return path


def crashing_engine(template, marker=None, row=20):
    """The real docx engine, but it kills its worker process the first time it renders Excel row ``row``
    (a simulated crash); ``marker`` (default: beside the template) records that it did."""
    import os
    from pathlib import Path

    from reportgen.batch import docx_engine

    render = docx_engine(template)
    marker = Path(marker) if marker else Path(template).with_suffix(".crashed")

    def crash_once(context: dict) -> bytes:
        if context.get("_row") == row and not marker.exists():
            marker.write_text("x")
            os._exit(3)
        return render(context)

    return crash_once
