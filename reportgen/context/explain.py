"""``reportgen explain``: a figure's definition, source and first rows, and why one row was (not) counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.context.definitions import define, spec_form
from reportgen.context.provenance import FigureSet
from reportgen.measures.trace import MEASURE_WORDS, Trace
from reportgen.specs import Spec

FIRST_ROWS = 10


def _leaves(t: Trace) -> list[tuple[str, Trace]]:
    if t.rows is not None:
        return [("", t)]
    return [(f"{name}{'·' + sub if sub else ''}", leaf) for name, part in t.parts for sub, leaf in _leaves(part)]


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def explain(fs: FigureSet, path: str, row: int | None = None, first_rows: int = FIRST_ROWS) -> list[str]:
    """Lines describing ``path``: value, definition, spec form, source, row count and first rows; with
    ``row`` (an Excel row number), why that row was or was not counted."""
    specs = {s.name: s for s in fs.specs}
    t = fs.trace(path)
    lines = [f"{path} = {_shown(fs.value(path))}", f"定义：{define(t, specs)}", f"数据规格：{spec_form(t, specs)}"]
    for name, leaf in _leaves(t):
        reg = fs.registries[leaf.registry]
        numbers = fs.row_numbers(leaf)
        label = f"〔{name}〕" if name else ""
        lines.append(f"来源{label}：{Path(reg.table.file).name} › {reg.table.sheet}，{len(numbers)} 行")
        if row is None:
            columns = _columns(reg.spec, leaf)
            for number, r in list(zip(numbers, leaf.rows or [], strict=True))[:first_rows]:
                cells = "  ".join(f"{reg.spec.column(k).name}={_shown(r[leaf.positions[k]])}" for k in columns)
                lines.append(f"  第{number}行  {cells}")
            if len(numbers) > first_rows:
                lines.append(f"  …… 共 {len(numbers)} 行（全部行见 figures --audit 写出的核对底稿）")
        else:
            lines.append(f"  第{row}行：{why(fs, leaf, row)}")
    return lines


def _columns(spec: Spec, t: Trace) -> list[str]:
    keys: list[str] = []
    if spec.groups is not None:
        keys += [k for k in (spec.groups.town, spec.groups.village) if k]
    keys += [k for ks, _ in t.conditions for k in ks]
    keys += [k for k in (t.age.birth_key, t.age.id_key) if k] if t.age is not None else []
    keys += [k for k in (t.key, t.column, t.weight) if k]
    present = set(t.positions)
    return [k for k in dict.fromkeys(keys) if k in present]


def why(fs: FigureSet, t: Trace, number: int) -> str:
    """Why Excel row ``number`` is or is not among the rows of leaf trace ``t``, in one sentence."""
    reg = fs.registries[t.registry]
    spec = reg.spec
    row = fs.row_at(t.registry, number)
    if row is None:
        return f"不是「{spec.name}」台账的数据行（表头、空行或超出范围）"
    if all(r is not row for r in reg.rows):
        return "该行有错误，统计时已排除（--exclude-bad-rows），不计入"
    pos = t.positions
    rows = t.rows or []
    if any(r is row for r in rows):
        if t.kind != "count" or t.key is None:
            return "计入"
        k = pos[t.key]
        first = next(r for r in rows if r[k] == row[k])
        if first is row or row[k] is None:
            return f"计入（{spec.column(t.key).name} {_shown(row[k])} 在此第一次出现）"
        unit = MEASURE_WORDS[t.measure or "rows"]
        return (f"已计入，但与第{fs.row_numbers(_only(t, first))[0]}行是同一{unit}"
                f"（{spec.column(t.key).name} {_shown(row[k])}），只计一次")
    reasons = _scope_reasons(spec, row, t) + _condition_reasons(spec, row, t) + _age_reasons(spec, row, t)
    if not reasons and t.per_household and spec.household_key:
        reasons.append(f"不是该户（户编号 {_shown(row[pos[spec.column(spec.household_key).key]])}）的第一行，"
                       "户级字段每户只取一次")
    if not reasons and t.column and row[pos[t.column]] is None:
        reasons.append(f"「{spec.column(t.column).name}」为空")
    if not reasons and t.weight and row[pos[t.weight]] is None:
        reasons.append(f"「{spec.column(t.weight).name}」为空")
    return "不计入：" + ("；".join(reasons) if reasons else "不符合定义")


def _only(t: Trace, row: list) -> Trace:
    return Trace(t.registry, t.indicator, t.kind, t.scope, rows=[row], positions=t.positions)


def _scope_reasons(spec: Spec, row: list, t: Trace) -> list[str]:
    if not t.scope or spec.groups is None:
        return []
    out = []
    for key, wanted in zip((spec.groups.town, spec.groups.village), t.scope, strict=False):
        if key and row[t.positions[key]] != wanted:
            out.append(f"{spec.column(key).name}是「{_shown(row[t.positions[key]])}」，不是「{wanted}」")
    return out


def _age_reasons(spec: Spec, row: list, t: Trace) -> list[str]:
    if t.age is None or t.age.passes(row):
        return []
    age = t.age.age(row)
    on = f"{t.age.on.year}年{t.age.on.month}月{t.age.on.day}日"
    if age is None:
        return ["没有出生日期，身份证号也读不出出生日期，无法计算年龄"]
    return [f"{on}时{age}周岁，不在{t.age.low}—{t.age.high}周岁之间"]


def _condition_reasons(spec: Spec, row: list, t: Trace) -> list[str]:
    out = []
    for keys, values in t.conditions:
        if any(k not in t.positions for k in keys):  # a derived condition (结对形态), not a column
            continue
        found: set = set()
        for k in keys:
            v = row[t.positions[k]]
            found.update(v if isinstance(v, list) else [v])
        if not found.intersection(values):
            names = "、".join(spec.column(k).name for k in keys)
            wanted = "或".join(f"「{_shown(v)}」" for v in values)
            out.append(f"{names}是「{'、'.join(_shown(v) for v in found if v is not None) or '（空）'}」，"
                       f"不是{wanted}")
    return out
