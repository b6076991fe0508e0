"""Dates as registries deliver them (date, ISO text, ``yyyymm``, Excel serials) → GB/T 9704 dates.

公文 dates are Arabic and unpadded (``2024年4月18日``); contracts may want ``二〇二四年四月十八日``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from reportgen.errors import ReportgenError
from reportgen.format.coerce import is_missing, to_decimal
from reportgen.format.numerals import cn_num, digits_cn


class CnDate(NamedTuple):
    """A calendar date, or a month when ``day`` is None (``yyyymm`` registry values)."""

    year: int
    month: int
    day: int | None = None

    def as_date(self) -> date:
        """A ``datetime.date`` (the 1st for a month)."""
        return date(self.year, self.month, self.day or 1)


_SEPARATED = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?)?\s*月?"
    r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def _checked(year: int, month: int, day: int | None, original: Any) -> CnDate:
    try:
        date(year, month, day or 1)
    except ValueError:
        raise ReportgenError(f"日期「{original}」不存在", hint="检查年、月、日是否写错") from None
    return CnDate(year, month, day)


def _from_number(number: Decimal, original: Any) -> CnDate:
    """6 digits → yyyymm, 8 digits → yyyymmdd, up to 5 digits → Excel serial day (1900 system)."""
    whole = int(number)
    if number == whole and 100000 <= whole <= 999999:
        return _checked(whole // 100, whole % 100, None, original)
    if number == whole and 10000000 <= whole <= 99999999:
        return _checked(whole // 10000, whole // 100 % 100, whole % 100, original)
    if 0 < number < 100000:
        from openpyxl.utils.datetime import from_excel  # handles Excel's fictitious 1900-02-29

        moment = from_excel(float(number))
        return CnDate(moment.year, moment.month, moment.day)
    raise ReportgenError(
        f"无法把数字 {original!r} 读作日期",
        hint="可用的形式：2024-04-18、202304（年月）、20240418、Excel 日期序号（如 45400）",
    )


def parse_date(value: Any) -> CnDate:
    """A :class:`CnDate` from date, datetime, ISO/Chinese text, ``yyyymm``, ``yyyymmdd`` or an Excel serial."""
    if isinstance(value, datetime | date):
        return CnDate(value.year, value.month, value.day)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _SEPARATED.match(text)
        if match:
            day = match["d"]
            return _checked(int(match["y"]), int(match["m"]), int(day) if day else None, value)
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ReportgenError(f"无法把「{value}」读作日期", hint="例如 2024-04-18、2024年4月18日、202304")
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        return _from_number(to_decimal(value, "日期"), value)
    raise ReportgenError(f"无法把 {type(value).__name__} 类型的值读作日期：{value!r}")


def cn_year(value: Any) -> str:
    """``2024`` (or any date form) → ``二〇二四`` with 〇 U+3007, as in formal dates."""
    if (
        isinstance(value, int | str)
        and not isinstance(value, bool)
        and re.fullmatch(r"\s*\d{4}\s*", str(value))
    ):
        return digits_cn(int(value))
    return digits_cn(parse_date(value).year)


def cn_date(value: Any, upper: bool = False, *, precision: str = "auto", missing: str | None = None) -> str:
    """``2024年4月18日`` (Arabic, unpadded, GB/T 9704); ``upper=True`` → ``二〇二四年四月十八日``.

    ``yyyymm`` values print as a month (``2023年4月``); ``precision="month"`` drops the day of any
    date, ``"year"`` prints ``2024年``. Missing values are an error unless ``missing`` is given.
    """
    if is_missing(value):
        if missing is not None:
            return missing
        raise ReportgenError("日期为空", hint="检查数据，或在模板中写 |cn_date(missing='　年　月　日')")
    parsed = parse_date(value)
    if precision not in ("auto", "day", "month", "year"):
        raise ReportgenError(f"precision 应为 auto、day、month 或 year，而不是 {precision!r}")
    if precision == "day" and parsed.day is None:
        raise ReportgenError(f"「{value}」只有年月，没有日")
    show_month = precision != "year"
    show_day = precision in ("auto", "day") and parsed.day is not None
    if upper:
        text = digits_cn(parsed.year) + "年"
        text += cn_num(parsed.month) + "月" if show_month else ""
        return text + (cn_num(parsed.day) + "日" if show_day else "")
    text = f"{parsed.year}年"
    text += f"{parsed.month}月" if show_month else ""
    return text + (f"{parsed.day}日" if show_day else "")
