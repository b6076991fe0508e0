"""List numbering that restarts for each loop item (docxtpl #425), poi-tl style.

A numbered list inside a ``{% for %}`` body gets a fresh ``w:num`` (same abstract list, start override 1)
for each loop item, so every item's list starts at 1. A loop whose body is just one numbered paragraph
*is* the list, so it keeps counting — restarted by the enclosing loop, if any. ``list_numbering="continue"``
turns all of this off.
"""

from __future__ import annotations

from lxml import etree

from reportgen.docx.markers import BLOCK_CLOSE, BLOCK_OPEN, VAR_CLOSE, VAR_OPEN, Emission, Emit
from reportgen.ooxml.namespaces import W_NUMID, W_NUMPR, W_P, W_PPR, w
from reportgen.ooxml.numbering import NO_NUMBERING
from reportgen.ooxml.order import PPR_ORDER, insert_in_order
from reportgen.ooxml.xml import parse_xml, serialize


def _num_id(paragraph: etree._Element, styles: dict | None = None) -> etree._Element | None:
    """The paragraph's ``w:numId``; with ``styles``, one inherited from its style is written out first."""
    ppr = paragraph.find(W_PPR)
    numpr = ppr.find(W_NUMPR) if ppr is not None else None
    num_id = numpr.find(W_NUMID) if numpr is not None else None
    if num_id is None and styles and ppr is not None and ppr.find(w("pStyle")) is not None:
        found = styles.get(ppr.find(w("pStyle")).get(w("val")))
        if found is None:
            return None
        numpr = ppr.makeelement(W_NUMPR, {})
        numpr.append(ppr.makeelement(w("ilvl"), {w("val"): found[1]}))
        num_id = ppr.makeelement(W_NUMID, {w("val"): found[0]})
        numpr.append(num_id)
        insert_in_order(ppr, numpr, PPR_ORDER)
    if num_id is None or num_id.get(w("val")) in (None, NO_NUMBERING):
        return None
    return num_id


def mark_restarts(root: etree._Element, emissions: list[Emission], style_numbering: dict[str, tuple[str, str]],
                  emit: Emit) -> None:
    """Replace ``w:numId`` of numbered paragraphs inside loops by a per-loop-item numbering id."""
    stack: list[dict] = []
    loops = 0
    for node in root.iter(W_P, etree.ProcessingInstruction):
        if node.tag == W_P:
            if stack:
                stack[-1]["paras"] += 1
                if _num_id(node, style_numbering) is not None:
                    stack[-1]["numbered"].append(node)
            continue
        if node.target != "rg":
            continue
        emission = emissions[int(node.text)]
        if emission.role == ("open", "for"):
            stack.append({"pi": emission, "node": node, "paras": 0, "numbered": [], "var": None})
        elif emission.role == ("close", "for") and stack:
            loop = stack.pop()
            keeps_counting = loop["paras"] == 1 and len(loop["numbered"]) == 1
            target = stack[-1] if keeps_counting and stack else (None if keeps_counting else loop)
            if target is None:
                continue
            if keeps_counting:  # hand the paragraph to the enclosing loop
                target["numbered"].extend(loop["numbered"])
                continue
            if target["var"] is None:
                loops += 1
                target["var"] = f"_rg_l{loops}"
                setter = emit(f"{BLOCK_OPEN}\nset {target['var']} = loop {BLOCK_CLOSE}", target["pi"].location)
                target["node"].addnext(setter)
            for paragraph in target["numbered"]:
                num_id = _num_id(paragraph)
                marker = emit(f"{VAR_OPEN}\n{int(num_id.get(w('val')))}|_rg_num({target['var']}){VAR_CLOSE}",
                              target["pi"].location)
                num_id.addprevious(marker)
                num_id.getparent().remove(num_id)


def add_restarted_nums(numbering_xml: bytes, new_nums: list[tuple[int, int]], part: str | None = None) -> bytes:
    """numbering.xml with ``w:num`` entries (new id, copy of id) that restart their list at 1."""
    root = parse_xml(numbering_xml, part)
    abstract = {n.get(w("numId")): n.find(w("abstractNumId")).get(w("val")) for n in root.iter(w("num"))}
    anchor = root.find(w("numIdMacAtCleanup"))
    for new_id, old_id in new_nums:
        num = etree.Element(w("num"))
        num.set(w("numId"), str(new_id))
        etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract.get(str(old_id), "0"))
        for level in range(9):
            override = etree.SubElement(num, w("lvlOverride"))
            override.set(w("ilvl"), str(level))
            etree.SubElement(override, w("startOverride")).set(w("val"), "1")
        if anchor is not None:
            anchor.addprevious(num)
        else:
            root.append(num)
    return serialize(root)
