"""The parts of an .xlsx package the streaming reader needs, read within the limits of untrusted input.

Every part is inflated through :func:`read_part`, under the one set of spreadsheet limits in
:mod:`reportgen.io.untrusted` (a part larger, or compressed further, than a real export is refused as a
zip bomb; a DOCTYPE or entity declaration is refused: no DTD is ever processed). Small parts
(workbook, relationships, styles) are scanned with patterns, the shared strings decoded in bulk and kept
compactly (:class:`SharedStrings`); text follows python-calamine (``<t>`` runs without phonetic ``<rPh>``
runs, XML entities and ``_xHHHH_`` escapes decoded), numbers shown with a date or duration format become
date/datetime/time/timedelta as python-calamine returns them.
"""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from array import array
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from reportgen.errors import Location, ReportgenError
from reportgen.ingest.inflate import inflated
from reportgen.io.untrusted import (
    MAX_PROLOG,
    SPREADSHEET_LIMITS,
    check_directory,
    declares_doctype,
    refuse_doctype_error,
)

CHUNK = 1 << 22  # 4 MiB of inflated XML per scan
STRINGS_AS_LIST = 64 << 20  # a shared strings part up to this size (inflated) is decoded to a list of str
MAX_ROW_BYTES = 64 << 20  # one row (or the sheet's tail, or one shared string) may not exceed this
_T = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>|<t\s*/>", re.S)
_T_TAGS = re.compile(rb"</t>|<t(?:\s[^>]*)?/?>")
_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_SI = re.compile(rb"<si>([^<]*(?:<(?!/si>)[^<]*)*)</si>|<si\s*/>")  # unrolled: runs of text skip in C
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);")
_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_EPOCH = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_DATE_IDS = set(range(14, 23)) | {45, 47}
_DURATION_IDS = {46}


class Package:
    """An opened .xlsx file: its zip and where errors about it point."""

    def __init__(self, path: Path, where: Location | None = None):
        self.path = path
        self.where = where or Location(file=path.name)
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise Unsupported(str(exc)) from exc

    def close(self) -> None:
        self.zip.close()


def read_part(stream: Any, name: str) -> Iterator[bytes]:
    """The inflated bytes of one part, in chunks; a DOCTYPE or a part beyond the limits is refused."""
    try:
        info = stream.zip.getinfo(name)
    except KeyError as exc:
        raise Unsupported(f"missing part {name}") from exc
    check_directory([info], stream.where.file, SPREADSHEET_LIMITS)
    head = b""
    with inflated(stream.zip, info) as f:
        while data := f.read(CHUNK):
            if head is not None:
                head += data[:65536]
                verdict = declares_doctype(head, complete=len(data) < CHUNK)
                if verdict or (verdict is None and len(head) > MAX_PROLOG):
                    raise refuse_doctype_error(stream.where.file, name)
                if verdict is not None:
                    head = None
            yield data


def split_at(chunks: Iterator[bytes], tag: bytes, too_big: ReportgenError) -> Iterator[bytes]:
    """``chunks`` re-cut so that each piece ends just after a ``tag`` (the last piece: whatever is left)."""
    rest = b""
    for data in chunks:
        buf = rest + data if rest else data
        cut = buf.rfind(tag)
        if cut < 0:
            if len(buf) > MAX_ROW_BYTES:
                raise too_big
            rest = buf
            continue
        cut += len(tag)
        yield buf[:cut]
        rest = buf[cut:]
    if rest:
        yield rest


def prefetch(chunks: Iterator[bytes], depth: int = 2) -> Iterator[bytes]:
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


def whole_part(stream: Any, name: str) -> bytes:
    return b"".join(read_part(stream, name))


def _attr(tag: bytes, name: bytes) -> str | None:
    m = re.search(rb"\b" + name + rb'="([^"]*)"', tag)
    return unescape(m.group(1).decode()) if m else None


def workbook_sheets(stream: Any) -> tuple[list[str], dict[str, str], bool]:
    book = whole_part(stream, "xl/workbook.xml")
    rels = whole_part(stream, "xl/_rels/workbook.xml.rels")
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


def choose_sheet(names: list[str], sheet: str | int | None) -> str | None:
    if not names:
        return None
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
        i = int(sheet)
        return names[i] if 0 <= i < len(names) else None
    return sheet if sheet in names else None


def cell_styles(stream: Any) -> list[str | None]:
    """Per cell style (``s``): "date", "duration" or None, from its number format as python-calamine decides."""
    try:
        xml = whole_part(stream, "xl/styles.xml")
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


class SharedStrings:
    """The shared strings table as one UTF-8 blob and an offset per string, each decoded when asked for.

    A province's export holds millions of distinct strings (IDs, names): as Python objects they took
    334 MB at 2 M rows; here they take their UTF-8 size plus 8 bytes each, and only the strings the
    kept columns reference ever become objects (the reader decodes each distinct cell once)."""

    def __init__(self) -> None:
        self._blob = bytearray()
        self._starts = array("q", [0])  # string i is blob[starts[i] : starts[i + 1] - 1] (a NUL follows it)
        self._view: memoryview | None = None

    def add(self, texts: str) -> None:
        """Append strings given as one text, separated by NUL (which cannot occur in XML)."""
        data = texts.encode() + b"\0"
        self._starts.pop()
        self._starts.extend(accumulate(map((1).__add__, map(len, data[:-1].split(b"\0"))), initial=len(self._blob)))
        self._blob += data

    def done(self) -> SharedStrings:
        self._view = memoryview(self._blob)
        return self

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self._starts) - 1:
            raise IndexError(i)
        return str(self._view[self._starts[i] : self._starts[i + 1] - 1], "utf-8")


def shared_strings(stream: Any, compact: bool = False) -> SharedStrings | list[str]:
    """The shared strings table, decoded a chunk at a time in C (one join, one tag strip, one decode).

    A table of ordinary size becomes a list of str (the fastest look-up); one larger than
    :data:`STRINGS_AS_LIST` (millions of IDs and names in a province's export) is kept as a
    :class:`SharedStrings` blob, a third of the memory (always with ``compact``: the reader's helper process,
    which has time to spare but shares the machine's memory)."""
    try:
        size = stream.zip.getinfo("xl/sharedStrings.xml").file_size
    except KeyError:
        return []
    if compact:
        size = STRINGS_AS_LIST + 1
    out = SharedStrings()
    texts: list[str] = []
    too_big = ReportgenError("共享字符串表中有一项过大", stream.where, hint="文件可能已损坏")
    try:
        for piece in split_at(read_part(stream, "xl/sharedStrings.xml"), b"</si>", too_big):
            items = _SI.findall(piece)
            if items:
                text = _decode_items(items)
                if size <= STRINGS_AS_LIST:
                    texts.extend(text.split("\0"))
                else:
                    out.add(text)
    except Unsupported:
        pass
    return texts if size <= STRINGS_AS_LIST else out.done()


def _decode_items(items: list[bytes]) -> str:
    """Texts of ``<si>`` items joined by NUL: plain ones in bulk; rich-text runs (``<r>``, ``<rPh>``) one by one."""
    joined = b"\0".join(items)  # NUL cannot occur in XML text
    if b"<r>" in joined or b"<r " in joined or b"<rPh" in joined:
        return "\0".join(rich_text(x) for x in items)
    plain = joined.replace(b"<t>", b"").replace(b"</t>", b"")  # 8× the pattern's speed
    if b"<" in plain:  # <t xml:space="preserve">, <t/>, …: the pattern
        plain = _T_TAGS.sub(b"", joined)
    return unescape(plain.decode())


def rich_text(xml: bytes) -> str:
    """Text of a shared or inline string: its ``<t>`` runs, phonetic runs left out, entities decoded."""
    if xml.startswith(b"<t>") and xml.endswith(b"</t>") and xml.count(b"<") == 2:
        text = xml[3:-4].decode()
    else:
        if b"<rPh" in xml:
            xml = _RPH.sub(b"", xml)
        text = "".join(t.decode() for t in _T.findall(xml))
    return unescape(text)


def unescape(text: str) -> str:
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


def excel_time(number: float, kind: str, date1904: bool) -> Any:
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


def iso_datetime(text: str) -> Any:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    return moment.date() if moment.time() == time(0) else moment


class Unsupported(Exception):
    """The workbook is valid but not in the form this reader scans; read it another way."""
