"""A bookmark inside a loop body is repeated: each copy gets its own id and name (Word needs both unique;
the Open XML SDK reports Sem_UniqueAttributeValue otherwise)."""

from __future__ import annotations

import io
import zipfile

import docx
from helpers.docx_builders import raw_paragraph, to_bytes
from lxml import etree

from reportgen.docx import DocxTemplate

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _template() -> bytes:
    document = docx.Document()
    document.add_paragraph("{%p for 村 in 村列表 %}")
    raw_paragraph(document, '<w:bookmarkStart w:id="0" w:name="村名"/><w:r><w:t>{{ 村 }}</w:t></w:r>'
                            '<w:bookmarkEnd w:id="0"/>')
    document.add_paragraph("{%p endfor %}")
    raw_paragraph(document, '<w:bookmarkStart w:id="7" w:name="结尾"/><w:r><w:t>完</w:t></w:r>'
                            '<w:bookmarkEnd w:id="7"/>')
    return to_bytes(document)


def test_bookmarks_repeated_by_a_paragraph_loop_get_unique_ids_and_names():
    out = DocxTemplate.load(_template()).render({"村列表": ["东村", "西村", "南村"]})
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml"))
    starts = root.findall(f".//{{{W_NS}}}bookmarkStart")
    ends = root.findall(f".//{{{W_NS}}}bookmarkEnd")
    ids = [s.get(f"{{{W_NS}}}id") for s in starts]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert sorted(ids) == sorted(e.get(f"{{{W_NS}}}id") for e in ends)  # every start still has its end
    names = [s.get(f"{{{W_NS}}}name") for s in starts]
    assert names == ["村名", "村名_2", "村名_3", "结尾"]
    # each end follows its own start in document order
    order = [(el.tag.endswith("Start"), el.get(f"{{{W_NS}}}id")) for el in root.iter(
        f"{{{W_NS}}}bookmarkStart", f"{{{W_NS}}}bookmarkEnd")]
    open_ids: list[str] = []
    for is_start, value in order:
        if is_start:
            open_ids.append(value)
        else:
            assert value == open_ids.pop()
