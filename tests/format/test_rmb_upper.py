"""大写金额: the PBOC examples, rounding half-up to 分, and a parse-back property over 0 ≤ x < 10^12."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.errors import ReportgenError
from reportgen.format import rmb_contract, rmb_lower, rmb_upper

PBOC = [
    (12000, "壹万贰仟元整"),
    (10010, "壹万零壹拾元整"),
    (10, "壹拾元整"),
    (15, "壹拾伍元整"),
    ("1409.50", "壹仟肆佰零玖元伍角"),
    (6007.14, "陆仟零柒元壹角肆分"),
    (1680.32, "壹仟陆佰捌拾元叁角贰分"),
    (107000.53, "壹拾万柒仟元伍角叁分"),
    (325.04, "叁佰贰拾伍元零肆分"),
    (0.05, "伍分"),
    (1234567.891, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    (0, "零元整"),
    (100000000, "壹亿元整"),
    (100010000, "壹亿零壹万元整"),
    (1000000001, "壹拾亿零壹元整"),
]


@pytest.mark.parametrize(("amount", "expected"), PBOC)
def test_pboc_examples(amount, expected):
    assert rmb_upper(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1680.32, "壹仟陆佰捌拾元零叁角贰分"),  # both forms are allowed by the PBOC text
        (107000.53, "壹拾万零柒仟元零伍角叁分"),
        (325.04, "叁佰贰拾伍元零肆分"),
        (12000, "壹万贰仟元整"),
    ],
)
def test_optional_zero_form(amount, expected):
    assert rmb_upper(amount, optional_zero=True) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0.999, "壹元整"),  # cn2an truncates to 玖角玖分
        (2.675, "贰元陆角捌分"),  # float 2.675 is 2.67499… in binary; the clerk typed 2.675
        ("0.005", "壹分"),
        (Decimal("0.004"), "零元整"),
        (-0.001, "零元整"),  # never 负零元整
        (9999.995, "壹万元整"),
    ],
)
def test_rounds_half_up_to_fen(amount, expected):
    assert rmb_upper(amount) == expected


def test_prefix_negative_and_contract_forms():
    assert rmb_upper(12000, prefix=True) == "人民币壹万贰仟元整"
    assert rmb_upper(-12000) == "负壹万贰仟元整"
    assert rmb_upper(-12000, prefix=True) == "人民币负壹万贰仟元整"
    assert rmb_upper(500, zheng="正") == "伍佰元正"
    assert rmb_contract(12000) == "人民币壹万贰仟元整（¥12,000.00）"
    assert rmb_contract("1234567.891") == "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分（¥1,234,567.89）"
    assert rmb_contract(-0.5) == "人民币负伍角（-¥0.50）"
    assert rmb_lower(2.675) == "¥2.68"


@pytest.mark.parametrize("text", ["12,000", "¥12000", "１２０００", " 12000.00 ", "12000元", "1.2e4"])
def test_accepts_text_amounts(text):
    assert rmb_upper(text) == "壹万贰仟元整"


@pytest.mark.parametrize("bad", ["十二", "abc", True, [1], float("inf"), 10**16])
def test_bad_amounts_are_clear_errors(bad):
    with pytest.raises(ReportgenError):
        rmb_upper(bad)


def test_missing_amount_is_an_error_unless_told():
    with pytest.raises(ReportgenError, match="金额为空"):
        rmb_upper(None)
    assert rmb_upper(None, missing="＿＿＿") == "＿＿＿"
    assert rmb_contract("", missing="") == ""


# ---- parse-back property -------------------------------------------------------------------------

DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
SMALL = {"拾": 10, "佰": 100, "仟": 1000}
ALLOWED = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整负")


def parse_integer(text: str) -> int:
    """Inverse of the 大写 integer part: sections are closed by 万/亿 (亿 also closes a pending 万)."""
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL:
            section += digit * SMALL[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10**4
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {text!r}")
    return total + section + digit


def parse_upper(text: str) -> Decimal:
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负")
    yuan_text, _, rest = text.rpartition("元") if "元" in text else ("", "", text)
    yuan = parse_integer(yuan_text) if yuan_text not in ("", "零") else 0
    jiao = fen = 0
    rest = rest.removesuffix("整").lstrip("零")
    if "角" in rest:
        jiao_text, _, rest = rest.partition("角")
        jiao = DIGITS[jiao_text]
    if "分" in rest:
        fen = DIGITS[rest.removesuffix("分").lstrip("零")]
    return sign * (Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100)


def test_parser_is_not_trivial():
    assert parse_upper("壹万零壹拾元整") == Decimal("10010")
    assert parse_upper("壹仟亿零壹万元零伍分") == Decimal("100000010000.05")
    assert parse_upper("叁佰贰拾伍元零肆分") != Decimal("325.4")


amounts = st.decimals(min_value=0, max_value=Decimal(10**12) - Decimal("0.001"), places=3, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(amounts, st.booleans())
def test_parse_back_equals_input_rounded_to_fen(amount: Decimal, optional_zero: bool):
    text = rmb_upper(amount, optional_zero=optional_zero)
    expected = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert parse_upper(text) == expected
    assert set(text) <= ALLOWED
    assert "零零" not in text and not text.startswith("零" if expected else "x")
    assert text.endswith(("整", "角", "分"))
    assert (text.endswith("整")) == (expected == expected.to_integral_value())


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_parse_back_integers(n: int):
    assert parse_upper(rmb_upper(n)) == n
    assert parse_upper(rmb_upper(-n)) == -n


# ---- 零 placement property -----------------------------------------------------------------------


def digit_positions(text: str) -> list[tuple[int, int, bool]]:
    """(digit, power of ten, 零 written just before it) for every non-zero digit of a 大写 amount."""
    items: list[list] = []
    section_start, zero, pending = 0, False, None

    def flush(power: int) -> None:
        nonlocal pending
        if pending is not None:
            items.append([pending[0], power, pending[1]])
            pending = None

    for ch in text:
        if ch == "零":
            zero = True
        elif ch in DIGITS:
            pending, zero = (DIGITS[ch], zero), False
        elif ch in SMALL:
            flush(len(str(SMALL[ch])) - 1)
        elif ch in "万亿":
            flush(0)
            for item in items[section_start if ch == "万" else 0 :]:
                item[1] += 4 if ch == "万" else 8
            section_start = len(items)
        elif ch in "元角分":
            flush({"元": 0, "角": -1, "分": -2}[ch])
            section_start = len(items)
    return [tuple(item) for item in items]


@settings(max_examples=400, deadline=None)
@given(amounts, st.booleans())
def test_ling_written_exactly_where_the_pboc_rules_say(amount: Decimal, optional_zero: bool):
    """A gap of zeros between two digits needs 零, except a gap that ends at a 万/亿/元 position
    (the next digit is a 仟 or 角): there 零 is optional, written only with ``optional_zero``."""
    text = rmb_upper(amount, optional_zero=optional_zero)
    items = digit_positions(text)
    expected = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert sum(Decimal(d) * Decimal(10) ** p for d, p, _ in items) == expected
    assert not (items and items[0][2]), text  # never a leading 零
    for (_, high, _), (_, low, zero) in zip(items, items[1:], strict=False):
        if high - low == 1:
            assert not zero, text
        elif low % 4 == 3:
            assert zero == optional_zero, text
        else:
            assert zero, text
