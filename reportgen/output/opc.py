"""Minimal Open Packaging (zip + relationships + content types) reading and writing for the merger.

python-docx's object model re-walks a document on every change, which is what makes docxcompose
slow down as the merged document grows (#78). The merger only needs parts as bytes and relationships
as tuples, so this module reads those straight from the zip, and :class:`PackageWriter` collects the
output parts, de-duplicating identical parts (one logo for a thousand contracts).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Rel:
    rid: str
    type: str
    target: str  # absolute part name ("word/media/image1.png") or, when external, the URL
    external: bool = False

    @property
    def kind(self) -> str:
        """Last segment of the relationship type, e.g. ``image``, ``header``, ``styles``."""
        return self.type.rsplit("/", 1)[-1]


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


class Package:
    """A .docx opened for reading: parts as bytes, relationships and content types parsed on demand."""

    def __init__(self, source: str | Path | bytes, label: str) -> None:
        self.label = label
        self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source)
        self.names = set(self._zip.namelist())
        self._rels: dict[str, list[Rel]] = {}
        ct = etree.fromstring(self._zip.read("[Content_Types].xml"))
        self.defaults = {e.get("Extension").lower(): e.get("ContentType") for e in ct if e.tag == f"{{{CT_NS}}}Default"}
        self.overrides = {e.get("PartName").lstrip("/"): e.get("ContentType")
                          for e in ct if e.tag == f"{{{CT_NS}}}Override"}
        self.main = next(r.target for r in self.rels("") if r.type == OFFICE_DOC)

    def read(self, part: str) -> bytes:
        return self._zip.read(part)

    def content_type(self, part: str) -> str:
        return self.overrides.get(part) or self.defaults.get(part.rsplit(".", 1)[-1].lower(), "application/octet-stream")

    def rels(self, part: str) -> list[Rel]:
        """Relationships of ``part`` (``""`` for the package root)."""
        if part not in self._rels:
            name = "_rels/.rels" if part == "" else rels_name(part)
            found: list[Rel] = []
            if name in self.names:
                for e in etree.fromstring(self._zip.read(name)):
                    external = e.get("TargetMode") == "External"
                    target = e.get("Target") if external else resolve(part, e.get("Target"))
                    found.append(Rel(e.get("Id"), e.get("Type"), target, external))
            self._rels[part] = found
        return self._rels[part]

    def close(self) -> None:
        self._zip.close()


def rels_xml(rels: list[Rel], source_part: str) -> bytes:
    root = etree.Element(f"{{{PKG_RELS_NS}}}Relationships", nsmap={None: PKG_RELS_NS})
    base = posixpath.dirname(source_part)
    for r in rels:
        e = etree.SubElement(root, f"{{{PKG_RELS_NS}}}Relationship", Id=r.rid, Type=r.type)
        if r.external:
            e.set("Target", r.target)
            e.set("TargetMode", "External")
        else:
            e.set("Target", posixpath.relpath(r.target, base) if base else r.target)
    return _XML_DECL + etree.tostring(root)


class PackageWriter:
    """Parts of the package being built. :meth:`import_part` copies a part and everything it
    references from a source package, reusing an identical part already imported."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}
        self.rels: dict[str, list[Rel]] = {}
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        self._by_content: dict[tuple, str] = {}
        self._taken_lower: set[str] = set()

    def add(self, name: str, data: bytes, content_type: str, rels: list[Rel] | None = None) -> None:
        self.parts[name] = data
        self._taken_lower.add(name.lower())
        if self.defaults.get(name.rsplit(".", 1)[-1].lower()) != content_type:
            self.overrides[name] = content_type
        if rels:
            self.rels[name] = rels

    def free_name(self, wanted: str) -> str:
        if wanted.lower() not in self._taken_lower:
            return wanted
        stem, dot, ext = wanted.rpartition(".")
        n = 2
        while f"{stem}_{n}.{ext}".lower() in self._taken_lower:
            n += 1
        return f"{stem}_{n}.{ext}" if dot else f"{wanted}_{n}"

    def import_part(self, pkg: Package, part: str, memo: dict[str, str]) -> str:
        """Copy ``part`` of ``pkg`` (and, recursively, its targets); returns the name it has here.

        ``memo`` is per source package (cycles, repeated targets). Parts keep their own rIds, so
        their bytes are copied unchanged; only relationship targets move.
        """
        if part in memo:
            return memo[part]
        memo[part] = part  # provisional, breaks cycles
        data, ctype = pkg.read(part), pkg.content_type(part)
        children = [r if r.external else Rel(r.rid, r.type, self.import_part(pkg, r.target, memo))
                    for r in pkg.rels(part)]
        key = (hashlib.sha1(data).digest(), ctype, tuple(children))
        name = self._by_content.get(key)
        if name is None:
            name = self.free_name(part)
            self.add(name, data, ctype, children)
            self._by_content[key] = name
        memo[part] = name
        return name

    def write(self, stream: io.BufferedIOBase | io.BytesIO) -> None:
        ct = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
        for ext, ctype in sorted(self.defaults.items()):
            etree.SubElement(ct, f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
        for name, ctype in self.overrides.items():
            if name in self.parts:
                etree.SubElement(ct, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=ctype)
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr("[Content_Types].xml", _XML_DECL + etree.tostring(ct))
            z.writestr("_rels/.rels", rels_xml(self.rels.get("", []), ""))
            for name, data in self.parts.items():
                z.writestr(name, data)
                if self.rels.get(name):
                    z.writestr(rels_name(name), rels_xml(self.rels[name], name))
