"""公示 masks (safe on None/short values) and 发文字号."""

from __future__ import annotations

import pytest

from reportgen.errors import ReportgenError
from reportgen.format import is_wenhao, mask_bank, mask_id, mask_name, mask_phone, wenhao


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: mask_id("410102199001011234"), "410102********1234"),
        (lambda: mask_id("41010219900101123X"), "410102********123X"),
        (lambda: mask_id(410102199001011234), "410102********1234"),  # ID stored as a number
        (lambda: mask_id("410102900101123"), "410102*****1123"),  # 15-digit old ID
        (lambda: mask_id("1234567890"), "**********"),  # too short to show anything
        (lambda: mask_id(None), ""),
        (lambda: mask_id(""), ""),
        (lambda: mask_phone("13812345678"), "138****5678"),
        (lambda: mask_phone("138 1234 5678"), "138****5678"),
        (lambda: mask_phone(13812345678), "138****5678"),
        (lambda: mask_phone("5678"), "****"),
        (lambda: mask_phone(None), ""),
        (lambda: mask_bank("6222020200112233445"), "***************3445"),
        (lambda: mask_bank("6222 0202 0011 2233 445"), "***************3445"),
        (lambda: mask_bank("1234"), "****"),
        (lambda: mask_bank(None), ""),
        (lambda: mask_name("张三"), "张*"),
        (lambda: mask_name("张三丰"), "张**"),
        (lambda: mask_name("张三丰", keep_last=True), "张*丰"),
        (lambda: mask_name("张三", keep_last=True), "张*"),
        (lambda: mask_name("欧阳娜娜"), "欧阳**"),
        (lambda: mask_name("欧阳修"), "欧阳*"),
        (lambda: mask_name("司马"), "司*"),  # two characters: 司 is the surname
        (lambda: mask_name("买买提·艾力"), "买**·**"),
        (lambda: mask_name("张"), "*"),
        (lambda: mask_name(None), ""),
    ],
)
def test_masks(call, expected):
    assert call() == expected


@pytest.mark.parametrize("mask", [mask_id, mask_phone, mask_bank, mask_name])
@pytest.mark.parametrize("value", ["410102199001011234", "13812345678", "6222020200112233445", "欧阳娜娜"])
def test_masks_hide_something_and_keep_length(mask, value):
    masked = mask(value)
    assert masked != value and "*" in masked and len(masked) == len(value)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("高民发", 2024, 10), "高民发〔2024〕10号"),
        (("高民发", "2024", "010"), "高民发〔2024〕10号"),
        (("青政办", 2023, "第3号"), "青政办〔2023〕3号"),
    ],
)
def test_wenhao(args, expected):
    assert wenhao(*args) == expected
    assert is_wenhao(expected)


@pytest.mark.parametrize(
    "args", [("", 2024, 1), ("高民发", 24, 1), ("高民发", 2024, 0), ("财发字", 2024, 3), ("ABC", 2024, 1)]
)
def test_bad_wenhao_is_an_error(args):
    with pytest.raises(ReportgenError, match="发文字号"):
        wenhao(*args)


@pytest.mark.parametrize(
    "text",
    [
        "高民发[2024]10号",
        "高民发【2024】10号",
        "高民发(2024)10号",
        "高民发〔2024〕010号",
        "高民发〔2024〕第10号",
        "高民发〔24〕10号",
        None,
        5,
    ],
)
def test_is_wenhao_rejects_malformed(text):
    assert not is_wenhao(text)
