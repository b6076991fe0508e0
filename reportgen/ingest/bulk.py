"""Type an export column by column: each distinct value of a column is converted (and checked) once.

Converters are pure functions of the raw value, so a 200,000-row column with a few dozen distinct values
(乡镇, enums, 是/否, 年月) costs a few dozen conversions plus a dictionary look-up per cell. Issues are
still reported per cell, in the order a row-by-row pass would report them: by row, then conversion
issues in spec column order, then 必填项为空, then a repeated 证件号码.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from reportgen.ingest.cells import CellIssue

_NUMERIC = {bool, int, float}


def keep_filled(data: Iterable[tuple[int, tuple]]) -> tuple[list[int], list[tuple]]:
    """(raw row indices, value tuples) of the rows with at least one non-blank cell."""
    numbers, kept = [], []
    for r, vals in data:
        for v in vals:
            if v is None or v == "" or (type(v) is str and not v.strip()):
                continue
            numbers.append(r)
            kept.append(vals)
            break
    return numbers, kept


def convert_column(values: Sequence[Any], conv: Callable[[Any], Any]) -> tuple[list, list[tuple[int, Any, CellIssue]]]:
    """(typed values, [(position, raw value, issue), …]) for one column; blank cells give None."""
    if len(set(map(type, values)) & _NUMERIC) > 1:
        return _convert_mixed(values, conv)
    table: dict[Any, Any] = dict.fromkeys(values)
    issues: dict[Any, CellIssue] = {}
    lists = False
    for v in table:
        if v is None or v == "" or (type(v) is str and not v.strip()):
            continue
        try:
            table[v] = x = conv(v)
        except CellIssue as exc:
            table[v] = x = exc.keep
            issues[v] = exc
        lists = lists or type(x) is list
    out = list(map(table.__getitem__, values))
    if lists:  # each cell gets its own list
        out = [list(x) if type(x) is list else x for x in out]
    problems = [(i, v, issues[v]) for i, v in enumerate(values) if v in issues] if issues else []
    return out, problems


def _convert_mixed(values: Sequence[Any], conv: Callable[[Any], Any]) -> tuple[list, list]:
    """As :func:`convert_column` for a column mixing bool/int/float (equal as dict keys: 1 == 1.0 == True)."""
    out: list = []
    problems: list[tuple[int, Any, CellIssue]] = []
    for i, v in enumerate(values):
        if v is None or v == "" or (type(v) is str and not v.strip()):
            out.append(None)
            continue
        try:
            out.append(conv(v))
        except CellIssue as exc:
            out.append(exc.keep)
            problems.append((i, v, exc))
    return out, problems
