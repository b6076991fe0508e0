"""Hostile templates are refused with a located error; Word's markup-compatibility prefixes survive renders.

Regression tests for issue 13: a DOCTYPE with an external entity used to be passed through unrendered
(exit 0), and table rewrites (vMerge/hMerge/column loops) dropped the ``w14``/``wp14`` declarations that
``mc:Ignorable`` still names, which makes Word refuse the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from helpers.docx_builders import to_bytes
from helpers.hostile_files import patch_part

from reportgen.cli import main
from reportgen.docx import DocxTemplate
from reportgen.ooxml.namespaces import NSMAP
from reportgen.ooxml.xml import parse_xml

XXE = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'



def _with_doctype(content: bytes) -> bytes:
    return content.replace(b"?>", b"?>\n" + XXE, 1).replace(b"{{ name }}", b"{{ name }}&xxe;")


def _render(tmp_path: Path, template: bytes) -> tuple[int, str, Path]:
    (tmp_path / "t.docx").write_bytes(template)
    (tmp_path / "d.yaml").write_text("name: 张三\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "t.docx"), "--data", str(tmp_path / "d.yaml"),
                                       "-o", str(out)])
    return result.exit_code, result.output, out


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_cli_refuses_a_doctype_in_any_part(tmp_path: Path, make_docx, part: str) -> None:
    template = patch_part(make_docx("你好 {{ name }}"), part, _with_doctype)
    code, output, out = _render(tmp_path, template)
    assert code == 1, output
    assert part in output and "DOCTYPE" in output and "内部错误" not in output
    assert not out.exists()


def test_cli_refuses_a_zip_bomb_template(tmp_path: Path, make_docx) -> None:
    def bomb(content: bytes) -> bytes:  # 8 MB of nothing: ~8 KB compressed
        return content.replace(b"</w:body>", b"</w:body>" + b" " * (8 * 1024 * 1024), 1)

    template = patch_part(make_docx("你好 {{ name }}"), "word/document.xml", bomb)
    assert len(template) < 200_000
    code, output, out = _render(tmp_path, template)
    assert code == 1, output
    assert "word/document.xml" in output and "压缩比" in output and not out.exists()


def _word_like(document: docx.Document) -> bytes:
    """python-docx's template made to look like Word 2016 output: w15 ignorable, w14:paraId everywhere."""
    def word2016(content: bytes) -> bytes:
        content = content.replace(b'mc:Ignorable="w14 wp14"', b'mc:Ignorable="w14 wp14 w15"', 1)
        content = content.replace(b"<w:document ", f'<w:document xmlns:w15="{NSMAP["w15"]}" '.encode(), 1)
        counter = iter(range(0x10000000, 0x20000000))
        return re.sub(rb"<w:p>|<w:p ", lambda m: m.group(0)[:-1] + f' w14:paraId="{next(counter):08X}"'.encode()
                      + m.group(0)[-1:], content)

    data = patch_part(to_bytes(document), "word/document.xml", word2016)
    root = parse_xml(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    assert {"w14", "wp14", "w15"} <= set(root.nsmap)
    return data


def _table(document: docx.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


@pytest.mark.parametrize("rows", [
    [["{%tr for t in 任务 %}", ""], ["{{ t.任务 }}", "{% vm %}{{ t.牵头 }}"], ["{%tr endfor %}", ""]],
    [["{%tc for t in 任务 %}", "{% hm %}{{ t.牵头 }}", "{%tc endfor %}"]],
    [["年度", "{%tc for t in 任务 %}", "{{ t.任务 }}", "{%tc endfor %}"]],
], ids=["vmerge", "hmerge", "column-loop"])
def test_table_rewrites_keep_every_ignorable_declaration(rows: list[list[str]]) -> None:
    document = docx.Document()
    document.add_paragraph("表格")
    _table(document, rows)
    tasks = [{"任务": "摸底", "牵头": "民政局"}, {"任务": "建档", "牵头": "民政局"}, {"任务": "帮扶", "牵头": "团县委"}]
    out = DocxTemplate.load(_word_like(document)).render({"任务": tasks})
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml")
    root = parse_xml(xml)
    ignorable = root.get(f"{{{NSMAP['mc']}}}Ignorable").split()
    assert ignorable == ["w14", "wp14", "w15"]
    assert all(prefix in root.nsmap for prefix in ignorable), sorted(root.nsmap)
    assert b"w14:paraId" in xml
