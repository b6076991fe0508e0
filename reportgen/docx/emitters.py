"""The ``_rg_*`` functions a compiled part calls, bound to that part's run/paragraph properties."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from reportgen.docx.compiler import CompiledSource
from reportgen.docx.runtime import (
    _CELL_COLOUR,
    _SPECIAL,
    EmitContext,
    Fragment,
    RichValue,
    clean_text,
    current_state,
)

EMITTER_NAMES = ("_rg_t", "_rg_r", "_rg_p", "_rg_x", "_rg_colspan", "_rg_cellbg", "_rg_num")


def part_globals(source: CompiledSource, convert: Callable[[str], str] | None) -> dict[str, Any]:
    """Jinja filters for one part (closures over its tables, so rendering needs no lookups)."""
    rpr, ppr, locations = source.run_props, source.para_props, source.slot_locations
    direct = source.slot_in_paragraph

    def ctx(n: int) -> EmitContext:
        return EmitContext(rpr[n], ppr[n], current_state(), convert, locations[n], direct[n])

    def plain(value: Any, n: int) -> str:
        """Escaped, script-converted text of a non-rich value (for run/paragraph emitters)."""
        if isinstance(value, Markup):
            value = value.unescape()
        text = "" if value is None else str(value)
        if convert is not None:
            text = convert(text)
        return clean_text(text, locations[n], breaks=True)

    def _rg_t(value: Any, n: int) -> Any:
        if value.__class__ is str:
            if _SPECIAL.search(value) is None:
                if "&" in value or "<" in value or ">" in value:
                    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                return value
            return clean_text(value, locations[n], breaks=True)
        if isinstance(value, RichValue):
            return Fragment(f"</w:t></w:r>{value.run_xml(ctx(n))}<w:r>{rpr[n]}<w:t xml:space=\"preserve\">")
        if isinstance(value, Markup):
            return _rg_t(value.unescape(), n)
        if value is None:
            return None  # the environment's finalize: an error in strict mode, empty + warning in lenient
        return _rg_t(str(value), n)

    def _rg_r(value: Any, n: int) -> Fragment | None:
        if value is None:
            return None  # see _rg_t
        if isinstance(value, RichValue):
            return Fragment(value.run_xml(ctx(n)))
        return Fragment(f'<w:r>{rpr[n]}<w:t xml:space="preserve">{plain(value, n)}</w:t></w:r>')

    def _rg_p(value: Any, n: int) -> Fragment | None:
        if value is None:
            return None  # see _rg_t
        if isinstance(value, RichValue):
            return Fragment(value.paragraph_xml(ctx(n)))
        return Fragment(f'<w:p>{ppr[n]}<w:r>{rpr[n]}<w:t xml:space="preserve">{plain(value, n)}</w:t></w:r></w:p>')

    def _rg_x(value: Any) -> Any:
        if isinstance(value, Markup):
            value = value.unescape()
        text = "" if value is None else str(value)
        return clean_text(text, None, breaks=False)

    def _rg_colspan(value: Any) -> Fragment:
        span = int(value)
        if span < 1:
            raise ValueError(f"colspan 必须是正整数，实际是 {value!r}")
        return Fragment(f'<w:gridSpan w:val="{span}"/>')

    def _rg_cellbg(value: Any) -> Fragment:
        match = _CELL_COLOUR.match(str(value).strip())
        if not match:
            raise ValueError(f"cellbg 需要 6 位十六进制颜色（如 FFCC00），实际是 {value!r}")
        return Fragment(f'<w:shd w:val="clear" w:color="auto" w:fill="{match.group(1).upper()}"/>')

    def _rg_num(num_id: int, loop: Any) -> Fragment:
        return Fragment(f'<w:numId w:val="{current_state().num_for(num_id, loop)}"/>')

    return {"_rg_t": _rg_t, "_rg_r": _rg_r, "_rg_p": _rg_p, "_rg_x": _rg_x, "_rg_colspan": _rg_colspan,
            "_rg_cellbg": _rg_cellbg, "_rg_num": _rg_num}
