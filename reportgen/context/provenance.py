"""Where each figure comes from: the loaded registries kept beside the figures, traced only when asked.

:class:`FigureSet` is what :func:`reportgen.context.compute_figures` returns: the plain figures dict
(exactly what ``figures_for_exports`` gives) plus the registries it was computed from. Nothing here runs
on the plain ``figures`` path; :meth:`FigureSet.trace` resolves one path (``建档立卡.乡镇[城关镇].人数``)
to a :class:`~reportgen.measures.trace.Trace` (the rows behind it, how they are counted) for the audit
workbook, ``reportgen explain`` and the review copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportgen.context.paths import Segment, figure_paths, format_path, lookup_path, parse_path
from reportgen.context.registry import LoadedRegistry
from reportgen.errors import Location, ReportgenError
from reportgen.measures import Evaluator
from reportgen.measures.trace import Trace, trace
from reportgen.specs import Indicator, Spec


@dataclass
class Resolved:
    """A figure path resolved against the specs: which registry, indicator, scope and item."""

    registry: str
    indicator: str
    scope: tuple[str, ...]
    item: tuple[Any, str] | None = None


@dataclass
class FigureSet:
    """The figures and the registries behind them (for provenance, audit, explain and review)."""

    figures: dict[str, Any]
    registries: dict[str, LoadedRegistry]
    specs: list[Spec]
    params: dict[str, Any]
    _numbers: dict[str, dict[int, int]] = field(default_factory=dict, repr=False)

    # -- which figures there are ---------------------------------------------------------------------
    def paths(self) -> Iterator[tuple[str, Any]]:
        """(path, value) of every figure computed from data (registries with figures, summary tables)."""
        traced = {name for name, reg in self.registries.items() if reg.spec.output == "figures"}
        for spec in self.specs:
            if spec.output == "summary":
                traced |= {spec.name, f"{spec.name}合计"}
        for key, value in self.figures.items():
            if key in traced:
                yield from figure_paths(value, key)

    def value(self, path: str) -> Any:
        segments = parse_path(path)
        try:
            return lookup_path(self.figures, segments)
        except KeyError as exc:
            raise _unknown(path, str(exc.args[0])) from None

    # -- resolving a path ----------------------------------------------------------------------------
    def resolve(self, path: str) -> Resolved:
        """The registry, indicator, scope and item of ``path`` (ReportgenError if it is not a figure)."""
        segments = parse_path(path)
        head, label = segments[0]
        summary = next((s for s in self.specs if s.output == "summary" and head in (s.name, f"{s.name}合计")), None)
        if summary is not None:
            return self._summary(path, summary, segments)
        reg = self.registries.get(head)
        if reg is None or reg.spec.output != "figures" or label is not None:
            raise _unknown(path, head)
        spec, rest, scope = reg.spec, segments[1:], ()
        names: dict[str, str] | None = None  # output name → indicator inside a 乡镇/村 row
        if rest and spec.groups is not None and rest[0] == ("合计", None):
            rest, names = rest[1:], dict(spec.groups.town_indicators)
        elif rest and spec.groups is not None and rest[0][0] == "乡镇" and rest[0][1] is not None:
            scope, rest, names = (rest[0][1],), rest[1:], dict(spec.groups.town_indicators)
            if rest and rest[0][0] == "村" and rest[0][1] is not None:
                scope, rest, names = (*scope, rest[0][1]), rest[1:], dict(spec.groups.village_indicators)
        if not rest:
            raise _unknown(path, format_path(segments))
        (out_name, item_label), rest = rest[0], rest[1:]
        indicator = names.get(out_name) if names is not None else out_name
        ind = spec.indicators.get(indicator or "")
        if ind is None:
            raise _unknown(path, out_name)
        return Resolved(spec.name, ind.name, scope, self._item(path, ind, item_label, rest))

    def _summary(self, path: str, spec: Spec, segments: list[Segment]) -> Resolved:
        head, label = segments[0]
        scope: tuple[str, ...] = () if head.endswith("合计") else ((label,) if label is not None else ())
        if (not head.endswith("合计") and label is None) or len(segments) != 2:
            raise _unknown(path, format_path(segments))
        ref = spec.summary.get(segments[1][0])
        if ref is None:
            raise _unknown(path, segments[1][0])
        registry, indicator = ref.split(".", 1)
        return Resolved(registry, indicator, scope)

    @staticmethod
    def _item(path: str, ind: Indicator, label: str | None, rest: list[Segment]) -> tuple[Any, str] | None:
        if ind.kind == "breakdown":
            if label is not None or len(rest) != 1:
                raise _unknown(path, ind.name)
            return (rest[0][0], "")
        if ind.kind in ("series", "shares", "shapes"):
            if label is None or len(rest) != 1 or rest[0][1] is not None:
                raise _unknown(path, ind.name)
            return (int(label) if ind.kind == "series" and label.lstrip("-").isdigit() else label, rest[0][0])
        if label is not None or rest:
            raise _unknown(path, ind.name)
        return None

    # -- tracing -------------------------------------------------------------------------------------
    def trace(self, path: str) -> Trace:
        """The provenance of ``path``; ``from`` traces carry the other registry's trace as their part."""
        r = self.resolve(path)
        try:
            return self._trace(r.registry, r.indicator, r.scope, r.item, path)
        except (KeyError, ValueError, TypeError) as exc:  # e.g. 致贫原因[因病].名称: a label, not a figure
            raise _unknown(path, str(exc.args[0]) if exc.args else path) from None

    def _trace(self, registry: str, indicator: str, scope: tuple[str, ...], item, path: str) -> Trace:
        reg = self.registries.get(registry)
        if reg is None:
            raise ReportgenError(f"没有「{registry}」台账，无法追溯「{path}」", Location(key=path),
                                 hint=f"把「{registry}」的导出表一起给出")
        ev = Evaluator(reg.spec, reg.table.keys, self._lookup, self.params)
        result = trace(ev, indicator, reg.scope_rows(scope or None), scope or None, item)
        self._fill_from(result, path)
        return result

    def _fill_from(self, t: Trace, path: str) -> None:
        for _, part in t.parts:
            self._fill_from(part, path)
        if t.kind == "from" and t.ref is not None and not t.parts and t.ref[0] in self.registries:
            t.parts = [("来源", self._trace(t.ref[0], t.ref[1], t.scope, None, path))]

    def _lookup(self, spec_name: str, indicator: str, scope):
        other = self.registries.get(spec_name)
        return other.value(indicator, scope, self._lookup, self.params) if other else None

    # -- rows ------------------------------------------------------------------------------------------
    def row_numbers(self, t: Trace) -> list[int]:
        """The Excel row numbers of the rows behind a trace (its own rows, not its parts')."""
        reg = self.registries[t.registry]
        numbers = self._numbers.get(t.registry)
        if numbers is None:
            numbers = {id(row): n for row, n in zip(reg.table.rows, reg.table.row_numbers, strict=True)}
            self._numbers[t.registry] = numbers
        return [numbers[id(r)] for r in t.rows or []]

    def row_at(self, registry: str, number: int) -> list | None:
        """The typed row with Excel row number ``number`` (None if the export has no such data row)."""
        table = self.registries[registry].table
        try:
            return table.rows[table.row_numbers.index(number)]
        except ValueError:
            return None


def _unknown(path: str, part: str) -> ReportgenError:
    return ReportgenError(f"「{path}」不是一个数字（不认识「{part}」）", Location(key=path),
                          hint="用 figures.yaml 里的写法，列表项用名称：建档立卡.乡镇[城关镇].人数、"
                               "建档立卡.致贫原因[因病].户数、建档立卡.脱贫年度[2016].人数")
