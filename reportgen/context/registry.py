"""Load several exports, each matched to its spec, and answer "value of indicator X for scope S".

Cross-registry indicators (贫困发生率's denominator from the roster) ask another registry for the
same 乡镇/村 scope; values are cached per (indicator, scope).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from reportgen.context.exclusions import DEFAULT_MAX_EXCLUDED, excluded_rows
from reportgen.context.problems import blocking_error, triage
from reportgen.errors import ErrorGroup, Location, ReportgenError
from reportgen.ingest import ERROR, Table, load_table
from reportgen.measures import Evaluator
from reportgen.specs import Spec

FileProgress = Callable[[str, int, int], None]  # (file name, rows read, rows in the sheet)

MAX_ERRORS_SHOWN = 20


@dataclass
class LoadedRegistry:
    spec: Spec
    table: Table
    rows: list[list]
    _cache: dict = field(default_factory=dict)
    _scoped: dict = field(default_factory=dict)

    def table_records(self) -> list[dict[str, Any]]:
        keep = {id(r) for r in self.rows}
        return [rec for rec, row in zip(self.table.records(extras=False), self.table.rows, strict=True)
                if id(row) in keep]

    def scope_rows(self, scope) -> list[list]:
        if scope is None:
            return self.rows
        if scope not in self._scoped:
            g = self.spec.groups
            if g is None:
                return []
            t = self.table.keys.index(g.town)
            v = self.table.keys.index(g.village) if g.village else None
            if len(scope) == 1:
                self._scoped[scope] = [r for r in self.rows if r[t] == scope[0]]
            elif v is not None:
                self._scoped[scope] = [r for r in self.rows if r[t] == scope[0] and r[v] == scope[1]]
            else:
                self._scoped[scope] = []
        return self._scoped[scope]

    def value(self, indicator: str, scope, lookup, params) -> Any:
        key = (indicator, scope)
        if key not in self._cache:
            if indicator not in self.spec.indicators:
                raise ReportgenError(f"数据规格「{self.spec.name}」没有指标「{indicator}」", Location(file=self.spec.path))
            ev = Evaluator(self.spec, self.table.keys, lookup, params)
            self._cache[key] = ev.evaluate(self.scope_rows(scope), scope, [indicator])[indicator]
        return self._cache[key]


def raise_errors(table: Table, columns: set[str] | None = None, can_exclude: bool = False) -> None:
    """Raise the table's errors together (the first ones listed) so nothing wrong reaches a document.

    ``columns``: only errors in these column keys (what the documents print) count. ``can_exclude``: the
    command has ``--exclude-bad-rows`` (``figures``), so the message may offer it.
    """
    errors = [i for i in table.issues if i.level == ERROR]
    if columns is not None:
        shown_of = {k: table.layout.shown[i] for k, i in table.layout.index.items() if i < len(table.layout.shown)}
        headers = {shown_of.get(k) for k in columns} | {c.name for c in table.spec.columns if c.key in columns}
        errors = [i for i in errors if i.location.column in headers]
    if not errors:
        return
    shown = [e.as_error() for e in errors[:MAX_ERRORS_SHOWN]]
    more = f"（仅列出前 {MAX_ERRORS_SHOWN} 处）" if len(errors) > MAX_ERRORS_SHOWN else ""
    offer = "，或使用 --exclude-bad-rows 排除出错的行" if can_exclude else ""
    raise ErrorGroup(shown, f"{table.file} 有 {len(errors)} 处错误{more}；请先运行 reportgen validate {table.file} "
                            f"查看并修正{offer}")


def raise_missing(tables: list[Table]) -> None:
    """A figure whose column the export lacks is unknown: stop, naming the column and the likely header."""
    errors = [ReportgenError(m.message(), Location(file=t.file, sheet=t.sheet, row=t.layout.start + 1,
                                                   column=m.column.name), hint=m.hint(t.spec))
              for t in tables if t.spec.output == "figures" for m in t.missing if m.indicators]
    if errors:
        raise ErrorGroup(errors, f"导出表缺少 {len(errors)} 个计算数字所需的列，这些数字无法计算（不是 0）")


def load_registries(paths: list[str | Path], specs: list[Spec], exclude_bad_rows: bool = False,
                    notes: list[str] | None = None, strict: bool = False, *,
                    max_excluded: float = DEFAULT_MAX_EXCLUDED, exclude_option: bool = False,
                    progress: FileProgress | None = None) -> dict[str, LoadedRegistry]:
    """Each export typed with its matching spec, keyed by spec name (two exports of one spec: error).

    Only problems in a column some figure reads stop the run (``context.problems``); the others go to
    ``notes``, one line per kind. ``strict``: every error or warning stops. ``exclude_bad_rows`` leaves
    the rows with such problems out instead, counted per file in ``notes`` and refused above
    ``max_excluded`` (``context.exclusions``). ``exclude_option``: the command has ``--exclude-bad-rows``,
    so an error message may offer it. ``progress(file name, rows read, rows in the sheet)`` is called
    while each export is read.
    """
    out: dict[str, LoadedRegistry] = {}
    refused: list[ReportgenError] = []
    for path in paths:
        each = None if progress is None else partial(progress, Path(path).name)
        table = load_table(path, None, None, specs, each) if len(specs) > 1 else load_table(path, specs[0], progress=each)
        name = table.spec.name
        if name in out:
            raise ReportgenError(f"两个文件都是「{name}」台账：{out[name].table.file} 和 {table.file}",
                                 Location(file=str(path)), hint="每种台账只给一个导出文件")
        found = triage(table, strict)
        if found.blocking and not exclude_bad_rows:
            raise blocking_error(table, found.blocking, strict, offer_exclude=exclude_option)
        if notes is not None:
            notes.extend(found.notes)
        if exclude_bad_rows:
            try:
                rows, note = excluded_rows(table, found.blocking, max_excluded, exclude_option)
            except ReportgenError as exc:  # every file that would lose too many rows, in one message
                refused.append(exc)
                continue
            if note and notes is not None:
                notes.append(note)
        else:
            rows = table.rows
        out[name] = LoadedRegistry(table.spec, table, rows)
    if refused:
        raise refused[0] if len(refused) == 1 else ErrorGroup(refused, f"{len(refused)} 个文件含错误的行太多，已停止")
    raise_missing([reg.table for reg in out.values()])
    return out
