"""GB/T 15835 statistics: grouping, 万/亿, percents (zero denominators never crash), ranges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.errors import ReportgenError
from reportgen.format import num, pct, span, wan, yi


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((2748456,), {}, "2,748,456"),
        ((8072,), {}, "8072"),  # 4-digit integers stay ungrouped in body text
        ((27484,), {}, "27,484"),
        ((8072,), {"group": "always"}, "8,072"),
        ((2748456,), {"group": "never"}, "2748456"),
        ((1234.5, 2), {}, "1234.50"),
        ((12345.675, 2), {}, "12,345.68"),  # half-up
        ((2.5, 0), {}, "3"),  # not banker's rounding
        ((-12345.6,), {}, "-12,345.6"),
        ((-0.001, 2), {}, "0.00"),
        (("12,345",), {}, "12,345"),
        ((Decimal("0.46"),), {}, "0.46"),
        ((3.0,), {}, "3"),
        ((None,), {}, "—"),
        ((float("nan"),), {"missing": "-"}, "-"),
    ],
)
def test_num(args, kwargs, expected):
    assert num(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: wan(12345), "1.23万"),
        (lambda: wan(12345, 2), "1.23万"),
        (lambda: wan(12345, 2, unit="万元"), "1.23万元"),
        (lambda: wan(15000, 1, unit="万元"), "1.5万元"),
        (lambda: wan(12355, 2), "1.24万"),  # 1.2355 → half-up
        (lambda: wan(123456789, 2), "12,345.68万"),
        (lambda: wan(503000, 0, unit="万元"), "50万元"),
        (lambda: yi(345000000), "3.45亿"),
        (lambda: yi(345000000, 1, unit="亿元"), "3.5亿元"),
        (lambda: wan(None), "—"),
    ],
)
def test_wan_yi(call, expected):
    assert call() == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: pct(0.2257), "22.6%"),
        (lambda: pct(0.2257, 1), "22.6%"),
        (lambda: pct(0.2257, 2), "22.57%"),
        (lambda: pct(0.00125, 2), "0.13%"),  # half-up
        (lambda: pct(8072, 1, of=35717), "22.6%"),
        (lambda: pct(2751, 0, of=2751), "100%"),
        (lambda: pct(1, 1, of=0), "—"),
        (lambda: pct(1, 1, of=0.0), "—"),
        (lambda: pct(1, 1, of=None), "—"),
        (lambda: pct(1, 1, of="0"), "—"),
        (lambda: pct(None), "—"),
        (lambda: pct(1, 1, of=0, missing="无法计算"), "无法计算"),
        (lambda: pct(0.035, 1, sign=True), "+3.5%"),
        (lambda: pct(-0.035, 1, sign=True), "-3.5%"),
        (lambda: pct(0.0001, 1, sign=True), "0.0%"),
    ],
)
def test_pct(call, expected):
    assert call() == expected


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((15, 30, "%"), {}, "15%～30%"),
        ((3, 5, "万元"), {}, "3万～5万元"),
        ((9, 16, "亿"), {}, "9亿～16亿"),
        ((12500, 20000, "元"), {}, "12,500～20,000元"),
        ((13, 17, "万元"), {"full": True}, "13万元～17万元"),
        ((-36, -8, "℃"), {}, "-36℃～-8℃"),
        ((1.5, 2, "万元", 1), {}, "1.5万～2.0万元"),
        ((1, 2), {"sep": "—"}, "1—2"),
        ((None, 2, "%"), {}, "—"),
    ],
)
def test_span(args, kwargs, expected):
    assert span(*args, **kwargs) == expected


@pytest.mark.parametrize(
    "call", [lambda: num("abc"), lambda: num(1, 2, group="x"), lambda: pct("五成"), lambda: wan(1, 20)]
)
def test_bad_numbers_are_clear_errors(call):
    with pytest.raises(ReportgenError):
        call()
