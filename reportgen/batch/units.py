"""Rows → units of work: one document per row, or per group of rows (一户一份, 一村一份)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.batch.totals import split_totals
from reportgen.errors import Location, ReportgenError


@dataclass
class Unit:
    """One document to produce. ``key`` identifies it in the manifest across runs."""

    index: int
    key: str
    row_numbers: list[int]
    context: dict[str, Any] = field(repr=False)


def read_rows(path: str | Path, sheet: str | None = None, notes: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of a plain table (.xlsx/.xls/.ods/.csv; header in the first row) as dicts.

    Each dict gets ``_row``: the row number as Excel shows it, so errors point at the right line.
    合计/总计/小计 rows and blank rows are left out; ``notes`` receives a line naming each (file, row).
    """
    from reportgen.ingest.readers import read_sheet  # one reader for every table file (encodings, fallbacks)

    p = Path(path)
    table = read_sheet(p, sheet).rows
    if not table:
        raise ReportgenError("表格是空的。", Location(file=str(p)))
    header = [str(h).strip() for h in table[0]]
    rows, blank = [], []
    for n, values in enumerate(table[1:], start=2):
        if all(v in ("", None) or (isinstance(v, str) and not v.strip()) for v in values):
            blank.append(n)
            continue
        row = {h: _clean(v) for h, v in zip(header, values, strict=False) if h}
        row["_row"] = n
        rows.append(row)
    rows, found = split_totals(rows, blank, p.name)
    if notes is not None:
        notes.extend(found)
    return rows


def _clean(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def make_units(rows: list[dict[str, Any]], per: str = "row") -> list[Unit]:
    """One unit per row (``per="row"``) or per distinct value of column ``per``, in first-seen order.

    A group's template context is its first row's fields plus ``rows``/``成员`` (all its rows) and
    ``户数``-style counts via ``rows|length``.
    """
    if per in ("row", "行"):
        return [Unit(i, f"第{_row_no(r, i)}行", [_row_no(r, i)], _context(r, [r])) for i, r in enumerate(rows)]
    if rows and per not in rows[0] and not any(per in r for r in rows):
        columns = "、".join(k for k in rows[0] if not k.startswith("_"))
        raise ReportgenError(f"数据中没有列「{per}」，无法按它分组。", Location(column=per),
                             hint=f"可用的列：{columns}；或用 --per row 每行一份。")
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, r in enumerate(rows):
        value = r.get(per)
        if value in (None, ""):
            raise ReportgenError(f"列「{per}」为空，无法确定属于哪一组。", Location(row=_row_no(r, i), column=per))
        groups.setdefault(str(value), []).append((i, r))
    units = []
    for n, (value, members) in enumerate(groups.items()):
        group_rows = [r for _, r in members]
        units.append(Unit(n, f"{per}={value}", [_row_no(r, i) for i, r in members], _context(group_rows[0], group_rows)))
    return units


def _context(first: dict[str, Any], group: list[dict[str, Any]]) -> dict[str, Any]:
    """First row's fields, ``row``/``行`` (that row as a dict, for any column name), ``rows``/``成员``,
    and identifier aliases for headers Jinja cannot name: ``乡(镇)`` → ``乡镇``, ``工作经费（元）`` → ``工作经费``."""
    members = [_with_aliases(r) for r in group]
    head = members[0] if first is group[0] else _with_aliases(first)
    return {**head, "row": head, "行": head, "rows": members, "成员": members}


def _with_aliases(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key, value in row.items():
        for alias in _aliases(key):
            out.setdefault(alias, value)
    return out


def _aliases(header: str) -> list[str]:
    """Jinja names for a header: all word characters (``乡镇``, ``工作经费元``) and without a trailing
    unit in brackets (``工作经费``)."""
    found = []
    for text in (re.sub(r"\W", "", header), re.sub(r"\W", "", re.sub(r"[（(][^）)]*[）)]$", "", header))):
        if text and text != header and text.isidentifier() and text not in found:
            found.append(text)
    return found


def _row_no(row: dict[str, Any], index: int) -> int:
    value = row.get("_row")
    return value if isinstance(value, int) else index + 2
