"""Numbering lookups shared by the template engine and the merger (``word/numbering.xml``, ``styles.xml``).

``w:numId`` ``0`` means "no numbering" (ECMA-376 §17.9.18): a style that sets it removes the numbering it
would inherit, so such a style maps to nothing here.
"""

from __future__ import annotations

from lxml import etree

from reportgen.ooxml.namespaces import W_NUMID, W_NUMPR, W_PPR, w

NO_NUMBERING = "0"


def style_numbering(styles: etree._Element | None) -> dict[str, tuple[str, str]]:
    """Paragraph style id → (numId, ilvl) for styles that number their paragraphs (following ``basedOn``)."""
    if styles is None:
        return {}
    direct, based = {}, {}
    for style in styles.iter(w("style")):
        sid = style.get(w("styleId"))
        numpr = style.find(f"{W_PPR}/{W_NUMPR}")
        if numpr is not None and numpr.find(W_NUMID) is not None:
            ilvl = numpr.find(w("ilvl"))
            direct[sid] = (numpr.find(W_NUMID).get(w("val")), ilvl.get(w("val")) if ilvl is not None else "0")
        parent = style.find(w("basedOn"))
        if parent is not None:
            based[sid] = parent.get(w("val"))
    result = {}
    for sid in set(direct) | set(based):
        seen, current = set(), sid
        while current is not None and current not in direct and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current in direct and direct[current][0] not in (None, NO_NUMBERING):
            result[sid] = direct[current]
    return result


def max_num_id(numbering: etree._Element | None) -> int:
    """The highest ``w:num/@w:numId`` (0 when there is no numbering part)."""
    if numbering is None:
        return 0
    return max((int(n.get(w("numId"), "0")) for n in numbering.iter(w("num"))), default=0)
