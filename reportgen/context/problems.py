"""Which problems of an export block the figures, and one line per kind of problem for the rest.

A wrong 联系电话 changes no figure, so it must not stop ``figures``/``build``: only errors in a column that
some figure reads stop the run (unless ``--exclude-bad-rows``); the others are listed, grouped by column
and kind, with "不影响任何数字". ``strict`` makes every error and warning fatal.

IDs that Excel stored as numbers (every 证件号码/户编号 of a re-saved export) lose their last digits. A count
that does not need the full ID still works: persons are then counted by 人编号 when that column is intact,
else one per row; households by their 户主 row. One summary line says so and gives the fix.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from reportgen.errors import ErrorGroup, ReportgenError
from reportgen.ingest import ERROR, WARNING, Issue, Table
from reportgen.specs import Spec

HEAD_COLUMN, HEAD_VALUE = "与户主关系", "户主"
MAX_SHOWN = 20
_LOST_DIGITS = "超过15位的数字已丢失"
_VALUE = re.compile(r"[（「(][^）」)]*[）」)]|[:：]\s*\S+$")


@dataclass
class Triage:
    """The outcome for one table: problems that stop the run, and one note per kind of the others."""

    blocking: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def figure_columns(spec: Spec) -> dict[str, list[str]]:
    """Column key → the figures (indicator names, or what else) computed from it."""
    used: dict[str, list[str]] = defaultdict(list)
    for name, ind in spec.indicators.items():
        for col in spec.indicator_columns(name):
            used[col.key].append(name)
        if spec.person_key and _counts_persons(ind.options, ind.kind):
            used[spec.person_key].append(name)
    if spec.groups:
        for key in (spec.groups.town, spec.groups.village):
            if key:
                used[key].append("分乡镇/村的数字")
    if spec.year_column:
        used[spec.year_column].append("年度")
    return {k: list(dict.fromkeys(v)) for k, v in used.items()}


def _counts_persons(o: dict, kind: str) -> bool:
    wants = [o.get("count"), o.get("measure")]
    if kind in ("series", "shares"):
        wants += list((o.get("measures") or {"": "persons"}).values())
    if kind == "breakdown":
        wants.append(o.get("measure", "persons"))
    return "persons" in wants


def triage(table: Table, strict: bool = False) -> Triage:
    """Sort ``table``'s problems; rewrites lost person/household keys in ``table.rows`` (see module doc)."""
    spec = table.spec
    levels = (ERROR, WARNING) if strict else (ERROR,)
    problems = [i for i in table.issues if i.level in levels]
    if spec.output != "figures" or strict:  # row lists go into documents as they are: every error counts
        return Triage(blocking=problems, notes=[])
    key_of = _column_keys(table)
    used = figure_columns(spec)
    result = Triage()
    fallbacks = {k: _fallback(table, k) for k in (spec.person_key, spec.household_key) if k}
    groups: dict[tuple[str | None, str], list[Issue]] = defaultdict(list)
    for issue in problems:
        key = key_of.get(issue.location.column or "")
        lost_key = key in fallbacks and fallbacks[key] and _LOST_DIGITS in issue.message
        if key in used and not lost_key:
            result.blocking.append(issue)
        else:
            groups[(issue.location.column, _VALUE.sub("", issue.message))].append(issue)
    for (column, kind), issues in groups.items():
        key = key_of.get(column or "")
        rows = [i.location.row for i in issues if i.location.row]
        where = f"第{min(rows)}–{max(rows)}行中" if len(rows) > 1 else (f"第{rows[0]}行" if rows else "")
        effect = fallbacks.get(key) if key in fallbacks and _LOST_DIGITS in kind else None
        effect = effect or ("不影响任何数字" if key not in used else "")
        hint = f"；{issues[0].hint}" if issues[0].hint else ""
        result.notes.append(f"{table.file} › 列「{column or '（表头）'}」：{kind}，{where}共 {len(issues)} 处"
                            f" — {effect}{hint}")
    return result


def blocking_error(table: Table, issues: list[Issue], strict: bool = False, offer_exclude: bool = True) -> ErrorGroup:
    """The errors that stop the run: each one, or one line per column and kind when a kind repeats.

    ``offer_exclude``: the command has ``--exclude-bad-rows``, so the message may suggest it.
    """
    groups: dict[tuple[str | None, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        groups[(issue.location.column, _VALUE.sub("", issue.message))].append(issue)
    shown: list[ReportgenError] = []
    for (_column, kind), found in groups.items():
        if len(found) <= 3:
            shown += [i.as_error() for i in found]
            continue
        rows = [i.location.row for i in found if i.location.row]
        span = f"，第{min(rows)}–{max(rows)}行中" if rows else ""
        first = found[0]
        shown.append(ReportgenError(f"{kind}：共 {len(found)} 处{span}（第一处：{first.message}）",
                                    first.location.with_(row=None), hint=first.hint))
    used = figure_columns(table.spec)
    names = sorted({n for i in issues for n in used.get(_column_keys(table).get(i.location.column or ""), [])})
    why = "（--strict：任何问题都按错误处理）" if strict else (f"，影响的数字：{'、'.join(names[:12])}" if names else "")
    offer = "，或使用 --exclude-bad-rows 排除出错的行" if offer_exclude else ""
    return ErrorGroup(shown[:MAX_SHOWN], f"{table.file} 有 {len(issues)} 处问题{why}；请先运行 reportgen validate "
                                         f"{table.file} 查看并修正{offer}")


def _column_keys(table: Table) -> dict[str, str]:
    """Header as shown in issues (or the spec column name) → spec column key."""
    out = {c.name: c.key for c in table.spec.columns}
    for key, ci in table.layout.index.items():
        if ci < len(table.layout.shown):
            out[table.layout.shown[ci]] = key
    return out


def _fallback(table: Table, key: str) -> str | None:
    """When ``key``'s column lost digits: rewrite it from an intact column, and say how counts are made.

    None when the column is fine or there is no safe way (the errors then block as usual).
    """
    i = table.keys.index(key) if key in table.keys else None
    if i is None or not any(_LOST_DIGITS in x.message for x in table.issues if x.level == ERROR):
        return None
    spec = table.spec
    bad = {x.location.row for x in table.issues if x.level == ERROR and _LOST_DIGITS in x.message
           and x.location.column == _shown(table, key)}
    if not bad:
        return None
    if key == spec.person_key:
        alt = "人编号" if "人编号" in table.keys and not _has_errors(table, "人编号") else None
        for row in table.rows:
            row[i] = row[table.keys.index(alt)] if alt else None  # None: one person per row
        return f"人数改按{'人编号' if alt else '行（每行一人）'}统计，不需要完整的证件号码；其他数字不受影响"
    if key == spec.household_key and HEAD_COLUMN in table.keys and not _has_errors(table, HEAD_COLUMN):
        h = table.keys.index(HEAD_COLUMN)
        for row, number in zip(table.rows, table.row_numbers, strict=True):
            row[i] = f"户主@{number}" if row[h] == HEAD_VALUE else None
        return "户数改按「与户主关系＝户主」的行统计（每户一个户主），户级数字取户主行"
    return None


def _shown(table: Table, key: str) -> str | None:
    ci = table.layout.index.get(key)
    return table.layout.shown[ci] if ci is not None and ci < len(table.layout.shown) else None


def _has_errors(table: Table, key: str) -> bool:
    column = _shown(table, key)
    return column is None or any(x.level == ERROR and x.location.column == column for x in table.issues)


__all__ = ["Triage", "triage", "figure_columns", "blocking_error"]
