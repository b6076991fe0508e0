"""Babel-backed locale formats: zh_CN default, zh_Hant_TW / zh_Hant_HK, half-up rounding."""

from __future__ import annotations

from datetime import date

import pytest

from reportgen.errors import ReportgenError
from reportgen.format import fmt_currency, fmt_date, fmt_decimal, fmt_percent

D = date(2024, 4, 18)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt_date(D), "2024年4月18日"),
        (lambda: fmt_date("2024-04-18", "full"), "2024年4月18日星期四"),
        (lambda: fmt_date(D, "full", "zh_Hant_TW"), "2024年4月18日 星期四"),
        (lambda: fmt_date(D, "short"), "2024/4/18"),
        (lambda: fmt_date(D, "short", "zh_Hant_HK"), "18/4/2024"),
        (lambda: fmt_date(D, "short", "hk"), "18/4/2024"),
        (lambda: fmt_date(D, "short", "zh-HK"), "18/4/2024"),
        (lambda: fmt_date(D, "y年M月d日"), "2024年4月18日"),
        (lambda: fmt_date(202304), "2023年4月"),
        (lambda: fmt_date(45400), "2024年4月18日"),
        (lambda: fmt_decimal(1234567.891), "1,234,567.891"),
        (lambda: fmt_decimal(1234567.891, 2, "zh_Hant_TW"), "1,234,567.89"),
        (lambda: fmt_decimal(2.5, 0), "3"),  # Babel alone would print 2 (banker's rounding)
        (lambda: fmt_decimal(1.005, 2), "1.01"),
        (lambda: fmt_percent(0.0523), "5%"),
        (lambda: fmt_percent(0.0523, 2), "5.23%"),
        (lambda: fmt_percent(0.0525, 1, "zh_Hant_TW"), "5.3%"),
        (lambda: fmt_currency(12000), "¥12,000.00"),
        (lambda: fmt_currency(12000, locale="zh_Hant_TW"), "CN¥12,000.00"),
        (lambda: fmt_currency(12000, "TWD", "zh_Hant_TW"), "$12,000.00"),
        (lambda: fmt_currency(12000, "HKD", "zh_Hant_HK"), "HK$12,000.00"),
        (lambda: fmt_currency(-12000), "-¥12,000.00"),
        (lambda: fmt_currency(None), "—"),
        (lambda: fmt_date(None, missing=""), ""),
    ],
)
def test_babel_formats(call, expected):
    assert call() == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: fmt_date(D, locale="xx_YY"),
        lambda: fmt_currency(1, "XXQ"),
        lambda: fmt_decimal("abc"),
        lambda: fmt_date("明天"),
    ],
)
def test_babel_bad_input_is_a_clear_error(call):
    with pytest.raises(ReportgenError):
        call()
