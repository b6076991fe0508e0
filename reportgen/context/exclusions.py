"""``--exclude-bad-rows``: leave rows with errors out of the figures, always counted, never all of them.

Excluding rows changes every figure, so each file's count and reasons are reported, and a run that would
drop every row or more than ``max_excluded`` of them stops with the real fix (the hint of the most common
error) instead of writing zeros. Which rows: those with a problem that blocks a figure (``context.problems``).
"""

from __future__ import annotations

import re
from collections import Counter

from reportgen.errors import Location, ReportgenError
from reportgen.ingest import Issue, Table

DEFAULT_MAX_EXCLUDED = 0.05  # docs/data.md: more than 5 % of a file's rows is not "a few bad rows"
_VALUE = re.compile(r"[（「(][^）」)]*[）」)]|[：:]?\s*\d{6,}[\dXx]*")  # the cell's value, so reasons group


def parse_share(text: str | float) -> float:
    """``10%``, ``10``, ``0.1`` → 0.1 (a share of rows); a clear error otherwise."""
    s = str(text).strip().rstrip("%％")
    try:
        value = float(s)
    except ValueError:
        raise ReportgenError(f"--max-excluded 应为百分数，如 10%（收到「{text}」）") from None
    share = value / 100 if (str(text).strip().endswith(("%", "％")) or value > 1) else value
    if not 0 <= share <= 1:
        raise ReportgenError(f"--max-excluded 应在 0% 到 100% 之间（收到「{text}」）")
    return share


def excluded_rows(table: Table, issues: list[Issue], max_excluded: float = DEFAULT_MAX_EXCLUDED,
                  limit_option: bool = True) -> tuple[list[list], str | None]:
    """The rows kept (without those ``issues`` are on), and the note saying how many were left out and why
    (None when none were).

    Raises when every row, or more than ``max_excluded`` of them, would be left out (``limit_option``: the
    command has ``--max-excluded``, so the message may offer it; ``build`` reads its project file instead).
    """
    numbers = {n: i for i, n in enumerate(table.row_numbers)}
    dropped = {numbers[i.location.row] for i in issues if i.location.row in numbers}
    total, bad = len(table.rows), len(dropped)
    if not bad:
        return table.rows, None
    reasons = _reasons(table, issues)
    why = "；".join(f"{column or '（表头）'}：{message} {n} 行" for (column, message, _), n in reasons.most_common(5))
    share = bad / total if total else 1.0
    note = f"{table.file}：排除了 {bad} 行（共 {total} 行，{share:.1%}）含错误的行 — {why}"
    if bad == total or share > max_excluded:
        top = reasons.most_common()[0]
        hint = top[0][2]
        columns = [c for (c, _, h), _n in reasons.most_common() if h == hint and c]
        fix = hint or "先运行 reportgen validate 查看并修正这些行"
        if columns and hint:
            fix = f"{''.join(f'「{c}」' for c in columns)}列：{hint}"
        what = "全部" if bad == total else f"{share:.1%} 的"
        raise ReportgenError(
            f"排除含错误的行会排除{what}数据行（{bad}/{total} 行），统计出的数字将是错的，已停止；{why}",
            Location(file=table.file, sheet=table.sheet),
            hint=f"{fix}" + (f"。只想排除少量出错的行时可用 --max-excluded 调整上限（当前 {max_excluded:.0%}）"
                             if limit_option else f"（最多排除 {max_excluded:.0%} 的行）"))
    keep = [r for i, r in enumerate(table.rows) if i not in dropped]
    return keep, note


def _reasons(table: Table, issues: list[Issue]) -> Counter:
    """(column, message without the cell value, hint) → rows with such an issue (a row counts once each)."""
    seen: set[tuple[int, tuple]] = set()
    numbers = {n: i for i, n in enumerate(table.row_numbers)}
    for issue in issues:
        i = numbers.get(issue.location.row)
        if i is not None:
            seen.add((i, (issue.location.column, _VALUE.sub("", issue.message), issue.hint)))
    return Counter(reason for _, reason in seen)


__all__ = ["DEFAULT_MAX_EXCLUDED", "excluded_rows", "parse_share"]
