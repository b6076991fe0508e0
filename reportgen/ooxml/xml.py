"""The one XML parser and the one serializer for package parts.

The parser never loads a DTD, expands an entity or touches the network, and it refuses a part that
declares a DOCTYPE (an ``<!ENTITY`` can only live there): Word itself never writes one, so such a part is
either hostile or broken. The serializer keeps every namespace declaration that ``mc:Ignorable`` (or an
``mc:Choice Requires``) still names: lxml drops a declaration no element uses, and Word refuses a file
whose ``mc:Ignorable`` names an undeclared prefix.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from reportgen.errors import Location, ReportgenError
from reportgen.io.untrusted import declares_doctype, refuse_doctype_error
from reportgen.ooxml.namespaces import MC_NS, NSMAP

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_IGNORABLE = f"{{{MC_NS}}}Ignorable"
_MC_PREFIX_ATTRS = (_IGNORABLE, f"{{{MC_NS}}}ProcessContent", f"{{{MC_NS}}}MustUnderstand")
_CHOICE = f"{{{MC_NS}}}Choice"
_local = threading.local()


def _parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers are not thread-safe)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, dtd_validation=False, no_network=True,
                                 huge_tree=True, remove_blank_text=False)
        _local.parser = parser
    return parser


def _unsafe(part: str | None, file: str | None) -> ReportgenError:
    return refuse_doctype_error(file, part)


def refuse_doctype(data: bytes, part: str | None = None, file: str | None = None) -> None:
    """Refuse a part whose prolog declares a DOCTYPE, without parsing it (for parts copied as bytes)."""
    if declares_doctype(data):
        raise _unsafe(part, file)


def parse_xml(data: bytes, part: str | None = None, file: str | None = None) -> etree._Element:
    """Parse a part strictly: malformed XML or a DOCTYPE/ENTITY declaration is a located ``ReportgenError``."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ReportgenError(f"内容不是有效的 XML：{exc}", Location(file=file, part=part),
                             hint="用 Word 打开并另存一次，通常能修复") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _unsafe(part, file)
    return root


def parse_fragment(xml: str) -> etree._Element:
    """Parse XML the engine built itself (a string with its own namespace declarations)."""
    return parse_xml(xml.encode("utf-8"))


def _named_prefixes(root: etree._Element) -> set[str]:
    """Prefixes named in attribute *values* (``mc:Ignorable="w14 wp14"``, ``Requires="wps"``)."""
    names: set[str] = set()
    for attr in _MC_PREFIX_ATTRS:
        value = root.get(attr)
        if value:
            names.update(value.replace(":", " ").split())  # ProcessContent: "w14:foo" → w14
    for choice in root.iter(_CHOICE):
        value = choice.get("Requires")
        if value:
            names.update(value.split())
    return names


def adopt_ignorable(target: etree._Element, source: etree._Element) -> None:
    """Markup moved from ``source``'s part into ``target``'s keeps its meaning: the prefixes ``source``
    declares ignorable (``w15`` of ``w15:restartNumberingAfterBreak`` …) become ignorable in ``target`` too;
    :func:`serialize` declares them on the root."""
    wanted = (source.get(_IGNORABLE) or "").split()
    if not wanted:
        return
    have = (target.get(_IGNORABLE) or "").split()
    # only prefixes the serializer can declare: Word's own, or ones the target part already declares
    extra = [p for p in wanted if p not in have and (p in NSMAP or p in target.nsmap)]
    if extra:
        target.set(_IGNORABLE, " ".join([*have, *extra]))


def cleanup_namespaces(root: etree._Element) -> None:
    """Drop unused namespace declarations, except the ones markup compatibility still names."""
    etree.cleanup_namespaces(root, keep_ns_prefixes=sorted(_named_prefixes(root)))


_ROOT_TAG = re.compile(rb"<[^\s>/!?]+")


def serialize(root: etree._Element) -> bytes:
    """The part as bytes (UTF-8 with declaration); a prefix that markup compatibility names but no longer
    declares is declared again on the root (URI from the part's own declarations or Word's table)."""
    data = etree.tostring(root, encoding="UTF-8")
    missing = _undeclared(root)
    if missing:
        declarations = "".join(f' xmlns:{p}="{uri}"' for p, uri in sorted(missing.items())).encode()
        end = _ROOT_TAG.match(data).end()
        data = data[:end] + declarations + data[end:]
    return XML_DECLARATION.encode() + data


def _undeclared(root: etree._Element) -> dict[str, str]:
    named = _named_prefixes(root) - {p for p in root.nsmap if p}
    if not named:
        return {}
    known: dict[str, str] = {}
    for element in root.iter():  # only when something is missing: rare, and the scan is not free
        if isinstance(element.tag, str):
            for prefix, uri in element.nsmap.items():
                if prefix:
                    known.setdefault(prefix, uri)
    return {p: uri for p in named if (uri := known.get(p) or NSMAP.get(p)) is not None}
