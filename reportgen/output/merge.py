"""Merge many .docx into one print-ready file, linear in the number of documents.

Each document becomes its own section(s): it starts on a new (or odd) page, keeps its page setup and
its own headers/footers, restarts page numbers and list numbering, and its images and other parts are
copied once (identical parts are shared). Styles come from the first document; a style only later
documents define is added once. Unlike docxcompose (#78), nothing re-scans the growing result: each
document is parsed, fixed up on its own and appended; the body is serialised once at the end.
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from reportgen.errors import Location, ReportgenError
from reportgen.io.files import atomic_writer
from reportgen.output.opc import Package, PackageWriter, Rel

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_R_PREFIX = f"{{{R}}}"
# Parts that belong to the document as a whole: taken from the first document, merged specially.
_SINGLETONS = {"styles", "numbering", "settings", "fontTable", "theme", "webSettings", "footnotes", "endnotes",
               "comments", "stylesWithEffects", "customXml", "glossaryDocument", "people",
               "commentsExtended", "commentsIds", "commentsExtensible"}
_SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]
_PPR_BEFORE_NUMPR = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl"]
_HF = {"header": (f"{REL}header", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
                  "hdr"),
       "footer": (f"{REL}footer", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
                  "ftr")}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def merge_docx(documents: Iterable[str | Path | bytes], out_path: str | Path, *, odd_page: bool = False) -> Path:
    """Concatenate ``documents`` (paths or .docx bytes) in order into ``out_path`` (written atomically)."""
    merger = _Merger(odd_page=odd_page)
    count = 0
    for i, doc in enumerate(documents):
        label = str(doc) if not isinstance(doc, bytes | bytearray) else f"第{i + 1}个文档"
        try:
            pkg = Package(doc, label)
        except Exception as exc:  # a broken zip: say which document
            raise ReportgenError(f"无法读取要合并的文档：{exc}", Location(file=label),
                                 hint="请确认它是完整的 .docx 文件。") from exc
        try:
            merger.append(pkg)
        finally:
            pkg.close()
        count += 1
    if not count:
        raise ReportgenError("没有要合并的文档。")
    out = Path(out_path)
    with atomic_writer(out) as stream:
        merger.finish(stream)
    return out


def merge_docx_bytes(documents: Sequence[str | Path | bytes], *, odd_page: bool = False) -> bytes:
    """Like :func:`merge_docx` but returns the merged .docx as bytes."""
    merger = _Merger(odd_page=odd_page)
    for i, doc in enumerate(documents):
        pkg = Package(doc, str(doc) if not isinstance(doc, bytes | bytearray) else f"第{i + 1}个文档")
        merger.append(pkg)
        pkg.close()
    buf = io.BytesIO()
    merger.finish(buf)
    return buf.getvalue()


class _Merger:
    def __init__(self, *, odd_page: bool) -> None:
        self.odd_page = odd_page
        self.out = PackageWriter()
        self.index = 0
        self.doc_root: etree._Element | None = None
        self.body: etree._Element | None = None
        self.main = "word/document.xml"
        self.doc_rels: list[Rel] = []
        self._rel_ids: dict[tuple, str] = {}
        self.styles: etree._Element | None = None
        self._style_ids: set[str] = set()
        self._styles_seen: set[bytes] = set()
        self.numbering: etree._Element | None = None
        self._abstract_ids: dict[bytes, str] = {}  # canonical abstractNum → id in the result
        self._next_num = 1
        self._next_abstract = 0
        self._next_docpr = 1_000_000
        self._next_bookmark = 1_000_000
        self._hf_types: set[tuple[str, str]] = set()  # (header|footer, default|first|even) seen so far
        self._empty_hf: dict[str, str] = {}
        self._last_sect: etree._Element | None = None
        self._last_el: etree._Element | None = None
        # Per distinct numbering/styles part (one template → parsed once for the whole batch).
        self._numbering_cache: dict[bytes, tuple[dict, dict]] = {}
        self._abstract_cache: dict[tuple[bytes, str], str] = {}
        self._style_num_cache: dict[bytes, dict[str, tuple[str, str]]] = {}

    # -- per document ---------------------------------------------------------------------------
    def append(self, pkg: Package) -> None:
        root = etree.fromstring(pkg.read(pkg.main))
        body = root.find(w("body"))
        if self.index == 0:
            self._start(pkg, root)
        else:
            self._check_supported(pkg, body)
        rid_map = self._import_rels(pkg)
        sect = body.find(w("sectPr"))
        if sect is not None:
            body.remove(sect)
        else:
            sect = etree.Element(w("sectPr"))
        children = list(body)
        for el in children:
            for node in el.iter():
                self._rewrite_ids(node, rid_map)
        for node in sect.iter():
            self._rewrite_ids(node, rid_map)
        sections = [s for el in children for s in el.iter(w("sectPr"))] + [sect]
        self._fix_first_section(sections[0])
        for s in sections:
            self._note_hf(s)
        if self.index > 0:
            self._restart_numbering(pkg, children)
        self._merge_styles(pkg)
        # The previous document's last section must end on its last paragraph; this one's stays open.
        if self._last_sect is not None:
            self._close_section(self._last_sect)
        self.body.extend(children)
        if children:
            self._last_el = children[-1]
        self._last_sect = sect
        self.index += 1

    def _start(self, pkg: Package, root: etree._Element) -> None:
        """The first document provides the package frame: root parts, settings, styles, numbering."""
        self.main = pkg.main
        self.doc_root = copy.deepcopy(root)
        self.body = self.doc_root.find(w("body"))
        for el in list(self.body):
            self.body.remove(el)
        memo: dict[str, str] = {}
        self.out.defaults.update(pkg.defaults)
        root_rels = []
        for r in pkg.rels(""):
            if r.type.endswith("/officeDocument") or r.external:
                root_rels.append(r)
            else:
                root_rels.append(Rel(r.rid, r.type, self.out.import_part(pkg, r.target, memo)))
        self.out.rels[""] = root_rels
        self.out.parts[self.main] = b""  # placeholder keeps the name taken
        self.out.overrides[self.main] = pkg.content_type(pkg.main)
        for r in pkg.rels(pkg.main):
            if r.kind not in _SINGLETONS or r.external:
                continue
            if r.kind == "styles":
                self.styles = etree.fromstring(pkg.read(r.target))
                self._style_ids = {s.get(w("styleId")) for s in self.styles.iter(w("style"))}
                self._styles_seen.add(hashlib.sha1(pkg.read(r.target)).digest())
                self._keep_singleton(r, pkg.content_type(r.target))
            elif r.kind == "numbering":
                self.numbering = etree.fromstring(pkg.read(r.target))
                self._index_numbering()
                self._keep_singleton(r, pkg.content_type(r.target))
            else:
                self._add_doc_rel(r.type, self.out.import_part(pkg, r.target, memo), r.external)

    def _keep_singleton(self, r: Rel, ctype: str) -> None:
        self.out.parts[r.target] = b""  # written in finish()
        self.out.overrides[r.target] = ctype
        self._add_doc_rel(r.type, r.target, False)

    def _check_supported(self, pkg: Package, body: etree._Element) -> None:
        for tag, what in (("footnoteReference", "脚注"), ("endnoteReference", "尾注"), ("commentReference", "批注")):
            if body.find(f".//{w(tag)}") is not None:
                raise ReportgenError(f"合并暂不支持含{what}的文档（第一个文档除外）。", Location(file=pkg.label),
                                     hint=f"请从模板中去掉{what}，或不合并、逐个打印。")

    def _add_doc_rel(self, rtype: str, target: str, external: bool) -> str:
        key = (rtype, target, external)
        if key not in self._rel_ids:
            rid = f"rId{len(self.doc_rels) + 1}"
            self.doc_rels.append(Rel(rid, rtype, target, external))
            self._rel_ids[key] = rid
        return self._rel_ids[key]

    def _import_rels(self, pkg: Package) -> dict[str, str]:
        memo: dict[str, str] = {}
        mapping = {}
        for r in pkg.rels(pkg.main):
            if r.kind in _SINGLETONS and not r.external:
                continue
            target = r.target if r.external else self.out.import_part(pkg, r.target, memo)
            mapping[r.rid] = self._add_doc_rel(r.type, target, r.external)
        return mapping

    def _rewrite_ids(self, node: etree._Element, rid_map: dict[str, str]) -> None:
        """Relationship ids always; drawing, bookmark and paragraph ids for every document but the first."""
        for key, value in node.attrib.items():
            if key.startswith(_R_PREFIX) and value in rid_map:
                node.set(key, rid_map[value])
        if self.index == 0 or not isinstance(node.tag, str):
            return
        tag = node.tag
        if tag == f"{{{WP}}}docPr":
            node.set("id", str(self._next_docpr))
            self._next_docpr += 1
        elif tag in (w("bookmarkStart"), w("bookmarkEnd")):
            node.set(w("id"), str(self._next_bookmark + int(node.get(w("id"), "0"))))
            if tag == w("bookmarkStart") and node.get(w("name")):
                node.set(w("name"), f"{node.get(w('name'))}_{self.index}")
        elif tag == w("hyperlink") and node.get(w("anchor")):
            node.set(w("anchor"), f"{node.get(w('anchor'))}_{self.index}")
        elif tag == w("id") and node.getparent() is not None and node.getparent().tag == w("sdtPr"):
            node.set(w("val"), str(self._next_docpr))
            self._next_docpr += 1
        for attr in (f"{{{W14}}}paraId", f"{{{W14}}}textId"):
            if attr in node.attrib:
                del node.attrib[attr]

    # -- sections -------------------------------------------------------------------------------
    def _fix_first_section(self, sect: etree._Element) -> None:
        """New (odd) page, page numbers from 1, and explicit empty headers where the document has
        none (otherwise Word shows the previous document's header)."""
        if self.index == 0:
            return
        kind = "oddPage" if self.odd_page else "nextPage"
        _set_child(sect, "type", {w("val"): kind})
        pg = sect.find(w("pgNumType"))
        if pg is None:
            _set_child(sect, "pgNumType", {w("start"): "1"})
        elif pg.get(w("start")) is None:
            pg.set(w("start"), "1")
        present = {(el.tag.rsplit("}", 1)[-1].replace("Reference", ""), el.get(w("type"), "default"))
                   for el in sect if el.tag in (w("headerReference"), w("footerReference"))}
        for hf, hf_type in sorted(self._hf_types - present):
            ref = etree.Element(w(f"{hf}Reference"))
            ref.set(w("type"), hf_type)
            ref.set(f"{_R_PREFIX}id", self._empty_part(hf))
            _insert_ordered(sect, ref, _SECT_ORDER)
        self._next_bookmark += 100_000

    def _note_hf(self, sect: etree._Element) -> None:
        for el in sect:
            if el.tag in (w("headerReference"), w("footerReference")):
                self._hf_types.add((el.tag.rsplit("}", 1)[-1].replace("Reference", ""), el.get(w("type"), "default")))

    def _empty_part(self, hf: str) -> str:
        if hf not in self._empty_hf:
            rtype, ctype, tag = _HF[hf]
            name = self.out.free_name(f"word/{hf}_empty.xml")
            root = etree.Element(w(tag), nsmap={"w": W, "r": R})
            etree.SubElement(root, w("p"))
            self.out.add(name, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), ctype)
            self._empty_hf[hf] = self._add_doc_rel(rtype, name, False)
        return self._empty_hf[hf]

    def _close_section(self, sect: etree._Element) -> None:
        """Put a document's final section properties on its last paragraph (a new empty one only when
        it ends with a table), so no extra page appears."""
        last = self._last_el  # not body[-1]/len(body): lxml counts children, quadratic over a batch
        if last is None or last.tag != w("p") or last.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            last = etree.SubElement(self.body, w("p"))
        ppr = last.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            last.insert(0, ppr)
        change = ppr.find(w("pPrChange"))  # the only pPr child that comes after sectPr
        if change is not None:
            change.addprevious(sect)
        else:
            ppr.append(sect)

    # -- styles and numbering --------------------------------------------------------------------
    def _merge_styles(self, pkg: Package) -> None:
        r = next((r for r in pkg.rels(pkg.main) if r.kind == "styles" and not r.external), None)
        if r is None or self.styles is None:
            return
        data = pkg.read(r.target)
        digest = hashlib.sha1(data).digest()
        if digest in self._styles_seen:
            return  # same styles part as a document already merged (the usual case: one template)
        self._styles_seen.add(digest)
        for style in list(etree.fromstring(data).iter(w("style"))):
            sid = style.get(w("styleId"))
            if sid not in self._style_ids:
                self.styles.append(style)
                self._style_ids.add(sid)

    def _index_numbering(self) -> None:
        for a in self.numbering.findall(w("abstractNum")):
            self._abstract_ids.setdefault(_canonical_abstract(a), a.get(w("abstractNumId")))
            self._next_abstract = max(self._next_abstract, int(a.get(w("abstractNumId"))) + 1)
        for n in self.numbering.findall(w("num")):
            self._next_num = max(self._next_num, int(n.get(w("numId"))) + 1)

    def _restart_numbering(self, pkg: Package, children: list[etree._Element]) -> None:
        """Give every list of this document its own numbering instance that starts again at 1."""
        r = next((r for r in pkg.rels(pkg.main) if r.kind == "numbering" and not r.external), None)
        if r is None:
            return
        data = pkg.read(r.target)
        digest = hashlib.sha1(data).digest()
        if digest not in self._numbering_cache:
            src = etree.fromstring(data)
            self._numbering_cache[digest] = (
                {a.get(w("abstractNumId")): a for a in src.findall(w("abstractNum"))},
                {n.get(w("numId")): n for n in src.findall(w("num"))})
        abstracts, nums = self._numbering_cache[digest]
        if self.numbering is None:
            src = etree.fromstring(data)
            self.numbering = etree.Element(w("numbering"), nsmap=src.nsmap)
            name = self.out.free_name("word/numbering.xml")
            self.out.add(name, b"", pkg.content_type(r.target))
            self._add_doc_rel(r.type, name, False)
        style_num = self._style_numbering(pkg)
        new_ids: dict[str, str] = {}

        def new_num(old: str) -> str | None:
            if old not in new_ids and old in nums:
                a_old = nums[old].find(w("abstractNumId")).get(w("val"))
                if a_old not in abstracts:
                    return None
                if (digest, a_old) not in self._abstract_cache:
                    self._abstract_cache[(digest, a_old)] = self._import_abstract(abstracts[a_old])
                abstract = self._abstract_cache[(digest, a_old)]
                num = etree.SubElement(self.numbering, w("num"))
                num.set(w("numId"), str(self._next_num))
                etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract)
                for lvl in abstracts[a_old].findall(w("lvl")):
                    start = lvl.find(w("start"))
                    override = etree.SubElement(num, w("lvlOverride"))
                    override.set(w("ilvl"), lvl.get(w("ilvl")))
                    etree.SubElement(override, w("startOverride")).set(
                        w("val"), start.get(w("val")) if start is not None else "0")
                new_ids[old] = str(self._next_num)
                self._next_num += 1
            return new_ids.get(old)

        for el in children:
            for p in el.iter(w("p")):
                ppr = p.find(w("pPr"))
                if ppr is None:
                    continue
                num_id = ppr.find(f"{w('numPr')}/{w('numId')}")
                if num_id is not None:
                    mapped = new_num(num_id.get(w("val")))
                    if mapped:
                        num_id.set(w("val"), mapped)
                    continue
                style = ppr.find(w("pStyle"))
                if style is not None and style.get(w("val")) in style_num:
                    old, ilvl = style_num[style.get(w("val"))]
                    mapped = new_num(old)
                    if mapped:
                        numpr = etree.Element(w("numPr"))
                        etree.SubElement(numpr, w("ilvl")).set(w("val"), ilvl)
                        etree.SubElement(numpr, w("numId")).set(w("val"), mapped)
                        _insert_ordered(ppr, numpr, [*_PPR_BEFORE_NUMPR, "numPr"], strict_after=True)

    def _style_numbering(self, pkg: Package) -> dict[str, tuple[str, str]]:
        r = next((r for r in pkg.rels(pkg.main) if r.kind == "styles" and not r.external), None)
        if r is None:
            return {}
        data = pkg.read(r.target)
        digest = hashlib.sha1(data).digest()
        if digest not in self._style_num_cache:
            self._style_num_cache[digest] = _style_numbering(data)
        return self._style_num_cache[digest]

    def _import_abstract(self, abstract: etree._Element) -> str:
        key = _canonical_abstract(abstract)
        if key not in self._abstract_ids:
            copied = copy.deepcopy(abstract)
            copied.set(w("abstractNumId"), str(self._next_abstract))
            existing = self.numbering.findall(w("abstractNum"))
            if existing:
                existing[-1].addnext(copied)
            else:
                self.numbering.insert(0, copied)
            self._abstract_ids[key] = str(self._next_abstract)
            self._next_abstract += 1
        return self._abstract_ids[key]

    # -- output ---------------------------------------------------------------------------------
    def finish(self, stream) -> None:
        if self._last_sect is not None:
            self.body.append(self._last_sect)
        self.out.parts[self.main] = etree.tostring(self.doc_root, xml_declaration=True, encoding="UTF-8",
                                                   standalone=True)
        for r in self.doc_rels:
            if r.kind == "styles" and self.styles is not None:
                self.out.parts[r.target] = etree.tostring(self.styles, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
            elif r.kind == "numbering" and self.numbering is not None:
                cleanup = self.numbering.find(w("numIdMacAtCleanup"))
                if cleanup is not None:
                    self.numbering.remove(cleanup)
                self.out.parts[r.target] = etree.tostring(self.numbering, xml_declaration=True,
                                                          encoding="UTF-8", standalone=True)
        self.out.rels[self.main] = self.doc_rels
        self.out.write(stream)


def _canonical_abstract(abstract: etree._Element) -> bytes:
    c = copy.deepcopy(abstract)
    c.attrib.pop(w("abstractNumId"), None)
    for tag in ("nsid", "tmpl"):
        for e in c.findall(w(tag)):
            c.remove(e)
    return etree.tostring(c, method="c14n")


def _style_numbering(data: bytes) -> dict[str, tuple[str, str]]:
    """Paragraph style id → (numId, ilvl) for styles that number their paragraphs (following basedOn)."""
    styles = {s.get(w("styleId")): s for s in etree.fromstring(data).iter(w("style"))}
    found: dict[str, tuple[str, str]] = {}
    for sid in styles:
        seen, cur = set(), sid
        while cur in styles and cur not in seen:
            seen.add(cur)
            numpr = styles[cur].find(f"{w('pPr')}/{w('numPr')}")
            if numpr is not None:
                num_id = numpr.find(w("numId"))
                ilvl = numpr.find(w("ilvl"))
                if num_id is not None and num_id.get(w("val")) != "0":
                    found[sid] = (num_id.get(w("val")), ilvl.get(w("val")) if ilvl is not None else "0")
                break
            based = styles[cur].find(w("basedOn"))
            cur = based.get(w("val")) if based is not None else None
    return found


def _set_child(parent: etree._Element, tag: str, attrs: dict[str, str]) -> None:
    el = parent.find(w(tag))
    if el is None:
        el = etree.Element(w(tag))
        _insert_ordered(parent, el, _SECT_ORDER)
    for k, v in attrs.items():
        el.set(k, v)


def _insert_ordered(parent: etree._Element, child: etree._Element, order: list[str], *,
                    strict_after: bool = False) -> None:
    """Insert ``child`` where the schema's element order wants it. ``order`` lists the tags that may
    come before it (and, unless ``strict_after``, the ones after it too)."""
    name = child.tag.rsplit("}", 1)[-1]
    rank = order.index(name)
    before = {w(t) for t in order[:rank + 1]} if not strict_after else {w(t) for t in order[:rank]}
    pos = 0
    for i, el in enumerate(parent):
        if el.tag in before:
            pos = i + 1
    parent.insert(pos, child)
