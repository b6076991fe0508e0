"""Styles and list numbering of a merged document: taken from the first document, extended by later ones.

A style only later documents define is added once. Every list of a later document gets its own numbering
instance that starts again at 1, sharing the abstract definition when it is the same (one template →
one abstract list for the whole batch). Each distinct styles/numbering part is parsed once per merge.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable

from lxml import etree

from reportgen.ooxml.namespaces import W_NUMPR, W_P, W_PPR, w
from reportgen.ooxml.numbering import style_numbering
from reportgen.ooxml.order import PPR_ORDER, insert_in_order
from reportgen.ooxml.package import Package, Rel
from reportgen.ooxml.xml import adopt_ignorable, serialize


def part_rel(pkg: Package, kind: str) -> Rel | None:
    """The main part's internal relationship of ``kind`` (``styles``, ``numbering``…)."""
    return next((r for r in pkg.rels(pkg.main) if r.kind == kind and not r.external), None)


class MergedStyles:
    """The first document's styles part plus every style id a later document adds."""

    def __init__(self, pkg: Package, part: str) -> None:
        self.root = pkg.parse(part)
        self._ids = {s.get(w("styleId")) for s in self.root.iter(w("style"))}
        self._seen = {hashlib.sha1(pkg.read(part)).digest()}

    def add_from(self, pkg: Package) -> None:
        r = part_rel(pkg, "styles")
        if r is None:
            return
        data = pkg.read(r.target)
        digest = hashlib.sha1(data).digest()
        if digest in self._seen:
            return  # same styles part as a document already merged (the usual case: one template)
        self._seen.add(digest)
        source = pkg.parse(r.target)
        adopt_ignorable(self.root, source)
        for style in list(source.iter(w("style"))):
            sid = style.get(w("styleId"))
            if sid not in self._ids:
                self.root.append(style)
                self._ids.add(sid)

    def to_bytes(self) -> bytes:
        return serialize(self.root)


class MergedNumbering:
    """``word/numbering.xml`` of the result: the first document's, plus restarted lists of later ones."""

    def __init__(self, root: etree._Element | None = None) -> None:
        self.root = root
        self._abstract_ids: dict[bytes, str] = {}  # canonical abstractNum → id in the result
        self._next_num = 1
        self._next_abstract = 0
        self._numbering_cache: dict[bytes, tuple[dict, dict]] = {}
        self._abstract_cache: dict[tuple[bytes, str], str] = {}
        self._style_num_cache: dict[bytes, dict[str, tuple[str, str]]] = {}
        if root is not None:
            for a in root.findall(w("abstractNum")):
                self._abstract_ids.setdefault(_canonical_abstract(a), a.get(w("abstractNumId")))
                self._next_abstract = max(self._next_abstract, int(a.get(w("abstractNumId"))) + 1)
            for n in root.findall(w("num")):
                self._next_num = max(self._next_num, int(n.get(w("numId"))) + 1)

    def restart(self, pkg: Package, children: list[etree._Element], create_part: Callable[[Rel, str], None]) -> None:
        """Give every list of this document its own numbering instance that starts again at 1.

        ``create_part(rel, content_type)`` adds a numbering part when the first document had none.
        """
        r = part_rel(pkg, "numbering")
        if r is None:
            return
        data = pkg.read(r.target)
        digest = hashlib.sha1(data).digest()
        if digest not in self._numbering_cache:
            src = pkg.parse(r.target)
            self._numbering_cache[digest] = (
                {a.get(w("abstractNumId")): a for a in src.findall(w("abstractNum"))},
                {n.get(w("numId")): n for n in src.findall(w("num"))})
            if self.root is None:
                self.root = etree.Element(w("numbering"), nsmap=src.nsmap)
                create_part(r, pkg.content_type(r.target))
            adopt_ignorable(self.root, src)
        abstracts, nums = self._numbering_cache[digest]
        style_num = self._style_numbering(pkg)
        new_ids: dict[str, str] = {}

        def new_num(old: str) -> str | None:
            if old not in new_ids and old in nums:
                a_old = nums[old].find(w("abstractNumId")).get(w("val"))
                if a_old not in abstracts:
                    return None
                if (digest, a_old) not in self._abstract_cache:
                    self._abstract_cache[(digest, a_old)] = self._import_abstract(abstracts[a_old])
                new_ids[old] = self._restarted_num(self._abstract_cache[(digest, a_old)], abstracts[a_old])
            return new_ids.get(old)

        for el in children:
            for p in el.iter(W_P):
                ppr = p.find(W_PPR)
                if ppr is not None:
                    _renumber(ppr, style_num, new_num)

    def _restarted_num(self, abstract_id: str, abstract: etree._Element) -> str:
        num = etree.SubElement(self.root, w("num"))
        num.set(w("numId"), str(self._next_num))
        etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract_id)
        for lvl in abstract.findall(w("lvl")):
            start = lvl.find(w("start"))
            override = etree.SubElement(num, w("lvlOverride"))
            override.set(w("ilvl"), lvl.get(w("ilvl")))
            etree.SubElement(override, w("startOverride")).set(
                w("val"), start.get(w("val")) if start is not None else "0")
        self._next_num += 1
        return str(self._next_num - 1)

    def _style_numbering(self, pkg: Package) -> dict[str, tuple[str, str]]:
        r = part_rel(pkg, "styles")
        if r is None:
            return {}
        digest = hashlib.sha1(pkg.read(r.target)).digest()
        if digest not in self._style_num_cache:
            self._style_num_cache[digest] = style_numbering(pkg.parse(r.target))
        return self._style_num_cache[digest]

    def _import_abstract(self, abstract: etree._Element) -> str:
        key = _canonical_abstract(abstract)
        if key not in self._abstract_ids:
            copied = copy.deepcopy(abstract)
            copied.set(w("abstractNumId"), str(self._next_abstract))
            existing = self.root.findall(w("abstractNum"))
            if existing:
                existing[-1].addnext(copied)
            else:
                self.root.insert(0, copied)
            self._abstract_ids[key] = str(self._next_abstract)
            self._next_abstract += 1
        return self._abstract_ids[key]

    def to_bytes(self) -> bytes:
        cleanup = self.root.find(w("numIdMacAtCleanup"))
        if cleanup is not None:
            self.root.remove(cleanup)
        return serialize(self.root)


def _renumber(ppr: etree._Element, style_num: dict[str, tuple[str, str]],
              new_num: Callable[[str], str | None]) -> None:
    """Point the paragraph's list (its own ``numPr`` or its style's) at this document's instance."""
    num_id = ppr.find(f"{W_NUMPR}/{w('numId')}")
    if num_id is not None:
        mapped = new_num(num_id.get(w("val")))
        if mapped:
            num_id.set(w("val"), mapped)
        return
    style = ppr.find(w("pStyle"))
    if style is None or style.get(w("val")) not in style_num:
        return
    old, ilvl = style_num[style.get(w("val"))]
    mapped = new_num(old)
    if not mapped:
        return
    own = ppr.find(W_NUMPR)  # a numPr with only ilvl keeps the paragraph's own level
    if own is not None:
        level = own.find(w("ilvl"))
        ilvl = level.get(w("val"), ilvl) if level is not None else ilvl
        ppr.remove(own)
    numpr = etree.Element(W_NUMPR)
    etree.SubElement(numpr, w("ilvl")).set(w("val"), ilvl)
    etree.SubElement(numpr, w("numId")).set(w("val"), mapped)
    insert_in_order(ppr, numpr, PPR_ORDER)


def _canonical_abstract(abstract: etree._Element) -> bytes:
    c = copy.deepcopy(abstract)
    c.attrib.pop(w("abstractNumId"), None)
    for tag in ("nsid", "tmpl"):
        for e in c.findall(w(tag)):
            c.remove(e)
    return etree.tostring(c, method="c14n")
