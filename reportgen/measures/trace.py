"""Provenance of one figure: which rows make it and how they are counted, computed only when asked.

``Evaluator.evaluate`` (the plain ``figures`` path) never builds a :class:`Trace`; audit, explain and the
review copy call :func:`trace` for the figures they show. A trace keeps the rows themselves (the same
list objects as the table), so turning it into Excel row numbers is one dict lookup per row, and
:func:`recount` computes the figure again from those rows alone (the check the audit workbook lets a
clerk repeat in Excel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.measures.age import AgeTest
from reportgen.measures.compute import Evaluator, Rows, Scope, ratio
from reportgen.measures.pairs import group_side, shape_rows

# Words for the measures a count can use (docs/data.md: households 户 / persons 人 / rows 行).
MEASURE_WORDS = {"households": "户", "persons": "人", "rows": "行", "distinct": "个"}


@dataclass
class Trace:
    """The provenance of one value.

    ``kind`` is how the value is made: ``count`` (distinct ``key`` over ``rows``), ``sum``/``mean`` (of
    ``column`` over ``rows``, weighted by ``weight``), ``ratio``/``cumulative`` (from ``parts``), ``from``
    (another registry's indicator ``ref`` for the same scope, resolved by the caller), ``first``,
    ``param``. ``conditions`` is the filter as (column key, wanted values) pairs, the spec's ``where``
    first, then the item the figure picks (``主要致贫原因 = 因病``); ``scope`` is () for the county,
    (乡镇,) or (乡镇, 村).
    """

    registry: str
    indicator: str
    kind: str
    scope: tuple[str, ...] = ()
    conditions: list[tuple[tuple[str, ...], tuple[Any, ...]]] = field(default_factory=list)
    measure: str | None = None  # households | persons | rows
    key: str | None = None  # column key counted distinct
    column: str | None = None  # summed / averaged column
    weight: str | None = None
    per_household: bool = False
    rows: Rows | None = None
    parts: list[tuple[str, Trace]] = field(default_factory=list)
    ref: tuple[str, str] | None = None  # a ``from`` trace: (registry, indicator); ``parts`` gets its trace
    value: Any = None
    age: AgeTest | None = None  # the indicator's ``age`` filter, applied after ``conditions``
    unknown: str | None = None  # why the value cannot be computed (e.g. no 年度 for an age filter)
    positions: dict[str, int] = field(default_factory=dict, repr=False)  # column key → index in a row


def trace(ev: Evaluator, name: str, rows: Rows, scope: Scope, item: tuple[Any, str] | None = None) -> Trace:
    """The trace of indicator ``name`` over ``rows``; ``item`` = (label, output name) inside a series,
    shares or breakdown (``("因病", "户数")``, ``(2016, "累计人数")``, ``("无人监护", "")``)."""
    ind = ev.spec.indicators[name]
    o, kind = ind.options, ind.kind
    base = Trace(ev.spec.name, name, kind, tuple(scope or ()), positions=ev.pos)
    if kind == "ratio":
        num, den = o["ratio"]
        base.parts = [("分子", trace(ev, num, rows, scope)), ("分母", trace(ev, den, rows, scope))]
        return base
    if kind == "from":
        spec_name, other = o["from"].format_map(ev.params).split(".", 1)
        base.ref = (spec_name, other)
        return base
    if kind == "param":
        base.value = ev.params.get(o["param"])
        return base
    where = o.get("where") or {}
    base.conditions = [((ev.spec.column(k).key,), tuple(v) if isinstance(v, list) else (v,))
                       for k, v in where.items()]
    rows = ev.filtered(rows, where)
    if o.get("age"):
        base.age = ev.age_test(o["age"])
        if base.age is None:
            base.kind, base.unknown = "param", "无法计算：按年龄统计需要知道年度（台账的登记日期、项目文件的「年度」）或参数「年龄计算日期」"
            return base
        rows = base.age.keep(rows)
    if kind == "count":
        return _counted(ev, base, rows, o["count"])
    if kind == "distinct":
        base.kind, base.measure, base.key = "count", "distinct", ev.spec.column(o["distinct"]).key
        i = ev.pos[base.key]
        base.rows = [r for r in rows if r[i] not in (None, "")]
        return base
    if kind == "first":
        base.column = ev.spec.column(o["first"]).key
        i = ev.pos[base.column]
        base.rows = [r for r in rows if r[i] not in (None, "")][:1]
        return base
    if kind in ("sum", "mean"):
        return _summed(ev, base, o, rows)
    if item is None:
        raise KeyError(f"{name} 需要指明哪一项")
    label, out_name = item
    if kind == "shapes":
        return _shaped(ev, base, o, rows, label, out_name)
    if kind == "series":
        column = ev.spec.column(o["series"]).key
        measures = ev._measures(o)
        if out_name.startswith("累计") and o.get("cumulative") and out_name[2:] in measures:
            first = o["range"][0]
            base.kind = "cumulative"
            base.parts = [(str(year), trace(ev, name, rows, scope, (year, out_name[2:])))
                          for year in range(first, int(label) + 1)]
            return base
        i = ev.pos[column]
        base.conditions.append(((column,), (label,)))
        return _counted(ev, base, [r for r in rows if r[i] == label], measures[out_name])
    cols = ev._columns_of(o, kind)
    keys = tuple(ev.spec.column(c).key for c in _column_names(o, kind))
    members = ev._members(rows, cols).get(label, [])
    if kind == "breakdown":
        base.conditions.append((keys, (label,)))
        return _counted(ev, base, members, o.get("measure", "persons"))
    measures = ev._measures(o)  # shares
    if out_name == "占比":
        share_of = o["share_of"]
        whole = _counted(ev, Trace(ev.spec.name, name, "count", base.scope, list(base.conditions),
                                   age=base.age, positions=ev.pos), rows, measures[share_of])
        base.kind = "ratio"
        base.parts = [("分子", trace(ev, name, rows, scope, (label, share_of))), ("分母", whole)]
        return base
    base.conditions.append((keys, (label,)))
    return _counted(ev, base, members, measures[out_name])


def _shaped(ev: Evaluator, base: Trace, o: dict, rows: Rows, label: Any, out_name: str) -> Trace:
    """组数 / 对数 of one shape: its rows (measures.pairs), counted by the group's shared side or by row."""
    helper, helped = ev._columns_of(o, "shapes")
    members = shape_rows(rows, helper, helped)[label]
    base.kind, base.rows = "count", members
    # the shape is derived, not a column: the condition names the indicator (结对形态为「多对一」), which the
    # definition words show and the row explanation skips
    base.conditions.append(((base.indicator,), (label,)))
    if out_name == "组数":
        side = group_side(label, helper, helped)
        base.measure, base.key = "distinct", next(k for k, i in ev.pos.items() if i == side)
    elif out_name == "对数":
        base.measure = "rows"
    else:
        raise KeyError(out_name)
    return base


def _column_names(o: dict, kind: str) -> list[str]:
    return list(o[kind]) if isinstance(o[kind], list) else [o[kind]]


def _counted(ev: Evaluator, base: Trace, rows: Rows, measure: str) -> Trace:
    base.kind, base.measure, base.rows = "count", measure, rows
    if measure == "households":
        base.key = ev.spec.household_key and ev.spec.column(ev.spec.household_key).key
    elif measure == "persons" and ev.person is not None:
        base.key = ev.spec.column(ev.spec.person_key).key
    return base


def _summed(ev: Evaluator, base: Trace, o: dict, rows: Rows) -> Trace:
    kind = base.kind
    if o.get("per") == "household":
        rows = ev.per_household(rows)
        base.per_household = True
    base.column = ev.spec.column(o[kind]).key
    i = ev.pos[base.column]
    w = None
    if kind == "mean" and o.get("weight"):
        base.weight = ev.spec.column(o["weight"]).key
        w = ev.pos[base.weight]
    base.rows = [r for r in rows if r[i] is not None and (w is None or r[w] is not None)]
    return base


def recount(t: Trace) -> Any:
    """The value of ``t`` computed again from its rows alone: distinct keys, sums, weighted means, and
    ratios/cumulative sums of its parts (a ``from`` trace recounts the trace its caller put in ``parts``)."""
    if t.kind == "ratio":
        (_, num), (_, den) = t.parts
        return ratio(recount(num), recount(den))
    if t.kind == "cumulative":
        return sum(recount(p) for _, p in t.parts)
    if t.kind in ("from", "param"):
        return recount(t.parts[0][1]) if t.parts else t.value
    positions = t.positions
    rows = t.rows or []
    if t.kind == "first":
        return rows[0][positions[t.column]] if rows else None
    if t.kind == "count":
        if t.key is None:
            return len(rows)
        k = positions[t.key]
        keys = [r[k] for r in rows]
        blank = sum(1 for v in keys if v is None) if t.measure == "persons" else 0
        return len({v for v in keys if v is not None}) + blank
    i = positions[t.column]
    if t.kind == "sum":
        return round(sum(r[i] for r in rows), 2)
    w = positions[t.weight] if t.weight else None
    weight = sum(r[w] for r in rows) if w is not None else len(rows)
    total = sum(r[i] * (r[w] if w is not None else 1) for r in rows)
    return round(total / weight, 2) if weight else None
