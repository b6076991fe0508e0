"""Property-based tests of the text layer and tokenizer (Hypothesis; issue 13, fuzzing).

A paragraph ``literal {{ v0 }} literal {{ v1 }} …`` is cut into runs at random places, with what Word
and WPS put between runs (spell-check marks, bookmarks — also spanning a tag —, rendered page breaks,
differing run properties), and rendered with hostile values (``<``, ``&``, ``]]>``, control characters,
lone surrogates, RTL marks, emoji, braces). The visible text of the output must be exactly the intended
text (with what Word cannot hold dropped and \\n, \\t, \\f as breaks), the output must reparse with the
hardened parser and open in python-docx, and a few examples go through the Open XML SDK gate.

Examples per run: the ``ci`` Hypothesis profile (tests/conftest.py) — ``REPORTGEN_FUZZ_EXAMPLES`` raises it.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
import zipfile
from html import escape
from io import BytesIO

import docx
import pytest
from helpers.docx_builders import raw_paragraph, to_bytes
from helpers.hostile_files import patch_part
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.docx import DocxTemplate
from reportgen.ooxml.namespaces import W_NS
from reportgen.ooxml.xml import parse_xml

# 60 examples per CI run (deterministic: the "ci" profile in tests/conftest.py); more with
# REPORTGEN_FUZZ_EXAMPLES=2000, or HYPOTHESIS_PROFILE=fuzz for fresh random examples.
EXAMPLES = int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "2000" if settings.default.max_examples > 100 else "60"))
FUZZ = settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])

LITERAL = st.text(st.sampled_from(list("户数乡镇村年度 abcXYZ019，。：；、（）<>&\"'")), max_size=6)
HOSTILE = ["<", ">", "&", "&amp;", "]]>", "<w:t>", '"', "'", "\x00", "\x01", "\x0b", "\x1f", "\t", "\n", "\r",
           "\r\n", "\x0c", "\ud800", "\udfff", "\ufffe", "\u200f", "\u202e", "\u200d", "😀", "👨‍👩‍👧", "𠀀",
           "{{ x }}", "{%", "}}", "%}", "{#", " ", "  ", "户"]
VALUE = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=3)), max_size=6).map("".join)

NOISE = ["", '<w:proofErr w:type="spellStart"/>', '<w:proofErr w:type="spellEnd"/>',
         '<w:proofErr w:type="gramStart"/>', "<w:bookmarkStart/>", "<w:bookmarkEnd/>", "<w:lastRenderedPageBreak/>"]
RPR = ["", "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>',
       '<w:rPr><w:lang w:eastAsia="zh-CN"/></w:rPr>']
_DROPPED = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@st.composite
def paragraphs(draw):
    """(template text, values, runs XML)."""
    count = draw(st.integers(1, 3))
    pieces = [draw(LITERAL)]
    for i in range(count):
        pieces += [f"{{{{ v{i} }}}}" if draw(st.booleans()) else f"{{{{v{i}}}}}", draw(LITERAL)]
    text = "".join(pieces)
    values = {f"v{i}": draw(VALUE) for i in range(count)}
    cuts = sorted(draw(st.sets(st.integers(1, max(len(text) - 1, 1)), max_size=len(text))))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True) if b > a]
    return text, values, _runs(draw, chunks)


def _runs(draw, chunks: list[str]) -> str:
    xml, open_marks, next_id = [], [], 0
    for chunk in chunks:
        noise = draw(st.sampled_from(NOISE))
        page_break = ""
        if noise == "<w:bookmarkStart/>":
            xml.append(f'<w:bookmarkStart w:id="{next_id}" w:name="_Fuzz{next_id}"/>')
            open_marks.append(next_id)
            next_id += 1
        elif noise == "<w:bookmarkEnd/>" and open_marks:
            xml.append(f'<w:bookmarkEnd w:id="{open_marks.pop(0)}"/>')
        elif noise == "<w:lastRenderedPageBreak/>":
            page_break = noise
        elif noise.startswith("<w:proofErr"):
            xml.append(noise)
        rpr = draw(st.sampled_from(RPR))
        xml.append(f'<w:r>{rpr}{page_break}<w:t xml:space="preserve">{escape(chunk, quote=False)}</w:t></w:r>')
    xml += [f'<w:bookmarkEnd w:id="{i}"/>' for i in open_marks]
    return "".join(xml)


def intended(text: str, values: dict[str, str]) -> str:
    """What a reader should see: values as given, minus what Word cannot hold; \\r as a line break."""
    def visible(value: str) -> str:
        return _DROPPED.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))

    return re.sub(r"\{\{ ?(v\d) ?\}\}", lambda m: visible(values[m.group(1)]), text)


def visible_text(data: bytes) -> str:
    """The body's text as Word shows it: w:t, w:tab → \\t, w:br → \\n, a page break → \\f."""
    root = parse_xml(zipfile.ZipFile(BytesIO(data)).read("word/document.xml"), "word/document.xml")
    out = []
    for el in root.iter(f"{{{W_NS}}}t", f"{{{W_NS}}}tab", f"{{{W_NS}}}br", f"{{{W_NS}}}cr"):
        name = el.tag.rsplit("}", 1)[1]
        if name == "t":
            out.append(el.text or "")
        elif name == "tab":
            out.append("\t")
        else:
            out.append("\f" if el.get(f"{{{W_NS}}}type") == "page" else "\n")
    return "".join(out)


_MARK = "\u2063FUZZ\u2063"


@functools.cache
def _base() -> tuple[bytes, bytes]:
    """An ordinary python-docx document with one marked paragraph, and its document.xml (built once)."""
    document = docx.Document()
    raw_paragraph(document, f"<w:r><w:t>{_MARK}</w:t></w:r>")
    data = to_bytes(document)
    return data, zipfile.ZipFile(BytesIO(data)).read("word/document.xml")


def _template(runs: str) -> bytes:
    """The base document with the marked paragraph's runs replaced by ``runs``."""
    data, xml = _base()
    marked = f"<w:r><w:t>{_MARK}</w:t></w:r>".encode()
    body = xml.replace(marked, runs.encode("utf-8"))
    assert body != xml
    return patch_part(data, "word/document.xml", lambda _: body)


def _render(runs: str, values: dict[str, str]) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "控制字符已删除" is expected for hostile values
        return DocxTemplate.load(_template(runs)).render(values)


@FUZZ
@given(paragraphs())
def test_random_run_splits_and_hostile_values_render_the_intended_text(case):
    text, values, runs = case
    data = _render(runs, values)
    assert visible_text(data) == intended(text, values)
    reopened = docx.Document(BytesIO(data))  # python-docx reads it too
    assert len(reopened.paragraphs) >= 1
    for name in zipfile.ZipFile(BytesIO(data)).namelist():
        if name.endswith(".xml"):
            parse_xml(zipfile.ZipFile(BytesIO(data)).read(name), name)  # well-formed, no DOCTYPE


@pytest.mark.validator
@settings(max_examples=3,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(paragraphs())
def test_fuzzed_renders_pass_the_sdk_gate(tmp_path_factory, case):
    from helpers.ooxml_gate import assert_word_valid

    _, values, runs = case
    folder = tmp_path_factory.mktemp("fuzz")
    template, output = folder / "t.docx", folder / "out.docx"
    template.write_bytes(_template(runs))
    output.write_bytes(_render(runs, values))
    assert_word_valid(output, baseline=template)
