"""Zip entries of an OPC package, read and written as their raw compressed bytes, within size limits.

A rendered document mostly consists of parts the template never touches (styles, fonts, themes, media).
Those are copied as their original *compressed* bytes, so a render only pays for deflating the parts that
changed; ``zipfile`` cannot write pre-compressed data, hence the small writer here. Reading checks the
limits on the central directory first and decompresses with a bound, so a zip bomb costs neither time nor
memory: it is refused with an error naming the part.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from reportgen.errors import Location, ReportgenError
from reportgen.io.untrusted import LIMITS, Limits, check_directory, not_a_package

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
        """The uncompressed bytes, never more than the declared size (a lying header is an error)."""
        if self.method == zipfile.ZIP_STORED:
            content = self.raw
        elif self.method == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-15)
            try:
                content = inflater.decompress(self.raw, self.size + 1)
            except zlib.error as exc:
                raise _damaged(self.name, str(exc)) from None
        else:
            raise ReportgenError(f"压缩格式不受支持：{self.name}", Location(part=self.name),
                                 hint="请用 Word/WPS 打开后另存为 .docx 再试")
        if len(content) != self.size or zlib.crc32(content) != self.crc:
            raise _damaged(self.name, "内容与 zip 目录中记录的大小或校验值不符")
        return content


def _damaged(part: str, detail: str) -> ReportgenError:
    return ReportgenError(f"文件中的部件 {part} 已损坏：{detail}", Location(part=part),
                          hint="请用 Word/WPS 打开后另存为 .docx 再试")


def read_entries(data: bytes, source: str | None = None, limits: Limits = LIMITS) -> list[Entry]:
    """All members of a package in stored order, keeping their compressed bytes (limits checked first)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_a_package(source, limits, data[:8]) from None
    check_directory(infos, source, limits)
    entries = []
    for info in infos:
        name = info.filename
        try:
            header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
        except struct.error:
            raise _damaged(name, "zip 目录指向文件之外") from None
        start = info.header_offset + _LOCAL_HEADER.size + header[9] + header[10]
        raw = data[start : start + info.compress_size]
        entries.append(Entry(name, info.compress_type, info.CRC, info.file_size, raw, info.date_time))
    return entries


def deflated(name: str, content: bytes, date_time=_DEFAULT_DATE, level: int = 1) -> Entry:
    """A new entry for changed content (level 1: rendered XML compresses well even at the fastest level)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    raw = compressor.compress(content) + compressor.flush()
    return Entry(name, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content), raw, date_time)


def stored(name: str, content: bytes, date_time=_DEFAULT_DATE) -> Entry:
    """A new entry kept uncompressed (images and other already-compressed data)."""
    return Entry(name, zipfile.ZIP_STORED, zlib.crc32(content), len(content), content, date_time)


def _dos_time(date_time) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def write_zip(entries: Iterable[Entry], stream: BinaryIO | None = None) -> bytes:
    """Serialise entries to ``stream`` (or return the bytes). No zip64: a Word document is far below 4 GB."""
    out = stream if stream is not None else io.BytesIO()
    start = out.tell() if stream is not None else 0
    central = []
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = _UTF8_FLAG if not entry.name.isascii() else 0
        dos_time, dos_date = _dos_time(entry.date_time)
        offset = out.tell() - start
        out.write(_LOCAL_HEADER.pack(0x04034B50, 20, flags, entry.method, dos_time, dos_date, entry.crc,
                                     len(entry.raw), entry.size, len(name), 0))
        out.write(name)
        out.write(entry.raw)
        central.append(_CENTRAL_HEADER.pack(0x02014B50, 20, 20, flags, entry.method, dos_time, dos_date,
                                            entry.crc, len(entry.raw), entry.size, len(name), 0, 0, 0, 0,
                                            0, offset) + name)
    directory_offset = out.tell() - start
    if directory_offset > 0xFFFFFFFF or len(central) > 0xFFFF:
        raise ReportgenError("生成的文件超过 4 GB 或 65535 个部件，无法写成 .docx",
                             hint="请分批合并（每个文件少放一些文档）")
    directory = b"".join(central)
    out.write(directory)
    out.write(_END_RECORD.pack(0x06054B50, 0, 0, len(central), len(central), len(directory),
                               directory_offset, 0))
    return out.getvalue() if stream is None else b""
