"""The same template and script rendered by docxtpl and by reportgen.compat.docxtpl give the same document:
visible text, table shapes, pictures, links, run formatting, Word comments, core properties."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import docxtpl
import pytest
from helpers.docx_builders import to_bytes
from helpers.docxtpl_diff import (
    build_full_template,
    core_properties,
    full_env,
    links,
    pictures,
    png,
    render_both,
    run_formats,
    table_shapes,
    visible_text,
)
from helpers.ooxml_gate import assert_word_valid

import reportgen.compat.docxtpl as compat


def test_same_visible_text_in_body_headers_footers_and_comments(full):
    ours, theirs = visible_text(full.ours), visible_text(full.theirs)
    assert ours["word/document.xml"] == theirs["word/document.xml"]
    assert "literal {{ name }} and {% if x %} stay" in ours["word/document.xml"]
    assert "My house is located in urban area and I love it." in ours["word/document.xml"]
    assert "escaped: a < b && c > d \"q\" 'x' </w:t>" in ours["word/document.xml"]
    assert ours == theirs


def test_same_table_shapes_rows_spans_merges_and_fills(full):
    shapes = table_shapes(full.ours)
    assert shapes == table_shapes(full.theirs)
    rows = next(s for s in shapes if s["rows"][0][0][0] == "名称")["rows"]
    assert [cell[2] for cell in (row[1] for row in rows[1:])] == ["restart", "continue", "continue"]


def test_same_pictures_sizes_and_links(full):
    ours = pictures(full.ours)
    assert ours == pictures(full.theirs)
    assert len(ours) == 6  # 4 InlineImage, 1 in the subdocument, 1 already in the template
    assert any(link == "https://example.org" for *_, link in ours)


def test_same_hyperlinks_and_rich_text_formatting(full):
    assert links(full.ours) == links(full.theirs) == [("政府网", "https://www.gov.cn")]
    formats = run_formats(full.ours)
    assert formats == run_formats(full.theirs)
    assert ("bold red", frozenset({("b", None), ("color", "FF0000"), ("sz", "28"), ("szCs", "28")})) in formats


def test_same_core_properties(full):
    assert core_properties(full.ours) == core_properties(full.theirs)
    assert core_properties(full.ours)["title"] == "工作总结"


@pytest.mark.validator
def test_reportgen_output_passes_the_open_xml_sdk_gate(full, picture_file, tmp_path):
    path, template = tmp_path / "compat_full.docx", tmp_path / "template.docx"
    path.write_bytes(full.ours)
    # python-docx's add_comment refers to comment styles its default template lacks: the template's own
    # findings are the baseline, the output may add none
    template.write_bytes(build_full_template(picture_file[0]))
    assert_word_valid(path, baseline=template)


def test_undeclared_variables_match_docxtpl_plus_document_properties(picture_file):
    template = build_full_template(picture_file[0])
    theirs = docxtpl.DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(full_env())
    ours = compat.DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(full_env())
    assert ours == theirs | {"author"}  # docxtpl does not look at docProps/core.xml; it renders it though
    assert compat.DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(
        full_env(), context={"author": 1, "name": 2}) == ours - {"author", "name"}


def test_render_flags_follow_docxtpl(make_template):
    template = make_template("{{ x }}")
    for api in (docxtpl, compat):
        tpl = api.DocxTemplate(io.BytesIO(template))
        assert (tpl.is_rendered, tpl.is_saved) == (False, False)
        tpl.render({"x": 1})
        assert tpl.is_rendered
        tpl.save(io.BytesIO())
        assert tpl.is_saved
        tpl.render_init()
        assert tpl.is_saved is False


def test_rendering_twice_starts_from_the_template_each_time(make_template):
    template = make_template("{{ x }}")
    for api in (docxtpl, compat):
        tpl = api.DocxTemplate(io.BytesIO(template))
        outputs = []
        for value in ("one", "two"):
            tpl.render({"x": value})
            buffer = io.BytesIO()
            tpl.save(buffer)
            outputs.append(visible_text(buffer.getvalue())["word/document.xml"])
        assert outputs == [["one"], ["two"]], api.__name__


def test_picture_replacements_match_docxtpl(tmp_path):
    dummy, new = tmp_path / "dummy.png", tmp_path / "new.png"
    dummy.write_bytes(png(3, 3))
    new.write_bytes(png(3, 3, b"\x00\xff\x00"))
    document = __import__("docx").Document()
    document.add_paragraph("{{ x }}")
    document.add_picture(str(dummy))
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(dummy))
    template = to_bytes(document)

    def by_name(tpl):
        tpl.replace_pic("dummy.png", str(new))

    def by_content(tpl):
        tpl.replace_media(str(dummy), str(new))

    for script in (by_name, by_content):
        both = render_both(template, lambda api, tpl: {"x": 1}, script=script)
        assert pictures(both.ours) == pictures(both.theirs)
        assert {sha for _, _, _, sha, _ in pictures(both.ours)} == {pictures_sha(new.read_bytes())}


def pictures_sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha1(data).hexdigest()[:10]


def test_missing_picture_is_an_error_as_in_docxtpl(make_template, tmp_path):
    (tmp_path / "p.png").write_bytes(png())
    for api in (docxtpl, compat):
        tpl = api.DocxTemplate(io.BytesIO(make_template("x")))
        tpl.replace_pic("nowhere.png", str(tmp_path / "p.png"))
        tpl.render({})
        with pytest.raises(ValueError, match="nowhere.png"):
            tpl.save(io.BytesIO())


def test_embedded_and_zipname_replacements_match_docxtpl(make_template, tmp_path):
    import zipfile

    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = __import__("docx").Document()
    document.add_paragraph("{{ x }}")
    for name, blob in (("sheet1", b"old workbook"), ("sheet2", b"other workbook")):  # python-docx keeps
        part = Part(PackURI(f"/word/embeddings/{name}.xlsx"), CONTENT_TYPE.SML_SHEET, blob,  # related parts only
                    document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.PACKAGE)
    buffer = io.BytesIO(to_bytes(document))
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    old.write_bytes(b"old workbook")
    new.write_bytes(b"NEW")

    def script(tpl):
        tpl.replace_embedded(str(old), str(new))
        tpl.replace_zipname("word/embeddings/sheet2.xlsx", str(new))

    both = render_both(buffer.getvalue(), lambda api, tpl: {"x": 1}, script=script)
    for data in (both.ours, both.theirs):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.read("word/embeddings/sheet1.xlsx") == b"NEW"
            assert archive.read("word/embeddings/sheet2.xlsx") == b"NEW"


@pytest.mark.parametrize("value", ["R&D", "a < b", "a < b & c</w:t></w:r><w:r><w:t>injected"])
def test_autoescape_false_cannot_inject_xml(make_template, value):
    """docxtpl without autoescape writes data into the XML as is: ``R&D`` becomes ``R``, ``a < b`` loses
    its ``<``, and markup in data becomes document structure. reportgen escapes whatever ``autoescape``
    says."""
    template = make_template("值：{{ v }}", "后面的段落")
    outputs = []
    for api in (docxtpl, compat):
        tpl = api.DocxTemplate(io.BytesIO(template))
        tpl.render({"v": value}, autoescape=False)
        tpl.save(buffer := io.BytesIO())
        outputs.append(visible_text(buffer.getvalue())["word/document.xml"])
    theirs, ours = outputs
    assert ours == [f"值：{value}", "后面的段落"]
    assert theirs != ours


SCRIPT = '''
from docxtpl import DocxTemplate, RichText, InlineImage, Listing
from docx.shared import Mm
import jinja2

tpl = DocxTemplate(TEMPLATE)
env = jinja2.Environment()
env.filters["yuan"] = lambda v: f"{v:,.2f} 元"
sd = tpl.new_subdoc()
sd.add_paragraph("附：情况说明")
context = {
    "county": "青禾县",
    "total": 1234567.891,
    "towns": [{"name": "城关镇", "n": 3}, {"name": "河口乡", "n": 4}],
    "note": RichText("重点", bold=True, color="C00000"),
    "logo": InlineImage(tpl, LOGO, width=Mm(15)),
    "lines": Listing("第一行\\n第二行"),
    "annex": sd,
}
tpl.render(context, env)
tpl.save(OUTPUT)
'''


def test_a_docxtpl_script_runs_unchanged_apart_from_its_import(tmp_path, picture_file):
    document = __import__("docx").Document()
    document.add_paragraph("{{ county }}合计 {{ total|yuan }}，{{r note }}")
    document.add_paragraph("{%p for t in towns %}")
    document.add_paragraph("{{ loop.index }}. {{ t.name }}：{{ t.n }} 户")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ logo }} {{ lines }}")
    document.add_paragraph("{{p annex }}")
    template = tmp_path / "模板.docx"
    template.write_bytes(to_bytes(document))
    outputs = []
    for name, source in (("docxtpl", SCRIPT),
                         ("compat", SCRIPT.replace("from docxtpl import", "from reportgen.compat.docxtpl import"))):
        output = tmp_path / f"{name}.docx"
        exec(textwrap.dedent(source), {"TEMPLATE": str(template), "LOGO": picture_file[1], "OUTPUT": str(output)})
        outputs.append(Path(output).read_bytes())
    theirs, ours = outputs
    assert visible_text(ours) == visible_text(theirs)
    assert visible_text(ours)["word/document.xml"][:3] == ["青禾县合计 1,234,567.89 元，重点", "1. 城关镇：3 户",
                                                          "2. 河口乡：4 户"]
    assert pictures(ours) == pictures(theirs)
    assert run_formats(ours) == run_formats(theirs)
