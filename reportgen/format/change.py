"""同比 phrases: ``{{ 同比.建档立卡.人数|增减 }}`` → ``增加35人`` / ``减少3人`` / ``持平``.

The filters take one 同比 entry (``{本年, 上年, 增减, 增幅, 单位}``, see docs/figures.md) or a plain
number with a unit. Rates (单位 ``个百分点``) read ``上升0.5个百分点`` / ``下降…``. A figure missing in
either year prints ``missing`` (default ``—``), never a made-up change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportgen.format.coerce import MISSING, is_missing, to_decimal
from reportgen.format.numbers import format_decimal_text, pct

RATE = "个百分点"


def _parts(value: Any, unit: str | None) -> tuple[Any, str]:
    if isinstance(value, Mapping):
        return value.get("增减"), unit if unit is not None else (value.get("单位") or "")
    return value, unit or ""


def change(value: Any, unit: str | None = None, digits: int | None = None, *, missing: str = MISSING,
           up: str | None = None, down: str | None = None, same: str = "持平") -> str:
    """``增加35人``, ``减少3户``, ``持平``; rates ``上升0.25个百分点`` (``digits``: decimals, default as is,
    two for rates). ``up``/``down`` replace the verbs (``up="多"``)."""
    amount, unit = _parts(value, unit)
    if is_missing(amount):
        return missing
    number = to_decimal(amount, "增减")
    rate = unit == RATE
    if digits is None and rate:
        digits = 2
    if number == 0:
        return same
    verb = (up or ("上升" if rate else "增加")) if number > 0 else (down or ("下降" if rate else "减少"))
    return f"{verb}{format_decimal_text(abs(number), digits)}{unit}"


def growth(value: Any, digits: int = 1, *, missing: str = MISSING, same: str = "持平") -> str:
    """``增长1.7%`` / ``下降0.4%`` / ``持平`` from a 同比 entry's 增幅 (or a ratio); rates have none."""
    amount = value.get("增幅") if isinstance(value, Mapping) else value
    if is_missing(amount):
        return missing
    number = to_decimal(amount, "增幅")
    text = pct(abs(number), digits)
    if text.strip("0.%") == "":
        return same
    return f"{'增长' if number > 0 else '下降'}{text}"
