"""Post-render repairs for the few parts that need a tree: merges, grids, empty cells, docPr and bookmark ids.

Only parts flagged at compile time (``{% vm %}``/``{% hm %}``, column loops, paragraph tags directly in a
cell, drawings inside loops) come here, so ordinary renders never re-parse their output.
"""

from __future__ import annotations

from lxml import etree

from reportgen.docx.runtime import RenderState
from reportgen.ooxml.namespaces import RG_NS, W_P, W_PPR, W_T, W_TBL, W_TC, W_TCPR, W_TR, WP_NS, w
from reportgen.ooxml.order import TC_ORDER, TCPR_ORDER, ensure_child, replace_child
from reportgen.ooxml.xml import cleanup_namespaces, parse_xml, serialize

_VM, _HM = f"{{{RG_NS}}}vm", f"{{{RG_NS}}}hm"


def fix_part(xml: str, state: RenderState) -> bytes:
    root = parse_xml(xml.encode("utf-8"), state.part)
    for table in root.iter(W_TBL):
        _merge_vertical(table)
        _merge_horizontal(table)
    for marker in list(root.iter(_VM, _HM)):
        marker.getparent().remove(marker)
    for cell in root.iter(W_TC):
        if cell.find(W_P) is None:
            cell.append(cell.makeelement(W_P, {}))
    for table in root.iter(W_TBL):
        _fix_grid(table)
    _unique_docpr(root, state)
    _unique_bookmarks(root)
    cleanup_namespaces(root)
    return serialize(root)


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if c.tag == W_TC]


def _span(cell: etree._Element) -> int:
    tcpr = cell.find(W_TCPR)
    span = tcpr.find(w("gridSpan")) if tcpr is not None else None
    return int(span.get(w("val"), "1")) if span is not None else 1


def _text(cell: etree._Element) -> str:
    return "".join(t.text or "" for t in cell.iter(W_T)).strip()


def _marked(cell: etree._Element, marker: str) -> bool:
    tcpr = cell.find(W_TCPR)
    return tcpr is not None and tcpr.find(marker) is not None


def _merges_all(cell: etree._Element, marker: str) -> bool:
    """Marked with docxtpl's meaning (``cell_merge="all"``): merge whatever the text."""
    return cell.find(W_TCPR).find(marker).get("all") == "1"


def _set_vmerge(cell: etree._Element, restart: bool) -> None:
    replace_child(ensure_child(cell, "tcPr", TC_ORDER), "vMerge", TCPR_ORDER, {w("val"): "restart"} if restart else {})


def _empty_content(cell: etree._Element) -> None:
    """A continued merged cell keeps one empty paragraph (with the first paragraph's properties)."""
    first = cell.find(W_P)
    ppr = first.find(W_PPR) if first is not None else None
    for child in list(cell):
        if child.tag != W_TCPR:
            cell.remove(child)
    paragraph = cell.makeelement(W_P, {})
    if ppr is not None:
        paragraph.append(ppr)
    cell.append(paragraph)


def _merge_vertical(table: etree._Element) -> None:
    """Cells marked ``{% vm %}`` merge with the cell above (same grid column) when their text is equal
    (always, with ``cell_merge="all"``)."""
    heads: dict[int, tuple[etree._Element, str]] = {}
    for row in (r for r in table if r.tag == W_TR):
        column = 0
        seen = set()
        for cell in _cells(row):
            if _marked(cell, _VM):
                text = _text(cell)
                head = heads.get(column)
                if head is not None and (text and head[1] == text or _merges_all(cell, _VM)):
                    _set_vmerge(head[0], True)
                    _set_vmerge(cell, False)
                    _empty_content(cell)
                else:
                    heads[column] = (cell, text)
                seen.add(column)
            column += _span(cell)
        for column in list(heads):
            if column not in seen:
                del heads[column]


def _merge_horizontal(table: etree._Element) -> None:
    """Consecutive cells marked ``{% hm %}`` with equal text become one cell (wider ``gridSpan``)."""
    for row in (r for r in table if r.tag == W_TR):
        head = None
        for cell in _cells(row):
            if not _marked(cell, _HM):
                head = None
                continue
            if head is not None and (_text(cell) and _text(cell) == _text(head) or _merges_all(cell, _HM)):
                span = _span(head) + _span(cell)
                replace_child(ensure_child(head, "tcPr", TC_ORDER), "gridSpan", TCPR_ORDER, {w("val"): str(span)})
                row.remove(cell)
            else:
                head = cell


def _fix_grid(table: etree._Element) -> None:
    """Make ``w:tblGrid`` have as many columns as the widest row (after column loops)."""
    widths = [sum(_span(c) for c in _cells(r)) for r in table if r.tag == W_TR]
    if not widths:
        return
    columns = max(widths)
    grid = table.find(w("tblGrid"))
    if grid is None:
        return
    cols = grid.findall(w("gridCol"))
    if len(cols) == columns:
        return
    total = sum(int(c.get(w("w"), "0") or 0) for c in cols) or 9000
    for col in cols:
        grid.remove(col)
    for _ in range(columns):
        grid.append(grid.makeelement(w("gridCol"), {w("w"): str(total // columns)}))


def _unique_docpr(root: etree._Element, state: RenderState) -> None:
    seen = state.__dict__.setdefault("_docpr_seen", set())
    for docpr in root.iter(f"{{{WP_NS}}}docPr"):
        value = docpr.get("id")
        if value in seen:
            value = str(state.next_docpr_id())
            docpr.set("id", value)
        seen.add(value)


_BOOKMARK_START, _BOOKMARK_END = w("bookmarkStart"), w("bookmarkEnd")


def _unique_bookmarks(root: etree._Element) -> None:
    """A bookmark inside a loop is repeated with its id and name: Word needs both unique. Each repeat gets
    a fresh id (its end follows it) and a numbered name (``目录_2``)."""
    used_ids = {b.get(w("id")) for b in root.iter(_BOOKMARK_START)}
    next_id = max((int(i) for i in used_ids if i and i.isdigit()), default=0) + 1
    seen_ids: set[str] = set()
    names: dict[str, int] = {}
    renamed: dict[str, list[str]] = {}  # original id → new ids of repeats still open
    for mark in root.iter(_BOOKMARK_START, _BOOKMARK_END):
        old = mark.get(w("id"))
        if mark.tag == _BOOKMARK_END:
            if renamed.get(old):
                mark.set(w("id"), renamed[old].pop(0))
            continue
        if old in seen_ids:
            renamed.setdefault(old, []).append(str(next_id))
            mark.set(w("id"), str(next_id))
            next_id += 1
        seen_ids.add(old)
        name = mark.get(w("name"))
        if name is not None:
            names[name] = names.get(name, 0) + 1
            if names[name] > 1:
                mark.set(w("name"), f"{name}_{names[name]}")
