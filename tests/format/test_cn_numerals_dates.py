"""Chinese numerals, heading numbers, years and dates in every input form a registry delivers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from reportgen.errors import ReportgenError
from reportgen.format import cn_date, cn_num, cn_year, heading, parse_date


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (10001, "一万零一"),
        (100000, "十万"),
        (110000, "十一万"),
        (100010, "十万零一十"),
        (1000000, "一百万"),
        (100000000, "一亿"),
        (-3, "负三"),
        ("12", "十二"),
        (3.0, "三"),
    ],
)
def test_cn_num(n, expected):
    assert cn_num(n) == expected


@pytest.mark.parametrize("bad", [3.5, "三", None, 10**16])
def test_cn_num_rejects_non_integers(bad):
    with pytest.raises(ReportgenError):
        cn_num(bad)


@pytest.mark.parametrize(
    ("n", "level", "expected"),
    [
        (1, 1, "一、"),
        (12, 1, "十二、"),
        (21, 1, "二十一、"),
        (1, 2, "（一）"),
        (12, 2, "（十二）"),
        (3, 3, "3."),
        (4, 4, "（4）"),
    ],
)
def test_heading(n, level, expected):
    assert heading(n, level) == expected


@pytest.mark.parametrize(("n", "level"), [(1, 5), (1, "x"), (0, 1)])
def test_heading_rejects_bad_levels_and_numbers(n, level):
    with pytest.raises(ReportgenError):
        heading(n, level)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2024, "二〇二四"),
        ("2000", "二〇〇〇"),
        (date(2010, 1, 1), "二〇一〇"),
        (202304, "二〇二三"),
        ("2024-04-18", "二〇二四"),
    ],
)
def test_cn_year_uses_ling_circle(value, expected):
    assert cn_year(value) == expected
    assert "零" not in cn_year(value)


DAY_INPUTS = [
    date(2024, 4, 18),
    datetime(2024, 4, 18, 15, 30),
    "2024-04-18",
    "2024-04-18T10:00:00",
    "2024-04-18 10:00:00+08:00",
    "2024/4/18",
    "2024.4.18",
    "2024年4月18日",
    "２０２４年４月１８日",
    20240418,
    "20240418",
    45400,  # Excel serial
    45400.75,  # Excel serial with a time
    "45400",
    Decimal("45400"),
]


@pytest.mark.parametrize("value", DAY_INPUTS, ids=repr)
def test_cn_date_from_every_input_form(value):
    assert cn_date(value) == "2024年4月18日"
    assert cn_date(value, upper=True) == "二〇二四年四月十八日"
    assert cn_date(value, precision="month") == "2024年4月"


@pytest.mark.parametrize("value", [202304, "202304", 202304.0, "202304.0", "2023-04", "2023年4月"], ids=repr)
def test_yyyymm_is_a_month(value):
    assert cn_date(value) == "2023年4月"
    assert cn_date(value, upper=True) == "二〇二三年四月"
    assert parse_date(value).day is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 1, 5), "2024年1月5日"),
        (date(2024, 10, 10), "2024年10月10日"),
        (date(2020, 12, 31), "2020年12月31日"),
    ],
)
def test_cn_date_is_unpadded(value, expected):
    assert cn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 10, 10), "二〇二四年十月十日"),
        (date(2020, 12, 31), "二〇二〇年十二月三十一日"),
        (date(2000, 1, 20), "二〇〇〇年一月二十日"),
    ],
)
def test_cn_date_upper(value, expected):
    assert cn_date(value, upper=True) == expected


def test_excel_serial_respects_the_1900_leap_bug():
    assert cn_date(61) == "1900年3月1日"
    assert cn_date(1) == "1900年1月1日"


def test_year_precision():
    assert cn_date(date(2024, 4, 18), precision="year") == "2024年"


@pytest.mark.parametrize("bad", ["2024-02-30", "202313", "明天", "2024-13-01", -5, 123456789, True])
def test_bad_dates_are_clear_errors(bad):
    with pytest.raises(ReportgenError, match="日期"):
        cn_date(bad)


def test_missing_date():
    with pytest.raises(ReportgenError, match="日期为空"):
        cn_date(None)
    assert cn_date("", missing="　年　月　日") == "　年　月　日"
    with pytest.raises(ReportgenError):
        cn_date(202304, precision="day")
