"""大写金额 per 中国人民银行《正确填写票据和结算凭证的基本规定》, rounded half-up to 分 first.

cn2an truncates beyond 分 (0.999 → 玖角玖分, 2.675 → 贰元陆角柒分); here the amount
is rounded to 分 with ``Decimal.quantize(ROUND_HALF_UP)`` before it is spelled, so the 大写 and the
``¥12,000.00`` next to it always agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.format.coerce import is_missing, round_half_up, to_decimal
from reportgen.format.numerals import LIMIT, UPPER, spell_integer


def to_fen(value: Any) -> Decimal:
    """The amount as a Decimal rounded half-up to 分 (two places); ``-0.00`` becomes ``0.00``."""
    amount = round_half_up(to_decimal(value, "金额"), 2)
    if amount == 0:
        amount = Decimal("0.00")
    if abs(amount) >= LIMIT:
        raise ReportgenError(f"金额 {value} 过大，无法写成大写（上限 {LIMIT - 1:,} 元）")
    return amount


def rmb_upper(
    value: Any,
    prefix: bool = False,
    *,
    optional_zero: bool = False,
    zheng: str = "整",
    missing: str | None = None,
) -> str:
    """``12000`` → ``壹万贰仟元整``; ``prefix=True`` → ``人民币壹万贰仟元整``.

    - 零 is written where the PBOC rules require it (``325.04`` → ``叁佰贰拾伍元零肆分``); with
      ``optional_zero=True`` also where they allow it (``107000.53`` → ``壹拾万零柒仟元零伍角叁分``).
    - 整 (or ``zheng="正"``) after 元; none after 角 or 分 (the rules make it optional after 角).
    - ``0`` → ``零元整``; a negative amount gets 负 after the prefix: ``人民币负壹佰元整``.
    - A missing amount (None, '') is an error — a contract must not print a blank sum — unless
      ``missing`` gives the text to print instead.
    """
    if is_missing(value):
        if missing is not None:
            return missing
        raise ReportgenError(
            "金额为空，无法写成大写金额", hint="检查数据，或在模板中写 |rmb_upper(missing='＿＿')"
        )
    amount = to_fen(value)
    sign = "负" if amount < 0 else ""
    yuan, cents = divmod(int(abs(amount) * 100), 100)
    jiao, fen = divmod(cents, 10)
    parts = [spell_integer(yuan, upper=True, optional_zero=optional_zero) + "元"] if yuan else []
    if not cents:
        parts = parts or ["零元"]
        parts.append(zheng)
    else:
        if jiao:
            if yuan and optional_zero and yuan % 10 == 0:
                parts.append("零")
            parts.append(UPPER[jiao] + "角")
        elif yuan:
            parts.append("零")  # 元 … 零X分: required when 角 is 0 and 分 is not
        if fen:
            parts.append(UPPER[fen] + "分")
    return ("人民币" if prefix else "") + sign + "".join(parts)


def rmb_lower(value: Any) -> str:
    """``12000`` → ``¥12,000.00`` (U+00A5, always grouped, two decimals, half-up; ``-¥5.00``)."""
    amount = to_fen(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def rmb_contract(value: Any, *, optional_zero: bool = False, missing: str | None = None) -> str:
    """Contract form ``人民币壹万贰仟元整（¥12,000.00）``: 大写 then the figure in full-width brackets."""
    if is_missing(value) and missing is not None:
        return missing
    upper = rmb_upper(value, prefix=True, optional_zero=optional_zero)
    return f"{upper}（{rmb_lower(value)}）"
