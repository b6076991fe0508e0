"""Composition checks on the rendered page: what a 办公室 reviewer rejects at a glance.

Each check reports page and line: a signature with no body text on its page (GB/T 9704 §7.3.5), title
lines and stub last lines (§7.3.1), how full each table page is and whether a group continued from the
previous page shows its label again, where the 版记 sits and which pages carry a number (§7.4, §7.5),
a page that ends more than 3 lines early because the next block was pushed over, and the fonts actually
used, with every CJK character drawn from a fallback font.
"""

from __future__ import annotations

import re
from collections import Counter

from reportgen.format.titles import MIN_LAST_LINE

MM = 72 / 25.4
TYPE_AREA_MM = (37.0, 35.0)  # top, bottom white
_PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")
_RECORD_LAST = re.compile(r"印发$")


def font_family(fontname: str) -> str:
    """``ABCDEF+FandolFang-Regular`` → ``FandolFang``: the family part of a PDF font name."""
    name = fontname.split("+", 1)[-1]
    return re.split(r"[-,]", name, maxsplit=1)[0]


def _is_cjk(ch: str) -> bool:
    return len(ch) == 1 and (0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF or ord(ch) >= 0x20000)


def _where(page: int, line: int) -> str:
    return f"第 {page} 页第 {line} 行"


def check_fonts(per_page) -> tuple[str, list[str]]:
    """Fonts used (family: characters) and CJK characters drawn in another font than their line's.

    A line's own font is the one most of its CJK characters use; a CJK character in another family on
    that line came from a fallback (e.g. 戶 missing in the 仿宋 substitute, drawn in a Song/Ming face).
    """
    used: Counter[str] = Counter()
    fallbacks = []
    for lines in per_page:
        for number, ln in enumerate(lines, start=1):
            cjk = [c for c in ln.chars if _is_cjk(c["text"])]
            used.update(font_family(c["fontname"]) for c in ln.chars if not c["text"].isspace())
            if len(cjk) < 2:
                continue
            main = Counter(font_family(c["fontname"]) for c in cjk).most_common(1)[0][0]
            odd = [c for c in cjk if font_family(c["fontname"]) != main]
            if odd:
                fonts = "、".join(sorted({font_family(c["fontname"]) for c in odd}))
                fallbacks.append(f"{_where(ln.page, number)}「{''.join(c['text'] for c in odd)}」用 {fonts}"
                                 f"（本行为 {main}）")
    summary = "，".join(f"{name} {count}" for name, count in used.most_common())
    return summary, fallbacks


def title_blocks(per_page, title_pt: float = 22.0, pitch_pt: float = 28.95) -> list[tuple[int, list]]:
    """Consecutive 2号 black lines (a title and its continuation lines), per page: [(page, lines)]."""
    blocks = []
    for lines in per_page:
        current: list = []
        for number, ln in enumerate(lines, start=1):
            is_title = abs(ln.size - title_pt) < 0.6 and not any(_red(c) for c in ln.chars)
            if is_title and current and ln.top - current[-1][1].bottom < pitch_pt:
                current.append((number, ln))
            elif is_title:
                if current:
                    blocks.append((current[0][1].page, current))
                current = [(number, ln)]
        if current:
            blocks.append((current[0][1].page, current))
    return blocks


def _red(ch) -> bool:
    color = ch.get("non_stroking_color")
    return isinstance(color, (tuple, list)) and len(color) == 3 and color[0] > 0.8 and color[1] < 0.2


def check_titles(per_page) -> tuple[str, list[str]]:
    """Each title's line lengths in 字; a wrapped title whose last line is shorter than 3 字 is a stub."""
    shown, stubs = [], []
    for page, block in title_blocks(per_page):
        lengths = [len(ln.text) for _n, ln in block]
        shown.append(f"第 {page} 页第 {block[0][0]} 行起 " + "/".join(map(str, lengths)) + " 字")
        if len(lengths) > 1 and lengths[-1] < MIN_LAST_LINE:
            stubs.append(f"{_where(page, block[-1][0])}「{block[-1][1].text}」")
    return "；".join(shown) or "无标题", stubs


def check_signature_pages(per_page, blocks: list[list[str]]) -> tuple[str, list[str]]:
    """The page of each signature block must also show body text (a line that is not the block's)."""
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", text)

    alone, shown = [], []
    for block in blocks:
        keys = [squash(t)[:12] for t in block if squash(t)]
        joined = squash("".join(block))
        if not keys:
            continue
        hits = [(i, n) for i, lines in enumerate(per_page) for n, ln in enumerate(lines)
                if keys[-1] in squash(ln.text)]
        if not hits:
            continue
        index, first = hits[0]
        lines = per_page[index]
        while first > 0 and squash(lines[first - 1].text) and squash(lines[first - 1].text) in joined:
            first -= 1  # up through the 署名 lines (and wrapped pieces of long names) above the date
        body_before = [ln for ln in lines[:first] if abs(ln.size - 16) < 0.6 and not any(_red(c) for c in ln.chars)]
        shown.append(f"第 {index + 1} 页第 {first + 1} 行起，上方正文 {len(body_before)} 行")
        if not body_before:
            alone.append(f"第 {index + 1} 页：{squash(block[0])[:10]}… 上方无正文")
    return "；".join(shown) or "无落款", alone


def check_table_pages(pages) -> tuple[str, list[str]]:
    """Fill of each page a table runs over, and the first row of a continued table: every cell has
    text (a vertically merged group continued from the previous page would show an empty label)."""
    shown, unlabelled, previous_table = [], [], False
    for index, page in enumerate(pages):
        tables = page.find_tables()
        if not tables:
            previous_table = False
            continue
        tbl = tables[0]
        top = TYPE_AREA_MM[0] * MM if page.height > page.width else tbl.bbox[1]
        # continued only when it opens the page: a table (or a chart's grid) below text starts afresh
        previous_table = previous_table and tbl.bbox[1] - top < 1.5 * 28.95
        area = page.height - (TYPE_AREA_MM[0] + TYPE_AREA_MM[1]) * MM if page.height > page.width else None
        height = (page.height - top - 26 * MM) if area is None else area  # landscape: 26 mm foot white
        fill = (tbl.bbox[3] - (tbl.bbox[1] if previous_table else top)) / height
        shown.append(f"第 {index + 1} 页 {min(fill, 1):.0%}")
        rows = tbl.extract()
        if previous_table and len(rows) > 1:
            first = rows[1] if rows[0] and rows[0][0] and not rows[0][0].strip().isdigit() else rows[0]
            if any(cell is None or not str(cell).strip() for cell in first):
                unlabelled.append(f"第 {index + 1} 页第 1 个数据行有空单元格（续表组标签缺失）")
        previous_table = True
    return "、".join(shown) or "无表格", unlabelled


def check_record_pages(per_page) -> tuple[str, list[str]] | None:
    """版记 on the last page, an even page; neither it nor a blank page before it carries a number."""
    found = [i for i, lines in enumerate(per_page) for ln in lines if _RECORD_LAST.search(ln.text)]
    if not found:
        return None
    index = found[-1]
    numbered = [i for i, lines in enumerate(per_page) if any(_PAGE_NUMBER.match(ln.text) for ln in lines)]
    problems = []
    if index != len(per_page) - 1:
        problems.append(f"版记在第 {index + 1} 页，不是末页")
    if (index + 1) % 2:
        problems.append(f"版记页第 {index + 1} 页是奇数页")
    if index in numbered:
        problems.append(f"版记页第 {index + 1} 页有页码")
    blank = index - 1
    blank_page = blank >= 0 and all(_PAGE_NUMBER.match(ln.text) for ln in per_page[blank])
    if blank_page and blank in numbered:
        problems.append(f"版记前的空白页第 {blank + 1} 页有页码")
    shown = (f"版记在第 {index + 1} 页（共 {len(per_page)} 页），"
             f"有页码的页：{_ranges([i + 1 for i in numbered])}")
    return shown, problems


def _ranges(numbers: list[int]) -> str:
    if not numbers:
        return "无"
    out, start, prev = [], numbers[0], numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}–{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return "、".join(out)


_SENTENCE_PUNCT = set("，。：；、！？")


def check_names_unbroken(per_page, names: list[tuple[str, str, str]]) -> tuple[str, list[str]]:
    """Each agency name of the 标志 and the 署名 stands whole on one rendered line.

    ``names`` are (kind 标志/署名, name, where in the .docx). A 标志 name is looked for in the red text
    of each line, a 署名 name in lines without sentence punctuation (not the body, 主送 or 抄送, which
    may quote the same names). Lines join the cells of one table row left to right, so a whole name is
    a run of one line's text. A name that is not is reported with the pieces it broke into: the
    "中共高台县委网信" / "办" a reviewer rejects (GB/T 9704 §7.2.4, §7.3.5).
    """
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", text)

    texts = {"标志": [], "署名": []}
    for lines in per_page:
        for ln in lines:
            red = squash("".join(c["text"] for c in ln.chars if _red(c)))
            if red:
                texts["标志"].append(red)
            plain = squash("".join(c["text"] for c in ln.chars if not _red(c)))
            if plain and not _SENTENCE_PUNCT & set(plain):
                texts["署名"].append(plain)
    broken = []
    for kind, name, where in names:
        name = squash(name)
        lines = texts.get(kind, [])
        if not name or any(name in t for t in lines):
            continue
        cut = max((i for i in range(1, len(name)) if any(name[:i] in t for t in lines)), default=0)
        if cut == 0:
            continue  # not rendered at all (e.g. a cell left out): not a broken line
        head, tail = name[:cut], name[cut:]
        stub = f"，末行只剩 {len(tail)} 字" if len(tail) <= 2 else ""
        broken.append(f"{where}：{kind}「{name}」断成「{head}」/「{tail}」{stub}")
    counts = {k: sum(1 for n in names if n[0] == k) for k in ("标志", "署名")}
    shown = "，".join(f"{k} {v} 个" for k, v in counts.items() if v)
    return (f"{shown}，{len(broken)} 个断行" if names else "无联合署名"), broken


GAP_LINES = 3  # a page may end this many empty body lines early (a heading moved on with its paragraph)
SIGNATURE_CHAIN = 6  # the body's last paragraph (up to 2 lines), the blank lines, 署名 and 成文日期
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def check_page_gaps(pages, per_page, body_pt: float = 16.0, pitch_pt: float = 28.95) -> tuple[str, list[str]]:
    """Empty body lines at the foot of every portrait page but the last, counted from its lowest text to
    the 版心's last line. More than :data:`GAP_LINES` means the next block (a table kept whole, a chart,
    a long keep-with-next chain) was pushed over and left the page half empty: a reviewer sends it back.

    ``per_page`` are the lines inside the 版心 (no page numbers). Pages where a new page is the rule are
    left out: a landscape page or the page before one (a section change), a page followed by a new title
    (实施方案 after its 印发通知), by the 版记's page or by a blank page, and a page followed by its 落款:
    GB/T 9704 §7.3.5 keeps the 署名 and 成文日期 with the body's last lines, a chain of up to
    :data:`SIGNATURE_CHAIN` lines that may leave more room above it.
    """
    measured, gaps = [], []
    for index in range(len(pages) - 1):
        page, following = pages[index], pages[index + 1]
        lines, next_lines = per_page[index], per_page[index + 1]
        if page.width > page.height or following.width > following.height or not lines or not next_lines:
            continue
        first = next_lines[0]
        if abs(first.size - 22.0) < 0.6 or any(_RECORD_LAST.search(ln.text) for ln in next_lines):
            continue
        if any(_DATE.match(re.sub(r"\s+", "", ln.text)) for ln in next_lines[:SIGNATURE_CHAIN]):
            continue  # the 落款 moved on with the body's last lines (§7.3.5): 落款页有正文 checks that page
        last_line = page.height - TYPE_AREA_MM[1] * MM - (pitch_pt - body_pt) / 2  # glyph bottom of line 22
        free = max(0.0, (last_line - max(ln.bottom for ln in lines)) / pitch_pt)
        measured.append((free, index + 1))
        if free > GAP_LINES + 0.25:  # a 4号 table row ends off the grid: a quarter line of slack
            gaps.append(f"第 {index + 1} 页末空 {free:.1f} 行，下页起于「{first.text[:12]}」")
    if not measured:
        return "无续页", gaps
    free, page = max(measured)
    return f"{len(measured)} 页，最多空 {free:.1f} 行（第 {page} 页）", gaps
