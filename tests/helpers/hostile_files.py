"""Builders for hostile and mistaken input files (issue 13): zips with forged directories, parts with a
DOCTYPE, files whose content is not what their extension says, small valid templates to break."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl

from helpers.docx_builders import to_bytes

XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def docx_template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return to_bytes(document)


def xlsx_template(cells: dict[str, object]) -> bytes:
    wb = openpyxl.Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plain_zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def patch_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same package with one part's bytes changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def add_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def with_doctype(content: bytes) -> bytes:
    """An XML part with an external-entity DOCTYPE after its declaration (behind a comment, too)."""
    head, sep, rest = content.partition(b"?>")
    return head + sep + b"<!-- <a> -->" + XXE + rest if sep else XXE + content


def forge_size(data: bytes, part: str, size: int) -> bytes:
    """The package with the central directory claiming ``size`` uncompressed bytes for ``part``: what a
    zip bomb looks like to a reader that checks the directory (the data itself is not touched)."""
    buf = bytearray(data)
    name = part.encode("utf-8")
    pos = 0
    while (pos := buf.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46: pos + 46 + name_len]) == name:
            struct.pack_into("<I", buf, pos + 24, size)
            return bytes(buf)
        pos += 4
    raise KeyError(part)


def ratio_bomb(data: bytes, part: str = "xl/media/bomb.bin", mb: int = 6) -> bytes:
    """A real part of ``mb`` MB of zeros (compression ratio about 1000)."""
    return add_parts(data, {part: bytes(mb * 1024 * 1024)})


def many_parts(data: bytes, count: int = 10_001) -> bytes:
    return add_parts(data, {f"customXml/item{i}.bin": b"" for i in range(count)})


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
