"""Load an export against a spec into a typed :class:`Table`, collecting every problem as an :class:`Issue`.

Rows are never dropped silently: a row with an error keeps its place (``Table.error_rows``) with the bad
cell left empty, and the validation report lists it. Row numbers are those Excel shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import Location, ReportgenError
from reportgen.ingest.cells import ERROR, INFO, WARNING, CellIssue, converter_for, shown
from reportgen.ingest.headers import HeaderLayout, detect
from reportgen.ingest.readers import RawSheet, read_sheet
from reportgen.specs import Spec, match_score


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

    def col(self, key: str) -> int:
        return self.keys.index(key)

    def count(self, level: str) -> int:
        return sum(1 for i in self.issues if i.level == level)

    def records(self, extras: bool = True) -> list[dict[str, Any]]:
        """Rows as dicts keyed by template key, with extra (unspecified) columns as text under their header."""
        out = []
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
               specs: list[Spec] | None = None) -> Table:
    """Read ``path`` (sheet by name or index) and type it with ``spec`` (or the best match in ``specs``)."""
    raw = read_sheet(path, sheet if sheet is not None else (spec.sheet if spec else None))
    if spec is None:
        spec = _auto_spec(raw, specs or [])
    layout = detect(raw.rows, raw.merged, spec)
    return type_rows(raw, spec, layout)


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
    keys = [c.key for c in spec.columns]
    table = Table(spec, raw.file, raw.sheet, layout, keys, [], [], raw=raw)
    where = Location(file=raw.file, sheet=raw.sheet)
    index = layout.index
    header_row = layout.start + 1
    for col in spec.columns:
        if col.key not in index and col.required:
            table.issues.append(Issue(ERROR, f"缺少必需的列「{col.name}」", where.with_(row=header_row, column=col.name),
                                      hint=_alias_hint(col)))
    used = set(index.values())
    table.extra = {h: i for i, h in enumerate(layout.headers) if h and i not in used}
    plan = [(j, index[c.key], converter_for(c)) for j, c in enumerate(spec.columns) if c.key in index]
    required = [(j, c) for j, c in enumerate(spec.columns) if c.required and c.key in index]
    headers = layout.shown
    width = len(keys)
    person = keys.index(spec.person_key) if spec.person_key else None
    seen_person: dict[str, int] = {}
    issues = table.issues
    for r in range(layout.first_data_row, len(raw.rows)):
        src = raw.rows[r]
        out: list[Any] = [None] * width
        filled = False
        n_src = len(src)
        for j, ci, conv in plan:
            v = src[ci] if ci < n_src else None
            if v is None or v == "" or (type(v) is str and not v.strip()):
                continue
            filled = True
            try:
                out[j] = conv(v)
            except CellIssue as exc:
                out[j] = exc.keep
                issues.append(Issue(exc.level, exc.message, where.with_(row=r + 1, column=headers[ci]),
                                    shown(v), exc.hint))
        if not filled:
            continue  # blank line (or a row with only unspecified columns): not a data row
        for j, c in required:
            if out[j] is None and not _has_error(issues, r + 1, headers[index[c.key]]):
                issues.append(Issue(ERROR, "必填项为空", where.with_(row=r + 1, column=headers[index[c.key]])))
        if person is not None and out[person] is not None:
            first = seen_person.setdefault(out[person], r + 1)
            if first != r + 1:
                issues.append(Issue(WARNING, f"证件号码与第{first}行重复，人数只计一次",
                                    where.with_(row=r + 1, column=headers[index[spec.person_key]]), out[person]))
        table.rows.append(out)
        table.row_numbers.append(r + 1)
        table.data_indices.append(r)
    _mark_error_rows(table)
    return table


def _has_error(issues: list[Issue], row: int, column: str) -> bool:
    return any(i.location.row == row and i.location.column == column for i in reversed(issues[-8:]))


def _mark_error_rows(table: Table) -> None:
    by_number = {num: i for i, num in enumerate(table.row_numbers)}
    for issue in table.issues:
        if issue.level == ERROR and issue.location.row in by_number:
            table.error_rows.add(by_number[issue.location.row])


def _alias_hint(col) -> str:
    names = "、".join([col.name, *col.aliases])
    return f"表头应为以下之一：{names}（或在数据规格中为该列增加别名）"


__all__ = ["Issue", "Table", "load_table", "type_rows", "ERROR", "WARNING", "INFO"]
