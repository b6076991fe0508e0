"""Turn the values templates receive (int, float, Decimal, str from a spreadsheet) into exact Decimals.

Floats go through ``repr`` so that ``1.005`` is the 1.005 the clerk typed, not the binary
1.00499999…; every rounding in reportgen is half-up (四舍五入), never Python's banker's rounding.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from jinja2 import Undefined

from reportgen.errors import ReportgenError

#: What numeric filters print for a missing value or a zero denominator.
MISSING = "—"

_STRIP = str.maketrans("", "", ",，  \u3000¥￥元")


def is_missing(value: Any) -> bool:
    """None, '', whitespace and NaN count as missing; so does an undefined variable in lenient mode.

    In strict mode (StrictUndefined) asking about an undefined variable raises Jinja's UndefinedError,
    so a typo in a template is never printed as a harmless ``—``.
    """
    if value is None:
        return True
    if isinstance(value, Undefined):
        return not value  # StrictUndefined.__bool__ raises UndefinedError
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def to_decimal(value: Any, what: str = "数值") -> Decimal:
    """An exact Decimal for ``value``; a clear error for text that is not a number.

    Accepts int, float, Decimal and strings such as ``"12,000.00"``, ``"¥12000"``, ``"１２０００"``
    (full-width digits), ``"1.2e4"``. Booleans are rejected: ``True`` is not an amount.
    """
    if isinstance(value, bool):
        raise ReportgenError(f"{what}不能是是/否值（{value}）", hint="请检查模板里传给过滤器的字段")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).translate(_STRIP).strip()
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ReportgenError(
                f"无法把「{value}」读作{what}", hint="应为数字，例如 12000 或 12,000.00"
            ) from None
    else:
        raise ReportgenError(f"无法把 {type(value).__name__} 类型的值读作{what}：{value!r}")
    if not result.is_finite():
        raise ReportgenError(f"{what}不是有限的数：{value!r}")
    return result


def round_half_up(value: Decimal, digits: int) -> Decimal:
    """``value`` rounded half-up to ``digits`` decimal places (digits may be 0)."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def to_int(value: Any, what: str = "整数") -> int:
    """An int for ``value`` (``3``, ``3.0``, ``"3"``); a clear error for ``3.5`` or text."""
    number = to_decimal(value, what)
    if number != number.to_integral_value():
        raise ReportgenError(f"{what}应为整数，而不是 {value!r}")
    return int(number)
