"""A clustered column chart: ``{{p 图表 }}`` with ``BarChart(["2014", …], {"脱贫人数": [300, …]})``.

The chart is inserted the way ``InlineImage`` inserts a picture (docs/docx.md, "Rich objects"): the
render state gets a ``word/charts/chartN.xml`` part, an embedded ``.xlsx`` related from that part, and
the current part relates to the chart. Values are written twice on purpose: the caches (``c:strCache``
/ ``c:numCache``) are what Word, WPS and LibreOffice draw; the workbook is what "编辑数据" opens.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from reportgen.docx.rich import Length, Mm
from reportgen.docx.runtime import EmitContext, RichValue
from reportgen.errors import Location, ReportgenError
from reportgen.ooxml.namespaces import A_NS, C_NS, CT_CHART, CT_XLSX, R_NS, REL_CHART, REL_PACKAGE, WP_NS
from reportgen.ooxml.xml import XML_DECLARATION

SHEET = "Sheet1"  # the name Word gives a chart's data sheet; the formulas refer to it
PALETTE = ["C0504D", "4F81BD", "9BBB59", "8064A2", "F79646", "4BACC6"]
FONT, TITLE_FONT = "仿宋_GB2312", "黑体"
WIDTH, HEIGHT = Mm(150), Mm(80)  # 版心 is 156 mm wide; 80 mm is about 8 of its 22 lines


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReportgenError(f"图表数据「{where}」不是数字：{value!r}", Location(key=where),
                             hint="图表的数值只能是整数或小数（空值画成缺口）")
    return value


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class BarChart(RichValue):
    """Columns per category, one colour per series; a legend only when there are several series.

    ``categories`` are the x-axis labels (years are written as text, e.g. ``2014``); ``series`` maps a
    series name to one value per category. ``width``/``height`` are EMU lengths (``Mm(150)``).
    """

    def __init__(self, categories: Sequence[Any], series: Mapping[str, Sequence[Any]], *, title: str = "",
                 width: Length | int = WIDTH, height: Length | int = HEIGHT, horizontal: bool = False,
                 labels: bool = True, number_format: str = "General"):
        self.categories = [str(c) for c in categories]
        if not series:
            raise ReportgenError("图表没有数据系列。", Location(key=title or "图表"),
                                 hint="至少给出一个系列，如 {'脱贫人数': [300, 280]}")
        self.series: dict[str, list[float | None]] = {}
        for name, values in series.items():
            values = list(values)
            if len(values) != len(self.categories):
                raise ReportgenError(
                    f"图表系列「{name}」有 {len(values)} 个数值，但分类有 {len(self.categories)} 个。",
                    Location(key=f"{title or '图表'}.{name}"), hint="每个分类（如每个年度）对应一个数值")
            self.series[str(name)] = [_number(v, f"{name}[{i}]") for i, v in enumerate(values)]
        self.title, self.width, self.height = title, int(width), int(height)
        self.horizontal, self.labels, self.number_format = horizontal, labels, number_format

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]], category: str, values: Sequence[str] | str,
                  **options: Any) -> BarChart:
        """From a list of records: ``BarChart.from_rows(脱贫年度, "年度", "人数", title=…)``."""
        names = [values] if isinstance(values, str) else list(values)
        missing = [k for k in (category, *names) for row in rows if k not in row]
        if missing:
            raise ReportgenError(f"图表数据的行中没有「{missing[0]}」这一项。", Location(key=missing[0]))
        return cls([r[category] for r in rows], {n: [r[n] for r in rows] for n in names}, **options)

    # -- the workbook and chart parts ------------------------------------------------------------
    def workbook(self, convert=None) -> bytes:
        """The embedded .xlsx: categories in column A, one series per column from B, names in row 1."""
        text = convert or (lambda s: s)
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True})
        sheet = book.add_worksheet(SHEET)
        for col, (name, values) in enumerate(self.series.items(), start=1):
            sheet.write_string(0, col, text(name))
            for row, value in enumerate(values, start=1):
                if value is not None:
                    sheet.write_number(row, col, value)
        for row, cat in enumerate(self.categories, start=1):
            sheet.write_string(row, 0, text(cat))
        sheet.set_column(0, len(self.series), 12)
        book.close()
        return buf.getvalue()

    def chart_xml(self, ctx: EmitContext, workbook_rid: str) -> bytes:
        """The ``c:chartSpace`` part, caches filled from the same values as the workbook."""
        def t(s: str) -> str:
            return ctx.text(s, breaks=False)

        n = len(self.categories)
        ref = f"{SHEET}!${{col}}$2:${{col}}${n + 1}"
        cats = "".join(f'<c:pt idx="{i}"><c:v>{t(c)}</c:v></c:pt>' for i, c in enumerate(self.categories))
        series = []
        for i, (name, values) in enumerate(self.series.items()):
            col = xl_col_to_name(i + 1)
            pts = "".join(f'<c:pt idx="{j}"><c:v>{_fmt(v)}</c:v></c:pt>' for j, v in enumerate(values)
                          if v is not None)
            labels = (f'<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_txpr(1000)}'
                      '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
                      '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
                      '<c:showBubbleSize val="0"/></c:dLbls>') if self.labels else ""
            series.append(
                f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:strRef><c:f>{SHEET}!${col}$1</c:f>'
                f'<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{t(name)}</c:v></c:pt></c:strCache>'
                f'</c:strRef></c:tx><c:spPr><a:solidFill><a:srgbClr val="{PALETTE[i % len(PALETTE)]}"/>'
                f'</a:solidFill></c:spPr><c:invertIfNegative val="0"/>{labels}'
                f'<c:cat><c:strRef><c:f>{ref.format(col="A")}</c:f><c:strCache><c:ptCount val="{n}"/>{cats}'
                f'</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>{ref.format(col=col)}</c:f><c:numCache>'
                f'<c:formatCode>{t(self.number_format)}</c:formatCode><c:ptCount val="{n}"/>{pts}</c:numCache>'
                f'</c:numRef></c:val></c:ser>')
        title = (f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_defrpr(1400, TITLE_FONT)}'
                 f'</a:pPr><a:r>{_defrpr(1400, TITLE_FONT, tag="a:rPr")}<a:t>{t(self.title)}</a:t></a:r></a:p>'
                 '</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
                 if self.title else '<c:autoTitleDeleted val="1"/>')
        legend = ('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
                  if len(self.series) > 1 else "")
        cat_pos, val_pos = ("l", "b") if self.horizontal else ("b", "l")
        xml = (
            f'{XML_DECLARATION}<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
            '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
            f'<c:chart>{title}<c:plotArea><c:layout/><c:barChart>'
            f'<c:barDir val="{"bar" if self.horizontal else "col"}"/><c:grouping val="clustered"/>'
            f'<c:varyColors val="0"/>{"".join(series)}<c:gapWidth val="80"/>'
            '<c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>'
            f'<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{cat_pos}"/><c:numFmt formatCode="General" sourceLinked="1"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            f'<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{val_pos}"/><c:majorGridlines><c:spPr><a:ln w="6350">'
            '<a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
            f'<c:numFmt formatCode="{t(self.number_format)}" sourceLinked="1"/><c:majorTickMark val="out"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/>'
            '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
            f'{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
            '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
            f'{_txpr(1200)}<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>'
            '</c:chartSpace>'
        )
        return xml.encode("utf-8")

    # -- the RichValue interface -----------------------------------------------------------------
    def run_xml(self, ctx: EmitContext) -> str:
        state = ctx.state
        chart_part = state.unique_part_name("word/charts/chart{}.xml")
        number = chart_part[len("word/charts/chart"):-len(".xml")]
        book_part = state.unique_part_name("word/embeddings/Microsoft_Excel_Worksheet{}.xlsx")
        state.add_part(book_part, self.workbook(ctx.convert), CT_XLSX, default_extension=True)
        source, state.part = state.part, chart_part
        try:
            book_rid = state.relate(REL_PACKAGE, book_part)
        finally:
            state.part = source
        state.add_part(chart_part, self.chart_xml(ctx, book_rid), CT_CHART)
        chart_rid = state.relate(REL_CHART, chart_part)
        pid = state.next_docpr_id()
        name = ctx.text(f"图表 {number}", breaks=False)
        descr = ctx.text(self.title, breaks=False)
        return (
            f'<w:r>{ctx.rpr}<w:drawing><wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{self.width}" cy="{self.height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{pid}" name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
            f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{chart_rid}"/>'
            f"</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )


def _defrpr(size: int, font: str, tag: str = "a:defRPr") -> str:
    """Run properties in black, Times New Roman for Latin and ``font`` for Chinese."""
    lang = ' lang="zh-CN"' if tag == "a:rPr" else ""
    return (f'<{tag}{lang} sz="{size}" b="0"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            f'<a:latin typeface="Times New Roman"/><a:ea typeface="{font}"/></{tag}>')


def _txpr(size: int) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_defrpr(size, FONT)}</a:pPr>'
            '<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')
