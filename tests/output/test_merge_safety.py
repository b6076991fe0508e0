"""merge_docx goes through the ooxml layer: hostile parts refused, Word's ignorable prefixes kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers.batch_docs import contract
from helpers.hostile_files import patch_part

from reportgen.errors import ReportgenError
from reportgen.ooxml.namespaces import MC_NS, NSMAP
from reportgen.ooxml.xml import parse_xml
from reportgen.output.merge import merge_docx


def test_doctype_in_a_copied_part_is_refused(tmp_path: Path) -> None:
    bad = patch_part(contract(1), "word/header1.xml",
                 lambda c: c.replace(b"?>", b'?><!DOCTYPE w:hdr [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1))
    with pytest.raises(ReportgenError) as info:
        merge_docx([contract(0), bad], tmp_path / "m.docx")
    assert info.value.location.part == "word/header1.xml" and info.value.location.file == "第2个文档"
    assert not (tmp_path / "m.docx").exists()


def test_merged_document_declares_every_ignorable_prefix(tmp_path: Path) -> None:
    def word2016(content: bytes) -> bytes:
        content = content.replace(b'mc:Ignorable="w14 wp14"', b'mc:Ignorable="w14 wp14 w15"', 1)
        return content.replace(b"<w:document ", f'<w:document xmlns:w15="{NSMAP["w15"]}" '.encode(), 1)

    docs = [patch_part(contract(i), "word/document.xml", word2016) for i in range(3)]
    out = merge_docx(docs, tmp_path / "m.docx")
    root = parse_xml(zipfile.ZipFile(out).read("word/document.xml"))
    ignorable = root.get(f"{{{MC_NS}}}Ignorable").split()
    assert "w15" in ignorable and all(prefix in root.nsmap for prefix in ignorable)
