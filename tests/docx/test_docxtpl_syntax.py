"""docxtpl's template syntax in the docx engine: comments, literal tags, ``{%-``/``-%}`` paragraph merging,
and ``auto_paragraph_tags=False`` (block tags keep their paragraph, as in docxtpl)."""

from __future__ import annotations

import io

import docx
import pytest
from helpers.docx_builders import to_bytes

from reportgen.docx import DocxTemplate, JinjaExtras
from reportgen.errors import ReportgenError


def _texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _render(template: bytes, context: dict, **options) -> list[str]:
    return _texts(DocxTemplate.load(template, **options).render(context))


def test_inline_comment_is_removed_and_prefixed_comments_remove_their_paragraph(make_docx):
    template = make_docx("前{# 说明 #}后", "{#p 整段删除 #}", "保留")
    assert _render(template, {}) == ["前后", "保留"]


def test_comment_prefixes_remove_their_row_cell_and_run(make_docx):
    def build(document):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "{#tr 这一行删除 #}"
        table.cell(1, 0).text = "甲"
        table.cell(1, 1).text = "乙"
        paragraph = document.add_paragraph("前")
        paragraph.add_run("{#r 这段文字删除 #}")
        paragraph.add_run("后")

    out = docx.Document(io.BytesIO(DocxTemplate.load(make_docx(build=build)).render({})))
    table = out.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [["甲", "乙"]]
    assert out.paragraphs[-1].text == "前后"
    assert len(out.paragraphs[-1].runs) == 2


def test_cell_comment_removes_the_cell(make_docx):
    def build(document):
        table = document.add_table(rows=1, cols=3)
        table.cell(0, 0).text = "甲"
        table.cell(0, 1).text = "{#tc 删除这一格 #}"
        table.cell(0, 2).text = "丙"

    out = docx.Document(io.BytesIO(DocxTemplate.load(make_docx(build=build)).render({})))
    assert [c.text for c in out.tables[0].rows[0].cells] == ["甲", "丙"]


def test_literal_tags_print_the_delimiters_even_split_across_runs(make_docx):
    def build(document):
        paragraph = document.add_paragraph("{_")
        paragraph.add_run("{ 名称 }_} 与 {_% if x %_}")

    out = _render(make_docx("写法：{_{ 县 }_}，{{ 县 }}", build=build), {"县": "青禾县"})
    assert out == ["写法：{{ 县 }}，青禾县", "{{ 名称 }} 与 {% if x %}"]


def test_literal_tags_are_template_text_not_data(make_docx):
    # docxtpl replaces ``{_{`` in its whole output, data included; here only the template's own text
    assert _render(make_docx("{{ 值 }}"), {"值": "{_{ x }_}"}) == ["{_{ x }_}"]


def test_merging_tags_join_paragraphs_as_in_docxtpl(make_docx):
    template = make_docx("My house is located", "{%- if town -%}", " in urban area", "{%- else -%}",
                         " in countryside", "{%- endif -%}", " and I love it.")
    assert _render(template, {"town": True}) == ["My house is located in urban area and I love it."]
    assert _render(template, {"town": False}) == ["My house is located in countryside and I love it."]


def test_merging_drops_the_text_docxtpl_drops(make_docx):
    # {%- cuts from the end of the previous text: "xx " typed before it in the same run goes
    assert _render(make_docx("A", "xx {%- if t %}yy{% endif %}", "B"), {"t": True}) == ["Ayy", "B"]
    # -%} cuts up to the next text: " tail" after it goes, and the next paragraph joins
    assert _render(make_docx("A", "{% if t -%} tail", "B{% endif %}", "C"), {"t": True}) == ["A", "B", "C"]


def test_merging_keeps_the_document_valid_across_a_table(make_docx):
    def build(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = "格"
        document.add_paragraph("{%- if t %}后{% endif %}")

    out = DocxTemplate.load(make_docx("前", build=build)).render({"t": True})
    document = docx.Document(io.BytesIO(out))  # different depths: no cut, still well-formed
    assert document.tables[0].cell(0, 0).text == "格"
    assert document.paragraphs[-1].text == "后"


def test_block_tags_keep_their_paragraph_without_auto_paragraph_tags(make_docx):
    template = make_docx("{% for i in l %}", "{{ i }}", "{% endfor %}", "end")
    assert _render(template, {"l": [1, 2]}) == ["1", "2", "end"]
    assert _render(template, {"l": [1, 2]}, auto_paragraph_tags=False) == ["", "1", "", "2", "", "end"]


def test_jinja_extras_add_filters_tests_and_globals(make_docx):
    from jinja2 import Environment

    env = Environment()
    env.filters["shout"] = lambda s: str(s).upper() + "!"
    env.tests["big"] = lambda n: n > 10
    env.globals["company"] = "ACME"
    extras = JinjaExtras.from_environment(env)
    template = make_docx("{{ name|shout }} {% if n is big %}big{% endif %} {{ company }}")
    assert _render(template, {"name": "bob", "n": 11}, jinja=extras) == ["BOB! big ACME"]
    loaded = DocxTemplate.load(template, jinja=extras)
    assert loaded is DocxTemplate.load(template, jinja=JinjaExtras.from_environment(env))  # cached
    assert loaded.undeclared_names() == {"name", "n"}


def test_extra_filters_still_render_in_the_sandbox_and_escape(make_docx):
    from jinja2 import Environment

    env = Environment()
    env.filters["raw"] = lambda s: s
    extras = JinjaExtras.from_environment(env)
    out = DocxTemplate.load(make_docx("{{ v|raw }}"), jinja=extras).render({"v": "<w:p>&"})
    assert _texts(out) == ["<w:p>&"]
    with pytest.raises(ReportgenError, match="安全限制"):
        DocxTemplate.load(make_docx("{{ v.__class__ }}"), jinja=extras).render({"v": "x"})


def test_to_bytes_helper_roundtrip():
    document = docx.Document()
    document.add_paragraph("{# x #}")
    assert _texts(DocxTemplate.load(to_bytes(document), auto_paragraph_tags=False).render({})) == [""]


def test_run_tags_take_a_run_of_their_own_and_keep_the_text_around_them(make_docx):
    def build(document):
        paragraph = document.add_paragraph()
        run = paragraph.add_run("前{{r v }}中{%r if t %}是{%r endif %}后")
        run.bold = True

    out = docx.Document(io.BytesIO(DocxTemplate.load(make_docx(build=build)).render({"v": "值", "t": True})))
    paragraph = out.paragraphs[-1]
    assert paragraph.text == "前值中是后"
    assert [(r.text, r.bold) for r in paragraph.runs if r.text] == [("前", True), ("值", True), ("中", True),
                                                                    ("是", True), ("后", True)]
