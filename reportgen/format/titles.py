"""Break a 公文 title into balanced lines at sense boundaries (GB/T 9704 §7.3.1).

A title that does not fit on one line of the 156 mm 版心 at 2号 (22 pt) is broken "回行时要做到词意
完整，排列对称，长短适宜，间距恰当", in a 梯形 or 菱形 shape: never inside a word, never a 1–2 字 last line,
not as an equal-length 长方形 or a long–short–long 沙漏形. Titles are built from data (county, year,
topic), so the breaks are computed: :func:`title_lines` is pure (text in, lines out) and is the Jinja
filter ``title_lines`` (the built-in templates write ``{{ (…)|title_lines(县) }}``; the lines are joined
with ``\\n``, which the docx engine writes as a line break).

Words come from ``rjieba`` (the maintained Rust port of jieba: MIT, dictionary inside the wheel, no
start-up file I/O) plus a phrase list of the fixed terms of this domain (巩固拓展脱贫攻坚成果, 实施方案…)
and the caller's own phrases (the county name from the data). Glue rules keep what must not be parted:
书名号 and quotes with their words, a year with its 年, an administrative suffix (县, 市…) with its name,
``的`` with both neighbours.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

TYPE_WIDTH_PT = 156 / 25.4 * 72  # 版心 width, 442.2 pt
TITLE_PT = 22.0  # 2号
TITLE_SPACING_PT = -0.25  # the built-in title style's character spacing
AUTOSPACE_EM = 0.25  # extra space between CJK and Latin/digits
MIN_LAST_LINE = 3  # 字 on the last line of a wrapped title

#: Fixed terms of county 脱贫/乡村振兴 documents that read as one unit (never broken inside).
PHRASES: tuple[str, ...] = (
    "巩固拓展脱贫攻坚成果", "脱贫攻坚成果", "同乡村振兴有效衔接", "乡村振兴", "脱贫攻坚", "防返贫动态监测",
    "防止返贫", "防返贫", "动态监测", "实施方案", "工作方案", "工作总结", "情况报告", "目标责任书", "责任书", "合同书",
    "任务分工表", "留守儿童", "困境儿童", "计划生育", "流动人口", "服务管理", "建档立卡", "监测对象",
    "服务质量", "三年行动", "实施意见", "工作要点", "关于印发", "关于开展", "关于做好",
)
_OPENING = set("《“‘（〈「『【〔(")
_CLOSING = set("》”’）〉」』】〕)、，。：；！？,.:;!?")
_ADMIN_SUFFIX = set("省市县区州盟旗镇乡村局委办厅部")
_CONJUNCTIONS = {"和", "与", "及", "同", "暨", "以及"}
_UNIT_AFTER_NUMBER = ("年度", "年", "月", "日", "号", "届", "次", "周年")
_DATES = re.compile(r"\d+(?:[—–-]\d+)?(?:年度|年|月|日)")


def char_width(ch: str, size: float = TITLE_PT, spacing: float = TITLE_SPACING_PT) -> float:
    """Advance of one character in pt: a full 字 for CJK and full-width forms, half for Latin/digits
    (Times New Roman digits are exactly 0.5 em), plus the style's character spacing."""
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    return (size if wide else size / 2) + spacing


def text_width(text: str, size: float = TITLE_PT, spacing: float = TITLE_SPACING_PT) -> float:
    """Width of ``text`` on one line in pt, with the ¼ 字 that Word and LibreOffice put between CJK and
    Latin/digits (autoSpaceDE/DN; LibreOffice measured 4.4 pt at 22 pt)."""
    wide = [unicodedata.east_asian_width(ch) in ("W", "F") for ch in text]
    switches = sum(1 for a, b in itertools.pairwise(wide) if a != b)
    return sum(char_width(ch, size, spacing) for ch in text) + switches * size * AUTOSPACE_EM


@dataclass(frozen=True)
class _Unit:
    text: str
    cost_before: float  # penalty for a line break just before this unit


@lru_cache(maxsize=1)
def _segmenter():
    import rjieba

    seg = rjieba.Jieba()
    for phrase in PHRASES:
        seg.add_word(phrase, 100000, "n")
    return seg


def words(text: str, keep: Iterable[str] = ()) -> list[str]:
    """The title's words: ``keep`` phrases and :data:`PHRASES` whole, the rest as ``rjieba`` cuts it.

    Every line break :func:`title_lines` makes falls between two of these words.
    """
    dates = _DATES.findall(text)  # 2024年 is a unit: the segmenter would cut 2024|年防|返贫
    protected = sorted({k for k in [*keep, *dates] if k}, key=len, reverse=True)
    out: list[str] = []
    rest = text
    while rest:
        hits = [(rest.find(k), k) for k in protected if k in rest]
        if not hits:
            out += _segmenter().cut(rest, True)
            break
        at, word = min(hits, key=lambda h: (h[0], -len(h[1])))
        if at:
            out += _segmenter().cut(rest[:at], True)
        out.append(word)
        rest = rest[at + len(word):]
    return [w for w in out if w]


def _glued(prev: str, word: str) -> bool:
    """True when no line break may fall between ``prev`` and ``word``."""
    if prev[-1] in _OPENING or word[0] in _CLOSING:
        return True
    if prev[-1].isdigit() and word.startswith(_UNIT_AFTER_NUMBER):
        return True
    if prev[-1].isascii() and prev[-1].isalnum() and word[0].isascii() and word[0].isalnum():
        return True
    if word in _ADMIN_SUFFIX or len(word) == 1 and word not in _CONJUNCTIONS:
        return True  # 县 after its name; any other one-character word goes with what precedes it
    if prev == "的" or word == "的" or prev in _CONJUNCTIONS:
        return True
    return (len(prev) == 1 and prev not in _CONJUNCTIONS and prev[-1] not in _CLOSING and not prev.isdigit()
            and prev not in _ADMIN_SUFFIX and prev not in _UNIT_AFTER_NUMBER)  # 防|返贫, not 县|2024


def _boundary_cost(prev: str, word: str, keep: set[str]) -> float:
    """Cost of breaking between two glued-together units: 0 at a sense boundary, more inside a phrase."""
    if word[0] in _OPENING or prev[-1] in _CLOSING:
        return 0.0
    if prev.startswith("关于") and len(prev) <= 4 or word[0] in _CONJUNCTIONS:
        return 0.5
    if prev in keep or word in keep or prev in PHRASES or word in PHRASES:
        return 1.0
    if prev[-1] in _ADMIN_SUFFIX or prev.endswith(("年", "年度")):
        return 1.0
    return 3.0


def _units(text: str, keep: Sequence[str]) -> list[_Unit]:
    ws = words(text, keep)
    keep_set = set(keep) | set(PHRASES)
    units: list[list] = []  # [text, cost_before, last word]
    for word in ws:
        if units and _glued(units[-1][2], word):
            units[-1][0] += word
            units[-1][2] = word
        else:
            cost = _boundary_cost(units[-1][2], word, keep_set) if units else 0.0
            units.append([word, cost, word])
    return [_Unit(t, c) for t, c, _ in units]


def _shape_cost(widths: list[float], em: float) -> float:
    """梯形/菱形 wanted: penalise an equal-length 长方形 and a long–short–long 沙漏形."""
    cost = 0.0
    if max(widths) - min(widths) < em * 0.99:
        cost += 2.0
    for a, b, c in zip(widths, widths[1:], widths[2:], strict=False):
        if b < a - em * 0.5 and b < c - em * 0.5:
            cost += 10.0
    return cost


def title_lines(text: str, keep: str | Iterable[str] | None = None, *, width: float = TYPE_WIDTH_PT,
                size: float = TITLE_PT, spacing: float = TITLE_SPACING_PT) -> list[str]:
    """``text`` broken into balanced lines no wider than ``width`` pt (one line when it fits).

    ``keep``: phrases that must stay whole (e.g. the county name from the data). Breaks fall only
    between :func:`words`; the last line of a wrapped title has at least 3 字 when any break allows it.
    """
    text = (text or "").strip()
    keep_list = [keep] if isinstance(keep, str) else list(keep or ())
    if text_width(text, size, spacing) <= width or len(text) < 2:
        return [text] if text else []
    units = _units(text, keep_list)
    if any(text_width(u.text, size, spacing) > width for u in units):  # a glued run too long: words only
        units = [_Unit(w, 3.0) for w in words(text, keep_list)]
    if any(text_width(u.text, size, spacing) > width for u in units):  # one word longer than a line
        return _hard_wrap(text, width, size, spacing)
    best = _best_breaks(units, width, size, spacing)
    return best or _hard_wrap(text, width, size, spacing)


def _best_breaks(units: list[_Unit], width: float, size: float, spacing: float) -> list[str] | None:
    em = size + spacing

    @cache
    def span(a: int, b: int) -> float:  # measured on the joined text: autospace at the joins counts
        return text_width("".join(u.text for u in units[a:b]), size, spacing)

    total = span(0, len(units))
    first = max(2, int(-(-total // width)))
    best: tuple[float, list[str]] | None = None
    for lines in (first, first + 1):
        if lines > len(units):
            break
        cuts_iter = itertools.combinations(range(1, len(units)), lines - 1)
        for count, cuts in enumerate(cuts_iter):
            if count > 200_000:
                break
            bounds = (0, *cuts, len(units))
            widths = [span(a, b) for a, b in itertools.pairwise(bounds)]
            if max(widths) > width:
                continue
            texts = ["".join(u.text for u in units[a:b]) for a, b in itertools.pairwise(bounds)]
            short_last = len(texts[-1]) < MIN_LAST_LINE
            mean = total / lines
            cost = (sum((w - mean) ** 2 for w in widths) / (em * em) / 4
                    + sum(units[c].cost_before for c in cuts) + _shape_cost(widths, em)
                    + (lines - first) * 5 + (1000 if short_last else 0))
            if best is None or cost < best[0]:
                best = (cost, texts)
    return best[1] if best else None


def _hard_wrap(text: str, width: float, size: float, spacing: float) -> list[str]:
    """Last resort for a word longer than a line: fill lines character by character."""
    lines, current = [], ""
    for ch in text:
        if current and text_width(current + ch, size, spacing) > width:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines


def title_breaks(text: str, keep: str | Iterable[str] | None = None) -> str:
    """The Jinja filter: :func:`title_lines` joined with ``\\n`` (a line break in the paragraph)."""
    return "\n".join(title_lines(str(text or ""), keep))
