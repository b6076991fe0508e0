"""WordprocessingML vocabulary: namespaces, a safe XML parser and schema-order helpers.

Kept apart from the compiler so the tag logic never spells a namespace URI, the way python-docx keeps
its ``oxml`` layer under the public API.
"""

from __future__ import annotations

import threading

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RG_NS = "urn:reportgen:docx"  # our own transient markers (removed by the fix-up pass)

REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
W_PPR, W_RPR, W_TCPR, W_NUMPR, W_NUMID = w("pPr"), w("rPr"), w("tcPr"), w("numPr"), w("numId")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Word rejects a tcPr whose children are out of schema order (CT_TcPr sequence).
TCPR_ORDER = [
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
    "tcPrChange",
]

_local = threading.local()


def _parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers are not thread-safe); never resolves entities or the network."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
        _local.parser = parser
    return parser


def parse_xml(data: bytes) -> etree._Element:
    """Parse a part strictly (a malformed part is an error, never silently repaired)."""
    return etree.fromstring(data, _parser())


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def serialize(root: etree._Element) -> bytes:
    return XML_DECLARATION.encode() + etree.tostring(root, encoding="UTF-8")


def insert_in_order(parent: etree._Element, child: etree._Element, order: list[str], name: str) -> None:
    """Insert ``child`` (whose local name in ``order`` is ``name``) at its schema position in ``parent``."""
    rank = order.index(name)
    for index, existing in enumerate(parent):
        local = etree.QName(existing).localname if isinstance(existing.tag, str) else None
        if local in order and order.index(local) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def ensure_tcpr(tc: etree._Element) -> etree._Element:
    tcpr = tc.find(W_TCPR)
    if tcpr is None:
        tcpr = etree.Element(W_TCPR)
        tc.insert(0, tcpr)
    return tcpr
