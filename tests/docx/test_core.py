"""Text layer, escaping, parts and caching: rendered through DocxTemplate and reopened with python-docx."""

from __future__ import annotations

import io
import pickle
import zipfile

import pytest
from helpers.docx_builders import raw_paragraph, reopen, texts, to_bytes

from reportgen.docx import DocxTemplate, DocxWarning

CTX = {"县": "青禾县", "建档立卡": {"户数": 812, "乡镇": [{"名称": "城关镇", "户数": 160}]}}


def test_plain_and_chinese_keys_with_and_without_spaces(make_docx):
    tpl = DocxTemplate.load(make_docx("{{ 县 }}共{{建档立卡.户数}}户", "无标签段落"))
    doc = reopen(tpl.render(CTX))
    assert texts(doc)[:2] == ["青禾县共812户", "无标签段落"]


@pytest.mark.parametrize("runs", [
    # Word spell-check marks and a bookmark between the pieces of one tag
    '<w:r><w:t>户数{{ 建档</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>立卡.户数</w:t></w:r>'
    '<w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t>}}户</w:t></w:r>'
    '<w:bookmarkEnd w:id="0"/>',
    # rendered page break and a revision mark (inserted text) inside the tag
    '<w:r><w:t>户数{</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t>{ 建档立卡</w:t></w:r>'
    '<w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>.户数 }</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>旧</w:delText></w:r></w:del>'
    '<w:r><w:t>}户</w:t></w:r>',
    # WPS-style: one character per run with full rPr
    "".join(f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{c}</w:t></w:r>' for c in "户数{{建档立卡.户数}}户"),
])
def test_split_runs_are_merged(runs):
    import docx

    document = docx.Document()
    raw_paragraph(document, runs)
    doc = reopen(DocxTemplate.load(to_bytes(document)).render(CTX))
    assert texts(doc)[-1] == "户数812户"


def test_smart_quotes_inside_tags_are_straightened(make_docx):
    tpl = DocxTemplate.load(make_docx("{{ 缺失|default(“无”) }}与{{ ‘甲’ ~ 县 }}"))
    assert texts(reopen(tpl.render(CTX)))[0] == "无与甲青禾县"


def test_first_run_formatting_applies_to_output():
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("前")
    paragraph.add_run("{{ 县").bold = True
    paragraph.add_run(" }}后")
    doc = reopen(DocxTemplate.load(to_bytes(document)).render(CTX))
    runs = doc.paragraphs[0].runs
    assert "".join(r.text for r in runs) == "前青禾县后"
    assert [r.text for r in runs if r.bold] == ["青禾县"]


def test_hostile_values_survive_exactly(make_docx):
    hostile = 'A <x> B & "C" \'D\' AT&T </w:t> ]]>'
    tpl = DocxTemplate.load(make_docx("[{{ a }}]", "中间", "[{{ b }}]", "末尾"))
    doc = reopen(tpl.render({"a": hostile, "b": "短"}))
    assert texts(doc) == [f"[{hostile}]", "中间", "[短]", "末尾"]


def test_ten_megabyte_value_survives(make_docx):
    from lxml import etree

    huge = "汉字" * 1_800_000  # 10.8 MB of UTF-8 (python-docx's own parser refuses text nodes this big)
    data = DocxTemplate.load(make_docx("[{{ b }}]", "末尾")).render({"b": huge})
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml, etree.XMLParser(huge_tree=True))
    paragraphs = ["".join(root.itertext()) for root in root.iter("{*}p")]
    assert paragraphs == [f"[{huge}]", "末尾"]


def test_control_characters_dropped_with_warning_and_newline_tab(make_docx):
    tpl = DocxTemplate.load(make_docx("{{ a }}", "后"))
    with pytest.warns(DocxWarning, match="控制字符"):
        data = tpl.render({"a": "甲\x00乙\x1b丙\n丁\t戊"})
    doc = reopen(data)
    assert texts(doc) == ["甲乙丙\n丁\t戊", "后"]


def test_safe_filter_cannot_inject_xml(make_docx):
    tpl = DocxTemplate.load(make_docx("{{ a|safe }}|{{ a|e }}"))
    assert texts(reopen(tpl.render({"a": "<w:p>&"})))[0] == "<w:p>&|<w:p>&"


def test_headers_footers_footnote_like_parts_and_core_properties():
    import docx

    document = docx.Document()
    document.add_paragraph("正文{{ 县 }}")
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉{{ 县 }}"
    section.footer.paragraphs[0].text = "页脚{{ 建档立卡.户数 }}"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "首页{{ 县 }}"
    document.core_properties.title = "{{ 县 }}工作总结"
    document.core_properties.author = "A&B {{ 县 }}"
    doc = reopen(DocxTemplate.load(to_bytes(document)).render(CTX))
    sect = doc.sections[0]
    assert sect.header.paragraphs[0].text == "页眉青禾县"
    assert sect.footer.paragraphs[0].text == "页脚812"
    assert sect.first_page_header.paragraphs[0].text == "首页青禾县"
    assert doc.core_properties.title == "青禾县工作总结"
    assert doc.core_properties.author == "A&B 青禾县"


def test_text_box_and_content_control_are_rendered():
    import docx

    document = docx.Document()
    raw_paragraph(document,
                  '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>控件{{ 县 }}</w:t></w:r></w:sdtContent></w:sdt>')
    raw_paragraph(document, '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
                  '<w:txbxContent><w:p><w:r><w:t>文本框{{ 县 }}</w:t></w:r></w:p></w:txbxContent>'
                  '</v:textbox></v:shape></w:pict></w:r>')
    data = DocxTemplate.load(to_bytes(document)).render(CTX)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "控件青禾县" in xml and "文本框青禾县" in xml and "{{" not in xml


def test_untouched_entries_are_copied_raw(make_docx):
    template = make_docx("{{ 县 }}")
    out = DocxTemplate.load(template).render(CTX)
    source, rendered = zipfile.ZipFile(io.BytesIO(template)), zipfile.ZipFile(io.BytesIO(out))
    assert [i.filename for i in source.infolist()] == [i.filename for i in rendered.infolist()]
    for info in source.infolist():
        if info.filename != "word/document.xml":
            assert rendered.getinfo(info.filename).compress_size == info.compress_size
            assert rendered.read(info.filename) == source.read(info.filename)
    assert rendered.testzip() is None


def test_cached_by_content_reusable_and_picklable(make_docx):
    data = make_docx("{{ 县 }}")
    first, second = DocxTemplate.load(data), DocxTemplate.load(bytes(data))
    assert first is second
    clone = pickle.loads(pickle.dumps(first))
    assert texts(reopen(clone.render({"县": "甲"})))[0] == "甲"
    assert texts(reopen(first.render({"县": "乙"})))[0] == "乙"


def test_render_to_is_atomic_and_writes_file(make_docx, tmp_path):
    tpl = DocxTemplate.load(make_docx("{{ 县 }}"))
    target = tpl.render_to(tmp_path / "out" / "a.docx", CTX)
    assert texts(reopen(target.read_bytes()))[0] == "青禾县"
    assert [p.name for p in target.parent.iterdir()] == ["a.docx"]


def test_variables_are_nested(make_docx):
    tpl = DocxTemplate.load(make_docx("{{ 县 }}", "{% for t in 建档立卡.乡镇 %}", "{{ t.名称 }}{{ t.户数 }}",
                                      "{% endfor %}", "{% set n = 1 %}{{ n }}{{ loop_free|default('') }}"))
    assert set(tpl.variables()) == {"loop_free", "县", "建档立卡.乡镇[].户数", "建档立卡.乡镇[].名称"}
