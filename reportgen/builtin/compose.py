"""Building blocks for the built-in templates: styled paragraphs, tables, 红头, 版记 and signature blocks.

Each helper writes plain Jinja text into a single run, so template tags are never split across runs.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table

from reportgen.builtin.gongwen import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    PAGE_W,
    _set_child,
    add_page_numbers,
    set_landscape,
    set_portrait,
)
from reportgen.ooxml.order import TBLPR_ORDER, TCPR_ORDER, insert_in_order, sort_children

TEXT_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm in twips


def order_tbl_pr(tbl: Table) -> None:
    """Put ``w:tblPr`` children in schema order (Word rejects out-of-order table properties)."""
    sort_children(tbl._tbl.tblPr, TBLPR_ORDER)


def para(doc, text: str = "", style: str | None = None):
    """One paragraph in ``style`` (Normal = 正文) with ``text`` in a single run."""
    p = doc.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def paras(doc, style: str | None, *texts: str) -> None:
    for text in texts:
        para(doc, text, style)


def blank(doc, count: int = 1) -> None:
    """Empty lines on the 22-line grid (GB/T 9704 counts spacing in lines)."""
    for _ in range(count):
        para(doc, "", "主送机关")


def _borders(tbl_pr, **sides: tuple[str, int, str]) -> None:
    """Table borders: side → (val, size in 1/8 pt, colour)."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        val, size, color = sides.get(side, ("nil", 0, "auto"))
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), color)
        borders.append(el)
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    tbl_pr.append(borders)


def table(doc, rows: list[list[str]], widths_mm: list[float], *, styles: list[str] | None = None,
          grid: bool = True, width: int = TEXT_WIDTH) -> Table:
    """A table of fixed column widths; ``styles`` gives each row's paragraph style (default 表格文字)."""
    tbl = doc.add_table(rows=len(rows), cols=len(widths_mm))
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    total = sum(widths_mm)
    twips = [int(width * w / total) for w in widths_mm]
    tbl_pr = tbl._tbl.tblPr
    _set_child(tbl_pr, "w:tblW", w=str(sum(twips)), type="dxa")
    _set_child(tbl_pr, "w:tblLayout", type="fixed")
    single = ("single", 4, "000000")
    _borders(tbl_pr, **({k: single for k in ("top", "left", "bottom", "right", "insideH", "insideV")}
                        if grid else {}))
    for col, tw in zip(tbl.columns, twips, strict=True):
        col.width = Twips(tw)
    for r, (row, values) in enumerate(zip(tbl.rows, rows, strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        _set_child(tr_pr, "w:cantSplit")
        for cell, value, tw in zip(row.cells, values, twips, strict=True):
            cell.width = Twips(tw)
            cell.vertical_alignment = 1  # centre
            p = cell.paragraphs[0]
            p.style = doc.styles[(styles[r] if styles else None) or "表格文字"]
            if value:
                p.add_run(value)
    order_tbl_pr(tbl)
    return tbl


def repeat_header(tbl: Table, rows: int = 1) -> None:
    """Repeat the first ``rows`` rows on every page the table spans."""
    for row in tbl.rows[:rows]:
        _set_child(row._tr.get_or_add_trPr(), "w:tblHeader")


def flowing_table(doc, head: list[str], item: str, items: str, row: list[str], total: list[str],
                  widths_mm: list[float]) -> Table:
    """A table by 乡镇 that breaks across pages the way a typist sets it, instead of moving whole to the
    next page and leaving a half-empty one: the header repeats on every page (``w:tblHeader``), no row
    splits (``w:cantSplit``), the header keeps with the first two data rows and the last data row with
    合计, so a page foot never shows a header with one row and a continued page never a lone 合计.
    ``{%tr for item in items %}`` is written as three loops (first row, middle rows, last row) so that
    only the first and last rows carry keep-with-next.
    """
    empty = [""] * (len(row) - 1)
    rows, kept = [head], [0]
    for part, keep in ((f"{items}[:1]", True), (f"{items}[1:-1]", False), (f"{items}[1:][-1:]", True)):
        if keep:
            kept.append(len(rows) + 1)
        rows += [[f"{{%tr for {item} in {part} %}}", *empty], row, ["{%tr endfor %}", *empty]]
    tbl = table(doc, [*rows, total], widths_mm, styles=["表头"] + [None] * len(rows))
    repeat_header(tbl)
    for index in kept:
        for cell in tbl.rows[index].cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    return tbl


def red_head(doc, agencies: str, agency_var: str) -> None:
    """发文机关标志 (GB/T 9704 §7.2.4), red 小标宋, with 文件 to the right of the names, centred on them.

    Up to 3 agencies: names stacked, at 24 pt or smaller so the longest stays on one line. A joint issue
    by more (seed 003 has 14): the names in three or two columns (one for a few very long names), lead
    agency first, at the size
    :func:`reportgen.format.joint.joint_layout` computes from the widest name (4号 at most), 文件 in one
    cell merged down all rows and centred, so the 标志 stays a short block and page 1 still shows the
    body (§7.3.3), and no name breaks inside its cell. A borderless table either way.
    """
    para(doc, f"{{%p if {agencies}|length <= {STACKED_AGENCIES} %}}")
    para(doc, f"{{%p set 标志布局 = {agencies}|joint_layout('标志竖排') %}}")
    tbl = table(doc, [["", "文件"]], [118, 38], grid=False)
    left, right = tbl.rows[0].cells
    first = left.paragraphs[0]
    first.style = doc.styles["发文机关标志"]
    first.add_run(f"{{%p for {agency_var} in {agencies} %}}")
    for text in (f"{{{{ {agency_var}|sized(标志布局.字号) }}}}", "{%p endfor %}"):
        left.add_paragraph(text, style="发文机关标志")
    right.paragraphs[0].style = doc.styles["发文机关标志文件"]
    para(doc, "{%p else %}")
    para(doc, f"{{%p set 标志布局 = {agencies}|joint_layout('标志') %}}")
    for columns in ISSUER_COLUMNS:
        para(doc, f"{{%p {'if' if columns == ISSUER_COLUMNS[0] else 'elif'} 标志布局.列 == {columns} %}}")
        _joint_issuer_table(doc, columns)
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")


def _joint_issuer_table(doc, columns: int) -> None:
    row = "组"
    names = [f"{{{{ {row}[{i}]|sized(标志布局.字号) }}}}" for i in range(columns)]
    rows = [["{%tr for 组 in 标志布局.行 %}", *[""] * columns],
            [*names, "{% vm %}文件"],
            ["{%tr endfor %}", *[""] * columns]]
    width = (156 - ISSUER_WORD_MM) / columns
    tbl = table(doc, rows, [width] * columns + [ISSUER_WORD_MM], grid=False,
                styles=[None, "发文机关标志联合", None])
    _zero_cell_margins(tbl, 85)  # 1.5 mm each side (reportgen.format.joint.ISSUER counts them)
    tbl.rows[1].cells[columns].paragraphs[0].style = doc.styles["发文机关标志文件"]


STACKED_AGENCIES = 3  # more agencies than this: names in columns (标志) and in rows of 署名
ISSUER_COLUMNS = (3, 2, 1)  # the column counts joint_layout chooses from for the 标志 …
SIGNATURE_COLUMNS = (3, 2, 1)  # … and for the 署名 (reportgen.format.joint)
ISSUER_WORD_MM = 34.2  # the 文件 column of a joint 标志


def signatures(doc, names: str) -> None:
    """发文机关署名 (§7.3.5) kept with the body above and the 成文日期 below (keep-with-next chain).

    One to three agencies: a blank line, then the names stacked, right-aligned. More: a borderless table
    right under the body, three (or, for long names, two, or one) names a row evenly spread, at 3号
    (:func:`reportgen.format.joint.joint_layout` chooses from the widest name), each row kept with the next
    and never split, so the block follows the body on the same page (seed 003: 14 agencies).
    """
    para(doc, f"{{%p if {names}|length <= {STACKED_AGENCIES} %}}")
    blank(doc)  # 正文下空一行; the rows of many names follow the body directly (seals press on them)
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    for text in (f"{{%p for 署名 in {names} %}}", "{{ 署名 }}", "{%p endfor %}"):
        para(doc, text, "署名")
    para(doc, "{%p else %}")
    para(doc, f"{{%p set 署名布局 = {names}|joint_layout('署名') %}}")
    for columns in SIGNATURE_COLUMNS:
        para(doc, f"{{%p {'if' if columns == SIGNATURE_COLUMNS[0] else 'elif'} 署名布局.列 == {columns} %}}")
        cells = [f"{{{{ 行[{i}]|sized(署名布局.字号) }}}}" for i in range(columns)]
        rows = [["{%tr for 行 in 署名布局.行 %}", *[""] * (columns - 1)], cells,
                ["{%tr endfor %}", *[""] * (columns - 1)]]
        style = "署名联合" if columns > 1 else "署名联合竖排"
        tbl = table(doc, rows, [156 / columns] * columns, grid=False, styles=[style] * 3)
        if columns == 1:
            _zero_cell_margins(tbl)  # the names end 4 字 from the 版心's edge, as stacked ones do
        for row in tbl.rows:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")


def _zero_cell_margins(tbl: Table, twips: int = 0) -> None:
    """Narrow (default: no) left/right cell margins: the text may use the column's full width."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl._tbl.tblPr.append(margins)
    order_tbl_pr(tbl)


def red_rule_number(doc, text: str) -> None:
    """发文字号 centred, with the red separator rule (1.5 pt, 版心 wide) about 4 mm below it."""
    p = para(doc, text, "发文字号")
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", "FF0000")):
        bottom.set(qn(f"w:{key}"), value)
    bdr.append(bottom)
    ppr.insert(0, bdr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(bdr)


def record(doc, lines: list[str], hanging_chars: int = 3) -> Table:
    """版记 at the foot of the last page: thick first/last rule, thin between (GB/T 9704 §7.4).

    A floating table whose bottom sits on the 版心's bottom (``tblpYSpec="bottom"`` from the margin).
    It is placed horizontally from the *page* edge (``tblpX`` = left margin): LibreOffice turns a
    floating table into a frame only then (a margin-relative table as wide as the 版心 stays inline and is
    drawn at the top of the page). Cell margins are 0 so the rules span exactly the 版心 in Word and
    LibreOffice alike; the 版记 style indents the text 1 字 each side. Rows are at least 1 line high and
    grow: the first line (抄送) wraps under the first character after its ``抄送：`` (``hanging_chars``).
    """
    tbl = table(doc, [[text] for text in lines], [156], grid=False, styles=["版记"] * len(lines))
    tbl_pr = tbl._tbl.tblPr
    _borders(tbl_pr, top=("single", 8, "000000"), bottom=("single", 8, "000000"),
             insideH=("single", 6, "000000"))
    ppr = OxmlElement("w:tblpPr")
    for key, value in (("leftFromText", "0"), ("rightFromText", "0"), ("vertAnchor", "margin"),
                       ("horzAnchor", "page"), ("tblpX", str(MARGIN_LEFT)), ("tblpYSpec", "bottom")):
        ppr.set(qn(f"w:{key}"), value)
    tbl_pr.append(ppr)
    _set_child(tbl_pr, "w:tblOverlap", val="never")
    _zero_cell_margins(tbl)
    for row in tbl.rows:
        row.height = Twips(RECORD_ROW)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for row in tbl.rows if hanging_chars else ():
        if not row.cells[0].text.startswith(("主送：", "抄送：")):
            continue
        ind = row.cells[0].paragraphs[0]._p.get_or_add_pPr()
        left = 1 + hanging_chars
        _set_child(ind, "w:ind", leftChars=str(100 * left), left=str(RECORD_CHAR * left),
                   rightChars="100", right=str(RECORD_CHAR),
                   hangingChars=str(100 * hanging_chars), hanging=str(RECORD_CHAR * hanging_chars))
        if row.cells[0].text.startswith("主送："):  # a 主送 moved into the 版记 has no rule below it
            borders = OxmlElement("w:tcBorders")
            _set_child(borders, "w:bottom", val="nil")
            insert_in_order(row.cells[0]._tc.get_or_add_tcPr(), borders, TCPR_ORDER)
    return tbl


RECORD_ROW = 579  # one 版记 line: the body's line pitch (28.95 pt)
RECORD_CHAR = 280  # 1 字 of 4号 (14 pt) in twips
WD_ROW_HEIGHT_RULE_EXACT = WD_ROW_HEIGHT_RULE.EXACTLY


def signature_table(doc, rows: list[list[str]]) -> Table:
    """Borderless two-column 签署栏 that never splits across pages (rows kept together)."""
    tbl = table(doc, rows, [78, 78], grid=False, styles=["签署栏"] * len(rows))
    for row in tbl.rows[:-1]:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    return tbl


def keep_together_before(doc, count: int) -> None:
    """Keep the last ``count`` paragraphs with what follows (e.g. the blank line before a 签署栏)."""
    for p in doc.paragraphs[-count:]:
        p.paragraph_format.keep_with_next = True


def last_section(doc: DocxDocument) -> None:
    """The 版记 page (GB/T 9704 §7.4/§7.5): a portrait section on a new page with empty footers, so
    neither the 版记 page nor a blank page before it carries a page number.

    Not ``w:type="evenPage"``: LibreOffice inserts no blank page for it and moves the 版记 4 mm below the
    版心 (measured). :func:`reportgen.layout.parity.record_on_even_page` adds the blank page when the
    rendered 版记 lands on an odd page.
    """
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    set_portrait(section)
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    for footer in (section.footer, section.even_page_footer):
        footer.paragraphs[0].style = doc.styles["页码"]


def new_section(doc: DocxDocument, landscape: bool) -> None:
    """Start a new page in a new section (portrait or landscape), page numbers continuing."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    (set_landscape if landscape else set_portrait)(section)
    if landscape:
        add_page_numbers(doc, section)
