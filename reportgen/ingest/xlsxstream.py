"""Stream one .xlsx sheet in bounded memory: only the columns asked for become Python values.

python-calamine builds the whole cell grid before a column can be picked (1.7 GB for a 196,000-row ×
171-column export). Here the sheet XML is inflated in chunks and a compiled pattern that names only the
wanted column letters finds their cells; the scan runs in C, so the 140 unwanted columns cost no Python
work. Values are those python-calamine gives (text, float, bool, date/datetime/time/timedelta from the
number format), each distinct raw cell decoded once and shared (interned) across rows; shared strings are
kept as their raw XML bytes and decoded only when a kept cell refers to them.

This is the project's one streaming .xlsx reader. It reads the canonical form every spreadsheet program
writes (``<c r="B7" …>`` cells, no namespace prefix); anything else raises :class:`Unsupported` and the
caller reads the file with python-calamine instead. A DOCTYPE (entity declarations) in any part, a part
that inflates past :data:`MAX_PART_BYTES` or more than :data:`MAX_RATIO` times its compressed size is
refused (:class:`ReportgenError`).
"""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from reportgen.errors import Location, ReportgenError

CHUNK = 1 << 22  # 4 MiB of inflated XML per scan
MAX_ROW_BYTES = 64 << 20  # one row (or the sheet's tail) may not exceed this without a </row>
MAX_PART_BYTES = 16 << 30  # an inflated part larger than this is refused (zip bomb)
MAX_RATIO = 250  # inflated / compressed size; real sheets are below 30
HEAD_ROWS = 12  # as reportgen.ingest.readers: header detection looks at these rows

Progress = Callable[[int, int], None]  # (rows read, rows in the sheet or 0 when unknown)


class Unsupported(Exception):
    """The workbook is valid but not in the form this reader scans; read it another way."""


# after ``<c r="B7"``: the attributes and body; the common ``<v>…</v></c>`` form is matched without backtracking
_REST = rb'([^>/]*(?:/>|><v>[^<]*</v></c>|>.*?</c>))'
_CELL_ANY = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"' + _REST, re.S)
_ROOT = re.compile(rb"<[A-Za-z_]")
_PREFIXED = re.compile(rb"<\w+:worksheet\b")
_BELOW_HEAD = re.compile(rb'<row r="(?:1[3-9]|[2-9]\d|\d{3,})"')  # the first row below HEAD_ROWS
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_V = re.compile(rb"<v>(.*?)</v>", re.S)
_T = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>|<t\s*/>", re.S)
_T_TAGS = re.compile(rb"</t>|<t(?:\s[^>]*)?/?>")
_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_SI = re.compile(rb"<si>(.*?)</si>|<si\s*/>", re.S)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);")
_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_EPOCH = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_DATE_IDS = set(range(14, 23)) | {45, 47}
_DURATION_IDS = {46}


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
            self.names, targets, self.date1904 = _workbook(self)
            self.sheet = _choose(self.names, sheet)
            if self.sheet is None:
                raise Unsupported("sheet not found")  # read_sheet reports it with the sheet list
            self.where = self.where.with_(sheet=self.sheet)
            self.part = targets[self.sheet]
            self.formats = _styles(self)
            self.strings = _shared_strings(self)
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
        for data in _prefetch(read_part(self, self.part)):
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
            return _text(raw[gt + 1 :])
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
            return number if fmt is None else _excel_time(number, fmt, self.date1904)
        if t == b"str" or t == b"e":
            return _unescape(text.decode())
        if t == b"b":
            return text.strip() == b"1"
        if t == b"d":
            return _iso_datetime(text.decode())
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


def read_part(stream: SheetStream, name: str) -> Iterator[bytes]:
    """The inflated bytes of one part, in chunks; a DOCTYPE or an inflation past the limits is refused."""
    try:
        info = stream.zip.getinfo(name)
    except KeyError as exc:
        raise Unsupported(f"missing part {name}") from exc
    limit = min(MAX_PART_BYTES, max(info.compress_size, 1 << 16) * MAX_RATIO)
    if info.file_size > limit:
        _bomb(stream, name)
    seen = 0
    first = True
    with stream.zip.open(info) as f:
        while data := f.read(CHUNK):
            seen += len(data)
            if seen > limit:
                _bomb(stream, name)
            if first:
                root = _ROOT.search(data)  # everything before the root element is the prolog
                prolog = data[: root.start()] if root else data
                if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                    raise ReportgenError(f"文件中的「{name}」含有 DOCTYPE/实体声明，出于安全原因不予读取", stream.where,
                                         hint="请用 Excel 或 WPS 打开后另存为 .xlsx")
                first = False
            yield data


def _prefetch(chunks: Iterator[bytes], depth: int = 2) -> Iterator[bytes]:
    """``chunks`` inflated by a helper thread (zlib releases the GIL) while the caller scans the previous one."""
    box: queue.Queue = queue.Queue(depth)
    stop = threading.Event()

    def pump() -> None:
        try:
            for data in chunks:
                if stop.is_set():
                    return
                box.put((data, None))
            box.put((None, None))
        except BaseException as exc:  # handed to the caller's thread
            box.put((None, exc))

    worker = threading.Thread(target=pump, daemon=True)
    worker.start()
    try:
        while True:
            data, exc = box.get()
            if exc is not None:
                raise exc
            if data is None:
                return
            yield data
    finally:
        stop.set()
        while worker.is_alive():  # let the helper leave put() and close the part
            try:
                box.get_nowait()
            except queue.Empty:
                worker.join(0.01)


def _bomb(stream: SheetStream, name: str) -> None:
    raise ReportgenError(f"文件中的「{name}」解压后过大（超过压缩大小的 {MAX_RATIO} 倍或 {MAX_PART_BYTES >> 30} GB），"
                         "可能是恶意构造的压缩文件", stream.where, hint="请确认文件来源；正常的导出表可用 Excel 另存后再试")


def _whole(stream: SheetStream, name: str) -> bytes:
    return b"".join(read_part(stream, name))


def _check_form(chunk: bytes) -> None:
    """Refuse (→ python-calamine) cells not written ``<c r="…"`` (prefixed elements, cells without a reference)."""
    cells = chunk.count(b'<c r="')
    if chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>") != cells or (not cells and b":c " in chunk):
        raise Unsupported("cells without a leading r attribute")
    if chunk.count(b"<row") != chunk.count(b'<row r="'):
        raise Unsupported("rows without a reference")


def _attr(tag: bytes, name: bytes) -> str | None:
    m = re.search(rb"\b" + name + rb'="([^"]*)"', tag)
    return _unescape(m.group(1).decode()) if m else None


def _workbook(stream: SheetStream) -> tuple[list[str], dict[str, str], bool]:
    book = _whole(stream, "xl/workbook.xml")
    rels = _whole(stream, "xl/_rels/workbook.xml.rels")
    if b"<sheets>" not in book:
        raise Unsupported("prefixed workbook")
    targets = {}
    for tag in re.findall(rb"<Relationship\b[^>]*>", rels):
        rid, target = _attr(tag, b"Id"), _attr(tag, b"Target")
        if rid and target:
            targets[rid] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    names, parts = [], {}
    for tag in re.findall(rb"<sheet\b[^>]*>", book):
        name, rid = _attr(tag, b"name"), _attr(tag, b"r:id")
        if name is None or rid not in targets:
            raise Unsupported("sheet without a relationship")
        names.append(name)
        parts[name] = targets[rid]
    pr = re.search(rb"<workbookPr\b[^>]*>", book)
    date1904 = bool(pr) and _attr(pr.group(0), b"date1904") in ("1", "true")
    return names, parts, date1904


def _choose(names: list[str], sheet: str | int | None) -> str | None:
    if not names:
        return None
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
        i = int(sheet)
        return names[i] if 0 <= i < len(names) else None
    return sheet if sheet in names else None


def _styles(stream: SheetStream) -> list[str | None]:
    """Per cell style (``s``): "date", "duration" or None, from its number format as python-calamine decides."""
    try:
        xml = _whole(stream, "xl/styles.xml")
    except Unsupported:
        return []
    custom = {}
    for tag in re.findall(rb"<numFmt\b[^>]*>", xml):
        fid, code = _attr(tag, b"numFmtId"), _attr(tag, b"formatCode")
        if fid and fid.isdigit() and code is not None:
            custom[int(fid)] = _format_kind(code)
    m = re.search(rb"<cellXfs\b.*?</cellXfs>", xml, re.S)
    out: list[str | None] = []
    for tag in re.findall(rb"<xf\b[^>]*>", m.group(0) if m else b""):
        fid_text = _attr(tag, b"numFmtId") or "0"
        fid = int(fid_text) if fid_text.isdigit() else 0
        if fid in custom:
            out.append(custom[fid])
        else:
            out.append("date" if fid in _DATE_IDS else "duration" if fid in _DURATION_IDS else None)
    return out


def _format_kind(code: str) -> str | None:
    """A number format's kind, by the rules python-calamine applies (first section only)."""
    escaped = quoted = ap = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return None
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return "duration"
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not ap and brackets == 0:
            ap = True
        elif brackets == 0 and ch in ("pm/PM" if ap else "dmhysDMHYS"):
            return "date"
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return None


def _shared_strings(stream: SheetStream) -> list[str]:
    """The shared strings table, decoded a chunk at a time in C (one join, one tag strip, one decode)."""
    out: list[str] = []
    rest = b""
    try:
        for data in read_part(stream, "xl/sharedStrings.xml"):
            buf = rest + data if rest else data
            cut = buf.rfind(b"</si>")
            if cut < 0:
                if len(buf) > MAX_ROW_BYTES:
                    raise ReportgenError("共享字符串表中有一项过大", stream.where, hint="文件可能已损坏")
                rest = buf
                continue
            out.extend(_decode_items(_SI.findall(buf, 0, cut + 5)))
            rest = buf[cut + 5 :]
        out.extend(_decode_items(_SI.findall(rest)))
    except Unsupported:
        return []
    return out


def _decode_items(items: list[bytes]) -> list[str]:
    """Texts of ``<si>`` items: plain ones in bulk; rich-text runs (``<r>``, ``<rPh>``) one by one."""
    joined = b"\0".join(items)  # NUL cannot occur in XML text
    if b"<r>" in joined or b"<r " in joined or b"<rPh" in joined:
        return [_text(x) for x in items]
    return _unescape(_T_TAGS.sub(b"", joined).decode()).split("\0")


def _text(xml: bytes) -> str:
    """Text of a shared or inline string: its ``<t>`` runs, phonetic runs left out, entities decoded."""
    if xml.startswith(b"<t>") and xml.endswith(b"</t>") and xml.count(b"<") == 2:
        text = xml[3:-4].decode()
    else:
        if b"<rPh" in xml:
            xml = _RPH.sub(b"", xml)
        text = "".join(t.decode() for t in _T.findall(xml))
    return _unescape(text)


def _unescape(text: str) -> str:
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "_x" in text:
        text = _XESC.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _entity(m: re.Match) -> str:
    name = m.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _NAMED[name]


def _excel_time(number: float, kind: str, date1904: bool) -> Any:
    """A number shown with a date or duration format, as python-calamine returns it."""
    if kind == "duration":
        return timedelta(days=number)
    if date1904:
        moment = _EPOCH_1904 + timedelta(days=number)
    else:
        moment = _EPOCH + timedelta(days=number if number >= 61 else number + 1)
    moment = _round_ms(moment)
    if number < 1 and not date1904:
        return moment.time()
    if moment.time() == time(0):
        return moment.date()
    return moment


def _round_ms(moment: datetime) -> datetime:
    micro = moment.microsecond
    rounded = round(micro / 1000) * 1000
    return moment + timedelta(microseconds=rounded - micro)


def _iso_datetime(text: str) -> Any:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    return moment.date() if moment.time() == time(0) else moment


__all__ = ["SheetStream", "Unsupported", "col_index", "col_letters", "HEAD_ROWS", "Progress"]
