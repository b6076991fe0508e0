"""Simplified → Traditional conversion with OpenCC (phrase level), one cached converter per script.

- ``traditional`` and ``tw``: ``s2twp`` (Taiwan characters *and* phrases: 软件→軟體, 户→戶, 里面→裡面).
- ``hk``: ``s2hk`` (Hong Kong standard glyphs: note 贫困户 → 貧困**户**, HK keeps 户 where TW writes 戶).

ASCII digits, letters, 〔〕, ¥, %, ～ and 〇 are not in any OpenCC table, so numbers, ID numbers and
文号 come out unchanged (tested). OpenCC's C++ core stops at a NUL character and silently drops the
rest of that segment, so text is converted piecewise around NULs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from reportgen.errors import ReportgenError

SCRIPTS = ("simplified", "traditional", "tw", "hk")
_CONFIGS = {"traditional": "s2twp", "tw": "s2twp", "hk": "s2hk"}


@cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(f"{config}.json")


def _safe(convert: Callable[[str], str]) -> Callable[[str], str]:
    def run(text: str) -> str:
        if not text or text.isascii():
            return text
        if "\x00" in text:
            return "\x00".join(convert(piece) if piece else piece for piece in text.split("\x00"))
        return convert(text)

    return run


@cache
def converter(script: str | None) -> Callable[[str], str] | None:
    """A function converting text to ``script``, or None for Simplified (no conversion)."""
    if script in (None, "", "simplified"):
        return None
    try:
        config = _CONFIGS[script]
    except (KeyError, TypeError):
        raise ReportgenError(
            f"未知的文字选项 script={script!r}",
            hint="可选：simplified（简体）、traditional 或 tw（繁体·台湾）、hk（繁体·香港）",
        ) from None
    return _safe(_opencc(config).convert)


def convert_text(text: str, script: str | None) -> str:
    """``text`` converted to ``script`` (simplified/None: unchanged). Engines call this for the
    template's own text when the user asks for it; values from ``{{ }}`` are converted by the
    environment's ``finalize``."""
    convert = converter(script)
    return text if convert is None or not isinstance(text, str) else convert(text)
