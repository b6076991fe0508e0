"""The OPC package: parts by name, relationships and content types (python-docx's ``opc`` layer).

:class:`Package` opens a .docx for reading (parts as bytes, relationships with absolute targets);
:class:`PackageWriter` collects the parts of a new package, sharing identical parts (one logo for a
thousand contracts). Both go through :mod:`reportgen.ooxml.archive`, so size limits apply everywhere.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from reportgen.errors import Location, ReportgenError
from reportgen.io.untrusted import KIND_NAMES, office_kind
from reportgen.ooxml.archive import LIMITS, Entry, Limits, deflated, read_entries, write_zip
from reportgen.ooxml.namespaces import CT_NS, CT_OCTET, PKG_REL_NS, REL_OFFICE_DOCUMENT
from reportgen.ooxml.xml import parse_xml, refuse_doctype, serialize

CONTENT_TYPES = "[Content_Types].xml"
_DEFAULT, _OVERRIDE, _RELATIONSHIP = f"{{{CT_NS}}}Default", f"{{{CT_NS}}}Override", f"{{{PKG_REL_NS}}}Relationship"


@dataclass(frozen=True)
class Rel:
    """A relationship; ``target`` is an absolute part name (``word/media/image1.png``) or, external, a URL."""

    rid: str
    type: str
    target: str
    external: bool = False

    @property
    def kind(self) -> str:
        """Last segment of the relationship type, e.g. ``image``, ``header``, ``styles``."""
        return self.type.rsplit("/", 1)[-1]


def rels_name(part: str) -> str:
    """``word/document.xml`` → ``word/_rels/document.xml.rels``; ``""`` (the package) → ``_rels/.rels``."""
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def resolve_target(source_part: str, target: str) -> str:
    """Absolute part name of a relationship target relative to ``source_part`` (never above the root)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = source_part.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def relative_target(source_part: str, part: str) -> str:
    """The ``Target`` that points from ``source_part`` to ``part`` (inverse of :func:`resolve_target`)."""
    base = posixpath.dirname(source_part)
    return posixpath.relpath(part, base) if base else part


# -- relationships parts ----------------------------------------------------------------------------------
def read_rels(data: bytes | None, source_part: str, rels_part: str | None = None,
              file: str | None = None) -> list[Rel]:
    """Relationships of a ``.rels`` part, internal targets resolved against ``source_part``."""
    if data is None:
        return []
    found = []
    for e in parse_xml(data, rels_part or rels_name(source_part), file).iter(_RELATIONSHIP):
        external = e.get("TargetMode") == "External"
        target = e.get("Target", "")
        found.append(Rel(e.get("Id", ""), e.get("Type", ""), target if external else resolve_target(source_part, target),
                         external))
    return found


def _append_rels(root: etree._Element, rels: list[Rel], source_part: str) -> None:
    for r in rels:
        element = etree.SubElement(root, _RELATIONSHIP, Id=r.rid, Type=r.type)
        if r.external:
            element.set("Target", r.target)
            element.set("TargetMode", "External")
        else:
            element.set("Target", relative_target(source_part, r.target))


def rels_xml(rels: list[Rel], source_part: str) -> bytes:
    """A new ``.rels`` part for ``source_part``."""
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    _append_rels(root, rels, source_part)
    return serialize(root)


def add_rels(data: bytes | None, rels: list[Rel], source_part: str) -> bytes:
    """A ``.rels`` part with ``rels`` appended (created when the source had none)."""
    if data is None:
        return rels_xml(rels, source_part)
    root = parse_xml(data, rels_name(source_part))
    _append_rels(root, rels, source_part)
    return serialize(root)


# -- [Content_Types].xml -----------------------------------------------------------------------------------
def read_content_types(data: bytes, file: str | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by lower-case extension, overrides by part name) of ``[Content_Types].xml``."""
    root = parse_xml(data, CONTENT_TYPES, file)
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(_DEFAULT)}
    overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "") for e in root.iter(_OVERRIDE)}
    return defaults, overrides


def content_types_xml(defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    for ext, ctype in sorted(defaults.items()):
        etree.SubElement(root, _DEFAULT, Extension=ext, ContentType=ctype)
    for name, ctype in overrides.items():
        etree.SubElement(root, _OVERRIDE, PartName=f"/{name}", ContentType=ctype)
    return serialize(root)


def add_content_types(data: bytes, defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    """``[Content_Types].xml`` with extra Default/Override entries (existing ones are kept)."""
    root = parse_xml(data, CONTENT_TYPES)
    have_defaults = {e.get("Extension", "").lower() for e in root.iter(_DEFAULT)}
    have_overrides = {e.get("PartName", "") for e in root.iter(_OVERRIDE)}
    first_override = root.find(_OVERRIDE)
    for ext, ctype in defaults.items():
        if ext.lower() not in have_defaults:
            element = etree.Element(_DEFAULT, Extension=ext, ContentType=ctype)
            if first_override is not None:
                first_override.addprevious(element)
            else:
                root.append(element)
    for name, ctype in overrides.items():
        if "/" + name not in have_overrides:
            etree.SubElement(root, _OVERRIDE, PartName="/" + name, ContentType=ctype)
    return serialize(root)


# -- reading and writing whole packages -----------------------------------------------------------------
class Package:
    """A package opened for reading: entries in stored order, content types, relationships on demand."""

    def __init__(self, data: bytes, label: str | None = None, limits: Limits = LIMITS) -> None:
        self.label = label
        self.entries: list[Entry] = read_entries(data, label, limits)
        self.by_name: dict[str, Entry] = {e.name: e for e in self.entries}
        self.names = set(self.by_name)
        kind = office_kind(self.names)
        if kind not in (None, "docx"):
            raise ReportgenError(f"文件不是 Word 文档（.docx）：它是{KIND_NAMES[kind]}", Location(file=label),
                                 hint="请检查是否选错了文件（Word 模板应是 .docx）")
        if CONTENT_TYPES not in self.by_name:
            raise ReportgenError("文件不是有效的 Word 文档（缺少 [Content_Types].xml）", Location(file=label),
                                 hint="请用 Word/WPS 另存为 .docx 后再试")
        self.defaults, self.overrides = read_content_types(self.by_name[CONTENT_TYPES].data(), label)
        self._rels: dict[str, list[Rel]] = {}

    @classmethod
    def open(cls, source: str | Path | bytes, label: str | None = None, limits: Limits = LIMITS) -> Package:
        if isinstance(source, bytes | bytearray):
            return cls(bytes(source), label, limits)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ReportgenError(f"无法读取文件：{exc.strerror}", Location(file=str(source))) from None
        return cls(data, label or str(source), limits)

    def read(self, part: str) -> bytes:
        """A part's bytes; an XML part that declares a DOCTYPE is refused even when only copied."""
        entry = self.by_name.get(part)
        if entry is None:
            raise ReportgenError(f"文件中缺少部件 {part}", Location(file=self.label, part=part),
                                 hint="请用 Word/WPS 打开后另存为 .docx 再试")
        data = entry.data()
        if self.is_xml(part):
            refuse_doctype(data, part, self.label)
        return data

    def is_xml(self, part: str) -> bool:
        return part.endswith((".xml", ".rels")) or self.content_type(part).endswith("xml")

    def parse(self, part: str) -> etree._Element:
        """A part parsed with the hardened parser, errors located at this package and part."""
        return parse_xml(self.read(part), part, self.label)

    def content_type(self, part: str) -> str:
        return self.overrides.get(part) or self.defaults.get(part.rsplit(".", 1)[-1].lower(), CT_OCTET)

    def rels(self, part: str) -> list[Rel]:
        """Relationships of ``part`` (``""`` for the package root)."""
        if part not in self._rels:
            name = rels_name(part)
            self._rels[part] = read_rels(self.read(name) if name in self.by_name else None, part, name,
                                        self.label)
        return self._rels[part]

    @cached_property
    def main(self) -> str:
        """The main document part (target of the package's officeDocument relationship)."""
        return next((r.target for r in self.rels("") if r.type == REL_OFFICE_DOCUMENT and not r.external),
                    "word/document.xml")


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

    def write(self, stream: BinaryIO) -> None:
        overrides = {name: ctype for name, ctype in self.overrides.items() if name in self.parts}

        def entries():
            yield deflated(CONTENT_TYPES, content_types_xml(self.defaults, overrides), level=6)
            yield deflated(rels_name(""), rels_xml(self.rels.get("", []), ""), level=6)
            for name, data in self.parts.items():
                yield deflated(name, data, level=6)
                if self.rels.get(name):
                    yield deflated(rels_name(name), rels_xml(self.rels[name], name), level=6)

        write_zip(entries(), stream)
