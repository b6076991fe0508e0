"""Merge many .docx into one print-ready file, linear in the number of documents.

Each document becomes its own section(s): it starts on a new (or odd) page, keeps its page setup and
its own headers/footers, restarts page numbers and list numbering, and its images and other parts are
copied once (identical parts are shared). Styles come from the first document; a style only later
documents define is added once. Unlike docxcompose (#78), nothing re-scans the growing result: each
document is parsed, fixed up on its own and appended; the body is serialised once at the end.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from reportgen.errors import Location, ReportgenError
from reportgen.io.files import atomic_writer
from reportgen.ooxml.namespaces import (
    CT_FOOTER,
    CT_HEADER,
    R_NS,
    REL_FOOTER,
    REL_HEADER,
    W14_NS,
    W_NS,
    WP_NS,
    w,
)
from reportgen.ooxml.order import PPR_ORDER, SECTPR_ORDER, ensure_child, insert_in_order
from reportgen.ooxml.package import Package, PackageWriter, Rel
from reportgen.ooxml.xml import adopt_ignorable, serialize
from reportgen.output.merge_numbering import MergedNumbering, MergedStyles

_R_PREFIX = f"{{{R_NS}}}"
# Parts that belong to the document as a whole: taken from the first document, merged specially.
_SINGLETONS = {"styles", "numbering", "settings", "fontTable", "theme", "webSettings", "footnotes", "endnotes",
               "comments", "stylesWithEffects", "customXml", "glossaryDocument", "people",
               "commentsExtended", "commentsIds", "commentsExtensible"}
_HF = {"header": (REL_HEADER, CT_HEADER, "hdr"), "footer": (REL_FOOTER, CT_FOOTER, "ftr")}
_HF_REFERENCES = (w("headerReference"), w("footerReference"))


def merge_docx(documents: Iterable[str | Path | bytes], out_path: str | Path, *, odd_page: bool = False) -> Path:
    """Concatenate ``documents`` (paths or .docx bytes) in order into ``out_path`` (written atomically)."""
    merger = _Merger(odd_page=odd_page)
    count = 0
    for i, doc in enumerate(documents):
        label = str(doc) if not isinstance(doc, bytes | bytearray) else f"第{i + 1}个文档"
        try:
            pkg = Package.open(doc, label)
        except ReportgenError:
            raise
        except Exception as exc:  # noqa: BLE001 - any other failure to read: say which document
            raise ReportgenError(f"无法读取要合并的文档：{exc}", Location(file=label),
                                 hint="请确认它是完整的 .docx 文件。") from exc
        merger.append(pkg)
        count += 1
    if not count:
        raise ReportgenError("没有要合并的文档。")
    out = Path(out_path)
    with atomic_writer(out) as stream:
        merger.finish(stream)
    return out


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
        self.styles: MergedStyles | None = None
        self.numbering = MergedNumbering()
        self._next_docpr = 1_000_000
        self._next_bookmark = 1_000_000
        self._hf_types: set[tuple[str, str]] = set()  # (header|footer, default|first|even) seen so far
        self._empty_hf: dict[str, str] = {}
        self._last_sect: etree._Element | None = None
        self._last_el: etree._Element | None = None

    # -- per document ---------------------------------------------------------------------------
    def append(self, pkg: Package) -> None:
        root = pkg.parse(pkg.main)
        body = root.find(w("body"))
        if body is None:
            raise ReportgenError("文档没有正文（w:body），无法合并", Location(file=pkg.label, part=pkg.main))
        if self.index == 0:
            self._start(pkg, root)
        else:
            self._check_supported(pkg, body)
            adopt_ignorable(self.doc_root, root)
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
            self.numbering.restart(pkg, children, self._create_numbering)
            if self.styles is not None:
                self.styles.add_from(pkg)
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
                self.styles = MergedStyles(pkg, r.target)
                self._keep_singleton(r, pkg.content_type(r.target))
            elif r.kind == "numbering":
                self.numbering = MergedNumbering(pkg.parse(r.target))
                self._keep_singleton(r, pkg.content_type(r.target))
            else:
                self._add_doc_rel(r.type, self.out.import_part(pkg, r.target, memo), r.external)

    def _keep_singleton(self, r: Rel, ctype: str) -> None:
        self.out.parts[r.target] = b""  # written in finish()
        self.out.overrides[r.target] = ctype
        self._add_doc_rel(r.type, r.target, False)

    def _create_numbering(self, r: Rel, ctype: str) -> None:
        """A numbering part for the result when the first document had none."""
        name = self.out.free_name("word/numbering.xml")
        self.out.add(name, b"", ctype)
        self._add_doc_rel(r.type, name, False)

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
        if tag == f"{{{WP_NS}}}docPr":
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
        for attr in (f"{{{W14_NS}}}paraId", f"{{{W14_NS}}}textId"):
            if attr in node.attrib:
                del node.attrib[attr]

    # -- sections -------------------------------------------------------------------------------
    def _fix_first_section(self, sect: etree._Element) -> None:
        """New (odd) page, page numbers from 1, and explicit empty headers where the document has
        none (otherwise Word shows the previous document's header)."""
        if self.index == 0:
            return
        ensure_child(sect, "type", SECTPR_ORDER).set(w("val"), "oddPage" if self.odd_page else "nextPage")
        pg = ensure_child(sect, "pgNumType", SECTPR_ORDER)
        if pg.get(w("start")) is None:
            pg.set(w("start"), "1")
        present = {(el.tag.rsplit("}", 1)[-1].replace("Reference", ""), el.get(w("type"), "default"))
                   for el in sect if el.tag in _HF_REFERENCES}
        for hf, hf_type in sorted(self._hf_types - present):
            ref = etree.Element(w(f"{hf}Reference"))
            ref.set(w("type"), hf_type)
            ref.set(f"{_R_PREFIX}id", self._empty_part(hf))
            insert_in_order(sect, ref, SECTPR_ORDER)
        self._next_bookmark += 100_000

    def _note_hf(self, sect: etree._Element) -> None:
        for el in sect:
            if el.tag in _HF_REFERENCES:
                self._hf_types.add((el.tag.rsplit("}", 1)[-1].replace("Reference", ""), el.get(w("type"), "default")))

    def _empty_part(self, hf: str) -> str:
        if hf not in self._empty_hf:
            rtype, ctype, tag = _HF[hf]
            name = self.out.free_name(f"word/{hf}_empty.xml")
            root = etree.Element(w(tag), nsmap={"w": W_NS, "r": R_NS})
            etree.SubElement(root, w("p"))
            self.out.add(name, serialize(root), ctype)
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
        insert_in_order(ppr, sect, PPR_ORDER)

    # -- output ---------------------------------------------------------------------------------
    def finish(self, stream) -> None:
        if self._last_sect is not None:
            self.body.append(self._last_sect)
        self.out.parts[self.main] = serialize(self.doc_root)
        for r in self.doc_rels:
            if r.kind == "styles" and self.styles is not None:
                self.out.parts[r.target] = self.styles.to_bytes()
            elif r.kind == "numbering" and self.numbering.root is not None:
                self.out.parts[r.target] = self.numbering.to_bytes()
        self.out.rels[self.main] = self.doc_rels
        self.out.write(stream)
