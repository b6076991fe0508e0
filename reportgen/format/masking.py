"""Masks for public (公示) output: ID numbers, phones, bank accounts and names must not be readable.

Every mask is safe on None / '' (prints '') and on short values: when a value is too short to keep the
usual head and tail, it is masked completely instead of being shown.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.format.coerce import is_missing

STAR = "*"

# Two-character surnames (复姓) common enough to appear in registries; the rest keep one character.
_COMPOUND_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 澹台 公冶 太史 端木 申屠 闻人 南宫 西门 百里 呼延 万俟 独孤 拓跋 赫连 左丘 "
    "东郭 第五 梁丘 宗政 濮阳 单于 公羊 仲孙 鲜于 闾丘 亓官 司空 子车 颛孙 壤驷 漆雕 乐正 巫马 公西 谷梁 段干 司寇 羊舌"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_TEXT.split())


def _text(value: Any) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID that Excel stored as a number
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return str(value).strip()


def _keep(text: str, head: int, tail: int) -> str:
    if len(text) <= head + tail:
        return STAR * len(text)
    return text[:head] + STAR * (len(text) - head - tail) + text[len(text) - tail :]


def mask_id(value: Any, head: int = 6, tail: int = 4) -> str:
    """``410102199001011234`` → ``410102********1234`` (region code and last 4 kept, length kept)."""
    return _keep(_text(value), head, tail)


def mask_phone(value: Any, head: int = 3, tail: int = 4) -> str:
    """``13812345678`` → ``138****5678``. Spaces and dashes are dropped first (``138-1234-5678``)."""
    text = "".join(ch for ch in _text(value) if ch not in " -\u3000")
    return _keep(text, head, tail)


def mask_bank(value: Any, tail: int = 4) -> str:
    """``6222020200112233445`` → ``***************3445`` (only the last 4 kept; spaces dropped)."""
    text = "".join(ch for ch in _text(value) if not ch.isspace())
    return _keep(text, 0, tail)


def mask_name(value: Any, keep_last: bool = False) -> str:
    """Keep the surname, star the given name: ``张三`` → ``张*``, ``张三丰`` → ``张**``, ``欧阳娜娜`` → ``欧阳**``.

    The surname is two characters for a known 复姓 when the name has at least three characters. The
    middle dot of minority names is kept: ``买买提·艾力`` → ``买**·**``.
    ``keep_last=True`` also shows the last character of names of 3+ characters (``张*丰``), a common
    公示 style. A one-character value is fully masked.
    """
    text = _text(value)
    if len(text) <= 1:
        return STAR * len(text)
    head = 2 if len(text) >= 3 and text[:2] in COMPOUND_SURNAMES else 1
    tail = 1 if keep_last and len(text) - head >= 2 else 0
    middle = "".join(ch if ch in "·•." else STAR for ch in text[head : len(text) - tail])
    return text[:head] + middle + text[len(text) - tail :]
