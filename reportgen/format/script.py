"""Simplified → Traditional conversion with OpenCC (phrase level), one cached converter per script.

- ``traditional``: ``s2tw`` — phrase-level character choice (头发→頭髮, 干部→幹部, 一台→一臺) with Taiwan
  standard glyphs (戶, 裡), but mainland wording kept: 项目→項目, 支持→支持, 信息→信息. This is what
  the reference Traditional 工作總結 (seed 001) looks like.
- ``tw``: ``s2twp`` — the same plus Taiwan vocabulary (项目→專案, 支持→支援, 信息→資訊, 文件→檔案,
  软件→軟體), for documents written for readers in Taiwan. Measured on seed 001 (23,773 characters,
  converted to Simplified and back): s2twp rewrote 97×項目→專案 and ~40 other terms; s2tw none.
- ``hk``: ``s2hk`` — Hong Kong standard glyphs: 贫困户 → 貧困**户** (HK keeps 户 where TW writes 戶),
  群众→羣眾, 脱贫→脱貧.

ASCII digits, letters, 〔〕, ¥, %, ～ and 〇 are not in any OpenCC table, so numbers, ID numbers and
文号 come out unchanged (tested). OpenCC's C++ core stops at a NUL character and silently drops the
rest of that segment, so text is converted piecewise around NULs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from reportgen.errors import ReportgenError

SCRIPTS = ("simplified", "traditional", "tw", "hk")
_CONFIGS = {"traditional": "s2tw", "tw": "s2twp", "hk": "s2hk"}
#: The East Asian language a document in each script is tagged with (``w:lang w:eastAsia``): Word's
#: proofing and font fallback, and the Traditional font substitutes (reportgen.layout.fonts), follow it.
#: ``traditional`` uses Taiwan standard glyphs (s2tw), so it is zh-TW like ``tw``.
LANGUAGE_TAGS = {"traditional": "zh-TW", "tw": "zh-TW", "hk": "zh-HK"}


def language_tag(script: str | None) -> str | None:
    """The language tag for ``script`` (zh-TW / zh-HK), or None for Simplified (zh-CN stays)."""
    converter(script)  # an unknown script is the same error everywhere
    return LANGUAGE_TAGS.get(script or "")


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
            hint="可选：simplified（简体）、traditional（繁体，保留大陆用词）、tw（繁体·台湾用词）、hk（繁体·香港字形）",
        ) from None
    return _safe(_opencc(config).convert)


def convert_text(text: str, script: str | None) -> str:
    """``text`` converted to ``script`` (simplified/None: unchanged). Engines call this for the
    template's own text when the user asks for it; values from ``{{ }}`` are converted by the
    environment's ``finalize``."""
    convert = converter(script)
    return text if convert is None or not isinstance(text, str) else convert(text)
