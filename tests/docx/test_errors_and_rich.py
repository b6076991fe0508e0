"""Located errors (syntax and runtime), check/vars, CLI, and rich values (text, links, images, include)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from helpers.docx_builders import raw_paragraph, reopen, texts, to_bytes

from reportgen.cli import main
from reportgen.docx import (
    Cm,
    DocxTemplate,
    Hyperlink,
    Include,
    InlineImage,
    Mm,
    PageBreak,
    RichText,
    check_template,
)
from reportgen.errors import ErrorGroup, ReportgenError


def _png(width: int = 4, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _table_template() -> bytes:
    document = docx.Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "乡镇"
    table.cell(1, 1).text = "户数：{{ 建档立卡.户数 }} 户"
    return to_bytes(document)


def test_undefined_variable_names_part_paragraph_table_cell_tag_and_text():
    tpl = DocxTemplate.load(_table_template())
    with pytest.raises(ReportgenError) as info:
        tpl.render({"建档立卡": {}})
    error = info.value
    assert "户数" in error.message
    loc = error.location
    assert (loc.part, loc.table, loc.row, loc.cell, loc.tag) == ("word/document.xml", 1, 2, 2,
                                                               "{{ 建档立卡.户数 }}")
    assert "户数：" in loc.context and loc.paragraph == 5
    assert "default" in error.hint


def test_lenient_renders_missing_as_empty_and_default_works(make_docx):
    data = make_docx("[{{ 缺 }}][{{ 缺2|default('无') }}]")
    assert texts(reopen(DocxTemplate.load(data, undefined="lenient").render({})))[0] == "[][无]"
    assert texts(reopen(DocxTemplate.load(data).render({"缺": 1})))[0] == "[1][无]"


def test_loop_over_none_is_located(make_docx):
    tpl = DocxTemplate.load(make_docx("前", "{%p for t in 乡镇 %}", "{{ t }}", "{%p endfor %}"))
    with pytest.raises(ReportgenError) as info:
        tpl.render({"乡镇": None})
    assert "空值" in info.value.message and info.value.location.paragraph == 2
    assert info.value.location.tag == "{%p for t in 乡镇 %}"


def test_syntax_errors_are_located_and_all_errors_collects_them(make_docx):
    data = make_docx("好的{{ 县 }}", "坏的{{ 县 | }}", "{% if 县 %}没结束", "过滤器{{ 县|不存在 }}")
    with pytest.raises(ReportgenError) as info:
        DocxTemplate.load(data)
    assert info.value.location.paragraph in (2, 3)
    with pytest.raises(ErrorGroup) as group:
        DocxTemplate.load(data, all_errors=True)
    assert len(group.value.errors) >= 2
    problems = check_template(data)
    tags = {p.location.tag for p in problems}
    assert "{% if 县 %}" in tags and "{{ 县 | }}" in tags
    assert any("不存在" in p.message for p in problems)  # unknown filter found without data


def test_unclosed_and_mis_nested_tags(make_docx):
    problems = check_template(make_docx("{{ 县", "{% for x in y %}", "{% endif %}"))
    messages = " ".join(p.message for p in problems)
    assert "没有结束" in messages and "{% endif %}" in messages


def test_runtime_all_errors_collects_every_undefined(make_docx):
    tpl = DocxTemplate.load(make_docx("{{ 甲 }}", "{{ 乙 }}", "{{ 丙 }}"), all_errors=True)
    with pytest.raises(ErrorGroup) as info:
        tpl.render({"乙": 1})
    assert [e.location.paragraph for e in info.value.errors] == [1, 3]


def test_block_across_levels_is_refused():
    document = docx.Document()
    document.add_paragraph("开始{% if a %}文字")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "单元格{% endif %}"
    problems = check_template(to_bytes(document))
    assert any("层级" in p.message for p in problems)


def test_rich_text_hyperlink_and_breaks(make_docx):
    document = docx.Document()
    paragraph = document.add_paragraph("前")
    paragraph.add_run("{{ rt }}").italic = True
    paragraph.add_run("后")
    document.add_paragraph("{{r 链接 }}")
    document.add_paragraph("{{p 分页 }}")
    rt = RichText("粗红", bold=True, color="#C00000", size=16, east_asia="黑体").add("\n换行")
    data = DocxTemplate.load(to_bytes(document)).render(
        {"rt": rt, "链接": Hyperlink("政府网", "https://www.gov.cn/?a=1&b=2"), "分页": PageBreak()})
    doc = reopen(data)
    assert doc.paragraphs[0].text == "前粗红\n换行后"
    bold = [r for r in doc.paragraphs[0].runs if r.bold]
    assert bold[0].text == "粗红" and bold[0].italic and str(bold[0].font.color.rgb) == "C00000"
    assert bold[0].font.size.pt == 16
    assert bold[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    links = [r for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [r.target_ref for r in links] == ["https://www.gov.cn/?a=1&b=2"]
    assert doc.paragraphs[1].text == "政府网"
    assert doc.paragraphs[2]._p.xpath(".//w:br/@w:type") == ["page"]


def test_images_in_body_and_header_with_unique_ids():
    document = docx.Document()
    document.add_paragraph("图：{{ 图 }}")
    document.add_paragraph("{% for i in 列表 %}{{ 图 }}{% endfor %}")
    document.sections[0].header.paragraphs[0].text = "徽标{{ 徽标 }}"
    ctx = {"图": InlineImage(_png(), width=Mm(40)), "徽标": InlineImage(_png(), height=Cm(1)), "列表": [1, 2]}
    data = DocxTemplate.load(to_bytes(document)).render(ctx)
    doc = reopen(data)
    shapes = doc.inline_shapes
    assert len(shapes) == 3 and shapes[0].width == Mm(40) and shapes[0].height == Mm(20)
    header = doc.sections[0].header
    assert header._element.xpath(".//pic:pic") and header.paragraphs[0].text == "徽标"
    assert any(r.reltype.endswith("/image") for r in header.part.rels.values())
    ids = [int(x) for x in doc.element.body.xpath(".//wp:docPr/@id")] + \
        [int(x) for x in header._element.xpath(".//wp:docPr/@id")]
    assert len(ids) == len(set(ids)) == 4
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sum(n.startswith("word/media/") for n in names) == 1  # the same picture is stored once


def test_include_inserts_other_document_body(make_docx):
    sub = docx.Document()
    sub.add_paragraph("附件正文")
    sub.add_table(rows=1, cols=2).cell(0, 1).text = "附表"
    sub.add_picture(io.BytesIO(_png()), width=Mm(10))
    tpl = DocxTemplate.load(make_docx("正文", "{{p 附件 }}", "结尾"))
    doc = reopen(tpl.render({"附件": Include(to_bytes(sub))}))
    assert texts(doc)[:2] == ["正文", "附件正文"] and texts(doc)[-1] == "结尾"
    assert doc.tables[0].cell(0, 1).text == "附表" and len(doc.inline_shapes) == 1


def test_smart_quote_and_wps_fixture_file(tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "fixtures" / "docx" / "split_runs_wps.docx"
    doc = reopen(DocxTemplate.load(fixture).render({"县": "青禾县", "人数": 3000}))
    assert texts(doc) == ["青禾县共有3000人。", "说明：无"]


def test_cli_render_check_vars(tmp_path, make_docx):
    template = tmp_path / "t.docx"
    template.write_bytes(make_docx("{{ 县 }}共{{ 户数 }}户"))
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"县": "甲县", "户数": 5}, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "o.docx"
    result = runner.invoke(main, ["render", str(template), "--data", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert texts(reopen(out.read_bytes()))[0] == "甲县共5户"
    result = runner.invoke(main, ["render", str(template), "--data", "-", "-o", str(out), "--script", "tw"],
                           input="县: 青禾县\n")
    assert result.exit_code == 1 and "户数" in result.output
    assert runner.invoke(main, ["vars", str(template)]).output.split() == ["县", "户数"]
    assert runner.invoke(main, ["check", str(template)]).exit_code == 0
    bad = tmp_path / "bad.docx"
    bad.write_bytes(make_docx("{% for x in y %}"))
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1 and "endfor" in result.output


def _raw(document, xml):
    raw_paragraph(document, xml)


def test_check_reports_full_width_tag_braces_with_the_half_width_fix(make_docx):
    problems = check_template(make_docx("全县共有｛｛ 户数 ｝｝户。", "｛% if 有 %｝有｛% endif %｝", "正常的｛括号｝"))
    messages = [p.message for p in problems]
    assert any("全角括号" in m and "｛｛ 户数 ｝｝" in m for m in messages)
    assert sum("全角括号" in m for m in messages) == 3  # the two block tags too; a plain ｛括号｝ is text
    first = next(p for p in problems if "户数" in p.message)
    assert "{{ 户数 }}" in first.hint and first.location.paragraph == 1


def test_misspelt_filter_suggests_the_closest_one(make_docx):
    problems = check_template(make_docx("{{ 金额|rmb_uper }}"))
    assert any("未知的过滤器「rmb_uper」" in p.message and "是不是「rmb_upper」" in p.message for p in problems)
