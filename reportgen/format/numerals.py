"""Chinese numerals: counts and headings (一百零一, 一、 （一）), years (二〇二四), and the integer core of 大写.

Written in-house (about 40 lines) instead of using cn2an: the same core serves 大写金额 (which must
round, cn2an truncates), heading numerals and the optional PBOC 零 rules, without an extra dependency.
"""

from __future__ import annotations

from typing import Any

from reportgen.errors import ReportgenError
from reportgen.format.coerce import to_int

LOWER = "零一二三四五六七八九"
UPPER = "零壹贰叁肆伍陆柒捌玖"
_LOWER_UNITS = ("", "十", "百", "千")
_UPPER_UNITS = ("", "拾", "佰", "仟")
#: The largest integer the Chinese numeral functions handle (9999万亿 …).
LIMIT = 10**16


def _group(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n < 10000 as numerals: inner runs of zeros become one 零, trailing zeros vanish."""
    out, zero = [], False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + units[power])
    return "".join(out)


def _spell(n: int, digits: str, units: tuple[str, ...], optional_zero: bool) -> str:
    """0 < n < 10^16. Split at 亿 then 万; a 零 joins a part whose top digit is 0.

    ``optional_zero`` also writes the 零 the PBOC rules allow when the 万/亿 digit is 0 but the next
    part starts with a non-zero digit (壹拾万零柒仟).
    """
    for size, name in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            text = _spell(high, digits, units, optional_zero) + name
            if low:
                needs_zero = low < size // 10 or (optional_zero and high % 10 == 0)
                text += (digits[0] if needs_zero else "") + _spell(low, digits, units, optional_zero)
            return text
    return _group(n, digits, units)


def spell_integer(n: int, *, upper: bool, optional_zero: bool = False) -> str:
    """Non-negative ``n`` in Chinese numerals (lower 一十 / upper 壹拾), ``0`` → 零."""
    if n < 0 or n >= LIMIT:
        raise ReportgenError(f"数字 {n} 超出可写成汉字的范围（0 至 {LIMIT - 1}）")
    if n == 0:
        return "零"
    if upper:
        return _spell(n, UPPER, _UPPER_UNITS, optional_zero)
    return _spell(n, LOWER, _LOWER_UNITS, optional_zero)


def cn_num(value: Any) -> str:
    """Chinese numerals for counts and headings: 1→一, 10→十, 11→十一, 101→一百零一, 110→一百一十.

    A leading 一十 is written 十 (十一, 十万), as in headings; ``-3`` → 负三.
    """
    n = to_int(value, "序号")
    sign = "负" if n < 0 else ""
    text = spell_integer(abs(n), upper=False)
    if text.startswith("一十"):
        text = text[1:]
    return sign + text


_HEADINGS = {1: "{cn}、", 2: "（{cn}）", 3: "{n}.", 4: "（{n}）"}


def heading(value: Any, level: int = 1) -> str:
    """GB/T 9704 heading numbers: level 1 ``一、``, 2 ``（一）``, 3 ``1.``, 4 ``（1）`` (full-width brackets)."""
    try:
        pattern = _HEADINGS[int(level)]
    except (KeyError, ValueError, TypeError):
        raise ReportgenError(
            f"标题层级应为 1～4，而不是 {level!r}", hint="1 一、 2 （一） 3 1. 4 （1）"
        ) from None
    n = to_int(value, "标题序号")
    if n < 1:
        raise ReportgenError(f"标题序号应从 1 开始，而不是 {n}")
    return pattern.format(n=n, cn=cn_num(n) if "{cn}" in pattern else "")


def digits_cn(value: Any) -> str:
    """Digit by digit with 〇 (U+3007) for zero: 2024 → 二〇二四 (years, not quantities)."""
    n = to_int(value, "年份")
    if n < 0:
        raise ReportgenError(f"年份不能为负数：{n}")
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
