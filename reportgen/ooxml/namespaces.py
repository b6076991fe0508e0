"""Every namespace URI, relationship type and content type the project writes or reads.

One table, so no module spells a URI (python-docx keeps the same list in ``oxml.ns``/``opc.constants``).
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RG_NS = "urn:reportgen:docx"  # our own transient markers (removed by the fix-up pass)

# Prefixes Word writes on a part's root; used to re-declare a prefix that ``mc:Ignorable`` still names.
NSMAP = {
    "w": W_NS, "r": R_NS, "wp": WP_NS, "a": A_NS, "pic": PIC_NS, "c": C_NS, "mc": MC_NS, "w14": W14_NS,
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "cx": "http://schemas.microsoft.com/office/drawing/2014/chartex",
    "aink": "http://schemas.microsoft.com/office/drawing/2016/ink",
    "am3d": "http://schemas.microsoft.com/office/drawing/2017/model3d",
    "o": "urn:schemas-microsoft-com:office:office",
    "oel": "http://schemas.microsoft.com/office/2019/extlst",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "w16": "http://schemas.microsoft.com/office/word/2018/wordml",
    "w16cex": "http://schemas.microsoft.com/office/word/2018/wordml/cex",
    "w16cid": "http://schemas.microsoft.com/office/word/2016/wordml/cid",
    "w16du": "http://schemas.microsoft.com/office/word/2023/wordml/word16du",
    "w16sdtdh": "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",
    "w16sdtfl": "http://schemas.microsoft.com/office/word/2024/wordml/sdtformatlock",
    "w16se": "http://schemas.microsoft.com/office/word/2015/wordml/symex",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mo": "http://schemas.microsoft.com/office/mac/office/2008/main",
    "mv": "urn:schemas-microsoft-com:mac:vml",
    "x14ac": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac",
    "xr": "http://schemas.microsoft.com/office/spreadsheetml/2014/revision",
}

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_OFFICE_DOCUMENT = _REL + "officeDocument"
REL_IMAGE = _REL + "image"
REL_HYPERLINK = _REL + "hyperlink"
REL_NUMBERING = _REL + "numbering"
REL_STYLES = _REL + "styles"
REL_HEADER = _REL + "header"
REL_FOOTER = _REL + "footer"
REL_CHART = _REL + "chart"
REL_PACKAGE = _REL + "package"
REL_COMMENTS = _REL + "comments"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT = _WML + "document.main+xml"
CT_TEMPLATE = _WML + "template.main+xml"
CT_DOCUMENT_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
CT_TEMPLATE_MACRO = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
CT_HEADER = _WML + "header+xml"
CT_FOOTER = _WML + "footer+xml"
CT_FOOTNOTES = _WML + "footnotes+xml"
CT_ENDNOTES = _WML + "endnotes+xml"
CT_COMMENTS = _WML + "comments+xml"
CT_STYLES = _WML + "styles+xml"
CT_NUMBERING = _WML + "numbering+xml"
CT_SETTINGS = _WML + "settings+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_OCTET = "application/octet-stream"
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
               "bmp": "image/bmp", "emf": "image/x-emf", "wmf": "image/x-wmf"}

# Parts whose text is WordprocessingML (may hold tags).
WORD_PART_TYPES = frozenset({CT_DOCUMENT, CT_TEMPLATE, CT_DOCUMENT_MACRO, CT_TEMPLATE_MACRO, CT_HEADER, CT_FOOTER,
                             CT_FOOTNOTES, CT_ENDNOTES, CT_COMMENTS})


def qn(name: str) -> str:
    """Clark name of a prefixed name: ``qn("w:p")`` → ``{http://…/main}p``; an unprefixed name is returned as is."""
    prefix, _, local = name.rpartition(":")
    return f"{{{NSMAP[prefix]}}}{local}" if prefix else local


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute (``w("p")``), the one the engine uses most."""
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
W_PPR, W_RPR, W_TCPR, W_NUMPR, W_NUMID = w("pPr"), w("rPr"), w("tcPr"), w("numPr"), w("numId")
XML_SPACE = f"{{{XML_NS}}}space"
