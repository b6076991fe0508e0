"""Rows of a list that are not parties: 合计/总计/小计 rows and blank rows.

A 合计 row at the bottom of a 责任书 list would otherwise become one more 责任书 (blank 甲方/乙方, the total
amount) and be merged into the print file. Such rows are left out of the batch, and each one is named
(file, row) in a note the CLI prints, so nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# A cell that labels a total: "合计", "总 计", "城关镇小计", "合计：" (short, the label at the end).
_TOTAL_LABEL = re.compile(r"^.{0,12}?(合\s*计|总\s*计|小\s*计)\s*[:：]?$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def split_totals(rows: list[dict[str, Any]], blank_rows: list[int], file: str) -> tuple[list[dict[str, Any]], list[str]]:
    """(rows that are parties, notes naming each total or blank row left out).

    ``blank_rows`` are the Excel numbers of empty rows the reader skipped; those after the last data row
    (an empty tail of the sheet) are not worth a note.
    """
    kept: list[dict[str, Any]] = []
    notes: list[str] = []
    sums: dict[str, float] = {}
    for row in rows:
        label = _total_label(row)
        if label is not None or _sums_rows_above(row, sums, kept):
            why = f"「{label}」" if label else "文字列为空且数字等于上面各行之和"
            notes.append(f"文件 {file} › 第{row.get('_row')}行 是合计行（{why}），未生成文档")
            sums.clear()  # a 小计 closes a group: the next total sums the rows after it
            continue
        kept.append(row)
        for key, value in row.items():
            number = _number(value) if not key.startswith("_") else None
            if number is not None:
                sums[key] = sums.get(key, 0.0) + number
    last = max((r.get("_row", 0) for r in rows), default=0)
    inner = [n for n in blank_rows if n < last]
    if inner:
        shown = "、".join(str(n) for n in inner[:20]) + ("…" if len(inner) > 20 else "")
        notes.append(f"文件 {file} › 第{shown}行 是空行，未生成文档")
    return kept, notes


def _total_label(row: dict[str, Any]) -> str | None:
    for key, value in row.items():
        if not key.startswith("_") and isinstance(value, str) and _TOTAL_LABEL.match(value.strip()):
            return value.strip()
    return None


def _sums_rows_above(row: dict[str, Any], sums: dict[str, float], above: list) -> bool:
    """Text cells all empty, at least one number, and every number equal to its column's sum above."""
    if len(above) < 2:
        return False
    numbers = {}
    for key, value in row.items():
        if key.startswith("_") or value in ("", None):
            continue
        number = _number(value)
        if number is None:
            return False  # a text or date cell: a party's row
        numbers[key] = number
    return bool(numbers) and all(abs(sums.get(k, 0.0) - v) < 0.005 for k, v in numbers.items())


def _number(value: Any) -> float | None:
    if isinstance(value, bool | dt.date):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value)
    return None


__all__ = ["split_totals"]
