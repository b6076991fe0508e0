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

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.ingest import xlsxscan
from reportgen.ingest.xlsxcells import CellDecoder
from reportgen.ingest.xlsxparts import (
    Package,
    Unsupported,
    cell_styles,
    choose_sheet,
    prefetch,
    read_part,
    shared_strings,
    split_at,
    workbook_sheets,
)
from reportgen.ingest.xlsxscan import REST, Columns, Helper, Scanner, check_form, converters

HEAD_ROWS = 12  # as reportgen.ingest.readers: header detection looks at these rows

Progress = Callable[[int, int], None]  # (rows read, rows in the sheet or 0 when unknown)

_CELL_ANY = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"' + REST, re.S)
_PREFIXED = re.compile(rb"<\w+:worksheet\b")
_BELOW_HEAD = re.compile(rb'<row r="(?:1[3-9]|[2-9]\d|\d{3,})"')  # the first row below HEAD_ROWS
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


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


class SheetStream(Package):
    """One sheet of an .xlsx file, opened: ``head`` rows at once, then :meth:`columns` reads the rest.

    ``merged`` (ranges as ((r0, c0), (r1, c1)), 0-based inclusive) is complete only once
    :meth:`columns` has run: Excel writes merged ranges after the cells.
    """

    def __init__(self, path: Path, sheet: str | int | None = None):
        super().__init__(path)
        try:
            self.names, targets, self.date1904 = workbook_sheets(self)
            self.sheet = choose_sheet(self.names, sheet)
            if self.sheet is None:
                raise Unsupported("sheet not found")  # read_sheet reports it with the sheet list
            self.where = self.where.with_(sheet=self.sheet)
            self.part = targets[self.sheet]
            self.formats = cell_styles(self)
            self.helper = self._helper()  # started now: it decodes its shared strings while this process does
            self.decoder = CellDecoder(shared_strings(self), self.formats, self.date1904)
            self.merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
            self.total_rows = 0
            self.head: list[list] = self._head()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SheetStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def value(self, raw: bytes) -> Any:
        """The python-calamine value of one cell, from its XML after ``r="…"``."""
        return self.decoder.value(raw)

    # ---- reading ------------------------------------------------------------------------------

    def _pieces(self) -> Iterator[bytes]:
        """The sheet's cell XML in pieces that end at a ``</row>``; merged ranges collected at the end."""
        self.merged = []
        too_big = ReportgenError("工作表中有一行过大，无法读取", self.where, hint="文件可能已损坏；请用 Excel 另存为 .xlsx")
        first, closed = True, False
        for piece in split_at(prefetch(read_part(self, self.part)), b"</row>", too_big):
            if first and _PREFIXED.search(piece, 0, 4096):
                raise Unsupported("namespace prefixes")
            first = False
            if closed:
                self._merges(piece)
                continue
            end = piece.find(b"</sheetData>")
            if end >= 0 or b"<sheetData/>" in piece:
                closed = True
                self._merges(piece[end:] if end >= 0 else piece)
                piece = piece[:end] if end >= 0 else b""
            yield piece
        if not closed:
            raise Unsupported("sheetData not closed")

    def _merges(self, data: bytes) -> None:
        for a, r0, b, r1 in _MERGE.findall(data):
            c0, c1 = col_index(a), col_index(b or a)
            self.merged.append(((int(r0) - 1, c0), (int(r1 or r0) - 1, c1)))

    def _head(self) -> list[list]:
        """The first :data:`HEAD_ROWS` rows, every column ('' for a blank cell), as python-calamine gives them."""
        rows: dict[int, dict[int, Any]] = {}
        for piece in self._pieces():
            if not self.total_rows:
                m = _DIMENSION.search(piece)
                self.total_rows = int(m.group(1)) if m and m.group(1) else 0
            check_form(piece)
            below = _BELOW_HEAD.search(piece)
            for col, row, cell in _CELL_ANY.findall(piece, 0, below.start() if below else len(piece)):
                rows.setdefault(int(row) - 1, {})[col_index(col)] = self.value(cell)
            if below:
                break
        if not rows:
            return []
        width = max(max(r) for r in rows.values()) + 1
        return [[rows.get(r, {}).get(c, "") for c in range(width)] for r in range(max(rows) + 1)]

    def columns(self, cols: list[int], start: int, progress: Progress | None = None,
                specs: list | None = None) -> Columns:
        """(0-based row index, values of ``cols``) of the rows ``start``… with a non-blank kept cell: one list
        of row indices and one list of values per column (a missing cell is None, a blank one ''), and the
        conversion problems. With ``specs`` (a spec column per kept column) values come typed, a blank → None."""
        numbers: list[int] = []
        out: list[list] = [[] for _ in cols]
        problems: list = []
        if not cols:
            return numbers, out, problems
        letters = [col_letters(c) for c in cols]
        scanner = Scanner(letters, self.decoder, converters(specs))
        helper, self.helper = self.helper, None
        if helper is not None:
            helper.configure(letters, specs)
        done: dict[int, Columns] = {}
        joined = 0

        def join() -> None:  # append the pieces scanned so far, in order
            nonlocal joined
            while joined in done:
                nums, vals, found = done.pop(joined)
                problems.extend((i + len(numbers), *rest) for i, *rest in found)
                numbers.extend(nums)
                for column, part in zip(out, vals, strict=True):
                    column.extend(part)
                joined += 1
                if progress is not None and numbers:
                    progress(numbers[-1] + 1, max(self.total_rows, numbers[-1] + 1))

        try:
            for index, piece in enumerate(self._pieces()):
                if helper is not None and not helper.busy():
                    helper.send(index, piece)
                else:
                    done[index] = scanner.scan(piece)
                if helper is not None:
                    done.update(helper.results())
                join()
            while helper is not None and helper.pending:
                done.update(helper.results(wait=True))
                if helper.failed:  # scan what it did not answer
                    done.update((i, scanner.scan(p)) for i, p in helper.pending.items())
                    helper.pending.clear()
                join()
            join()
        finally:
            if helper is not None:
                helper.close()
        if numbers and numbers[0] < start:  # the header rows were scanned too
            keep = next((i for i, n in enumerate(numbers) if n >= start), len(numbers))
            del numbers[:keep]
            for column in out:
                del column[:keep]
            problems = [(i - keep, *rest) for i, *rest in problems if i >= keep]
        if progress is not None:
            last = max(numbers[-1] + 1 if numbers else 0, self.total_rows)
            progress(last, last)
        return numbers, out, problems

    def close(self) -> None:
        helper, self.helper = getattr(self, "helper", None), None
        if helper is not None:
            helper.close()
        super().close()

    def _helper(self) -> Helper | None:
        """A helper process for a large sheet on a machine with more than one core, else None."""
        if (os.cpu_count() or 1) < 2 or self.zip.getinfo(self.part).file_size < xlsxscan.HELPER_FROM_BYTES:
            return None
        try:
            return Helper(self.path, self.part, self.formats, self.date1904)
        except (OSError, ValueError):  # no usable interpreter to start (embedded or frozen Python)
            return None


__all__ = ["SheetStream", "Unsupported", "col_index", "col_letters", "HEAD_ROWS", "Progress"]
