"""Locale-aware formats through Babel (CLDR): zh_CN by default, zh_Hant_TW / zh_Hant_HK for Traditional.

Babel does the locale work; reportgen only parses the value (same date/number inputs as the other
filters) and makes Babel round half-up (it quantizes in the current decimal context, whose default
is banker's rounding: 2.5 → 2).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from decimal import ROUND_HALF_UP, localcontext
from functools import cache, wraps
from typing import Any

from babel import Locale, UnknownLocaleError, dates, numbers

from reportgen.errors import ReportgenError
from reportgen.format.coerce import MISSING, is_missing, to_decimal
from reportgen.format.dates import parse_date

DEFAULT_LOCALE = "zh_CN"
#: Short names accepted for ``locale=`` besides any CLDR identifier.
ALIASES = {"cn": "zh_CN", "tw": "zh_Hant_TW", "hk": "zh_Hant_HK", "traditional": "zh_Hant_TW"}


@cache
def resolve_locale(name: str | None) -> Locale:
    """A Babel Locale for ``zh_CN``, ``zh-TW``, ``zh_Hant_HK``, ``tw`` …; a clear error otherwise."""
    key = ALIASES.get((name or DEFAULT_LOCALE).lower(), name or DEFAULT_LOCALE)
    try:
        return Locale.parse(key.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ReportgenError(
            f"未知的区域设置 locale={name!r}", hint="例如 zh_CN、zh_Hant_TW、zh_Hant_HK"
        ) from None


def with_default_locale(function: Callable[..., str], locale: str) -> Callable[..., str]:
    """``function`` with ``locale`` as its default; a locale the template passes (by position or
    keyword) still wins."""
    position = list(inspect.signature(function).parameters).index("locale")

    @wraps(function)
    def call(*args: Any, **kwargs: Any) -> str:
        if len(args) <= position:
            kwargs.setdefault("locale", locale)
        return function(*args, **kwargs)

    return call


def _half_up(call: Callable[[], str]) -> str:
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        return call()


def _pattern(digits: int | None, suffix: str = "") -> str | None:
    return None if digits is None else "#,##0" + ("." + "0" * int(digits) if int(digits) else "") + suffix


def fmt_date(value: Any, format: str = "long", locale: str | None = None, *, missing: str = MISSING) -> str:
    """Babel ``format_date``: ``long`` → ``2024年4月18日``; ``short`` in zh_Hant_HK → ``18/4/2024``.

    ``format`` is short/medium/long/full or a CLDR pattern (``y年M月d日``). A ``yyyymm`` month prints
    with the locale's year-month skeleton (``2023年4月``).
    """
    if is_missing(value):
        return missing
    parsed, loc = parse_date(value), resolve_locale(locale)
    if parsed.day is None and format in ("short", "medium", "long", "full"):
        return dates.format_skeleton("yMMM" if format != "short" else "yM", parsed.as_date(), locale=loc)
    return dates.format_date(parsed.as_date(), format=format, locale=loc)


def fmt_decimal(
    value: Any,
    digits: int | None = None,
    locale: str | None = None,
    *,
    format: str | None = None,
    missing: str = MISSING,
) -> str:
    """Babel ``format_decimal``: ``1234567.891`` → ``1,234,567.891``; ``digits`` fixes the decimals."""
    if is_missing(value):
        return missing
    number, loc = to_decimal(value), resolve_locale(locale)
    return _half_up(lambda: numbers.format_decimal(number, format or _pattern(digits), locale=loc))


def fmt_percent(
    value: Any,
    digits: int | None = None,
    locale: str | None = None,
    *,
    format: str | None = None,
    missing: str = MISSING,
) -> str:
    """Babel ``format_percent`` of a ratio: ``0.0523`` → ``5%``, with ``digits=2`` → ``5.23%``."""
    if is_missing(value):
        return missing
    number, loc = to_decimal(value, "比率"), resolve_locale(locale)
    return _half_up(lambda: numbers.format_percent(number, format or _pattern(digits, "%"), locale=loc))


def fmt_currency(
    value: Any,
    currency: str = "CNY",
    locale: str | None = None,
    *,
    format: str | None = None,
    missing: str = MISSING,
) -> str:
    """Babel ``format_currency``: zh_CN ``¥12,000.00``, zh_Hant_TW ``CN¥12,000.00``; ``"TWD"`` → ``$12,000.00`` in TW."""
    if is_missing(value):
        return missing
    number, loc = to_decimal(value, "金额"), resolve_locale(locale)
    if not numbers.is_currency(str(currency)):
        raise ReportgenError(f"未知的货币代码 {currency!r}", hint="例如 CNY、TWD、HKD")
    return _half_up(lambda: numbers.format_currency(number, currency, format=format, locale=loc))
