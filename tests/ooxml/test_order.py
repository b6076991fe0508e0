"""insert_in_order / ensure_child / replace_child / sort_children put children where ECMA-376 wants them."""

from __future__ import annotations

from lxml import etree

from reportgen.ooxml.namespaces import W14_NS, W_NS, w
from reportgen.ooxml.order import (
    PPR_ORDER,
    RPR_ORDER,
    SECTPR_ORDER,
    TC_ORDER,
    TCPR_ORDER,
    ensure_child,
    insert_in_order,
    replace_child,
    sort_children,
)


def _el(tag: str, *children: str) -> etree._Element:
    parent = etree.Element(w(tag), nsmap={"w": W_NS, "w14": W14_NS})
    for child in children:
        etree.SubElement(parent, child if child.startswith("{") else w(child))
    return parent


def _names(parent: etree._Element) -> list[str]:
    return [etree.QName(c).localname if isinstance(c.tag, str) else "?" for c in parent]


def test_insert_between_predecessor_and_follower() -> None:
    ppr = _el("pPr", "pStyle", "keepNext", "spacing", "jc", "rPr")
    insert_in_order(ppr, etree.Element(w("numPr")), PPR_ORDER)
    assert _names(ppr) == ["pStyle", "keepNext", "numPr", "spacing", "jc", "rPr"]
    insert_in_order(ppr, etree.Element(w("sectPr")), PPR_ORDER)
    assert _names(ppr)[-2:] == ["rPr", "sectPr"]


def test_no_predecessor_goes_before_the_first_follower_else_first() -> None:
    ppr = _el("pPr", "spacing")
    insert_in_order(ppr, etree.Element(w("pStyle")), PPR_ORDER)
    assert _names(ppr) == ["pStyle", "spacing"]
    tc = _el("tc", "p", "p")
    assert ensure_child(tc, "tcPr", TC_ORDER) is tc[0]
    assert ensure_child(tc, "tcPr", TC_ORDER) is tc[0] and len(tc) == 3


def test_other_namespaces_and_processing_instructions_are_not_ranked() -> None:
    rpr = _el("rPr", "b", f"{{{W14_NS}}}ligatures")
    insert_in_order(rpr, etree.Element(w("sz")), RPR_ORDER)
    assert _names(rpr) == ["b", "sz", "ligatures"]
    tcpr = _el("tcPr", "tcW", "vAlign")
    tcpr.append(etree.ProcessingInstruction("other", "x"))
    insert_in_order(tcpr, etree.Element(w("noWrap")), TCPR_ORDER)
    assert _names(tcpr) == ["tcW", "noWrap", "vAlign", "?"]


def test_placeholders_rank_as_the_element_they_stand_for() -> None:
    """A ``{% cellbg %}`` written before ``{% colspan %}`` still yields gridSpan before shd."""
    tcpr = _el("tcPr", "tcW", "vAlign")
    placeholders: dict[str, str] = {}
    for text, name in (("0", "shd"), ("1", "gridSpan")):
        insert_in_order(tcpr, etree.ProcessingInstruction("rg", text), TCPR_ORDER, name, placeholders=placeholders)
        placeholders[text] = name
    assert [c.text if c.tag is etree.ProcessingInstruction else etree.QName(c).localname for c in tcpr] == [
        "tcW", "1", "0", "vAlign"]


def test_header_and_footer_references_share_a_rank() -> None:
    sect = _el("sectPr", "headerReference", "footerReference", "pgSz", "pgMar")
    insert_in_order(sect, etree.Element(w("headerReference")), SECTPR_ORDER)
    replace_child(sect, "type", SECTPR_ORDER, {w("val"): "oddPage"})
    replace_child(sect, "type", SECTPR_ORDER, {w("val"): "nextPage"})
    assert _names(sect) == ["headerReference", "footerReference", "headerReference", "type", "pgSz", "pgMar"]
    assert sect.find(w("type")).get(w("val")) == "nextPage"


def test_sort_children_is_stable_and_puts_unknown_last() -> None:
    rpr = _el("rPr", "sz", f"{{{W14_NS}}}glow", "rFonts", "b", "lang")
    sort_children(rpr, RPR_ORDER)
    assert _names(rpr) == ["rFonts", "b", "sz", "lang", "glow"]
