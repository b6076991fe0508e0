"""Turn pieces of sheet XML into the kept columns' typed values, here or in one helper process.

A :class:`Scanner` cuts a piece into rows, runs one compiled pattern that names only the kept column
letters over each row (the scan runs in C: the other columns never become Python objects), places the
row's cells by its remembered layout, and decodes and types each distinct raw cell once (values exactly as
python-calamine gives them, converted by the spec column's converter), column by column, blank rows left
out, conversion problems kept with their positions.

Scanning is most of the work of reading a large export, and pieces are independent, so a sheet larger
than :data:`HELPER_FROM_BYTES` is also scanned by a :class:`Helper`: a second Python process (started
with ``sys.executable``, as on Windows, no fork) that receives pieces over a pipe and sends their
columns back. The reader keeps scanning pieces itself whenever the helper has :data:`IN_FLIGHT` in hand,
so the pair is never slower than the reader alone; if the helper cannot start or dies, the reader scans
what it had sent. Memory stays bounded: at most :data:`IN_FLIGHT` pieces (4 MB each) are in flight.
"""
from __future__ import annotations

import gc
import os
import pickle
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from reportgen.ingest.cells import WHOLE_COLUMN, CellIssue
from reportgen.ingest.xlsxcells import STRING_REF, CellDecoder
from reportgen.ingest.xlsxparts import (
    Package,
    Unsupported,
    shared_strings,
)

HELPER_FROM_BYTES = 96 << 20  # a sheet part at least this large (inflated) is scanned by two processes
IN_FLIGHT = 3  # pieces the helper may hold: enough that it never waits while the reader scans one itself
# distinct raw cells remembered per column, then forgotten: a column of IDs never repeats across pieces (a
# household's repeated cells fall in one piece), so only columns of few values gain from remembering longer
MEMO_LIMIT = 1 << 15

# after ``<c r="B7"``: the attributes and body; the common ``<v>…</v></c>`` form is matched without backtracking
REST = rb'([^>/]*(?:/>|><v>[^<]*</v></c>|>.*?</c>))'


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while millions of acyclic tuples, lists and strings are made: it
    would walk every one of them again at each collection (a fifth of the reading time), freeing nothing.

    At the end the objects made are moved out of the collector's generations (:func:`gc.freeze`): re-enabled,
    it would otherwise walk all of them at once (half a second for a county) and again at each full
    collection. Reference counting still frees them; only a reference cycle among them would stay."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


Problem = tuple[int, int, Any, Any]  # (position among the returned rows, kept column, value as read, CellIssue)
# (0-based row index of each kept row, one value list per kept column, conversion problems)
Columns = tuple[list[int], list[list], list[Problem]]
_MISSING = (b"",)  # the raw of a kept cell a row does not have (a present cell's raw is never empty)
_ROW_HEAD = re.compile(rb'<row r="(\d+)"[^>]*>')
MAX_LAYOUTS = 4096  # distinct sets of kept cells per row remembered


class Scanner:
    """The kept columns (letters, in the order asked) of the rows in a piece of sheet XML.

    A piece is cut at ``</row>`` (in C) and one compiled pattern, naming only the kept column letters,
    finds each row's kept cells as (letter, raw XML) pairs. Rows are then placed without a Python loop
    over cells: the row's letters (which kept cells it has, in file order) select a remembered
    ``itemgetter`` that puts each raw in its column (a missing cell → None; a repeated one → the last,
    as a cell-by-cell read does). Values are decoded column-wise: each distinct raw cell once per
    scanner (:meth:`_decode`, the common forms inline), equal cells sharing one Python object."""

    def __init__(self, letters: list[bytes], decoder: CellDecoder, convert: list[Callable | None] | None = None):
        self.letters = letters
        self.convert = convert or [None] * len(letters)  # per column: value as read → typed value (may raise CellIssue)
        self.troubled: list[dict[bytes, tuple[Any, Any]]] = [{} for _ in letters]  # raw → (value, CellIssue)
        # a kept cell gives (letter, raw); a cell without a leading r="…" gives (b"", b"") and is refused
        self.cells = re.compile(rb'<c(?: r="(' + _trie(letters) + rb')\d+"' + REST + rb'|(?! r=")[\s>/])', re.S)
        self.decoder = decoder
        self.layouts: dict[tuple, Callable[[tuple], tuple]] = {}
        self.memos: list[dict[bytes, Any]] = [{b"": None} for _ in letters]  # raw → value, per column
        self.listed = [False] * len(letters)  # a column whose typed values include lists
        self.blank: set[bytes] = set()  # raws whose value is blank ('' or spaces)

    def scan(self, piece: bytes) -> Columns:
        """Rows with at least one non-blank kept cell; a missing cell is None, a blank one ''."""
        numbers: list[int] = []
        rows: list[tuple] = []
        findall, layouts, head = self.cells.findall, self.layouts, _ROW_HEAD.match
        for chunk in piece.split(b"</row>"):
            found = findall(chunk)
            if not found:
                continue
            letters, raws = zip(*found, strict=True)
            place = layouts.get(letters) or self._layout(letters)
            row = head(chunk, chunk.find(b"<row"))
            if row is not None and chunk[row.end() - 2] == 47:  # an empty <row …/>: the cells are in the last row
                row = head(chunk, chunk.rfind(b"<row"))
            if row is None:  # a row without a leading r="…": read another way
                raise Unsupported("row without a leading r attribute")
            numbers.append(int(row.group(1)) - 1)
            rows.append(place(raws + _MISSING))
        if not rows:
            return [], [[] for _ in self.letters], []
        columns = list(zip(*rows, strict=True))
        problems: list[Problem] = []
        values = [self._values(k, c, problems) for k, c in enumerate(columns)]
        blank = self.blank  # complete for this piece now that its raws are decoded
        if any(b"" not in c and blank.isdisjoint(c) for c in columns):  # a column filled on every row
            return numbers, values, problems
        keep = [i for i, raws in enumerate(zip(*columns, strict=True)) if any(r and r not in blank for r in raws)]
        if len(keep) == len(numbers):
            return numbers, values, problems
        where = {i: n for n, i in enumerate(keep)}  # a blank row has no conversion problem
        return ([numbers[i] for i in keep], [[c[i] for i in keep] for c in values],
                [(where[i], k, v, e) for i, k, v, e in problems])

    def _values(self, k: int, raws: Sequence[bytes], problems: list[Problem]) -> list:
        """One column's values: its distinct raws decoded (and typed) once (a memo per column, so a column of
        a few dozen values looks up a small dict; one of unique IDs is forgotten when it grows too large)."""
        memo = self.memos[k]
        if len(memo) > MEMO_LIMIT:
            memo.clear()
            memo[b""] = None
        distinct = set(raws)
        if len(distinct) == len(raws) and distinct.isdisjoint(memo):  # all new, all different (IDs): no look-ups
            out = self._decode(list(raws), None, k)
        else:
            new = distinct.difference(memo)
            if new:
                self._decode(list(new), memo, k)
            out = list(map(memo.__getitem__, raws))
        troubled = self.troubled[k]
        if troubled and not troubled.keys().isdisjoint(raws):
            problems.extend((i, k, *troubled[r]) for i, r in enumerate(raws) if r in troubled)
        if self.listed[k]:  # each cell gets its own list
            out = [list(x) if type(x) is list else x for x in out]
        return out

    def _layout(self, letters: tuple) -> Callable[[tuple], tuple]:
        """The getter placing a row's raws (plus the missing-cell raw at the end) in kept-column order."""
        if b"" in letters:
            raise Unsupported("cells without a leading r attribute")
        last = {letter: i for i, letter in enumerate(letters)}
        picks = [last.get(letter, len(letters)) for letter in self.letters]
        place = itemgetter(*picks) if len(picks) > 1 else (lambda raws, i=picks[0]: (raws[i],))
        if len(self.layouts) < MAX_LAYOUTS:
            self.layouts[letters] = place
        return place

    def _decode(self, new: list[bytes], memo: dict[bytes, Any] | None, k: int) -> list:
        """The typed values of raw cells ``new`` (also put in ``memo``), by the column's converter (a blank
        cell → None, a problem → kept aside). A column's new cells are usually all of one plain form (shared
        strings, or numbers without a style): those are decoded together in C; any other mix cell by cell."""
        blank, convert, troubled = self.blank, self.convert[k], self.troubled[k]
        values = self._plain(new)
        if values is None:
            values = list(map(self._one, new))
        whole = WHOLE_COLUMN.get(convert) if convert is not None else None
        typed = whole(values) if whole is not None else None  # None: a blank or a possible issue among them
        if convert is None:
            typed = values
            blank.update(raw for raw, v in zip(new, values, strict=True) if type(v) is str and not v.strip())
        elif typed is None:
            typed = []
            for raw, v in zip(new, values, strict=True):
                if type(v) is str and not v.strip():
                    blank.add(raw)
                    typed.append(None)
                    continue
                try:
                    v = convert(v)
                except CellIssue as exc:
                    troubled[raw] = (v, exc)
                    v = exc.keep
                if type(v) is list:
                    self.listed[k] = True
                typed.append(v)
        if memo is not None:
            memo.update(zip(new, typed, strict=True))
        return typed

    def _plain(self, raws: list[bytes]) -> list | None:
        """The values of ``raws`` when every one is a plain shared string or every one a plain number."""
        lines = b"\n".join(raws)  # a plain cell has no line break; any other cell breaks the count
        found = _PLAIN_STRINGS.findall(lines)
        try:
            if len(found) == len(raws):
                return list(map(self.decoder.strings.__getitem__, map(int, found)))
            found = _PLAIN_NUMBERS.findall(lines)
            if len(found) == len(raws):
                return list(map(float, found))
        except (ValueError, IndexError) as exc:
            raise Unsupported("bad shared string index or number") from exc
        return None

    def _one(self, raw: bytes) -> Any:
        end = len(raw) - 8
        if raw.startswith(STRING_REF) and raw.find(b"<", 10) == end and raw.endswith(b"</v></c>"):
            try:
                return self.decoder.strings[int(raw[10:end])]
            except (ValueError, IndexError) as exc:
                raise Unsupported("bad shared string index") from exc
        return self.decoder.value(raw)


_PLAIN_STRINGS = re.compile(rb'^ t="s"><v>(\d+)</v></c>$', re.M)
_PLAIN_NUMBERS = re.compile(rb"^><v>([^<\n]*)</v></c>$", re.M)


def _trie(words: list[bytes]) -> bytes:
    """A regex for a set of column letters as a prefix tree whose one-letter branches form a character
    class: ``[BC]|A[A-D]?``. The engine tests a class in one step but tries alternatives one by one, and
    every cell of the sheet (wanted or not) goes through this test."""
    groups: dict[bytes, list[bytes]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w[1:])
    single = b"".join(sorted(first for first, rests in groups.items() if not any(rests)))
    parts = [b"[" + single + b"]"] if len(single) > 1 else [single] if single else []
    for first, rests in sorted(groups.items()):
        longer = [r for r in rests if r]
        if longer:
            parts.append(first + b"(?:" + _trie(longer) + b")" + (b"?" if b"" in rests else b""))
    return b"|".join(parts)


_ODD_CELL = re.compile(rb'<c(?! r=")[\s>/]')
_ODD_ROW = re.compile(rb'<row(?! r=")[\s>/]')


def check_form(piece: bytes) -> None:
    """Refuse (→ python-calamine) cells or rows not written ``<c r="…"``/``<row r="…"`` (no reference, prefixes).

    Counting in C decides the usual piece; the patterns run only where another element starts with
    ``<c``/``<row`` (``<cols>`` before the first row, ``<color>`` in rich inline text)."""
    if piece.count(b"<c") != piece.count(b'<c r="') and _ODD_CELL.search(piece):
        raise Unsupported("cells without a leading r attribute")
    if piece.count(b"<row") != piece.count(b'<row r="') and _ODD_ROW.search(piece):
        raise Unsupported("rows without a leading r attribute")
    if b":c " in piece and b'<c r="' not in piece:
        raise Unsupported("prefixed cells")


def converters(specs: list | None) -> list[Callable | None] | None:
    """The converter of each kept column from its spec column (None: keep the values as read)."""
    from reportgen.ingest.cells import converter_for

    return None if specs is None else [None if c is None else converter_for(c) for c in specs]


# ---- the helper process -----------------------------------------------------------------------------

_BOOT = ("import pickle, sys; sys.path[:0] = pickle.load(sys.stdin.buffer); "
         "from reportgen.ingest.xlsxscan import serve; serve()")


class Helper:
    """A second process scanning pieces: :meth:`send` a piece, :meth:`results` collects what came back."""

    def __init__(self, path: Path, part: str, formats: list[str | None], date1904: bool):
        self.proc = subprocess.Popen([sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.outbox: queue.Queue = queue.Queue()
        self.inbox: queue.Queue = queue.Queue()
        self.pending: dict[int, bytes] = {}  # sent, not yet answered
        self.failed = False
        self.outbox.put(list(sys.path))
        self.outbox.put((str(path), part, formats, date1904))  # it decodes its shared strings meanwhile
        for target in (self._write, self._read):
            threading.Thread(target=target, daemon=True).start()

    def configure(self, letters: list[bytes], specs: list | None = None) -> None:
        """The kept columns (and their spec columns, to type them): sent before the first piece."""
        self.outbox.put((letters, specs))

    def busy(self) -> bool:
        return self.failed or len(self.pending) >= IN_FLIGHT

    def send(self, index: int, piece: bytes) -> None:
        self.pending[index] = piece
        self.outbox.put((index, piece))

    def results(self, wait: bool = False) -> list[tuple[int, Columns]]:
        """Pieces scanned since the last call; with ``wait``, block until one arrives (or the helper ends)."""
        out = []
        while self.pending and not self.failed:
            try:
                message = self.inbox.get(block=wait and not out)
            except queue.Empty:
                break
            if message is None:  # the helper ended or broke: the reader scans what is pending itself
                self.failed = True
                break
            index, result = message
            if isinstance(result, Unsupported):
                raise result
            del self.pending[index]
            out.append((index, result))
        return out

    def close(self) -> None:
        self.outbox.put(None)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def _write(self) -> None:
        try:
            while (message := self.outbox.get()) is not None:
                pickle.dump(message, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.proc.stdin.flush()
            self.proc.stdin.close()
        except (OSError, ValueError):
            self.inbox.put(None)

    def _read(self) -> None:
        try:
            while True:
                self.inbox.put(pickle.load(self.proc.stdout))
        except Exception:  # end of stream or a broken helper: the reader scans the rest itself
            self.inbox.put(None)


def serve() -> None:
    """The helper's main loop: (index, piece) in on stdin, (index, columns) out on stdout, until None."""
    gc.disable()  # millions of short-lived tuples, no cycles: the collector would only walk them
    read, out = sys.stdin.buffer, sys.stdout.buffer
    path, part, formats, date1904 = pickle.load(read)
    package = Package(Path(path))
    try:
        decoder = CellDecoder(shared_strings(package, compact=True), formats, date1904)
    finally:
        package.close()
    message = pickle.load(read)
    if message is None:  # the sheet was closed before any column was read
        os._exit(0)
    letters, specs = message
    scanner = Scanner(letters, decoder, converters(specs))
    while (message := pickle.load(read)) is not None:
        index, piece = message
        try:
            result: Any = scanner.scan(piece)
        except Unsupported as exc:
            result = exc
        pickle.dump((index, result), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    os._exit(0)


__all__ = ["paused_gc", "Scanner", "Helper", "check_form", "HELPER_FROM_BYTES", "REST"]
