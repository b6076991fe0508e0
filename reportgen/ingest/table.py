"""Load an export against a spec into a typed :class:`Table`, collecting every problem as an :class:`Issue`.

Rows are never dropped silently: a row with an error keeps its place (``Table.error_rows``) with the bad
cell left empty, and the validation report lists it. Row numbers are those Excel shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import Location, ReportgenError
from reportgen.ingest.cells import ERROR, INFO, WARNING, shown
from reportgen.ingest.headers import HeaderLayout, detect
from reportgen.ingest.missing import MissingColumn, missing_columns
from reportgen.ingest.pairs import pair_problems
from reportgen.ingest.readers import RawSheet, SheetSource, open_sheet, read_sheet
from reportgen.ingest.xlsxscan import paused_gc
from reportgen.ingest.xlsxstream import Progress
from reportgen.specs import Spec, closest_header, match_score


@dataclass
class Issue:
    """One problem found in an export: level (错误/警告/提示), message, where, the value as written."""

    level: str
    message: str
    location: Location
    value: str | None = None
    hint: str | None = None

    def as_error(self) -> ReportgenError:
        return ReportgenError(self.message, self.location, hint=self.hint)

    def __str__(self) -> str:
        return f"[{self.level}] {self.location}: {self.message}"


@dataclass
class Table:
    """Typed rows of one export: ``rows[i][j]`` is the value of ``keys[j]`` (spec column keys)."""

    spec: Spec
    file: str
    sheet: str
    layout: HeaderLayout
    keys: list[str]
    rows: list[list]
    row_numbers: list[int]
    issues: list[Issue] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)  # indices into rows
    raw: RawSheet | None = None
    extra: dict[str, int] = field(default_factory=dict)  # header → column index, not in the spec
    data_indices: list[int] = field(default_factory=list)  # raw row index of each typed row
    source: Path | None = None  # the file, when ``raw`` is read only on demand (see :meth:`records`)
    missing: list[MissingColumn] = field(default_factory=list)  # optional columns the export lacks

    def col(self, key: str) -> int:
        return self.keys.index(key)

    def count(self, level: str) -> int:
        return sum(1 for i in self.issues if i.level == level)

    def records(self, extras: bool = True) -> list[dict[str, Any]]:
        """Rows as dicts keyed by template key, with extra (unspecified) columns as text under their header."""
        out = []
        if extras and self.extra and self.raw is None and self.source is not None:
            self.raw = read_sheet(self.source, self.sheet)  # the unspecified columns, read on demand
        raw_rows = self.raw.rows if (extras and self.raw and self.extra) else None
        for n, row in enumerate(self.rows):
            rec = dict(zip(self.keys, row, strict=True))
            if raw_rows is not None:
                src = raw_rows[self.data_indices[n]]
                for header, ci in self.extra.items():
                    v = src[ci] if ci < len(src) else ""
                    rec.setdefault(header, "" if v is None else shown(v) if v != "" else "")
            out.append(rec)
        return out


def load_table(path: str | Path, spec: Spec | None = None, sheet: str | int | None = None,
               specs: list[Spec] | None = None, progress: Progress | None = None) -> Table:
    """Read ``path`` (sheet by name or index) and type it with ``spec`` (or the best match in ``specs``).

    Only the columns the spec maps are converted to Python values; the other columns stay in the file
    until :meth:`Table.records` asks for them (``Table.extra`` lists them either way). ``progress(rows
    read, rows in the sheet)`` is called while a large sheet is read.
    """
    source = open_sheet(path, sheet if sheet is not None else (spec.sheet if spec else None))
    chosen, layout = _layout(source.head, spec, specs)
    with paused_gc():
        table = _typed(source, chosen, layout, progress)
        if not source.settle():  # the merged header cells were guessed wrong: lay the headers out again
            again, layout_again = _layout(source.head, spec, specs)
            if again != chosen or layout_again != layout:
                table = _typed(source, again, layout_again, progress)
            else:
                table.layout = layout_again
    if table.raw is None:
        table.source = source.path
    return table


def _layout(head: RawSheet, spec: Spec | None, specs: list[Spec] | None) -> tuple[Spec, HeaderLayout]:
    chosen = spec if spec is not None else _auto_spec(head, specs or [])
    return chosen, detect(head.rows, head.merged, chosen)


def _auto_spec(raw: RawSheet, specs: list[Spec]) -> Spec:
    from reportgen.specs import builtin_specs

    candidates = [s for s in (specs or builtin_specs()) if s.output != "summary"]
    best, best_score = None, 0
    for s in candidates:
        layout = detect(raw.rows, raw.merged, s)
        score = match_score(s, layout.headers + layout.shown)
        if score > best_score:
            best, best_score = s, score
    if best is None:
        names = "、".join(s.name for s in candidates)
        raise ReportgenError("无法判断这是哪种台账：表头与任何数据规格都不匹配", Location(file=raw.file, sheet=raw.sheet),
                             hint=f"用 --spec 指定数据规格；已有规格：{names}")
    return best


def type_rows(raw: RawSheet, spec: Spec, layout: HeaderLayout) -> Table:
    """Convert every data row of ``raw`` to typed values, recording issues with Excel row numbers."""
    return _typed(SheetSource(raw), spec, layout)


def _typed(source: SheetSource, spec: Spec, layout: HeaderLayout, progress: Progress | None = None) -> Table:
    head = source.head
    keys = [c.key for c in spec.columns]
    table = Table(spec, head.file, head.sheet, layout, keys, [], [], raw=source.complete)
    where = Location(file=head.file, sheet=head.sheet)
    index = layout.index
    header_row = layout.start + 1
    used = set(index.values())
    unmapped = [h for i, h in enumerate(layout.headers) if h and i not in used]
    for col in spec.columns:
        if col.key not in index and col.required:
            guess = closest_header(col, unmapped)
            message = f"缺少必需的列「{col.name}」" + (f"；表中有「{guess}」，是不是它？" if guess else "")
            table.issues.append(Issue(ERROR, message, where.with_(row=header_row, column=col.name),
                                      hint=_alias_hint(col, guess)))
    table.missing = missing_columns(spec, index, layout.headers)
    for m in table.missing:
        table.issues.append(Issue(WARNING, m.message(), where.with_(row=header_row, column=m.column.name),
                                  hint=m.hint(spec)))
    table.extra = {h: i for i, h in enumerate(layout.headers) if h and i not in used}
    plan = [(j, index[c.key], c) for j, c in enumerate(spec.columns) if c.key in index]
    headers = layout.shown
    numbers, typed, problems = source.typed_values([ci for _, ci, _ in plan], [c for _, _, c in plan],
                                                   layout.first_data_row, progress)
    n = len(numbers)
    columns: list[list] = [[None] * n] * len(keys)  # columns the file lacks: None on every row
    found: list[tuple[int, int, int, Issue]] = []  # (row position, phase, column order, issue)
    trouble: dict[int, set[int]] = {j: set() for j, _, _ in plan}  # spec column → rows with a conversion issue
    for k, (j, _, _) in enumerate(plan):
        columns[j], typed[k] = typed[k], []
    for i, k, v, exc in problems:
        j, ci, _ = plan[k]
        found.append((i, 0, k, Issue(exc.level, exc.message, where.with_(row=numbers[i] + 1, column=headers[ci]),
                                     shown(v), exc.hint)))
        trouble[j].add(i)
    for j, c in enumerate(spec.columns):
        if not (c.required and c.key in index):
            continue
        if None not in columns[j]:  # the usual case, checked in C
            continue
        column, bad = headers[index[c.key]], trouble[j]
        for i, v in enumerate(columns[j]):
            if v is None and i not in bad:
                found.append((i, 1, j, Issue(ERROR, "必填项为空", where.with_(row=numbers[i] + 1, column=column))))
    if spec.person_key and spec.person_key in index and _repeats(columns[keys.index(spec.person_key)]):
        column = headers[index[spec.person_key]]
        seen: dict[Any, int] = {}
        for i, v in enumerate(columns[keys.index(spec.person_key)]):
            if v is None:
                continue
            first = seen.setdefault(v, i)
            if first != i:
                found.append((i, 2, 0, Issue(WARNING, f"证件号码与第{numbers[first] + 1}行重复，人数只计一次",
                                             where.with_(row=numbers[i] + 1, column=column), v)))
    if spec.pair and all(k in index for k in spec.pair):
        names = tuple(spec.column(k).name for k in spec.pair)
        for i, message, key, hint in pair_problems(columns[keys.index(spec.pair[0])], columns[keys.index(spec.pair[1])],
                                                   numbers, names, spec.pair):
            found.append((i, 2, 1, Issue(ERROR, message, where.with_(row=numbers[i] + 1, column=headers[index[key]]),
                                         hint=hint)))
    found.sort(key=lambda t: t[:3])
    table.issues.extend(t[3] for t in found)
    table.rows = _rows_of(columns, n) if keys else [[] for _ in numbers]
    table.row_numbers = [r + 1 for r in numbers]
    table.data_indices = numbers
    _mark_error_rows(table)
    return table


def _rows_of(columns: list[list], n: int, step: int = 1 << 15) -> list[list]:
    """Rows from typed columns, each column's part freed once copied: a county export's rows and columns are
    never both whole in memory (that was the reader's peak). The columns are emptied."""
    rows: list[list] = []
    distinct = list({id(c): c for c in columns}.values())  # columns the file lacks share one list of None
    for _ in range(0, n, step):
        rows.extend(map(list, zip(*(c[:step] for c in columns), strict=True)))
        for c in distinct:
            del c[:step]
    return rows


def _repeats(values: list) -> bool:
    """Whether a non-empty value occurs twice (a set built in C tells, for the usual column without repeats)."""
    filled = len(values) - values.count(None)
    return len(set(values) - {None}) != filled


def _mark_error_rows(table: Table) -> None:
    by_number = {num: i for i, num in enumerate(table.row_numbers)}
    for issue in table.issues:
        if issue.level == ERROR and issue.location.row in by_number:
            table.error_rows.add(by_number[issue.location.row])


def _alias_hint(col, guess: str | None = None) -> str:
    names = "、".join([col.name, *col.aliases])
    mapping = f"在项目文件 reportgen.yaml 的 列名映射 中写「{guess}: {col.name}」，" if guess else ""
    return f"表头应为以下之一：{names}（或{mapping}在数据规格中为该列增加别名）"


__all__ = ["Issue", "Table", "load_table", "type_rows", "ERROR", "WARNING", "INFO"]
