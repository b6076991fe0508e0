"""Checks the Open XML SDK validator does not make, but Word or Excel refuse (docs/validity.md).

Written against the package bytes with zipfile + lxml only, never with reportgen's own OOXML layer: a
checker that shares the code it checks would share its bugs. Each check yields a :class:`Finding` whose
``id`` starts with ``Gate_`` so a failure says at once whether the SDK or this module found it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

# Body-like WordprocessingML parts (their root's local name): where tables, fields and drawings live.
CONTENT_ROOTS = {"document", "hdr", "ftr", "footnotes", "endnotes", "comments", "glossaryDocument"}
BLOCK_IN_CELL = {W + "p", W + "tbl", W + "sdt", W + "customXml", W + "altChunk"}
# Run children that are a field's visible result (anything but the field characters and instructions).
RESULT_CHILDREN = {W + n for n in ("t", "tab", "br", "cr", "sym", "drawing", "pict", "object",
                                   "noBreakHyphen", "softHyphen", "ptab", "footnoteReference")}
CELL_REF = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
MAX_COLUMN, MAX_ROW = 16384, 1048576


@dataclass(frozen=True)
class Finding:
    """One problem in one part: ``id`` and ``description`` as the SDK reports them (or ``Gate_…``)."""

    id: str
    part: str
    description: str
    xpath: str = ""

    def key(self) -> tuple[str, str, str]:
        """What the baseline rule compares (an xPath shifts when a template's content is repeated)."""
        return (self.id, self.part, self.description)

    def __str__(self) -> str:
        where = f" @ {self.xpath}" if self.xpath else ""
        return f"{self.part} {self.id}: {self.description}{where}"


def package_findings(data: bytes, prefix: str = "") -> list[Finding]:
    """Every finding of this module for one .docx/.xlsx given as bytes (embedded workbooks included)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {"/" + n: n for n in z.namelist() if not n.endswith("/")}
        xml = _XmlCache(z)
        found = list(_content_types(parts, xml))
        if "/word/document.xml" in parts or any(p.startswith("/word/") for p in parts):
            found += _word_findings(parts, xml)
        if any(p.startswith("/xl/worksheets/") for p in parts):
            found += _workbook_findings(parts, xml)
        for part, name in parts.items():
            if re.match(r"^/(word|xl|ppt)/embeddings/.+\.xlsx$", part):
                found += package_findings(z.read(name), prefix=prefix + part)
    return [Finding(f.id, prefix + f.part, f.description, f.xpath) for f in found]


class _XmlCache:
    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z, self.cache = z, {}

    def __call__(self, part: str) -> etree._Element:
        if part not in self.cache:
            self.cache[part] = etree.fromstring(self.z.read(part.lstrip("/")), PARSER)
        return self.cache[part]


# --- package -----------------------------------------------------------------------------------------

def _content_types(parts: dict[str, str], xml: _XmlCache) -> Iterator[Finding]:
    if "/[Content_Types].xml" not in parts:
        yield Finding("Gate_NoContentTypes", "/[Content_Types].xml", "The package has no [Content_Types].xml.")
        return
    types = xml("/[Content_Types].xml")
    overrides = {o.get("PartName", "").lower(): o.get("ContentType", "") for o in types.iter(CT + "Override")}
    defaults = {d.get("Extension", "").lower() for d in types.iter(CT + "Default")}
    for part in parts:
        if part == "/[Content_Types].xml":
            continue
        name = posixpath.basename(part)
        ext = name.rpartition(".")[2].lower() if "." in name else ""  # '.rels' has extension 'rels'
        if part.lower() not in overrides and ext not in defaults:
            yield Finding("Gate_PartWithoutContentType", part, "The part has no content type (no Override, "
                          f"no Default for extension '{ext}').")
    main = _main_part(parts, xml)
    if main is None:
        yield Finding("Gate_NoMainPart", "/_rels/.rels", "No officeDocument relationship to an existing part.")
    elif not overrides.get(main.lower(), "").endswith("main+xml"):
        yield Finding("Gate_MainPartContentType", main, "The main part's content-type Override is missing or "
                      f"not a main+xml type ('{overrides.get(main.lower(), '')}').")


def _main_part(parts: dict[str, str], xml: _XmlCache) -> str | None:
    if "/_rels/.rels" not in parts:
        return None
    for rel in xml("/_rels/.rels").iter(PR + "Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            target = "/" + posixpath.normpath(rel.get("Target", "").lstrip("/"))
            return target if target in parts else None
    return None


# --- WordprocessingML ---------------------------------------------------------------------------------

def _word_findings(parts: dict[str, str], xml: _XmlCache) -> list[Finding]:
    found: list[Finding] = []
    docpr_ids: Counter[str] = Counter()
    for part in sorted(parts):
        if not (part.startswith("/word/") and part.endswith(".xml")) or "/_rels/" in part:
            continue
        root = xml(part)
        if etree.QName(root).localname not in CONTENT_ROOTS:
            continue
        found += _cells(part, root)
        found += _fields(part, root)
        found += _references(part, root, parts, xml)
        for docpr in root.iter(WP + "docPr"):
            if not any(a.tag == MC_FALLBACK for a in docpr.iterancestors()):
                docpr_ids[docpr.get("id", "")] += 1
                if docpr_ids[docpr.get("id", "")] == 2:
                    found.append(Finding("Gate_DuplicateDocPrId", part, f"wp:docPr id '{docpr.get('id')}' is "
                                         "used more than once in the document.", _path(docpr)))
    styles = _word_sibling("/word/document.xml", "styles.xml")
    if styles in parts:
        found += _references(styles, xml(styles), parts, xml, only_numbering=True)
    return found


def _path(el: etree._Element) -> str:
    return el.getroottree().getpath(el)


def _cells(part: str, root: etree._Element) -> Iterator[Finding]:
    for tc in root.iter(W + "tc"):
        blocks = [c for c in tc if c.tag in BLOCK_IN_CELL]
        if not blocks:
            yield Finding("Gate_TableCellWithoutBlock", part, "A w:tc holds no block-level element "
                          "(w:p, w:tbl, w:sdt); Word reports the file as corrupt.", _path(tc))
        elif blocks[-1].tag == W + "tbl":
            yield Finding("Gate_TableCellEndsWithTable", part, "A w:tc ends with a nested w:tbl; the last "
                          "element of a cell must be a paragraph.", _path(tc))


def _fields(part: str, root: etree._Element) -> Iterator[Finding]:
    """Complex fields: begin/separate/end balanced, and a result run between separate and end."""
    stack: list[dict] = []
    for run in root.iter(W + "r"):
        for child in run:
            if child.tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    if stack and stack[-1]["separate"]:
                        stack[-1]["result"] = True
                    stack.append({"separate": False, "result": False, "at": _path(run)})
                elif kind == "separate" and stack:
                    stack[-1]["separate"] = True
                elif kind == "end":
                    if not stack:
                        yield Finding("Gate_UnbalancedField", part, "A field end has no field begin.", _path(run))
                        continue
                    field = stack.pop()
                    if field["separate"] and not field["result"]:
                        yield Finding("Gate_FieldWithoutResult", part, "A field has no cached result run "
                                      "between its separate and end characters.", field["at"])
            elif child.tag in RESULT_CHILDREN and stack and stack[-1]["separate"]:
                stack[-1]["result"] = True
    for field in stack:
        yield Finding("Gate_UnbalancedField", part, "A field begin has no field end.", field["at"])


def _word_sibling(part: str, name: str) -> str:
    """``/word/glossary/document.xml`` uses ``/word/glossary/styles.xml``; everything else ``/word/…``."""
    return "/word/glossary/" + name if part.startswith("/word/glossary/") else "/word/" + name


def _references(part: str, root: etree._Element, parts: dict[str, str], xml: _XmlCache,
                only_numbering: bool = False) -> Iterator[Finding]:
    """numId → w:num → w:abstractNum, and pStyle/rStyle/tblStyle → w:style, all resolve."""
    numbering_part = _word_sibling(part, "numbering.xml")
    nums: dict[str, str] = {}
    abstracts: set[str] = set()
    if numbering_part in parts:
        numbering = xml(numbering_part)
        nums = {n.get(W + "numId"): (n.find(W + "abstractNumId").get(W + "val")
                                     if n.find(W + "abstractNumId") is not None else "")
                for n in numbering.iter(W + "num")}
        abstracts = {a.get(W + "abstractNumId") for a in numbering.iter(W + "abstractNum")}
    for num_id in root.iter(W + "numId"):
        value = num_id.get(W + "val")
        if value == "0" or num_id.getparent().tag != W + "numPr":
            continue
        if value not in nums:
            yield Finding("Gate_NumIdUnresolved", part, f"w:numId '{value}' has no w:num in {numbering_part}.",
                          _path(num_id))
        elif nums[value] not in abstracts:
            yield Finding("Gate_AbstractNumUnresolved", numbering_part, f"w:num '{value}' refers to "
                          f"w:abstractNum '{nums[value]}', which does not exist.")
    if only_numbering:
        return
    styles_part = _word_sibling(part, "styles.xml")
    style_ids = {s.get(W + "styleId") for s in xml(styles_part).iter(W + "style")} if styles_part in parts else set()
    for tag in ("pStyle", "rStyle", "tblStyle"):
        for ref in root.iter(W + tag):
            if ref.get(W + "val") not in style_ids:
                yield Finding("Gate_StyleUnresolved", part, f"w:{tag} '{ref.get(W + 'val')}' has no w:style in "
                              f"{styles_part}.", _path(ref))


# --- SpreadsheetML ------------------------------------------------------------------------------------

def _workbook_findings(parts: dict[str, str], xml: _XmlCache) -> list[Finding]:
    found: list[Finding] = []
    strings = None
    if "/xl/sharedStrings.xml" in parts:
        strings = sum(1 for _ in xml("/xl/sharedStrings.xml").iter(X + "si"))
    for part in sorted(parts):
        if part.startswith("/xl/worksheets/") and part.endswith(".xml") and "/_rels/" not in part:
            root = xml(part)
            found += _rows_and_cells(part, root, strings)
            found += _merges(part, root)
    return found


def cell_position(ref: str) -> tuple[int, int] | None:
    """``'B3'`` → (row 3, column 2); None when the reference is not a valid A1 cell."""
    match = CELL_REF.match(ref or "")
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    row = int(match.group(2))
    return (row, column) if column <= MAX_COLUMN and row <= MAX_ROW else None


def _rows_and_cells(part: str, root: etree._Element, strings: int | None) -> Iterator[Finding]:
    previous_row = 0
    for row in root.iter(X + "row"):
        number = int(row.get("r")) if (row.get("r") or "").isdigit() else None
        if number is not None:
            if number <= previous_row:
                yield Finding("Gate_RowsUnsorted", part, f"Row {number} follows row {previous_row} "
                              "(rows must be unique and ascending).", _path(row))
            previous_row = number
        previous_column = 0
        for cell in row.iter(X + "c"):
            ref = cell.get("r")
            if ref is not None:
                position = cell_position(ref)
                if position is None:
                    yield Finding("Gate_CellRefInvalid", part, f"Cell reference '{ref}' is not a valid A1 cell.",
                                  _path(cell))
                else:
                    if number is not None and position[0] != number:
                        yield Finding("Gate_CellOutsideRow", part, f"Cell '{ref}' is inside row {number}.",
                                      _path(cell))
                    if position[1] <= previous_column:
                        yield Finding("Gate_CellsUnsorted", part, f"Cell '{ref}' is not after the previous "
                                      "cell of its row (cells must be unique and ascending).", _path(cell))
                    previous_column = position[1]
            if cell.get("t") == "s":
                yield from _shared_string(part, cell, strings)


def _shared_string(part: str, cell: etree._Element, strings: int | None) -> Iterator[Finding]:
    value = cell.find(X + "v")
    text = (value.text or "").strip() if value is not None else ""
    if strings is None:
        yield Finding("Gate_SharedStringsMissing", part, f"Cell '{cell.get('r')}' uses a shared string but the "
                      "workbook has no shared-strings part.", _path(cell))
    elif not text.isdigit() or int(text) >= strings:
        yield Finding("Gate_SharedStringIndex", part, f"Cell '{cell.get('r')}' refers to shared string "
                      f"'{text}' of {strings}.", _path(cell))


def _merges(part: str, root: etree._Element) -> Iterator[Finding]:
    boxes: list[tuple[str, int, int, int, int]] = []
    for merge in root.iter(X + "mergeCell"):
        ref = merge.get("ref", "")
        ends = [cell_position(p) for p in ref.split(":")]
        if len(ends) != 2 or None in ends:
            yield Finding("Gate_MergeRefInvalid", part, f"Merged range '{ref}' is not a valid range.", _path(merge))
            continue
        (r1, c1), (r2, c2) = ends
        box = (ref, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
        for other in boxes:
            if box[1] <= other[3] and other[1] <= box[3] and box[2] <= other[4] and other[2] <= box[4]:
                yield Finding("Gate_MergesOverlap", part, f"Merged ranges '{other[0]}' and '{ref}' overlap.",
                              _path(merge))
        boxes.append(box)
