"""The value of one worksheet cell from its XML, exactly as python-calamine gives it.

A cell's XML after its ``r="…"`` (``' t="s"><v>12</v></c>'``) becomes text, a float, a bool or a
date/datetime/time/timedelta (a number shown with a date or duration format), using the workbook's shared
strings, cell styles and date system. The scanner decodes each distinct raw cell once.
"""

from __future__ import annotations

import re
from typing import Any

from reportgen.ingest.xlsxparts import Unsupported, excel_time, iso_datetime, rich_text, unescape

_ATTR_T = re.compile(rb'\bt="(\w+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_V = re.compile(rb"<v>(.*?)</v>", re.S)
STRING_REF = b' t="s"><v>'  # a shared string's raw cell starts so


class CellDecoder:
    """The python-calamine value of a cell from its XML after ``r="…"`` (shared strings, styles, 1904 dates)."""

    def __init__(self, strings: Any, formats: list[str | None], date1904: bool):
        self.strings, self.formats, self.date1904 = strings, formats, date1904
        self._kinds: dict[bytes, tuple[bytes, str | None]] = {}

    def value(self, raw: bytes) -> Any:
        if raw.endswith(b"</v></c>"):  # the two forms most cells take, without a style
            if raw.startswith(STRING_REF) and raw.find(b"<", 10) == len(raw) - 8:
                return self._string(raw[10:-8])
            if raw.startswith(b"><v>") and raw.find(b"<", 4) == len(raw) - 8:
                return self._number(raw[4:-8], None)
        gt = raw.find(b">")
        head = raw[:gt]
        kind = self._kinds.get(head)
        if kind is None:
            kind = self._kinds[head] = self._kind(head)
        t, fmt = kind
        if raw.startswith(b"<v>", gt + 1) and raw.endswith(b"</v></c>"):
            text = raw[gt + 4 : -8]
            if b"<" in text:
                text = _V.search(raw, gt).group(1)
        elif t == b"inlineStr":
            return rich_text(raw[gt + 1 :])
        else:
            v = _V.search(raw, gt)
            if v is None:
                return ""
            text = v.group(1)
        if not text and t != b"str":
            return ""  # a formula without a cached value
        if t == b"s":
            return self._string(text)
        if t == b"n":
            return self._number(text, fmt)
        if t == b"str" or t == b"e":
            return unescape(text.decode())
        if t == b"b":
            return text.strip() == b"1"
        if t == b"d":
            return iso_datetime(text.decode())
        raise Unsupported(f"cell type {t!r}")

    def _string(self, text: bytes) -> str:
        try:
            return self.strings[int(text)]
        except (ValueError, IndexError) as exc:
            raise Unsupported("bad shared string index") from exc

    def _number(self, text: bytes, fmt: str | None) -> Any:
        try:
            number = float(text)
        except ValueError as exc:
            raise Unsupported("bad number") from exc
        return number if fmt is None else excel_time(number, fmt, self.date1904)

    def _kind(self, head: bytes) -> tuple[bytes, str | None]:
        """(cell type, date/duration kind of its number format) of a cell's attributes."""
        m = _ATTR_T.search(head)
        s = _ATTR_S.search(head)
        style = int(s.group(1)) if s else 0
        return (m.group(1) if m else b"n"), (self.formats[style] if style < len(self.formats) else None)


__all__ = ["CellDecoder", "STRING_REF"]
