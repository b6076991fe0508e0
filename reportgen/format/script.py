"""Simplified → Traditional conversion with OpenCC (phrase level), one cached converter per script.

- ``traditional``: ``s2tw`` — phrase-level character choice (头发→頭髮, 干部→幹部, 一台→一臺) with Taiwan
  standard glyphs (戶, 裡), but mainland wording kept: 项目→項目, 支持→支持, 信息→信息. This is what
  the reference Traditional 工作總結 (seed 001) looks like.
- ``tw``: ``s2twp`` — the same plus Taiwan vocabulary (项目→專案, 支持→支援, 信息→資訊,
  软件→軟體), for documents written for readers in Taiwan; 对象/文件/程序 keep their official meaning
  (s2twp would make 监测对象 監測物件 and 人民政府文件 人民政府檔案). Measured on seed 001 (23,773 characters,
  converted to Simplified and back): s2twp rewrote 97×項目→專案 and ~40 other terms; s2tw none.
- ``hk``: ``s2hk`` — Hong Kong standard glyphs: 贫困户 → 貧困**户** (HK keeps 户 where TW writes 戶),
  群众→羣眾, 脱贫→脱貧.

ASCII digits, letters, 〔〕, ¥, %, ～ and 〇 are not in any OpenCC table, so numbers, ID numbers and
文号 come out unchanged (tested). OpenCC's C++ core stops at a NUL character and silently drops the
rest of that segment, so text is converted piecewise around NULs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from reportgen.errors import ReportgenError

SCRIPTS = ("simplified", "traditional", "tw", "hk")
_CONFIGS = {"traditional": "s2tw", "tw": "s2twp", "hk": "s2hk"}
#: The East Asian language a document in each script is tagged with (``w:lang w:eastAsia``): Word's
#: proofing and font fallback, and the Traditional font substitutes (reportgen.layout.fonts), follow it.
#: ``traditional`` uses Taiwan standard glyphs (s2tw), so it is zh-TW like ``tw``.
LANGUAGE_TAGS = {"traditional": "zh-TW", "tw": "zh-TW", "hk": "zh-HK"}


#: The fonts a Traditional document is set in, per GB/T 9704 role: mainland name → (traditional, tw, hk).
#: 仿宋_GB2312/楷体_GB2312/方正小标宋简体 are GB2312 fonts without 貧/戶/檔/與, so Word and WPS would draw
#: those from a fallback face in the middle of a line. ``traditional`` keeps the mainland roles in the GBK
#: builds (FangSong/KaiTi ship with Windows; GBK holds every Traditional character); ``tw`` follows
#: 國發會《政府文書格式參考規範》(Chinese in 楷書: 標楷體 DFKai-SB; 黑体 headings in 微軟正黑體, page numbers in
#: 新細明體); ``hk`` uses the HKSCS Ming face for the Song/仿宋 roles (細明體_HKSCS has Hong Kong's 户/着…)
#: and 標楷體 for 楷体. Documents whose own text stays Simplified (``values_only``) get the ``traditional``
#: column: GBK fonts hold both scripts, Big5 fonts do not. Sources: docs/templates.md, "Fonts of a
#: Traditional document".
TRADITIONAL_FONTS: dict[str, tuple[str, str, str]] = {
    "仿宋_GB2312": ("仿宋", "標楷體", "細明體_HKSCS"),
    "仿宋": ("仿宋", "標楷體", "細明體_HKSCS"),
    "FangSong": ("FangSong", "標楷體", "細明體_HKSCS"),
    "FangSong_GB2312": ("FangSong", "標楷體", "細明體_HKSCS"),
    "楷体_GB2312": ("楷体", "標楷體", "標楷體"),
    "楷体": ("楷体", "標楷體", "標楷體"),
    "KaiTi": ("KaiTi", "標楷體", "標楷體"),
    "KaiTi_GB2312": ("KaiTi", "標楷體", "標楷體"),
    "方正小标宋简体": ("方正小标宋_GBK", "標楷體", "細明體_HKSCS"),
    "方正小标宋_GBK": ("方正小标宋_GBK", "標楷體", "細明體_HKSCS"),
    "黑体": ("黑体", "微軟正黑體", "微軟正黑體"),
    "SimHei": ("SimHei", "微軟正黑體", "微軟正黑體"),
    "宋体": ("宋体", "新細明體", "細明體_HKSCS"),
    "SimSun": ("SimSun", "新細明體", "細明體_HKSCS"),
}
#: Each Traditional font's other name, written as ``w:altName`` in the font table (Word finds a font by
#: either name; an English Windows lists DFKai-SB, a Taiwanese one 標楷體) and used by the Linux aliases.
FONT_ALT_NAMES = {"標楷體": "DFKai-SB", "新細明體": "PMingLiU", "細明體": "MingLiU", "細明體_HKSCS": "MingLiU_HKSCS",
                  "微軟正黑體": "Microsoft JhengHei", "仿宋": "FangSong", "楷体": "KaiTi"}
_FONT_COLUMNS = {"traditional": 0, "tw": 1, "hk": 2}


def font_plan(script: str | None, template_text_converted: bool = True) -> dict[str, str]:
    """Mainland font name → the font a ``script`` document uses instead ({} for Simplified: unchanged).

    When the template's own text stays Simplified (``template_text_converted`` false) the GBK column is
    used whatever the script: the document then mixes both scripts and only GBK fonts hold both."""
    converter(script)  # an unknown script is the same error everywhere
    if script not in _FONT_COLUMNS:
        return {}
    column = _FONT_COLUMNS[script if template_text_converted else "traditional"]
    return {name: fonts[column] for name, fonts in TRADITIONAL_FONTS.items() if fonts[column] != name}


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
    convert = _opencc(config).convert
    if script == "tw":
        convert = _keeping_official_terms(convert, _opencc(_CONFIGS["traditional"]).convert)
    return _safe(convert)


# s2twp's Taiwan vocabulary is computing vocabulary for these: 监测对象 → 監測物件, 人民政府文件 → 人民政府檔案,
# 工作程序 → 工作程式. In official documents they keep their meaning, so they get s2tw's glyphs only.
_OFFICIAL_TERMS = re.compile("(对象|文件|程序)")


def _keeping_official_terms(convert: Callable[[str], str], glyphs_only: Callable[[str], str]) -> Callable[[str], str]:
    def run(text: str) -> str:
        if _OFFICIAL_TERMS.search(text) is None:
            return convert(text)
        pieces = _OFFICIAL_TERMS.split(text)
        return "".join(glyphs_only(piece) if i % 2 else convert(piece) for i, piece in enumerate(pieces) if piece)

    return run


def convert_text(text: str, script: str | None) -> str:
    """``text`` converted to ``script`` (simplified/None: unchanged). Engines call this for the
    template's own text when the user asks for it; values from ``{{ }}`` are converted by the
    environment's ``finalize``."""
    convert = converter(script)
    return text if convert is None or not isinstance(text, str) else convert(text)


_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)


def convert_outside_tags(text: str, script: str | None) -> str:
    """The template's own text converted, its ``{{ }}``/``{% %}`` tags kept as written (they name data:
    建档立卡 must not become 建檔立卡)."""
    convert = converter(script)
    if convert is None or not isinstance(text, str):
        return text
    return "".join(piece if i % 2 else convert(piece) for i, piece in enumerate(_TAG.split(text)))
