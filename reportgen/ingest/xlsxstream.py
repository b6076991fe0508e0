"""Stream one .xlsx sheet in bounded memory: only the columns asked for become Python values.

python-calamine builds the whole cell grid before a column can be picked (1.7 GB for a 196,000-row ×
171-column export). Here the sheet XML is inflated in chunks and a compiled pattern that names only the
wanted column letters finds their cells; the scan runs in C, so the 140 unwanted columns cost no Python
work. Values are those python-calamine gives (text, float, bool, date/datetime/time/timedelta from the
number format), each distinct raw cell decoded once and shared (interned) across rows; shared strings are
decoded in bulk when the sheet is opened (:mod:`reportgen.ingest.xlsxparts`).

This is the project's one streaming .xlsx reader. It reads the canonical form every spreadsheet program
writes (``<c r="B7" …>`` cells, no namespace prefix); anything else raises :class:`Unsupported` and the
caller reads the file with python-calamine instead. A DOCTYPE (entity declarations) in any part, or a part
that inflates too far (a zip bomb), is refused with a :class:`ReportgenError` (:mod:`~reportgen.ingest.xlsxparts`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reportgen.errors import Location, ReportgenError
from reportgen.ingest.xlsxparts import (
    MAX_ROW_BYTES,
    Unsupported,
    cell_styles,
    choose_sheet,
    excel_time,
    iso_datetime,
    prefetch,
    read_part,
    rich_text,
    shared_strings,
    unescape,
    workbook_sheets,
)

HEAD_ROWS = 12  # as reportgen.ingest.readers: header detection looks at these rows

Progress = Callable[[int, int], None]  # (rows read, rows in the sheet or 0 when unknown)

# after ``<c r="B7"``: the attributes and body; the common ``<v>…</v></c>`` form is matched without backtracking
_REST = rb'([^>/]*(?:/>|><v>[^<]*</v></c>|>.*?</c>))'
_CELL_ANY = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"' + _REST, re.S)
_PREFIXED = re.compile(rb"<\w+:worksheet\b")
_BELOW_HEAD = re.compile(rb'<row r="(?:1[3-9]|[2-9]\d|\d{3,})"')  # the first row below HEAD_ROWS
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_V = re.compile(rb"<v>(.*?)</v>", re.S)


def col_index(letters: bytes | str) -> int:
    """0-based column index of ``AB`` → 27."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n - 1


def col_letters(index: int) -> bytes:
    s = b""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = bytes([65 + r]) + s
    return s


class SheetStream:
    """One sheet of an .xlsx file, opened: ``head`` rows at once, then :meth:`columns` streams the rest.

    ``merged`` (ranges as ((r0, c0), (r1, c1)), 0-based inclusive) is complete only once
    :meth:`columns` has run to the end: Excel writes merged ranges after the cells.
    """

    def __init__(self, path: Path, sheet: str | int | None = None):
        self.path = path
        self.where = Location(file=path.name)
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise Unsupported(str(exc)) from exc
        try:
            self.names, targets, self.date1904 = workbook_sheets(self)
            self.sheet = choose_sheet(self.names, sheet)
            if self.sheet is None:
                raise Unsupported("sheet not found")  # read_sheet reports it with the sheet list
            self.where = self.where.with_(sheet=self.sheet)
            self.part = targets[self.sheet]
            self.formats = cell_styles(self)
            self.strings = shared_strings(self)
            self._kinds: dict[bytes, tuple[bytes, str | None]] = {}
            self.merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
            self.total_rows = 0
            self.head: list[list] = self._head()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> SheetStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    # ---- reading ------------------------------------------------------------------------------

    def _chunks(self) -> Iterator[bytes]:
        """The sheet's cell XML in pieces that end at a ``</row>``; merged ranges collected at the end."""
        self.merged = []
        rest = b""
        in_cells = True
        for data in prefetch(read_part(self, self.part)):
            if not rest and in_cells and _PREFIXED.search(data, 0, 4096):
                raise Unsupported("namespace prefixes")
            buf = rest + data if rest else data
            if not in_cells:
                cut = max(len(buf) - 200, 0)
                self._merges(buf[:cut])
                rest = buf[cut:]
                continue
            end = buf.find(b"</sheetData>")
            if end >= 0:
                _check_form(buf[:end])
                yield buf[:end]
                in_cells = False
                rest = buf[end:]
                continue
            cut = buf.rfind(b"</row>")
            if cut < 0:
                if len(buf) > MAX_ROW_BYTES:
                    raise ReportgenError("工作表中有一行过大，无法读取", self.where, hint="文件可能已损坏；请用 Excel 另存为 .xlsx")
                rest = buf
                continue
            cut += 6
            _check_form(buf[:cut])
            yield buf[:cut]
            rest = buf[cut:]
        if in_cells:
            if b"<sheetData" in rest and b"<sheetData/>" not in rest:
                raise Unsupported("sheetData not closed")
            _check_form(rest)
            yield rest
        else:
            self._merges(rest)

    def _merges(self, data: bytes) -> None:
        for a, r0, b, r1 in _MERGE.findall(data):
            c0, c1 = col_index(a), col_index(b or a)
            self.merged.append(((int(r0) - 1, c0), (int(r1 or r0) - 1, c1)))

    def _head(self) -> list[list]:
        """The first :data:`HEAD_ROWS` rows, every column ('' for a blank cell), as python-calamine gives them."""
        rows: dict[int, dict[int, Any]] = {}
        for chunk in self._chunks():
            if not self.total_rows:
                m = _DIMENSION.search(chunk)
                self.total_rows = int(m.group(1)) if m and m.group(1) else 0
            below = _BELOW_HEAD.search(chunk)
            for col, row, cell in _CELL_ANY.findall(chunk, 0, below.start() if below else len(chunk)):
                rows.setdefault(int(row) - 1, {})[col_index(col)] = self.value(cell)
            if below:
                break
        if not rows:
            return []
        width = max(max(r) for r in rows.values()) + 1
        return [[rows.get(r, {}).get(c, "") for c in range(width)] for r in range(max(rows) + 1)]

    def columns(self, cols: list[int], start: int, progress: Progress | None = None) -> Iterator[tuple[int, tuple]]:
        """(0-based row index, values of ``cols``) of each row ``start``… with a kept cell; missing cells None."""
        if not cols:
            return
        letters = [col_letters(c) for c in cols]
        position = {letter: k for k, letter in enumerate(letters)}
        cell = re.compile(rb'<c r="(' + _trie(letters) + rb')(\d+)"' + _REST, re.S)
        memo = _Memo(self.value)
        blank = (None,) * len(cols)
        current, vals = b"", list(blank)
        for chunk in self._chunks():
            for col, row, raw in cell.findall(chunk):
                if row != current:
                    if current and int(current) > start:
                        yield int(current) - 1, tuple(vals)
                    current, vals = row, list(blank)
                vals[position[col]] = memo[raw]
            if progress is not None and current:
                progress(int(current), max(self.total_rows, int(current)))
        if current and int(current) > start:
            yield int(current) - 1, tuple(vals)
        if progress is not None:
            done = max(int(current or 0), self.total_rows)
            progress(done, done)

    # ---- cell values --------------------------------------------------------------------------

    def value(self, raw: bytes) -> Any:
        """The python-calamine value of one cell, from its XML after ``r="…"``."""
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
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError) as exc:
                raise Unsupported("bad shared string index") from exc
        if t == b"n":
            try:
                number = float(text)
            except ValueError as exc:
                raise Unsupported("bad number") from exc
            return number if fmt is None else excel_time(number, fmt, self.date1904)
        if t == b"str" or t == b"e":
            return unescape(text.decode())
        if t == b"b":
            return text.strip() == b"1"
        if t == b"d":
            return iso_datetime(text.decode())
        raise Unsupported(f"cell type {t!r}")

    def _kind(self, head: bytes) -> tuple[bytes, str | None]:
        """(cell type, date/duration kind of its number format) of a cell's attributes."""
        m = _ATTR_T.search(head)
        s = _ATTR_S.search(head)
        style = int(s.group(1)) if s else 0
        return (m.group(1) if m else b"n"), (self.formats[style] if style < len(self.formats) else None)


class _Memo(dict):
    """Raw cell XML → value, decoded on first sight: equal cells share one Python object (interning)."""

    def __init__(self, decode: Callable[[bytes], Any]):
        super().__init__()
        self.decode = decode

    def __missing__(self, raw: bytes) -> Any:
        value = self[raw] = self.decode(raw)
        return value


def _trie(words: list[bytes]) -> bytes:
    """A regex alternation of column letters as a prefix tree (the scan tries fewer branches)."""
    groups: dict[bytes, list[bytes]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w[1:])
    parts = []
    for first, rests in sorted(groups.items()):
        longer = [r for r in rests if r]
        if not longer:
            parts.append(first)
        else:
            parts.append(first + b"(?:" + _trie(longer) + b")" + (b"?" if b"" in rests else b""))
    return b"|".join(parts)


def _check_form(chunk: bytes) -> None:
    """Refuse (→ python-calamine) cells not written ``<c r="…"`` (prefixed elements, cells without a reference)."""
    cells = chunk.count(b'<c r="')
    if chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>") != cells or (not cells and b":c " in chunk):
        raise Unsupported("cells without a leading r attribute")
    if chunk.count(b"<row") != chunk.count(b'<row r="'):
        raise Unsupported("rows without a reference")


__all__ = ["SheetStream", "Unsupported", "col_index", "col_letters", "HEAD_ROWS", "Progress"]
