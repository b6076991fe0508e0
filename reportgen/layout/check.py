"""Check a document's GB/T 9704 layout on the rendered page, not in the XML.

The .docx is converted with LibreOffice (by :func:`reportgen.app.check_layout`, through the project's
PDF converter with the font aliases) and the PDF is measured here with pdfplumber: page size, 版心
margins, lines per full page, characters per full line, title/body sizes, the red 标志 and rule, body text on page 1, that signature blocks stay on one page,
that no page ends half empty because the next block was pushed over (页末留白), and that the 版记 sits on
the last page with its last rule on the 版心's bottom edge.

Margins are measured on line boxes: GB/T 9704 sets 22 lines of exact pitch in the 225 mm 版心, so the
block of line boxes (glyph box ± half the leading) is what must sit 37/35 mm from the edges. The glyph
edges themselves are shown too (they sit about 2.4 mm inside, see GB/T 33476.2).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4
A4 = (210.0, 297.0)
MARGINS = {"上": 37.0, "下": 35.0, "左": 28.0, "右": 26.0}
BODY_PT, TITLE_PT, PITCH_PT = 16.0, 22.0, 28.95
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
SIGNATURE_STYLES = {"署名", "成文日期", "签署栏"}
SIGNATURE_TABLE_STYLES = {"GwSignatureJoint", "GwSignatureJointStacked"}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")


@dataclass
class Check:
    name: str
    expected: str
    measured: str
    ok: bool | None  # None: not applicable to this document


@dataclass
class LayoutReport:
    path: Path
    pdf: Path
    pages: int
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok is not False for c in self.checks)

    def table(self) -> str:
        """A plain-text pass/fail table (one row per check)."""
        rows = [("检查项", "标准", "实测", "结果")]
        for c in self.checks:
            rows.append((c.name, c.expected, c.measured, {True: "通过", False: "不通过", None: "不适用"}[c.ok]))
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        lines = [f"{self.path.name}（{self.pages} 页）"]
        for r in rows:
            lines.append("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True)))
        lines.append("结论：" + ("全部通过" if self.ok else "有不通过项"))
        return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@dataclass
class _Line:
    page: int
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def size(self) -> float:
        return Counter(round(c["size"], 1) for c in self.chars).most_common(1)[0][0]

    x0 = property(lambda self: min(c["x0"] for c in self.chars))
    x1 = property(lambda self: max(c["x1"] for c in self.chars))
    top = property(lambda self: min(c["top"] for c in self.chars))
    bottom = property(lambda self: max(c["bottom"] for c in self.chars))


def _lines(page, number: int) -> list[_Line]:
    """Group a page's characters into text lines by baseline (2 pt tolerance)."""
    groups: list[list[dict]] = []
    for ch in sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if ch["text"].isspace():
            continue
        if groups and abs(groups[-1][-1]["bottom"] - ch["bottom"]) < 2:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    return [_Line(number, sorted(g, key=lambda c: c["x0"])) for g in groups]


def _is_red(color) -> bool:
    if not color or not isinstance(color, (tuple, list)):
        return False
    if len(color) == 3:
        return color[0] > 0.8 and color[1] < 0.2 and color[2] < 0.2
    if len(color) == 4:  # CMYK
        return color[1] > 0.8 and color[2] > 0.8 and color[3] < 0.2
    return False


def _signature_blocks(docx_path: Path) -> list[list[str]]:
    """Texts of consecutive 署名/成文日期/签署栏 paragraphs (and signature tables) in the document."""
    from docx import Document

    doc = Document(str(docx_path))
    blocks: list[list[str]] = []
    current: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            para = Paragraph(block, doc)
            if para.style is not None and para.style.name in SIGNATURE_STYLES and para.text.strip():
                current.append(para.text)
                continue
        elif tag == "tbl":
            texts = [t for t in (el.text for el in block.iter() if el.tag.endswith("}t")) if t and t.strip()]
            styles = {el.get(f"{{{_W}}}val") for el in block.iter(f"{{{_W}}}pStyle")}
            if styles & SIGNATURE_TABLE_STYLES:  # 署名 of a joint issue, in rows: one block with its date
                current.extend(texts)
                continue
            if any("（盖章）" in t or "（签字）" in t for t in texts):
                blocks.append(texts)
                continue
        if current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def measure_layout(src: str | Path, pdf_path: str | Path) -> LayoutReport:
    """Measure ``pdf_path`` (the PDF of ``src``; ``src`` may be the PDF itself). Converting a .docx
    first is :func:`reportgen.app.check_layout`'s job."""
    import pdfplumber

    src, pdf_path = Path(src), Path(pdf_path)
    with pdfplumber.open(str(pdf_path)) as pdf:
        pages = list(pdf.pages)
        report = LayoutReport(src, pdf_path, len(pages))
        per_page = [_lines(p, i + 1) for i, p in enumerate(pages)]
        _measure(report, pages, per_page)
        _check_record(report, pages, per_page)
        _check_composition(report, pages, per_page)
    if src.suffix.lower() == ".docx":
        _check_signatures(report, src, per_page)
        _check_names(report, src, per_page)
    return report


#: Paragraph styles whose text is one agency name: the 标志's names, and the 署名 (single or joint).
NAME_STYLES = {"GwIssuer": "标志", "GwIssuerJoint": "标志", "GwSignature": "署名", "GwSignatureJoint": "署名",
               "GwSignatureJointStacked": "署名"}


def _agency_names(docx_path: Path) -> list[tuple[str, str, str]]:
    """(标志/署名, name, location) of every paragraph in a name style, in body tables or directly in the
    body; the location names the part, table, row and cell (or the paragraph)."""
    from reportgen.errors import Location
    from reportgen.ooxml.package import Package
    from reportgen.ooxml.xml import parse_xml

    pkg = Package.open(docx_path)
    body = parse_xml(pkg.read(pkg.main), pkg.main, str(docx_path)).find(f"{{{_W}}}body")
    if body is None:
        return []

    def named(p) -> tuple[str, str] | None:
        style = p.find(f"{{{_W}}}pPr/{{{_W}}}pStyle")
        kind = NAME_STYLES.get(style.get(f"{{{_W}}}val") if style is not None else "")
        text = "".join(t.text or "" for t in p.iter(f"{{{_W}}}t")).strip()
        return (kind, text) if kind and text and text != "文件" else None

    found = []
    tables = 0
    for index, block in enumerate(body, start=1):
        if block.tag == f"{{{_W}}}p" and (hit := named(block)):
            found.append((*hit, str(Location(part=pkg.main, paragraph=index))))
        elif block.tag == f"{{{_W}}}tbl":
            tables += 1
            for r, tr in enumerate(block.findall(f"{{{_W}}}tr"), start=1):
                for c, tc in enumerate(tr.findall(f"{{{_W}}}tc"), start=1):
                    for p in tc.findall(f"{{{_W}}}p"):
                        if hit := named(p):
                            found.append((*hit, str(Location(part=pkg.main, table=tables, row=r, cell=c))))
    return found


def _check_names(report: LayoutReport, docx_path: Path, per_page: list[list[_Line]]) -> None:
    from reportgen.layout.composition import check_names_unbroken

    shown, broken = check_names_unbroken(per_page, _agency_names(docx_path))
    report.checks.append(Check("机关名称不断行", "标志、署名中每个机关名称在一行内", "；".join([shown, *broken]),
                               None if shown == "无联合署名" else not broken))


def _check_composition(report: LayoutReport, pages, per_page: list[list[_Line]]) -> None:
    """Title lines, table pages, 版记 page numbers and fonts (see :mod:`reportgen.layout.composition`)."""
    from reportgen.layout import composition as comp

    body = [_body_lines(p, lines) for p, lines in zip(pages, per_page, strict=True)]
    add = report.checks.append
    shown, stubs = comp.check_titles(body)
    add(Check("标题回行", f"词意完整，末行不少于 {comp.MIN_LAST_LINE} 字", "；".join([shown, *stubs]), not stubs))
    shown, unlabelled = comp.check_table_pages(pages)
    add(Check("表格页", "续页首行组标签不空", "；".join([shown, *unlabelled]),
              None if shown == "无表格" else not unlabelled))
    record = comp.check_record_pages(per_page)
    if record is None:
        add(Check("版记页与页码", "版记在末页（偶数页），版记页及其前空白页无页码", "无版记", None))
    else:
        add(Check("版记页与页码", "版记在末页（偶数页），版记页及其前空白页无页码", "；".join([record[0], *record[1]]),
                  not record[1]))
    shown, gaps = comp.check_page_gaps(pages, body)
    add(Check("页末留白", f"非末页页末空行不超过 {comp.GAP_LINES} 行", "；".join([shown, *gaps]), not gaps))
    used, fallbacks = comp.check_fonts(body)
    add(Check("字体", "汉字不由后备字体绘出", "；".join([used, *fallbacks[:6]]), not fallbacks))


_RECORD_LAST = re.compile(r"印发$")
RECORD_TOLERANCE_MM = 2.0


def _check_record(report: LayoutReport, pages, per_page: list[list[_Line]]) -> None:
    """版记 (GB/T 9704 §7.4): on the last page, its last rule on the 版心's bottom edge (±2 mm).

    The 版记 is found by its last line (``…印发``, the 印发机关 and 印发日期); its last rule is the lowest
    horizontal rule at least 150 mm long below that line.
    """
    found = [(i, ln) for i, lines in enumerate(per_page) for ln in lines if _RECORD_LAST.search(ln.text)]
    if not found:
        report.checks.append(Check("版记位置", "末页版心底边 ±2 mm", "无版记", None))
        return
    index, line = found[-1]
    page = pages[index]
    rules = [g for g in [*page.lines, *page.rects] if (g["x1"] - g["x0"]) / MM > 150
             and abs(g["bottom"] - g["top"]) < 2 and g["top"] >= line.bottom - 1]
    bottom = page.height - MARGINS["下"] * MM
    if not rules:
        report.checks.append(Check("版记位置", "末页版心底边 ±2 mm", f"第 {index + 1} 页的版记下没有分隔线", False))
        return
    rule = max(rules, key=lambda g: g["top"])
    offset = ((rule["top"] + rule["bottom"]) / 2 - bottom) / MM
    last = index == len(pages) - 1
    where = f"第 {index + 1} 页（{'末页' if last else f'共 {len(pages)} 页'}），末条线距版心底边 {offset:+.1f} mm"
    report.checks.append(Check("版记位置", "末页版心底边 ±2 mm", where,
                               last and abs(offset) <= RECORD_TOLERANCE_MM))


_PUNCT = set("，。；、：！？”’）》")


def _body_lines(page, lines: list[_Line]) -> list[_Line]:
    """Lines inside the 版心 (the page number line below it is left out), without a line-end punctuation
    mark hanging outside the 版心 (LibreOffice and Word both hang one by default; it is not counted)."""
    out = []
    edge = page.width - (MARGINS["右"] - 1) * MM
    for ln in lines:
        if _PAGE_NUMBER.match(ln.text):
            continue
        if len(ln.chars) > 1 and ln.chars[-1]["text"] in _PUNCT and ln.chars[-1]["x1"] > edge:
            ln = _Line(ln.page, ln.chars[:-1])
        out.append(ln)
    return out


def _is_full(page, lines: list[_Line]) -> bool:
    """A page set solid with 3号 body text: every line 16 pt and the last one on the 版心's last line."""
    body = _body_lines(page, lines)
    if len(body) < LINES_PER_PAGE // 2 or not all(abs(ln.size - BODY_PT) < 0.6 for ln in body):
        return False
    last_line_bottom = page.height - MARGINS["下"] * MM - (PITCH_PT - BODY_PT) / 2
    return abs(body[-1].bottom - last_line_bottom) < PITCH_PT / 2


def _grid_lines(page, lines: list[_Line]) -> int:
    """The grid lines a full page fills: its text lines, or more when empty paragraphs (the blank lines
    before a 署名) leave grid lines without text between the first and the last line."""
    body = _body_lines(page, lines)
    return max(len(body), round((body[-1].bottom - body[0].bottom) / PITCH_PT) + 1)


def _measure(report: LayoutReport, pages, per_page: list[list[_Line]]) -> None:
    add = report.checks.append
    w, h = pages[0].width / MM, pages[0].height / MM
    add(Check("纸张", "A4 210×297 mm", f"{w:.1f}×{h:.1f} mm", abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1))

    portrait = [i for i, p in enumerate(pages) if p.height > p.width]
    counts = {i: _grid_lines(pages[i], per_page[i]) for i in portrait if _is_full(pages[i], per_page[i])}
    if counts:
        full = min(counts)
        shown = "、".join(f"第 {i + 1} 页 {n} 行" for i, n in sorted(counts.items())[:4])
        add(Check("满页行数", f"{LINES_PER_PAGE} 行", shown, all(n == LINES_PER_PAGE for n in counts.values())))
    else:
        full = None
        add(Check("满页行数", f"{LINES_PER_PAGE} 行", "无满页正文", None))

    margin_page = full if full is not None else 0
    lines = _body_lines(pages[margin_page], per_page[margin_page])
    page = pages[margin_page]
    body = [ln for ln in lines if abs(ln.size - BODY_PT) < 0.6] or lines
    if body:
        half_leading = (PITCH_PT - BODY_PT) / 2
        measured = {"左": min(ln.x0 for ln in body) / MM, "右": (page.width - max(ln.x1 for ln in body)) / MM}
        glyph = {"上": body[0].top / MM, "下": (page.height - body[-1].bottom) / MM}
        if full is not None or margin_page == 0:
            measured["上"] = (body[0].top - half_leading) / MM
        if full is not None:
            measured["下"] = (page.height - body[-1].bottom - half_leading) / MM
        for side in ("上", "下", "左", "右"):
            if side in measured:
                extra = f"（字面 {glyph[side]:.1f}）" if side in glyph else ""
                ok = abs(measured[side] - MARGINS[side]) <= 1.0
                if side == "上" and full is None and not ok:
                    ok = None  # page 1 may start with a 版头 or title, not a body line
                add(Check(f"{side}边距", f"{MARGINS[side]:.0f}±1 mm", f"{measured[side]:.1f} mm{extra}", ok))

    full_lines = []
    for i in portrait:
        for ln in _body_lines(pages[i], per_page[i]):
            if abs(ln.size - BODY_PT) < 0.6 and all(ord(c["text"][0]) > 0x2E80 for c in ln.chars) \
                    and abs(ln.x0 / MM - MARGINS["左"]) < 1 and (pages[i].width - ln.x1) / MM < MARGINS["右"] + 1 \
                    and (ln.x1 - ln.x0) / len(ln.chars) < BODY_PT + 0.1:  # not stretched around a number
                full_lines.append(len(ln.chars))
    if full_lines:
        dist = Counter(full_lines)
        shown = "、".join(f"{n} 字×{k}" for n, k in sorted(dist.items()))
        add(Check("满行字数", f"{CHARS_PER_LINE} 字", shown, set(dist) == {CHARS_PER_LINE}))
    else:
        add(Check("满行字数", f"{CHARS_PER_LINE} 字", "无满行正文", None))

    sizes = Counter(round(c["size"]) for i in portrait for c in pages[i].chars  # landscape: 4号 tables
                    if not c["text"].isspace())
    body_size = sizes.most_common(1)[0][0] if sizes else 0
    add(Check("正文字号", "16 pt（3号）", f"{body_size} pt", body_size == BODY_PT))
    first = per_page[0]
    title = [ln for ln in first if abs(ln.size - TITLE_PT) < 0.6
             and not any(_is_red(c.get("non_stroking_color")) for c in ln.chars)]
    add(Check("标题字号", "22 pt（2号）", f"{title[0].size:g} pt" if title else "未找到 22 pt 标题", bool(title)))

    red_chars = [c for c in pages[0].chars if _is_red(c.get("non_stroking_color")) and not c["text"].isspace()]
    if red_chars:
        add(Check("发文机关标志红色", "红色 FF0000", f"{len(red_chars)} 个红字", True))
        rules = [g for g in [*pages[0].lines, *pages[0].rects]
                 if (_is_red(g.get("stroking_color")) or _is_red(g.get("non_stroking_color")))
                 and (g["x1"] - g["x0"]) / MM > 150]
        width = f"{(rules[0]['x1'] - rules[0]['x0']) / MM:.0f} mm 红线" if rules else "未找到红色分隔线"
        add(Check("红色分隔线", "红色，版心宽 156 mm", width, bool(rules)))
    else:
        add(Check("发文机关标志红色", "有版头时为红色", "无版头", None))

    left = MARGINS["左"] * MM
    indented = [ln for ln in first if abs(ln.size - BODY_PT) < 0.6 and abs(ln.x0 - left - 2 * BODY_PT) < 4]
    add(Check("首页显示正文", "首页有正文段落", f"{len(indented)} 行首行缩进正文", bool(indented)))


def _check_signatures(report: LayoutReport, docx_path: Path, per_page: list[list[_Line]]) -> None:
    blocks = _signature_blocks(docx_path)
    if not blocks:
        report.checks.append(Check("落款不跨页", "署名与日期同页", "无落款", None))
        return
    page_texts = [_squash("".join(ln.text for ln in lines)) for lines in per_page]
    split = []
    for block in blocks:
        hits = [[i for i, t in enumerate(page_texts) if k and k in t]
                for k in (_squash(text)[:12] for text in block)]
        hits = [h for h in hits if h]
        pages: set[int] = set()
        if hits:  # the block's last line (the date) anchors it; each other line is matched nearest before
            options = []
            for anchor in hits[-1]:
                chosen = {anchor} | {max([i for i in h if i <= anchor] or [min(h)]) for h in hits[:-1]}
                options.append(chosen)
            pages = min(options, key=lambda c: (max(c) - min(c), min(c)))
        if len(pages) > 1:
            split.append(f"{_squash(block[0])[:8]}…（第 {min(pages) + 1}–{max(pages) + 1} 页）")
    report.checks.append(Check("落款不跨页", "署名与日期同页", "；".join(split) or f"{len(blocks)} 处均在同页",
                               not split))
    from reportgen.layout.composition import check_signature_pages

    body = [[ln for ln in lines if not _PAGE_NUMBER.match(ln.text)] for lines in per_page]
    shown, alone = check_signature_pages(body, blocks)
    report.checks.append(Check("落款页有正文", "署名页上方有正文（不单独成页）", "；".join([shown, *alone]), not alone))
