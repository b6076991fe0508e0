"""The built templates carry the GB/T 9704 format in their XML (no python-docx default leftovers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from reportgen.builtin import BUILTINS
from reportgen.builtin.build import build_all
from reportgen.layout import fonts


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[Path]:
    return build_all(tmp_path_factory.mktemp("templates"))


def test_every_builtin_is_built_and_shipped(built):
    assert [p.stem for p in built] == list(BUILTINS)
    for b in BUILTINS.values():
        assert b.docx.is_file() and b.params.is_file(), b.name


def test_page_geometry_and_settings(built):
    for path in built:
        doc = Document(str(path))
        s = doc.sections[0]
        assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)
        assert (s.top_margin.twips, s.bottom_margin.twips, s.left_margin.twips, s.right_margin.twips) == (
            2098, 1984, 1588, 1474)
        assert doc.settings.odd_and_even_pages_header_footer
        lang = doc.settings.element.find(qn("w:themeFontLang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
        footer_xml = s.footer._element.xml + s.even_page_footer._element.xml
        assert footer_xml.count(" PAGE ") == 2 and "— " in footer_xml


def test_styles_are_chinese_and_explicit(built):
    doc = Document(str(built[0]))
    styles_xml = doc.styles.element.xml
    for leftover in ("Cambria", "ja-JP", "365F91", "Theme=", "Heading 1"):
        assert leftover not in styles_xml, leftover
    expect = {"Normal": ("仿宋_GB2312", 16), "公文标题": ("方正小标宋简体", 22), "一级标题": ("黑体", 16),
              "二级标题": ("楷体_GB2312", 16), "三级标题": ("仿宋_GB2312", 16), "页码": ("宋体", 14)}
    for name, (east_asia, size) in expect.items():
        style = doc.styles[name]
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == east_asia, name
        assert style.font.size.pt == size, name
    title = doc.styles["公文标题"]
    assert title.font.bold is False
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pytest.approx(28.95) and normal.first_line_indent.pt == 32
    assert normal.widow_control is False


def test_templates_hold_their_tags_in_single_runs(built):
    for path in built:
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        joined = "\n".join(texts)
        assert joined.count("{{") == joined.count("}}"), path.name
        for p in doc.paragraphs:
            for run in p.runs:
                assert run.text.count("{{") == run.text.count("}}"), (path.name, run.text)


def test_notice_has_red_head_rule_and_joint_loop(built):
    doc = Document(str(next(p for p in built if p.stem == "印发通知")))
    xml = doc.element.xml
    assert 'w:color="FF0000"' in xml  # the red separator rule
    assert doc.styles["发文机关标志"].font.color.rgb == (0xFF, 0, 0)
    assert "{%p for 机关 in 公文.发文机关 %}" in "".join(c.text for c in doc.tables[0].rows[0].cells)
    assert any(s.orientation == 1 for s in doc.sections)  # landscape 任务分工 page
    joint_head = next(t for t in doc.tables if len(t.rows) > 1 and "文件" in t.rows[1].cells[-1].text)  # columns
    assert "{% vm %}" in joint_head.rows[1].cells[-1].text  # 文件 merged down the rows, centred beside them
    tasks = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
    assert tasks.rows[2].cells[2].text == "{{ t.牵头单位 }}"  # printed in every row: no empty continued label
    assert tasks.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_shipped_fontconfig_file_matches_code():
    shipped = Path(__file__).resolve().parents[2] / "fonts" / "60-reportgen-gbt9704.conf"
    assert shipped.read_text(encoding="utf-8") == fonts.fonts_conf(include_system=False)
    env = fonts.font_environment({})
    rules = (len(fonts.FONT_SUBSTITUTES) + len(fonts.TRADITIONAL_LANGS) * len(fonts.TRADITIONAL_SUBSTITUTES)
             + len(fonts.CJK_FALLBACK))
    assert Path(env["FONTCONFIG_FILE"]).read_text(encoding="utf-8").count("<match") == rules
