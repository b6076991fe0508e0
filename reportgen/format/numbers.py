"""Statistics in body text and tables per GB/T 15835-2011: grouping, 万/亿, percents, ranges.

Everything rounds half-up. A missing value (None, '', NaN) or a zero denominator prints ``missing``
(default ``—``) instead of failing, because tables of real registries have holes.

Grouping rule (``group="auto"``): integer parts of 5 digits or more get a comma every three digits
(``27,484``); 4-digit integers stay as written in body text (``8072人``), which GB/T 15835 allows.
``group="always"`` gives ``8,072`` (aligned table columns), ``group="never"`` no separators.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.format.coerce import MISSING, is_missing, round_half_up, to_decimal

_GROUPS = ("auto", "always", "never")


def format_decimal_text(number: Decimal, digits: int | None, group: str = "auto") -> str:
    """``number`` with ``digits`` fixed decimals (None: as it is) and grouping per ``group``."""
    if group not in _GROUPS:
        raise ReportgenError(f"group 应为 auto、always 或 never，而不是 {group!r}")
    if digits is not None:
        if not 0 <= int(digits) <= 10:
            raise ReportgenError(f"小数位数应为 0～10，而不是 {digits!r}")
        number = round_half_up(number, int(digits))
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    if number == 0:
        number = abs(number)  # no "-0.0"
    text = f"{number:f}"
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, dot, fraction = text.partition(".")
    if group == "always" or (group == "auto" and len(whole) >= 5):
        whole = f"{int(whole):,}"
    return sign + whole + dot + fraction


def num(value: Any, digits: int | None = None, *, group: str = "auto", missing: str = MISSING) -> str:
    """``2748456`` → ``2,748,456``; ``8072`` → ``8072``; ``num(1234.5, 2)`` → ``1234.50``."""
    if is_missing(value):
        return missing
    return format_decimal_text(to_decimal(value), digits, group)


def _scaled(value: Any, power: int, digits: int, unit: str, group: str, missing: str) -> str:
    if is_missing(value):
        return missing
    return format_decimal_text(to_decimal(value).scaleb(-power), digits, group) + unit


def wan(value: Any, digits: int = 2, unit: str = "万", *, group: str = "auto", missing: str = MISSING) -> str:
    """In units of 万: ``12345`` → ``1.23万``; ``wan(12345, 2, unit="万元")`` → ``1.23万元``."""
    return _scaled(value, 4, digits, unit, group, missing)


def yi(value: Any, digits: int = 2, unit: str = "亿", *, group: str = "auto", missing: str = MISSING) -> str:
    """In units of 亿: ``345000000`` → ``3.45亿``; ``unit="亿元"`` for money."""
    return _scaled(value, 8, digits, unit, group, missing)


_RATIO = object()  # sentinel: no denominator given, the value is already a ratio


def pct(
    value: Any,
    digits: int = 1,
    of: Any = _RATIO,
    *,
    sign: bool = False,
    missing: str = MISSING,
) -> str:
    """A percent with fixed decimals: ``0.2257`` → ``22.6%``; ``pct(8072, 1, of=35717)`` → ``22.6%``.

    With ``of`` the value is a numerator. A missing value, or a denominator that is None, missing or
    zero, prints ``missing`` (default ``—``). ``sign=True`` writes ``+`` before increases (``+3.5%``).
    """
    if is_missing(value):
        return missing
    ratio = to_decimal(value, "比率")
    if of is not _RATIO:
        if is_missing(of):
            return missing
        denominator = to_decimal(of, "分母")
        if denominator == 0:
            return missing
        ratio = ratio / denominator
    text = format_decimal_text(ratio * 100, digits, "never") + "%"
    if sign and not text.startswith("-") and text.strip("0.%") != "":
        text = "+" + text
    return text


_MAGNITUDES = ("万亿", "亿", "万")
_REPEATED = ("%", "％", "‰", "℃", "°C", "°")


def span(
    low: Any,
    high: Any,
    unit: str = "",
    digits: int | None = None,
    *,
    full: bool = False,
    sep: str = "～",
    group: str = "auto",
    missing: str = MISSING,
) -> str:
    """A range per GB/T 15835: ``15|span(30, "%")`` → ``15%～30%``; ``3|span(5, "万元")`` → ``3万～5万元``.

    Symbols (% ‰ ℃) and the magnitude 万/亿 are written on both ends (``15～30%`` and ``3～5万元``
    would be ambiguous); a plain unit only at the end (``12,500～20,000元``). ``full=True`` repeats the
    whole unit (``13万元～17万元``, the standard's own example). Values are given in that unit.
    """
    if is_missing(low) or is_missing(high):
        return missing
    first = unit
    if not full and not unit.startswith(_REPEATED):
        first = next((m for m in _MAGNITUDES if unit.startswith(m)), "")
    low_text = format_decimal_text(to_decimal(low), digits, group)
    high_text = format_decimal_text(to_decimal(high), digits, group)
    return f"{low_text}{first}{sep}{high_text}{unit}"
