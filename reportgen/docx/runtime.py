"""What a compiled tag calls while rendering: escaping, rich values and the per-render state.

Every value goes through one of the ``_rg_*`` functions, so escaping cannot be forgotten: text is always
XML-escaped (``|safe`` Markup is unescaped first and escaped again), control characters are dropped with a
warning, ``\\n``/``\\t``/``\\f`` become a line break, tab and page break. Rich values (``RichValue``) write
their own XML and may add parts and relationships through the ``RenderState`` of the current render.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from reportgen.errors import Location
from reportgen.ooxml.namespaces import REL_IMAGE
from reportgen.ooxml.package import Rel

_SPECIAL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_DROP = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CELL_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6})$")
_BREAKS = {
    "\n": '</w:t><w:br/><w:t xml:space="preserve">',
    "\t": '</w:t><w:tab/><w:t xml:space="preserve">',
    "\x0c": '</w:t><w:br w:type="page"/><w:t xml:space="preserve">',
}


class DocxWarning(UserWarning):
    """Something was changed to keep the document valid (e.g. control characters dropped)."""


class Fragment:
    """Ready-made XML returned by an emitter; ``finalize`` passes it through unconverted and unescaped."""

    __slots__ = ("xml",)

    def __init__(self, xml: str):
        self.xml = xml

    def __str__(self) -> str:
        return self.xml


def finalize_hook(value: Any) -> Any:
    return value.xml if value.__class__ is Fragment else value


def clean_text(value: str, location: Location | None, *, breaks: bool) -> str:
    """Escaped text; with ``breaks`` the result is valid inside ``w:t`` and turns \\n \\t \\f into markup."""
    if _SPECIAL.search(value) is None:
        return escape(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    dropped = len(_DROP.findall(value))
    if dropped:
        value = _DROP.sub("", value)
        warnings.warn(DocxWarning(f"{location or ''}: 数据中有 {dropped} 个无法写入 Word 的控制字符，已删除"),
                      stacklevel=2)
    if not breaks:
        return escape(value.replace("\x0c", ""))
    text = str(escape(value))
    for char, markup in _BREAKS.items():
        if char in text:
            text = text.replace(char, markup)
    return text


@dataclass
class EmitContext:
    """Where a rich value is being written: the tag's run and paragraph properties, the render state."""

    rpr: str
    ppr: str
    state: RenderState
    convert: Callable[[str], str] | None
    location: Location | None = None
    in_paragraph: bool = True  # the tag's run sits directly in a paragraph (so it may close and open one)

    def text(self, value: str, breaks: bool = True) -> str:
        """Script-converted, escaped text for a ``w:t``."""
        if self.convert is not None:
            value = self.convert(value)
        return clean_text(value, self.location, breaks=breaks)


class RichValue:
    """Base class of values that write their own WordprocessingML (see docs/docx.md, "Rich objects")."""

    def run_xml(self, ctx: EmitContext) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def paragraph_xml(self, ctx: EmitContext) -> str:
        return f"<w:p>{ctx.ppr}{self.run_xml(ctx)}</w:p>"


_STATE: ContextVar[RenderState] = ContextVar("reportgen_docx_render_state")


def current_state() -> RenderState:
    return _STATE.get()


class RenderState:
    """Everything one render adds to the package: parts, relationships, docPr and numbering ids."""

    def __init__(self, *, rel_ids: dict[str, int], max_docpr: int, max_num: int, existing: set[str]):
        self.part = ""
        self.new_parts: dict[str, tuple[bytes, str]] = {}
        self.new_rels: dict[str, list[Rel]] = {}  # source part → relationships it gains
        self.new_defaults: dict[str, str] = {}
        self._rel_ids = dict(rel_ids)
        self._media: dict[str, str] = {}
        self._related: dict[tuple[str, str, str], str] = {}
        self._existing = existing
        self._docpr = max_docpr
        self._num = max_num
        self.new_nums: list[tuple[int, int]] = []
        self._num_keys: dict[tuple, int] = {}
        self._keep: list[Any] = []

    # -- the API rich values use -------------------------------------------------------------------
    def relate(self, rel_type: str, target: str, *, external: bool = False) -> str:
        """A relationship from the part being rendered; ``target`` is a part name or an external URL."""
        key = (self.part, rel_type, target)
        if key in self._related:
            return self._related[key]
        number = self._rel_ids.get(self.part, 0) + 1
        self._rel_ids[self.part] = number
        rid = f"rIdRg{number}"
        self.new_rels.setdefault(self.part, []).append(Rel(rid, rel_type, target, external))
        self._related[key] = rid
        return rid

    def add_part(self, name: str, data: bytes, content_type: str, *, default_extension: bool = False) -> None:
        """A new package part (content type as an Override, or as a Default for its extension)."""
        self.new_parts[name] = (data, content_type)
        if default_extension:
            self.new_defaults[name.rsplit(".", 1)[-1].lower()] = content_type

    def unique_part_name(self, pattern: str) -> str:
        """``word/media/rg{}.png`` → the first free name."""
        number = 1
        while pattern.format(number) in self._existing or pattern.format(number) in self.new_parts:
            number += 1
        return pattern.format(number)

    def add_media(self, data: bytes, extension: str, content_type: str) -> str:
        """Store an image once per render (deduplicated by content) and relate it from the current part."""
        digest = hashlib.sha1(data).hexdigest()
        name = self._media.get(digest)
        if name is None:
            name = self.unique_part_name("word/media/rg_image{}." + extension)
            self.add_part(name, data, content_type, default_extension=True)
            self._media[digest] = name
        return self.relate(REL_IMAGE, name)

    def next_docpr_id(self) -> int:
        self._docpr += 1
        return self._docpr

    # -- numbering restarts ------------------------------------------------------------------------
    def num_for(self, num_id: int, loop: Any) -> int:
        key = (num_id, id(loop), getattr(loop, "index0", 0))
        if key not in self._num_keys:
            self._keep.append(loop)  # keep it alive so its id() is not reused within this render
            self._num += 1
            self._num_keys[key] = self._num
            self.new_nums.append((self._num, num_id))
        return self._num_keys[key]
