"""Zip entries within limits (zip bombs refused, bounded memory), relationships and content types."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from reportgen.errors import ReportgenError
from reportgen.ooxml.archive import Limits, deflated, read_entries, stored, write_zip
from reportgen.ooxml.namespaces import CT_DOCUMENT, REL_HYPERLINK, REL_IMAGE, REL_OFFICE_DOCUMENT
from reportgen.ooxml.package import (
    Package,
    PackageWriter,
    Rel,
    add_content_types,
    add_rels,
    read_content_types,
    read_rels,
    relative_target,
    rels_name,
    rels_xml,
    resolve_target,
)

CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def _zip(members: dict[str, bytes], level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_raw_bytes_round_trip_unchanged() -> None:
    data = _zip({"[Content_Types].xml": CT, "word/document.xml": b"<a/>" * 1000, "中文.bin": b"\x00\x01"})
    entries = read_entries(data)
    again = read_entries(write_zip(entries))
    assert [(e.name, e.raw, e.crc) for e in again] == [(e.name, e.raw, e.crc) for e in entries]
    assert again[1].data() == b"<a/>" * 1000
    assert zipfile.ZipFile(io.BytesIO(write_zip([deflated("x.xml", b"<x/>"), stored("y.png", b"png")]))).read(
        "x.xml") == b"<x/>"


def test_compression_bomb_is_refused_before_inflating() -> None:
    bomb = _zip({"[Content_Types].xml": CT, "word/document.xml": b"\0" * (8 * 1024 * 1024)}, level=9)
    assert len(bomb) < 64 * 1024
    with pytest.raises(ReportgenError) as info:
        read_entries(bomb, "bomb.docx")
    assert info.value.location.part == "word/document.xml" and info.value.location.file == "bomb.docx"
    assert "压缩比" in info.value.message


@pytest.mark.parametrize(("limits", "words"), [
    (Limits(max_parts=2), "个部件"),
    (Limits(max_part_size=1000), "解压后"),
    (Limits(max_total_size=1500), "上限"),
])
def test_size_limits(limits: Limits, words: str) -> None:
    data = _zip({"[Content_Types].xml": CT, "a.xml": b"a" * 800, "b.xml": b"b" * 1200})
    with pytest.raises(ReportgenError) as info:
        read_entries(data, "big.docx", limits)
    assert words in info.value.message


def test_lying_central_directory_is_caught_with_bounded_inflation() -> None:
    data = bytearray(_zip({"[Content_Types].xml": CT, "word/document.xml": b"x" * 1_000_000}))
    central = data.rfind(b"PK\x01\x02")  # the last member's central record: claim 100 bytes
    struct.pack_into("<I", data, central + 24, 100)
    entry = read_entries(bytes(data))[-1]
    assert entry.size == 100
    with pytest.raises(ReportgenError) as info:
        entry.data()
    assert info.value.location.part == "word/document.xml" and "损坏" in info.value.message


def test_corrupt_deflate_stream_is_a_located_error() -> None:
    entry = deflated("word/document.xml", b"<a/>" * 100)
    broken = type(entry)(entry.name, entry.method, entry.crc, entry.size, b"\xff" * 20, entry.date_time)
    with pytest.raises(ReportgenError):
        broken.data()


def test_not_a_zip() -> None:
    with pytest.raises(ReportgenError) as info:
        read_entries(b"PK not really", "x.docx")
    assert info.value.location.file == "x.docx"


def test_names_and_targets() -> None:
    assert rels_name("word/document.xml") == "word/_rels/document.xml.rels"
    assert rels_name("") == "_rels/.rels"
    assert resolve_target("word/document.xml", "media/a.png") == "word/media/a.png"
    assert resolve_target("word/charts/chart1.xml", "../embeddings/b.xlsx") == "word/embeddings/b.xlsx"
    assert resolve_target("word/document.xml", "/customXml/item1.xml") == "customXml/item1.xml"
    assert resolve_target("word/document.xml", "../../../../etc/passwd") == "etc/passwd"  # never above the root
    assert relative_target("word/charts/chart1.xml", "word/embeddings/b.xlsx") == "../embeddings/b.xlsx"
    assert relative_target("", "word/document.xml") == "word/document.xml"


def test_rels_round_trip() -> None:
    rels = [Rel("rId1", REL_IMAGE, "word/media/a.png"), Rel("rId2", REL_HYPERLINK, "https://例子.cn/?a=1&b=2", True)]
    xml = rels_xml(rels, "word/document.xml")
    assert b'Target="media/a.png"' in xml and b'TargetMode="External"' in xml
    assert read_rels(xml, "word/document.xml") == rels
    more = add_rels(xml, [Rel("rId3", REL_IMAGE, "word/media/b.png")], "word/document.xml")
    assert [r.rid for r in read_rels(more, "word/document.xml")] == ["rId1", "rId2", "rId3"]
    assert read_rels(add_rels(None, rels, "word/document.xml"), "word/document.xml") == rels
    assert rels[0].kind == "image"


def test_content_types_round_trip() -> None:
    data = add_content_types(CT, {"png": "image/png", "XML": "other"}, {"word/document.xml": CT_DOCUMENT})
    defaults, overrides = read_content_types(data)
    assert defaults == {"xml": "application/xml", "png": "image/png"}
    assert overrides == {"word/document.xml": CT_DOCUMENT}
    assert read_content_types(add_content_types(data, {}, {"word/document.xml": "x"})) == (defaults, overrides)


def test_package_writer_and_reader_round_trip() -> None:
    writer = PackageWriter()
    writer.defaults.update({"xml": "application/xml", "rels": "application/vnd.openxmlformats-package.relationships+xml"})
    writer.add("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="w"/>', CT_DOCUMENT,
               [Rel("rId1", REL_IMAGE, "word/media/a.png")])
    writer.add("word/media/a.png", b"\x89PNG", "image/png")
    writer.rels[""] = [Rel("rId1", REL_OFFICE_DOCUMENT, "word/document.xml")]
    assert writer.free_name("WORD/media/a.png") == "WORD/media/a_2.png"
    buf = io.BytesIO()
    writer.write(buf)
    pkg = Package(buf.getvalue(), "out.docx")
    assert pkg.main == "word/document.xml"
    assert pkg.content_type("word/document.xml") == CT_DOCUMENT
    assert pkg.content_type("word/media/a.png") == "image/png"
    assert pkg.rels("word/document.xml") == [Rel("rId1", REL_IMAGE, "word/media/a.png")]
    assert pkg.read("word/media/a.png") == b"\x89PNG"
    assert zlib.crc32(buf.getvalue()) == zlib.crc32(_write_again(writer))  # deterministic output


def _write_again(writer: PackageWriter) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_package_refuses_doctype_in_a_part_it_only_copies() -> None:
    data = _zip({"[Content_Types].xml": CT,
                 "word/styles.xml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e "x">]><s/>'})
    pkg = Package(data, "t.docx")
    with pytest.raises(ReportgenError) as info:
        pkg.read("word/styles.xml")
    assert info.value.location.part == "word/styles.xml"
