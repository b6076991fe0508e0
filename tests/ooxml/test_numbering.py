"""One style-numbering lookup for the engine and the merger: basedOn followed, numId 0 = no numbering."""

from __future__ import annotations

from reportgen.ooxml.namespaces import W_NS
from reportgen.ooxml.numbering import max_num_id, style_numbering
from reportgen.ooxml.xml import parse_xml


def _style(sid: str, num: str | None = None, ilvl: str | None = None, based: str | None = None) -> str:
    numpr = ""
    if num is not None or ilvl is not None:
        numpr = "<w:pPr><w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl else "") + \
                (f'<w:numId w:val="{num}"/>' if num else "") + "</w:numPr></w:pPr>"
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    return f'<w:style w:type="paragraph" w:styleId="{sid}">{based_on}{numpr}</w:style>'


def test_style_numbering_follows_based_on_and_zero_removes_it() -> None:
    styles = parse_xml(f'<w:styles xmlns:w="{W_NS}">'.encode() + "".join([
        _style("ListNumber", "3", "1"), _style("Clause", based="ListNumber"), _style("SubClause", based="Clause"),
        _style("Plain", "0", based="ListNumber"), _style("PlainChild", based="Plain"),
        _style("LevelOnly", ilvl="2", based="ListNumber"), _style("Loop", based="Loop2"), _style("Loop2", based="Loop"),
    ]).encode() + b"</w:styles>")
    found = style_numbering(styles)
    assert found["ListNumber"] == found["Clause"] == found["SubClause"] == ("3", "1")
    assert found["LevelOnly"] == ("3", "1")  # a numPr without numId does not stop the inheritance
    assert "Plain" not in found and "PlainChild" not in found  # numId 0: explicitly no numbering
    assert "Loop" not in found
    assert style_numbering(None) == {}


def test_max_num_id() -> None:
    numbering = parse_xml(f'<w:numbering xmlns:w="{W_NS}"><w:num w:numId="4"/><w:num w:numId="12"/>'
                          f"</w:numbering>".encode())
    assert max_num_id(numbering) == 12 and max_num_id(None) == 0
