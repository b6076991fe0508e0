"""Read the raw cells of an export: .xlsx/.xls/.ods (python-calamine, openpyxl fallback) or CSV.

Returns rows as lists of Python values exactly as the file holds them (floats stay floats): typing and
checking happen later, per column, against the spec. Row 0 is Excel row 1 (empty leading rows kept).

:func:`open_sheet` is the fast path for large exports: it gives the header rows at once and then only
the columns asked for (a 171-column export typed against a 33-column spec converts a fifth of the cells
to Python objects); the whole sheet is still available with :func:`read_sheet`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from reportgen.errors import Location, ReportgenError
from reportgen.ingest import xlsxstream
from reportgen.ingest.bulk import convert_column, keep_filled
from reportgen.ingest.cells import converter_for
from reportgen.ingest.xlsxstream import Progress, SheetStream, Unsupported
from reportgen.io.untrusted import SPREADSHEET_LIMITS, check_package_file, describe_content, read_head

CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
TEXT_SUFFIXES = (".csv", ".txt")
PACKAGE_SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "odf"}


@dataclass
class RawSheet:
    """One sheet's cells: ``rows[0]`` is Excel row 1; merged ranges as ((r0, c0), (r1, c1)) inclusive."""

    file: str
    sheet: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    encoding: str | None = None


def check_input(path: str | Path) -> Path:
    """The gate every export passes before a reader sees it, whichever reader that is: it exists, is a
    file, is not empty, is what its extension says, and (a zip workbook) is within the archive limits with
    no DOCTYPE in any part (:mod:`reportgen.io.untrusted`)."""
    path = Path(path)
    where = Location(file=path.name)
    if path.is_dir():
        raise ReportgenError("这里给的是文件夹，不是表格文件", where, hint="请给出 .xlsx、.xls 或 .csv 文件的路径")
    if not path.is_file():
        raise ReportgenError("找不到文件", where, hint="检查路径是否正确")
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, *PACKAGE_SUFFIXES, ".xls"):
        raise ReportgenError(f"不支持的文件类型「{suffix}」", where, hint="请另存为 .xlsx、.xls 或 .csv")
    head = read_head(path)
    if not head:
        raise ReportgenError("文件是空的（0 字节）", where, hint="文件可能没有导出或复制完整；请重新导出")
    if suffix in PACKAGE_SUFFIXES:
        check_package_file(path, path.name, SPREADSHEET_LIMITS, expect=PACKAGE_SUFFIXES[suffix])
    elif suffix in TEXT_SUFFIXES and describe_content(head) != "文本文件（如 CSV）":
        raise ReportgenError(f"文件不是 CSV 文本：内容是{describe_content(head)}", where,
                             hint="扩展名与内容不符；请用 Excel 打开后另存为 .xlsx 或 “CSV UTF-8”")
    elif suffix == ".xls" and head.startswith(b"PK"):
        check_package_file(path, path.name, SPREADSHEET_LIMITS, expect="xlsx")
    return path


def read_sheet(path: str | Path, sheet: str | int | None = None) -> RawSheet:
    """Read one sheet (by name or 0-based index; default the first) of a workbook or a CSV file."""
    return _read_sheet(check_input(path), sheet)


def _read_sheet(path: Path, sheet: str | int | None) -> RawSheet:
    where = Location(file=path.name)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path)
    try:
        return _read_calamine(path, sheet)
    except ReportgenError:
        raise
    except Exception as exc:  # calamine failed to parse: try openpyxl before giving up
        if suffix in (".xlsx", ".xlsm"):
            try:
                return _read_openpyxl(path, sheet)
            except ReportgenError:
                raise
            except Exception:
                pass
        raise ReportgenError(f"无法读取表格文件：{exc}", where, hint="文件可能已损坏或加密；请用 Excel 另存为 .xlsx") from exc


HEAD_ROWS = xlsxstream.HEAD_ROWS  # header detection looks at the first 10 rows (and the row below a group row)


class SheetSource:
    """One sheet, opened: ``head`` holds its first rows (all columns) and merged ranges; :meth:`columns`
    gives the chosen columns of the rows below (:meth:`values`). Backed by a fully read :class:`RawSheet` here."""

    def __init__(self, raw: RawSheet, path: Path | None = None):
        self.raw = raw
        self.path = path
        self.head = raw

    @property
    def complete(self) -> RawSheet | None:
        """The whole sheet when it is already in memory (CSV, openpyxl), else None (read on demand)."""
        return self.raw

    def settle(self) -> bool:
        """True when ``head.merged`` was already complete when the columns were read (see :class:`StreamSource`)."""
        return True

    def values(self, cols: list[int], start: int, progress: Progress | None = None) -> tuple[list[int], list[list]]:
        """(row indices, one value list per column) of the rows ``start``… with a non-blank cell in ``cols``."""
        numbers, kept = keep_filled(self.columns(cols, start, progress))
        return numbers, [list(c) for c in zip(*kept, strict=True)] if kept else [[] for _ in cols]

    def typed_values(self, cols: list[int], specs: list, start: int,
                     progress: Progress | None = None) -> tuple[list[int], list[list], list[tuple]]:
        """As :meth:`values`, each column typed by its spec column (:func:`~reportgen.ingest.cells.converter_for`):
        (row indices, typed columns, [(position, column, value as read, CellIssue), …])."""
        numbers, raw = self.values(cols, start, progress)
        typed: list[list] = []
        problems: list[tuple] = []
        for k, spec in enumerate(specs):
            column, found = convert_column(raw[k], converter_for(spec))
            raw[k] = []  # the raw column can go as soon as it is typed
            typed.append(column)
            problems.extend((i, k, v, exc) for i, v, exc in found)
        return numbers, typed, problems

    def columns(self, cols: list[int], start: int, progress: Progress | None = None) -> Iterator[tuple[int, tuple]]:
        """(row index, values of ``cols``) for rows ``start``…; cells past a short row's end are None."""
        if progress is not None:
            progress(len(self.raw.rows), len(self.raw.rows))
        pick = _picker(cols)
        need = max(cols) + 1 if cols else 0
        rows = self.raw.rows
        for r in range(start, len(rows)):
            row = rows[r]
            if len(row) < need:
                row = list(row) + [None] * (need - len(row))
            yield r, pick(row)


class CalamineSource(SheetSource):
    """A sheet parsed by calamine: the header rows as Python values now, other cells only when asked."""

    def __init__(self, path: Path, name: str, ws):
        self.path = path
        self.ws = ws
        self.head = RawSheet(path.name, name, ws.to_python(skip_empty_area=False, nrows=HEAD_ROWS),
                             list(ws.merged_cell_ranges or []))

    @property
    def complete(self) -> RawSheet | None:
        return None

    def columns(self, cols: list[int], start: int, progress: Progress | None = None) -> Iterator[tuple[int, tuple]]:
        """As :meth:`SheetSource.columns`, once: the parsed sheet is let go so its memory is freed."""
        ws, self.ws = self.ws, None
        if ws is None:
            raise RuntimeError("CalamineSource.columns() can be called only once")
        if ws.start is None or not cols:
            return iter(())
        # iter_rows starts at the used range's first column; its leading rows may be left out too
        c0 = ws.start[1]
        shifted = [c - c0 for c in cols]
        width = ws.end[1] + 1 - c0
        inside = [c for c in shifted if 0 <= c < width]
        pick = _picker(inside) if inside else None
        rows = []
        for row in ws.iter_rows():
            rows.append(pick(row) if pick is not None else ())
        offset = ws.end[0] + 1 - len(rows)
        del ws
        if len(inside) != len(shifted):  # a column outside the used range: blank everywhere
            rows = [_spread(v, shifted, width) for v in rows]
        first = max(start - offset, 0)
        if progress is not None:
            progress(len(rows) + offset, len(rows) + offset)
        return ((i + offset, rows[i]) for i in range(first, len(rows)))


class StreamSource(SheetSource):
    """An .xlsx sheet read by :class:`~reportgen.ingest.xlsxstream.SheetStream`: bounded memory, only the
    asked-for columns decoded. Merged ranges come after the cells in the file, so ``head.merged`` starts
    as a guess from the header cells; :meth:`settle` says whether the guess was right (else the caller
    lays the headers out again and, if that changes the columns, reads once more)."""

    def __init__(self, path: Path, sheet: str | int | None):
        self.path, self.sheet = path, sheet
        self.stream: SheetStream | None = SheetStream(path, sheet)  # kept open for the first columns() call
        self.head = RawSheet(path.name, self.stream.sheet, self.stream.head, guess_merged(self.stream.head))
        self.merged: list | None = None

    @property
    def complete(self) -> RawSheet | None:
        return None

    def settle(self) -> bool:
        if self.merged is None or sorted(self.merged) == sorted(self.head.merged):
            return True
        self.head.merged = self.merged
        return False

    def values(self, cols: list[int], start: int, progress: Progress | None = None) -> tuple[list[int], list[list]]:
        numbers, columns, _ = self._read(cols, None, start, progress)
        return numbers, columns

    def typed_values(self, cols: list[int], specs: list, start: int,
                     progress: Progress | None = None) -> tuple[list[int], list[list], list[tuple]]:
        """Typed while scanning: each distinct cell is decoded and converted once, in the reader's processes."""
        return self._read(cols, specs, start, progress)

    def _read(self, cols: list[int], specs: list | None, start: int, progress: Progress | None) -> tuple:
        stream, self.stream = self.stream, None
        try:
            with stream or SheetStream(self.path, self.sheet) as opened:
                found = opened.columns(cols, start, progress, specs)
                self.merged = opened.merged
        except Unsupported:  # found past the first rows: read it as python-calamine does
            source = _calamine_source(self.path, self.sheet)
            self.merged = source.head.merged
            if specs is None:
                return (*source.values(cols, start, progress), [])
            return source.typed_values(cols, specs, start, progress)
        return found


def guess_merged(rows: list[list]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged header cells as they usually are: a group name followed by blanks over named columns."""
    out = []
    for r in range(len(rows) - 1):
        top, low = rows[r], rows[r + 1]
        c = 0
        while c < len(top):
            end = c
            if not _blank(top[c]):
                while end + 1 < min(len(top), len(low)) and _blank(top[end + 1]) and not _blank(low[end + 1]):
                    end += 1
            if end > c:
                out.append(((r, c), (r, end)))
            c = end + 1
    return out


def _picker(cols: list[int]):
    if len(cols) == 1:
        c = cols[0]
        return lambda row: (row[c],)
    return itemgetter(*cols)


def _spread(values: tuple, shifted: list[int], width: int) -> tuple:
    it = iter(values)
    return tuple(next(it) if 0 <= c < width else None for c in shifted)


def _blank(v: object) -> bool:
    return v is None or not str(v).strip()


def open_sheet(path: str | Path, sheet: str | int | None = None) -> SheetSource:
    """Open one sheet for :func:`reportgen.ingest.load_table`: same errors and fallbacks as :func:`read_sheet`.

    .xlsx/.xlsm are streamed (:class:`StreamSource`); a workbook the stream reader does not handle, and
    .xls/.ods, are parsed by python-calamine; openpyxl is the last resort (via :func:`read_sheet`).
    """
    path = check_input(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return StreamSource(path, sheet)
        except Unsupported:
            pass
    if suffix in (*PACKAGE_SUFFIXES, ".xls"):
        try:
            return _calamine_source(path, sheet)
        except ReportgenError:
            raise
        except Exception:
            pass  # _read_sheet tries openpyxl, then reports the error
    return SheetSource(_read_sheet(path, sheet), path)


def _calamine_source(path: Path, sheet: str | int | None) -> CalamineSource:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
        name = _pick(list(wb.sheet_names), sheet, path)
        return CalamineSource(path, name, wb.get_sheet_by_name(name))


def sheet_names(path: str | Path) -> list[str]:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(check_input(path))) as wb:
        return list(wb.sheet_names)


def _pick(names: list[str], sheet: str | int | None, path: Path) -> str:
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
        i = int(sheet)
        if 0 <= i < len(names):
            return names[i]
    elif sheet in names:
        return sheet
    raise ReportgenError(f"找不到工作表「{sheet}」", Location(file=path.name),
                         hint=f"文件中的工作表：{'、'.join(names)}（也可用序号，0 表示第一个）")


def _read_calamine(path: Path, sheet: str | int | None) -> RawSheet:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
        name = _pick(list(wb.sheet_names), sheet, path)
        ws = wb.get_sheet_by_name(name)
        rows = ws.to_python(skip_empty_area=False)
        merged = list(ws.merged_cell_ranges or [])
    return RawSheet(path.name, name, rows, merged)


def _read_openpyxl(path: Path, sheet: str | int | None) -> RawSheet:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
    try:
        name = _pick(wb.sheetnames, sheet, path)
        ws = wb[name]
        rows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
        merged = [((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1)) for m in ws.merged_cells.ranges]
    finally:
        wb.close()
    return RawSheet(path.name, name, rows, merged)


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it decodes, else GB18030 (covers GBK); error if neither does."""
    for enc in CSV_ENCODINGS:
        try:
            data.decode(enc)
            return "utf-8" if enc == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf") else enc
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GB18030")


def _read_csv(path: Path) -> RawSheet:
    import csv
    import io

    data = path.read_bytes()
    try:
        enc = detect_encoding(data)
    except UnicodeDecodeError as exc:
        raise ReportgenError("无法识别 CSV 文件的编码（既不是 UTF-8 也不是 GBK/GB18030）", Location(file=path.name),
                             hint="请用 Excel 打开后另存为 “CSV UTF-8” 或 .xlsx") from exc
    text = data.decode("utf-8-sig" if enc.startswith("utf-8") else enc)
    rows = list(csv.reader(io.StringIO(text, newline="")))  # a quoted cell may hold a line break
    return RawSheet(path.name, path.stem, rows, [], encoding=enc)
