"""A figure's definition in Chinese words and as its data spec writes it, from its trace.

``define`` reads like the 说明 column of a 统计表: 「建档立卡」台账中乡(镇)为「城关镇」、脱贫属性为「已脱贫」
的行，按「证件号码」去重计人数. ``spec_form`` is the spec's own line (``未脱贫人数: {count: persons, where:
{脱贫属性: 未脱贫}}``) plus the scope and item the figure picks.
"""

from __future__ import annotations

from typing import Any

import yaml

from reportgen.measures.trace import MEASURE_WORDS, Trace
from reportgen.specs import Spec


def _name(spec: Spec, key: str) -> str:
    col = spec.column(key)
    return col.name if col is not None else key


def _quoted(values: tuple[Any, ...]) -> str:
    return "或".join(f"「{_shown(v)}」" for v in values)


def _shown(value: Any) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def scope_words(spec: Spec, scope: tuple[str, ...]) -> list[str]:
    """["乡(镇)为「城关镇」", "行政村为「柳湾村」"] for a scope (empty for the whole county)."""
    if not scope or spec.groups is None:
        return []
    keys = [spec.groups.town, spec.groups.village]
    return [f"{_name(spec, key)}为「{value}」" for key, value in zip(keys, scope, strict=False) if key]


def condition_words(spec: Spec, t: Trace) -> list[str]:
    words = []
    for keys, values in t.conditions:
        if len(keys) > 1:
            words.append(f"{'、'.join(_name(spec, k) for k in keys)}中任一为{_quoted(values)}")
        else:
            col = spec.column(keys[0])
            verb = "含" if col is not None and col.multi else "为"
            words.append(f"{_name(spec, keys[0])}{verb}{_quoted(values)}")
    return words


def age_words(spec: Spec, t: Trace) -> list[str]:
    """["年龄（按出生日期…计至2024年12月31日）在15—49周岁"] for a trace with an ``age`` filter."""
    return [t.age.words(lambda key: _name(spec, key))] if t.age is not None else []


def selection(spec: Spec, t: Trace) -> str:
    """「建档立卡」台账中乡(镇)为「城关镇」、脱贫属性为「已脱贫」的行 (or 「建档立卡」台账全部行)."""
    words = scope_words(spec, t.scope) + condition_words(spec, t) + age_words(spec, t)
    if not words:
        return f"「{spec.name}」台账全部行"
    return f"「{spec.name}」台账中{'、'.join(words)}的行"


def define(t: Trace, specs: dict[str, Spec]) -> str:
    """The definition of a traced figure in Chinese words."""
    spec = specs[t.registry]
    if t.kind == "ratio":
        (_, num), (_, den) = t.parts
        return f"分子 ÷ 分母（保留 6 位小数，分母为 0 时为空）；分子：{define(num, specs)}；分母：{define(den, specs)}"
    if t.kind == "cumulative":
        first, last = t.parts[0][0], t.parts[-1][0]
        return f"{first}—{last} 年各年之和；每年：{define(t.parts[-1][1], specs)}"
    if t.kind == "from":
        inner = define(t.parts[0][1], specs) if t.parts else "（未提供该台账）"
        return f"取自「{t.ref[0]}」台账同一范围的「{t.ref[1]}」：{inner}" if t.ref else inner
    if t.unknown:
        return t.unknown
    if t.kind == "param":
        return f"参数（不来自台账）：{_shown(t.value)}"
    rows = selection(spec, t)
    if t.kind == "count":
        if t.key is None:
            return f"{rows}，计行数" if t.measure == "rows" else f"{rows}，每行计 1 人"
        unit = MEASURE_WORDS[t.measure or "rows"]
        return f"{rows}，按「{_name(spec, t.key)}」去重计{unit}数（同一{unit}只计一次）"
    if t.kind == "first":
        return f"{rows}中第一个非空的「{_name(spec, t.column)}」"
    once = "每户取一次（该户第一行）" if t.per_household else ""
    if t.kind == "sum":
        col = spec.column(t.column)
        rounding = "（保留 2 位小数）" if col is not None and col.type == "decimal" else ""
        return f"{rows}，{once}「{_name(spec, t.column)}」之和{rounding}"
    weighted = f"按「{_name(spec, t.weight)}」加权" if t.weight else ""
    return f"{rows}，{once}「{_name(spec, t.column)}」的{weighted}平均值（保留 2 位小数，空值不计）"


_FLOWS: dict[tuple[str, str, str], str] = {}


def _flow(spec: str, name: str, options: dict) -> str:
    key = (spec, name, repr(options))
    if key not in _FLOWS:
        _FLOWS[key] = yaml.safe_dump(options, allow_unicode=True, default_flow_style=True, sort_keys=False,
                                     width=1000).strip()
    return _FLOWS[key]


def spec_form(t: Trace, specs: dict[str, Spec]) -> str:
    """The spec's own line for the indicator, then the scope and the item: ``户数: {count: households}``."""
    spec = specs[t.registry]
    ind = spec.indicators[t.indicator]
    flow = _flow(spec.name, ind.name, ind.options)
    extra = scope_words(spec, t.scope)
    own = {spec.column(k).key for k in ind.options.get("where") or {}}
    extra += [w for w, (keys, _) in zip(condition_words(spec, t), t.conditions, strict=True) if keys[0] not in own]
    tail = f"（{'、'.join(extra)}）" if extra else ""
    return f"{spec.name} › {t.indicator}: {flow}{tail}"
