"""A GB/T 9704-2012 document scaffold: page geometry, styles and page numbers, built in code.

python-docx's default template is US Letter, Cambria, ja-JP theme language and blue theme-font headings;
everything here replaces that, so a template built from :func:`new_document` carries the 公文 format in
its styles and sections instead of having it patched on every run. Layout numbers are from
GB/T 9704-2012 §5 and the LibreOffice measurements in cn-standards.md §2.5 (exact 28.95 pt pitch,
−0.25 pt character spacing and widow control off give 22 lines × 28 字 in a LibreOffice render too).
"""

from __future__ import annotations

from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Pt, RGBColor, Twips

from reportgen.ooxml.order import PPR_ORDER, RPR_ORDER, sort_children

# -- GB/T 9704 numbers (twips: 1 mm = 56.693 twips) ---------------------------------------------------
PAGE_W, PAGE_H = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474  # 37/35/28/26 mm
FOOTER_DISTANCE = 1378  # 24.3 mm: the 页码 line's centre 7 mm below the 版心
HEADER_DISTANCE = 851  # 15 mm (the header is empty)
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines, exact
CHAR_SPACING = -5  # twentieths of a point (−0.25 pt): 28 × 15.75 pt fits the 156 mm line
BODY_SIZE, TITLE_SIZE, NOTE_SIZE = Pt(16), Pt(22), Pt(14)  # 3号, 2号, 4号
RED = RGBColor(0xFF, 0x00, 0x00)

FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"
LATIN = "Times New Roman"

# Paragraph styles: (style id, display name, east-asian font, size, options). Options: indent (字 of the
# first line), align, keep (keep with next), bold, color, latin.
STYLES: list[tuple[str, str, str, Pt, dict]] = [
    ("GwTitle", "公文标题", XIAOBIAOSONG, TITLE_SIZE, {"indent": 0, "align": "center", "keep": True}),
    ("GwHeading1", "一级标题", HEITI, BODY_SIZE, {"keep": True, "outline": 0}),
    ("GwHeading2", "二级标题", KAITI, BODY_SIZE, {"keep": True, "outline": 1}),
    ("GwHeading3", "三级标题", FANGSONG, BODY_SIZE, {"keep": True, "outline": 2}),
    ("GwHeading4", "四级标题", FANGSONG, BODY_SIZE, {"outline": 3}),
    ("GwAddressee", "主送机关", FANGSONG, BODY_SIZE, {"indent": 0, "align": "left"}),
    ("GwSignature", "署名", FANGSONG, BODY_SIZE, {"indent": 0, "align": "right", "keep": True, "right": 4}),
    ("GwDate", "成文日期", FANGSONG, BODY_SIZE, {"indent": 0, "align": "right", "right": 4}),
    ("GwAttachment", "附件标注", HEITI, BODY_SIZE, {"indent": 0, "align": "left", "keep": True}),
    ("GwIssuer", "发文机关标志", XIAOBIAOSONG, Pt(24), {"indent": 0, "align": "distribute", "color": RED,
                                                  "line": Pt(32), "spacing": 0}),
    ("GwIssuerJoint", "发文机关标志联合", XIAOBIAOSONG, NOTE_SIZE, {"indent": 0, "align": "distribute",
                                                        "color": RED, "line": Pt(18), "spacing": -10}),
    ("GwSignatureJoint", "署名联合", FANGSONG, BODY_SIZE, {"indent": 0, "align": "center", "keep": True,
                                                     "line": Pt(20)}),
    ("GwSignatureJointStacked", "署名联合竖排", FANGSONG, BODY_SIZE, {"indent": 0, "align": "right", "keep": True,
                                                                "right": 4, "line": Pt(20)}),
    ("GwIssuerWord", "发文机关标志文件", XIAOBIAOSONG, Pt(42), {"indent": 0, "align": "center", "color": RED,
                                                        "line": None}),
    ("GwDocNumber", "发文字号", FANGSONG, BODY_SIZE, {"indent": 0, "align": "center"}),
    ("GwTableText", "表格文字", FANGSONG, NOTE_SIZE, {"indent": 0, "align": "center", "line": Pt(20),
                                                   "spacing": 0}),
    ("GwTableTextLeft", "表格文字左齐", FANGSONG, NOTE_SIZE, {"indent": 0, "align": "left", "line": Pt(20),
                                                         "spacing": 0}),
    ("GwTableHead", "表头", HEITI, NOTE_SIZE, {"indent": 0, "align": "center", "line": Pt(20), "spacing": 0}),
    ("GwRecord", "版记", FANGSONG, NOTE_SIZE, {"indent": 0, "align": "left", "left": 1, "right": 1,
                                              "spacing": 0}),
    ("GwChart", "图表", FANGSONG, BODY_SIZE, {"indent": 0, "align": "center", "line": None}),  # a drawing
    # in an exact-pitch line would be clipped to one line; single spacing lets it take whole grid lines
    ("GwSignBlock", "签署栏", FANGSONG, BODY_SIZE, {"indent": 0, "align": "left"}),
    ("GwPageNumber", "页码", SONGTI, NOTE_SIZE, {"indent": 0, "latin": SONGTI, "line": None, "spacing": 0}),
]


def set_run_fonts(element, east_asia: str, latin: str = LATIN) -> None:
    """Write all four font slots of a run or style and drop theme attributes (which would win)."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        rfonts.set(qn(attr), value)
    rfonts.set(qn("w:hint"), "eastAsia")


def _set_child(parent, tag: str, **attrs: str):
    """Replace (or add) one child element with the given w: attributes."""
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    parent.append(el)
    return el


def new_document() -> DocxDocument:
    """An empty A4 公文 document: styles, section geometry, page numbers and settings, no body."""
    doc = Document()
    _drop_default_leftovers(doc)
    _doc_defaults(doc)
    _styles(doc)
    _settings(doc)
    section = doc.sections[0]
    set_portrait(section)
    add_page_numbers(doc, section)
    core = doc.core_properties
    core.author = core.last_modified_by = "reportgen"
    core.language = "zh-CN"
    core.title = core.subject = core.keywords = core.comments = ""
    core.created = core.modified = datetime(2024, 1, 1, tzinfo=UTC)
    core.revision = 1
    return doc


def set_portrait(section: Section) -> None:
    """A4 portrait with the GB/T 9704 版心 (156 × 225 mm)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)
    _grid(section)


def set_landscape(section: Section) -> None:
    """A4 landscape for wide tables (GB/T 9704 §8): the same 版心, turned; page numbers stay at the foot."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Twips(PAGE_H), Twips(PAGE_W)
    section.top_margin, section.bottom_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.left_margin, section.right_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(700)
    _grid(section)


def _grid(section: Section) -> None:
    sect = section._sectPr
    _set_child(sect, "w:docGrid", type="lines", linePitch=str(int(LINE_PITCH.pt * 20)))


def _drop_default_leftovers(doc: DocxDocument) -> None:
    """Remove python-docx's sample parts (thumbnail, stylesWithEffects) and unused default styles."""
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype == RT.CUSTOM_XML:
            del doc.part.rels[rid]
    keep = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid", "Header", "Footer",
            "Header Char", "Footer Char"}
    styles_el = doc.styles.element
    for style in list(doc.styles):
        if style.name not in keep:
            styles_el.remove(style.element)
    for style_el in styles_el.findall(qn("w:style")):
        for tag in ("w:rsid", "w:link", "w:uiPriority"):
            for el in style_el.findall(qn(tag)):
                style_el.remove(el)
    latent = styles_el.find(qn("w:latentStyles"))
    if latent is not None:
        styles_el.remove(latent)


def _doc_defaults(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rfonts = _set_child(rpr, "w:rFonts", ascii=LATIN, hAnsi=LATIN, eastAsia=FANGSONG, cs=LATIN, hint="eastAsia")
    assert rfonts is not None
    _set_child(rpr, "w:kern", val="0")
    _set_child(rpr, "w:sz", val=str(int(BODY_SIZE.pt * 2)))
    _set_child(rpr, "w:szCs", val=str(int(BODY_SIZE.pt * 2)))
    _set_child(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    _set_child(ppr, "w:spacing", before="0", after="0", line=str(int(LINE_PITCH.pt * 20)), lineRule="exact")


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _style_format(normal, FANGSONG, BODY_SIZE, {"indent": 2, "align": "both"})
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        _style_format(style, FANGSONG, NOTE_SIZE, {"indent": 0, "line": None, "spacing": 0})
        ppr = style.element.get_or_add_pPr()
        tabs = ppr.find(qn("w:tabs"))
        if tabs is not None:
            ppr.remove(tabs)
    table_grid = doc.styles["Table Grid"]
    table_grid.element.get_or_add_pPr()
    for style_id, name, east_asia, size, options in STYLES:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = normal
        style.quick_style = True
        _style_format(style, east_asia, size, options)


def _style_format(style, east_asia: str, size: Pt, options: dict) -> None:
    """Fonts, size and paragraph format of one style, in 字 units of its own size where relevant."""
    set_run_fonts(style.element, east_asia, options.get("latin", LATIN))
    font = style.font
    font.size = size
    font.bold = options.get("bold", False)
    font.color.rgb = options.get("color", RGBColor(0, 0, 0))
    rpr = style.element.get_or_add_rPr()
    _set_child(rpr, "w:spacing", val=str(options.get("spacing", CHAR_SPACING)))
    pf = style.paragraph_format
    line = options.get("line", LINE_PITCH)
    if line is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, line
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = False
    pf.keep_with_next = options.get("keep", False)
    align = options.get("align", "both")
    ppr = style.element.get_or_add_pPr()
    _set_child(ppr, "w:jc", val=align)
    ind = {"firstLineChars": str(100 * options.get("indent", 2)),
           "firstLine": str(int(size.pt * 20 * options.get("indent", 2)))}
    for side, key in (("left", "left"), ("right", "right")):
        if options.get(key):
            ind[f"{side}Chars"] = str(100 * options[key])
            ind[side] = str(int(size.pt * 20 * options[key]))
    _set_child(ppr, "w:ind", **ind)
    _set_child(ppr, "w:overflowPunct", val="0")  # no hanging punctuation: lines stay within 156 mm
    if size > BODY_SIZE or line not in (None, LINE_PITCH):
        # LibreOffice snaps each line whose glyphs are taller than the 28.95 pt grid to two grid lines,
        # even with an exact pitch: a two-line 2号 title took four lines and the 标志 six
        _set_child(ppr, "w:snapToGrid", val="0")
    if "outline" in options:
        _set_child(ppr, "w:outlineLvl", val=str(options["outline"]))


def _settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:rsids", "w:attachedTemplate"):
        el = settings.find(qn(tag))
        if el is not None:
            settings.remove(el)
    compat = settings.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    doc.settings.odd_and_even_pages_header_footer = True


def _page_field(paragraph) -> None:
    """Append ``— PAGE —`` (em dashes, half-width digits) as a real PAGE field."""
    def run(text: str | None = None, fld: str | None = None, instr: str | None = None) -> None:
        r = paragraph.add_run(text or "")
        if fld:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def add_page_numbers(doc: DocxDocument, section: Section) -> None:
    """Odd pages 居右空一字, even pages 居左空一字 (GB/T 9704 §7.5); the header stays empty."""
    page_style = doc.styles["页码"]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = page_style
        paragraph.alignment = align
        ppr = paragraph._p.get_or_add_pPr()
        _set_child(ppr, "w:ind", **{f"{side}Chars": "100", side: str(int(NOTE_SIZE.pt * 20)),
                                      "firstLineChars": "0", "firstLine": "0"})
        _page_field(paragraph)
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False


def normalize(doc: DocxDocument) -> None:
    """Put every pPr/rPr in schema order (Word refuses files whose properties are out of order)."""
    roots = [doc.styles.element, doc.element]
    for section in doc.sections:
        for part in (section.footer, section.even_page_footer, section.header, section.even_page_header):
            if not part.is_linked_to_previous:
                roots.append(part._element)
    for root in roots:
        for ppr in root.iter(qn("w:pPr")):
            sort_children(ppr, PPR_ORDER)
        for rpr in root.iter(qn("w:rPr")):
            sort_children(rpr, RPR_ORDER)
