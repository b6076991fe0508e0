"""同比: every numeric figure of this year beside last year's — 上年, 增减, 增幅 — under ``同比``.

The tree mirrors the figures, with list items keyed by their label so templates can reach one directly:
``{{ 同比.建档立卡.人数|增减 }}``, ``{{ 同比.建档立卡.乡镇[t.名称].人数|增减 }}``. Each leaf is
``{本年, 上年, 增减, 增幅, 单位}``; for rates 增减 is in 个百分点 and 增幅 is empty. A 乡镇/村/category present
in one year only keeps its entry (the other year empty, with 说明) and is listed under ``仅本年`` /
``仅上年``, so nothing is dropped silently.
"""

from __future__ import annotations

from typing import Any

from reportgen.context.paths import label_of
from reportgen.context.provenance import FigureSet
from reportgen.errors import ReportgenError
from reportgen.measures import ratio
from reportgen.specs import Spec

RATE = "个百分点"
UNITS = {"households": "户", "persons": "人", "rows": "个"}


def compare_figures(current: FigureSet, previous: dict[str, Any]) -> dict[str, Any]:
    """The ``同比`` tree of ``current`` against last year's figures dict."""
    out: dict[str, Any] = {"上年年度": previous.get("年度")}
    only: dict[str, list[str]] = {"仅本年": [], "仅上年": []}
    names = {name for name, reg in current.registries.items() if reg.spec.output == "figures"}
    names |= {n for s in current.specs if s.output == "summary" for n in (s.name, f"{s.name}合计")}
    for key, value in current.figures.items():
        if key in names:
            tree = _diff(value, previous.get(key), key, current, only)
            if tree is not None:
                out[key] = tree
    return {**out, **only}


def _diff(cur: Any, prev: Any, path: str, fs: FigureSet, only: dict[str, list[str]]) -> Any:
    if isinstance(cur, dict) or isinstance(prev, dict):
        cur, prev = cur if isinstance(cur, dict) else {}, prev if isinstance(prev, dict) else {}
        out = {}
        for key in [*cur, *(k for k in prev if k not in cur)]:
            if key == "名称":
                continue
            item = _diff(cur.get(key), prev.get(key), f"{path}.{key}", fs, only)
            if item is not None:
                out[key] = item
        return out or None
    if isinstance(cur, list) or isinstance(prev, list):
        return _diff_items(cur or [], prev or [], path, fs, only)
    if isinstance(cur, bool) or isinstance(prev, bool) or isinstance(cur, str) or isinstance(prev, str):
        return None
    if not isinstance(cur, int | float | None) or not isinstance(prev, int | float | None):
        return None
    return entry(cur, prev, _unit(fs, path))


def _diff_items(cur: list, prev: list, path: str, fs: FigureSet, only: dict[str, list[str]]) -> Any:
    if not all(isinstance(x, dict) and x for x in [*cur, *prev]):
        return None
    current = {label_of(x)[1]: x for x in cur}
    before = {label_of(x)[1]: x for x in prev}
    out = {}
    for label in [*current, *(k for k in before if k not in current)]:
        here = f"{path}[{label}]"
        item = _diff(current.get(label), before.get(label), here, fs, only)
        if label not in before:
            only["仅本年"].append(here)
        elif label not in current:
            only["仅上年"].append(here)
        if item is not None:
            if label not in before or label not in current:
                item["说明"] = "上年无此项" if label not in before else "本年无此项"
            out[label] = item
    return out or None


def entry(cur: float | None, prev: float | None, unit: str) -> dict[str, Any]:
    """One comparison: 本年, 上年, 增减 (个百分点 for rates), 增幅 (ratio; empty for rates), 单位."""
    change = None if cur is None or prev is None else cur - prev
    if change is not None:
        change = round(change * 100, 4) if unit == RATE else (change if isinstance(change, int) else round(change, 2))
    growth = None if unit == RATE or change is None else ratio(change, prev)
    return {"本年": cur, "上年": prev, "增减": change, "增幅": growth, "单位": unit}


def _unit(fs: FigureSet, path: str) -> str:
    try:
        r = fs.resolve(path)
    except ReportgenError:
        return ""
    return unit_of(fs.registries[r.registry].spec if r.registry in fs.registries else None, r.indicator,
                   r.item, fs)


def unit_of(spec: Spec | None, indicator: str, item: tuple[Any, str] | None, fs: FigureSet) -> str:
    """户/人/个 for counts, 个百分点 for rates, 元 for money, "" otherwise."""
    if spec is None or indicator not in spec.indicators:
        return ""
    ind = spec.indicators[indicator]
    o, kind = ind.options, ind.kind
    if kind == "ratio" or (item is not None and item[1] == "占比"):
        return RATE
    if kind == "count":
        return UNITS[o["count"]]
    if kind == "breakdown":
        return UNITS[o.get("measure", "persons")]
    if kind in ("series", "shares") and item is not None:
        measures = o.get("measures") or {"户数": "households", "人数": "persons"}
        name = item[1][2:] if item[1].startswith("累计") else item[1]
        return UNITS.get(measures.get(name, ""), "")
    if kind == "from":
        other, name = o["from"].format_map({**spec.parameters, **fs.params}).split(".", 1)
        reg = fs.registries.get(other)
        return unit_of(reg.spec if reg else None, name, None, fs)
    if kind in ("sum", "mean"):
        col = spec.column(o[kind])
        return "元" if col is not None and col.type == "decimal" else ""
    return ""
