"""Measures: turn a typed table into the figures its spec declares, county-wide and per 乡镇/村.

``compute_registry`` returns the registry's part of the figures context: every indicator for the
county, plus (when the spec groups rows) ``乡镇`` rows with nested ``村`` rows and a ``合计`` row
computed over all rows, so totals always equal the county figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from reportgen.measures.compute import Evaluator, Lookup, Scope
from reportgen.specs.model import Spec

Order = list[tuple[str, list[str]]]  # [(乡镇, [村, …]), …] in registry order


def order_of(spec: Spec, keys: list[str], rows: Sequence[list]) -> Order:
    """乡镇 and 村 in the order rows first name them."""
    if spec.groups is None:
        return []
    t = keys.index(spec.groups.town)
    v = keys.index(spec.groups.village) if spec.groups.village else None
    towns: dict[str, dict[str, None]] = {}
    for r in rows:
        if r[t] in (None, ""):
            continue
        villages = towns.setdefault(r[t], {})
        if v is not None and r[v] not in (None, ""):
            villages.setdefault(r[v], None)
    return [(town, list(vs)) for town, vs in towns.items()]


def merge_order(base: Order, extra: Order) -> Order:
    """``base`` (the roster), then any 乡镇/村 only ``extra`` names, so no row is left out of the groups."""
    out = [(t, list(vs)) for t, vs in base]
    index = {t: i for i, (t, _) in enumerate(out)}
    for town, villages in extra:
        if town not in index:
            index[town] = len(out)
            out.append((town, []))
        known = out[index[town]][1]
        known.extend(v for v in villages if v not in known)
    return out


def compute_registry(spec: Spec, keys: list[str], rows: Sequence[list], lookup: Lookup,
                     order: Order | None = None, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """All indicators of ``spec`` over ``rows`` and, with groups, the 乡镇/村 rows and 合计."""
    ev = Evaluator(spec, keys, lookup, params)
    out = ev.evaluate(rows, None)
    g = spec.groups
    if g is None:
        return out
    order = merge_order(order or [], order_of(spec, keys, rows))
    t = keys.index(g.town)
    v = keys.index(g.village) if g.village else None
    by_town: dict[Any, list] = {}
    by_village: dict[Any, list] = {}
    for r in rows:
        by_town.setdefault(r[t], []).append(r)
        if v is not None:
            by_village.setdefault((r[t], r[v]), []).append(r)
    towns = []
    for town, villages in order:
        item = {"名称": town, **_named(ev, by_town.get(town, []), (town,), g.town_indicators)}
        if v is not None:
            item["村"] = [{"名称": vil, **_named(ev, by_village.get((town, vil), []), (town, vil),
                                                g.village_indicators)} for vil in villages]
        towns.append(item)
    out["乡镇"] = towns
    # the 合计 row is the county over the same rows: its values are the county's, already computed
    out["合计"] = {"名称": "合计", **{name: deepcopy(out[indicator]) for name, indicator in g.town_indicators}}
    return out


def _named(ev: Evaluator, rows: Sequence[list], scope: Scope, items: list[tuple[str, str]]) -> dict[str, Any]:
    values = ev.evaluate(rows, scope, [name for _, name in items])
    return {out: values[name] for out, name in items}


def scope_value(figures: dict[str, Any], indicator: str, scope: Scope) -> Any:
    """Value of ``indicator`` in a computed registry for the county, a 乡镇 or a 村 (None if absent)."""
    if scope is None:
        return figures.get(indicator)
    for town in figures.get("乡镇", []):
        if town["名称"] != scope[0]:
            continue
        if len(scope) == 1:
            return _by_indicator(town, indicator)
        for village in town.get("村", []):
            if village["名称"] == scope[1]:
                return _by_indicator(village, indicator)
    return None


def _by_indicator(row: dict[str, Any], indicator: str) -> Any:
    return row.get(indicator)

