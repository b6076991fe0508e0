"""The OPC package: zip entries, content types and relationships.

A rendered document mostly consists of parts the template never touches (styles, fonts, themes, media).
Those are copied as their original *compressed* bytes, so a render only pays for deflating the parts
that changed. ``zipfile`` cannot write pre-compressed data, hence the small writer here.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from reportgen.docx.ooxml import CT_NS, PKG_REL_NS, parse_xml, serialize
from reportgen.errors import Location, ReportgenError

_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
_END_RECORD = struct.Struct("<IHHHHIIH")
_UTF8_FLAG = 0x800
_DEFAULT_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Entry:
    """One zip member as stored: raw (possibly deflated) bytes plus what the central directory needs."""

    name: str
    method: int
    crc: int
    size: int
    raw: bytes
    date_time: tuple[int, int, int, int, int, int]

    def data(self) -> bytes:
        if self.method == zipfile.ZIP_STORED:
            return self.raw
        if self.method == zipfile.ZIP_DEFLATED:
            return zlib.decompress(self.raw, -15)
        raise ReportgenError(f"模板中的压缩格式不受支持：{self.name}", Location(part=self.name))


def read_entries(data: bytes, source: str | None = None) -> list[Entry]:
    """All members of a .docx in stored order, keeping their compressed bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReportgenError(
            "模板不是有效的 .docx 文件（无法作为 zip 打开）", Location(file=source),
            hint="请用 Word/WPS 另存为 .docx（不是 .doc 或 .wps）后再试",
        ) from exc
    entries = []
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReportgenError("模板已加密，无法读取", Location(file=source), hint="请取消文档密码后再试")
        header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
        start = info.header_offset + _LOCAL_HEADER.size + header[9] + header[10]
        raw = data[start : start + info.compress_size]
        entries.append(Entry(info.filename, info.compress_type, info.CRC, info.file_size, raw, info.date_time))
    return entries


def deflated(name: str, content: bytes, date_time=_DEFAULT_DATE, level: int = 1) -> Entry:
    """A new entry for changed content (level 1: rendered XML compresses well even at the fastest level)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    raw = compressor.compress(content) + compressor.flush()
    return Entry(name, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content), raw, date_time)


def _dos_time(date_time) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def write_zip(entries: list[Entry]) -> bytes:
    """Serialise entries (no zip64: a Word document is far below 4 GB)."""
    out = io.BytesIO()
    central = []
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = _UTF8_FLAG if not entry.name.isascii() else 0
        dos_time, dos_date = _dos_time(entry.date_time)
        offset = out.tell()
        out.write(_LOCAL_HEADER.pack(0x04034B50, 20, flags, entry.method, dos_time, dos_date, entry.crc,
                                     len(entry.raw), entry.size, len(name), 0))
        out.write(name)
        out.write(entry.raw)
        central.append(_CENTRAL_HEADER.pack(0x02014B50, 20, 20, flags, entry.method, dos_time, dos_date,
                                            entry.crc, len(entry.raw), entry.size, len(name), 0, 0, 0, 0,
                                            0, offset) + name)
    directory_offset = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(_END_RECORD.pack(0x06054B50, 0, 0, len(entries), len(entries), len(directory),
                               directory_offset, 0))
    return out.getvalue()


def rels_name(part: str) -> str:
    """``word/document.xml`` → ``word/_rels/document.xml.rels``."""
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def resolve_target(source_part: str, target: str) -> str:
    """Absolute part name of a relative relationship target."""
    if target.startswith("/"):
        return target[1:]
    parts = source_part.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by extension, overrides by part name) of ``[Content_Types].xml``."""
    root = parse_xml(data)
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(f"{{{CT_NS}}}Default")}
    overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "")
                 for e in root.iter(f"{{{CT_NS}}}Override")}
    return defaults, overrides


def add_content_types(data: bytes, defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    """``[Content_Types].xml`` with extra Default/Override entries (existing ones are kept)."""
    root = parse_xml(data)
    have_defaults = {e.get("Extension", "").lower() for e in root.iter(f"{{{CT_NS}}}Default")}
    have_overrides = {e.get("PartName", "") for e in root.iter(f"{{{CT_NS}}}Override")}
    first_override = root.find(f"{{{CT_NS}}}Override")
    for ext, ctype in defaults.items():
        if ext.lower() not in have_defaults:
            element = etree.Element(f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
            if first_override is not None:
                first_override.addprevious(element)
            else:
                root.append(element)
    for name, ctype in overrides.items():
        if "/" + name not in have_overrides:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=ctype)
    return serialize(root)


def relationships(data: bytes | None) -> list[tuple[str, str, str, str | None]]:
    """(Id, Type, Target, TargetMode) of a .rels part."""
    if data is None:
        return []
    root = parse_xml(data)
    return [(e.get("Id", ""), e.get("Type", ""), e.get("Target", ""), e.get("TargetMode"))
            for e in root.iter(f"{{{PKG_REL_NS}}}Relationship")]


def add_relationships(data: bytes | None, rels: list[tuple[str, str, str, str | None]]) -> bytes:
    """A .rels part with ``rels`` appended (creating the part when the source had none)."""
    root = parse_xml(data) if data is not None else etree.Element(f"{{{PKG_REL_NS}}}Relationships",
                                                                  nsmap={None: PKG_REL_NS})
    for rid, rtype, target, mode in rels:
        element = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=rid, Type=rtype, Target=target)
        if mode:
            element.set("TargetMode", mode)
    return serialize(root)
