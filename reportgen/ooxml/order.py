"""Schema order of WordprocessingML property elements (ECMA-376 Part 1, the ``CT_*`` sequences).

Word refuses a file whose ``w:pPr``/``w:rPr``/``w:tcPr``/``w:tblPr``/``w:sectPr`` children are out of this
order, while LibreOffice and python-docx accept it; so every writer inserts through :func:`insert_in_order`.
An order maps a local name to its rank; names sharing a rank (``headerReference``/``footerReference``)
may be interleaved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

Order = dict[str, int]


def _ranks(*names: str | tuple[str, ...]) -> Order:
    ranks: Order = {}
    for rank, name in enumerate(names):
        for alias in (name,) if isinstance(name, str) else name:
            ranks[alias] = rank
    return ranks


# CT_PPr (CT_PPrBase + rPr, sectPr, pPrChange)
PPR_ORDER = _ranks(
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
# CT_ParaRPr / CT_RPr (revision marks first, EG_RPrBase, rPrChange)
RPR_ORDER = _ranks(
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
    "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color",
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
# CT_TcPr
TCPR_ORDER = _ranks(
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
    "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange")
# CT_TblPr
TBLPR_ORDER = _ranks(
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange")
# CT_SectPr
SECTPR_ORDER = _ranks(
    ("headerReference", "footerReference"), "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
    "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
    "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
# The property element comes first in its container (CT_P, CT_R, CT_Tc, CT_Tbl).
P_ORDER = _ranks("pPr")
R_ORDER = _ranks("rPr")
TC_ORDER = _ranks("tcPr")
TBL_ORDER = _ranks("tblPr", "tblGrid")
# CT_Settings
SETTINGS_ORDER = _ranks(
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts",
    "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod",
    "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop",
    "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting",
    "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields",
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _rank(element: etree._Element, namespace: str, order: Order,
          placeholders: Mapping[str, str] | None = None) -> int | None:
    """Rank of a child in ``order``; ``None`` for comments, other namespaces, unknown names and processing
    instructions that are not ``placeholders`` (PI text → the local name it stands for)."""
    tag = element.tag
    if not isinstance(tag, str):
        name = placeholders.get(element.text) if placeholders and tag is etree.ProcessingInstruction else None
        return order.get(name) if name is not None else None
    if not tag.startswith(namespace):
        return None
    return order.get(tag[len(namespace):])


def insert_in_order(parent: etree._Element, child: etree._Element, order: Order, name: str | None = None, *,
                    placeholders: Mapping[str, str] | None = None) -> None:
    """Insert ``child`` at its schema position in ``parent``: after the last sibling that may precede it,
    else before the first that must follow it, else first. ``name`` is the local name to rank ``child`` by
    when it is a placeholder (the compiler's processing instructions); ``placeholders`` ranks the
    placeholders already in ``parent``."""
    namespace = parent.tag.partition("}")[0] + "}" if parent.tag.startswith("{") else ""
    rank = order[name if name is not None else etree.QName(child).localname]
    position = 0
    for index, existing in enumerate(parent):
        existing_rank = _rank(existing, namespace, order, placeholders)
        if existing_rank is None:
            continue
        if existing_rank > rank:
            if position == 0:
                position = index
            break
        position = index + 1
    parent.insert(position, child)


def ensure_child(parent: etree._Element, name: str, order: Order) -> etree._Element:
    """The ``name`` child of ``parent`` (same namespace), created at its schema position when missing."""
    namespace = parent.tag.partition("}")[0] + "}" if parent.tag.startswith("{") else ""
    child = parent.find(namespace + name)
    if child is None:
        child = parent.makeelement(namespace + name, {})
        insert_in_order(parent, child, order, name)
    return child


def replace_child(parent: etree._Element, name: str, order: Order, attrs: dict[str, str] | None = None
                  ) -> etree._Element:
    """A fresh ``name`` child with ``attrs`` in place of any existing ones, at its schema position."""
    namespace = parent.tag.partition("}")[0] + "}" if parent.tag.startswith("{") else ""
    for old in parent.findall(namespace + name):
        parent.remove(old)
    child = parent.makeelement(namespace + name, attrs or {})
    insert_in_order(parent, child, order, name)
    return child


def sort_children(parent: etree._Element, order: Order) -> None:
    """Re-order ``parent``'s children by schema rank (stable; unknown children keep their order, last)."""
    namespace = parent.tag.partition("}")[0] + "}" if parent.tag.startswith("{") else ""
    last = len(order) + 1
    children: Iterable[etree._Element] = sorted(parent, key=lambda c: (r if (r := _rank(c, namespace, order))
                                                                       is not None else last))
    for child in children:
        parent.append(child)
