"""Build the built-in county reporting templates in ``templates/xlsx/`` (re-runnable).

``python -m reportgen.xlsx.build_templates [OUT_DIR]``. The templates are ordinary .xlsx files a
clerk can open and adjust in Excel/WPS; this script only exists so they can be regenerated and
reviewed as code. Each has a title row, a merged multi-row header, 填报单位/填报日期 lines, A4
landscape print setup and print titles; the context keys are those of docs/figures.md, plus ``报表``
(填报单位, 填报日期, 负责人, 填报人) from the parameters.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reportgen.io.files import atomic_writer
from reportgen.io.resources import resource_dir

TEMPLATES_DIR = resource_dir("templates", "xlsx")

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
HEAD_FONT = Font(name="黑体", size=11, bold=True)
BODY_FONT = Font(name="仿宋", size=11)
NOTE_FONT = Font(name="仿宋", size=10)
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
UNIT = "填报单位：{{ 报表.填报单位 if 报表 is defined and 报表.填报单位 else 县 ~ '乡村振兴局' }}"
DATE = "填报日期：{{ 报表.填报日期 if 报表 is defined and 报表.填报日期 else '      年    月    日' }}"
SIGN = ("负责人：{{ 报表.负责人 if 报表 is defined and 报表.负责人 else '' }}          "
        "填报人：{{ 报表.填报人 if 报表 is defined and 报表.填报人 else '' }}")


def _frame(ws, title: str, width: int, head_rows: int, widths: list[float]) -> None:
    """Title (row 1), 填报单位/日期 line (row 2), page setup; the header starts at row 3."""
    last = get_column_letter(width)
    ws["A1"] = title
    ws["A1"].font, ws["A1"].alignment = TITLE_FONT, _CENTER
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 36
    half = max(2, width // 2)
    ws["A2"] = UNIT
    ws.merge_cells(f"A2:{get_column_letter(half)}2")
    ws.cell(2, half + 1, DATE)
    ws.merge_cells(f"{get_column_letter(half + 1)}2:{last}2")
    ws["A2"].font = ws.cell(2, half + 1).font = NOTE_FONT
    ws.cell(2, half + 1).alignment = Alignment(horizontal="right")
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_title_rows = f"3:{2 + head_rows}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = f"C{3 + head_rows}"


def _header(ws, cells: list[tuple[str, str]], rows: range, width: int) -> None:
    """``cells``: (range, text); every header cell gets the header style and border."""
    for r in rows:
        ws.row_dimensions[r].height = 28
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border, cell.fill = HEAD_FONT, _CENTER, _BORDER, HEAD_FILL
    for ref, text in cells:
        first = ref.split(":")[0]
        ws[first] = text
        if ":" in ref:
            ws.merge_cells(ref)


def _body_row(ws, r: int, values: list, number_formats: dict[int, str] | None = None, bold=False,
              text_columns: tuple[int, ...] = ()) -> None:
    """One body row: numbers centred like their neighbours; only ``text_columns`` (names, tasks) left.

    (Column 2 used to be left-aligned in every table, so 全县分年度's 脱贫户数 stood out from its centred
    neighbours.)
    """
    for c, value in enumerate(values, 1):
        cell = ws.cell(r, c, value)
        cell.font = Font(name="仿宋", size=11, bold=bold)
        cell.border = _BORDER
        cell.alignment = _LEFT if c in text_columns and not bold else _CENTER
        if number_formats and c in number_formats:
            cell.number_format = number_formats[c]
    ws.row_dimensions[r].height = 20


def _notes(ws, r: int, width: int, lines: list[str]) -> None:
    for i, text in enumerate(lines):
        ws.cell(r + i, 1, text).font = NOTE_FONT
        ws.cell(r + i, 1).alignment = _LEFT
        ws.merge_cells(start_row=r + i, start_column=1, end_row=r + i, end_column=width)


def town_summary() -> Workbook:
    """(1) 乡镇 巩固拓展脱贫攻坚成果 summary from 乡镇汇总 / 乡镇汇总合计."""
    wb = Workbook()
    ws = wb.active
    ws.title = "乡镇汇总"
    width = 13
    _frame(ws, "{{ 县 }}{{ 年度 }}年巩固拓展脱贫攻坚成果情况汇总表（按乡镇）", width, 2,
           [6, 14, 9, 10, 10, 10, 10, 10, 10, 11, 11, 12, 12])
    _header(ws, [
        ("A3:A4", "序号"), ("B3:B4", "乡镇"), ("C3:C4", "行政村数（个）"), ("D3:E3", "建档立卡"),
        ("D4", "户数"), ("E4", "人数"), ("F3:G3", "已脱贫"), ("F4", "户数"), ("G4", "人数"),
        ("H3:I3", "监测对象"), ("H4", "户数"), ("I4", "人数"), ("J3:K3", "其中：风险已消除"),
        ("J4", "户数"), ("K4", "人数"), ("L3:L4", "农业户籍人口（人）"), ("M3:M4", "贫困发生率（%）"),
    ], range(3, 5), width)
    fmt = {c: "#,##0" for c in range(3, 13)} | {13: "0.00%"}
    keys = ["行政村数", "建档立卡户数", "建档立卡人数", "已脱贫户数", "已脱贫人数", "监测户数", "监测人数",
            "风险已消除户数", "风险已消除人数", "农业户籍人口"]
    _body_row(ws, 5, ["{%tr for t in 乡镇汇总 %}{{ loop.index }}{%tr endfor %}", "{{ t.名称 }}",
                      *[f"{{{{ t.{k} }}}}" for k in keys], "=IFERROR((E5-G5)/L5,0)"], fmt, text_columns=(2,))
    _body_row(ws, 6, ["合计", None, *[f"=SUM({get_column_letter(c)}5:{get_column_letter(c)}5)"
                                      for c in range(3, 13)], "=IFERROR((E6-G6)/L6,0)"], fmt, bold=True)
    ws.merge_cells("A6:B6")
    _notes(ws, 7, width, ["注：贫困发生率＝（建档立卡人数－已脱贫人数）÷农业户籍人口×100%；合计行为公式，随明细自动汇总。",
                          SIGN])
    return wb


def poverty_exit_by_year() -> Workbook:
    """(2) 脱贫人口 by year and 乡镇, a column per year, with a bar chart of 脱贫人数 by year."""
    wb = Workbook()
    ws = wb.active
    ws.title = "分年度脱贫"
    _frame(ws, "{{ 县 }}建档立卡脱贫人口分年度统计表（按乡镇）", 4, 2, [6, 14, 9, 10])
    _header(ws, [("A3:A4", "序号"), ("B3:B4", "乡镇"), ("C3", "各年度脱贫人数（人）"),
                 ("C4", "{%tc for y in 建档立卡.脱贫年度 %}{{ y.年度 }}年{%tc endfor %}"), ("D3:D4", "合计")],
            range(3, 5), 4)
    fmt = {3: "#,##0", 4: "#,##0"}
    _body_row(ws, 5, ["{%tr for t in 建档立卡.乡镇 %}{{ loop.index }}{%tr endfor %}", "{{ t.名称 }}",
                      "{{ t.脱贫年度 | selectattr('年度', 'equalto', y.年度) | map(attribute='人数') | sum }}",
                      "=SUM(C5:C5)"], fmt, text_columns=(2,))
    _body_row(ws, 6, ["合计", None, "=SUM(C5:C5)", "=SUM(D5:D5)"], fmt, bold=True)
    ws.merge_cells("A6:B6")
    _notes(ws, 7, 4, [SIGN])
    # the county series by year, with the chart of 脱贫人数 next to it
    ws = wb.create_sheet("全县分年度")
    _frame(ws, "{{ 县 }}建档立卡脱贫人口分年度汇总", 4, 1, [10, 12, 12, 14])
    ws.freeze_panes = "A4"
    _header(ws, [("A3", "年度"), ("B3", "脱贫户数"), ("C3", "脱贫人数"), ("D3", "累计脱贫人数")], range(3, 4), 4)
    _body_row(ws, 4, ["{%tr for y in 建档立卡.脱贫年度 %}{{ y.年度 }}{%tr endfor %}", "{{ y.户数 }}",
                      "{{ y.人数 }}", "{{ y.累计人数 }}"], {2: "#,##0", 3: "#,##0", 4: "#,##0"})
    _body_row(ws, 5, ["合计", "=SUM(B4:B4)", "=SUM(C4:C4)", None], {2: "#,##0", 3: "#,##0"}, bold=True)
    chart = BarChart()
    chart.title = "各年度脱贫人数"
    chart.y_axis.title = "人数"
    chart.add_data(Reference(ws, min_col=3, min_row=3, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=4))
    chart.height, chart.width = 7.5, 16
    ws.add_chart(chart, "F3")
    return wb


def left_behind_children() -> Workbook:
    """(3) 留守儿童 by 乡镇 and 监护类型 (a column per 监护类型)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "留守儿童"
    _frame(ws, "{{ 县 }}农村留守儿童监护情况统计表（按乡镇）", 4, 2, [6, 14, 12, 14])
    _header(ws, [("A3:A4", "序号"), ("B3:B4", "乡镇"), ("C3:C4", "留守儿童人数（人）"),
                 ("D3", "按监护类型分（人）"),
                 ("D4", "{%tc for g in 留守儿童.监护类型 %}{{ g.名称 }}{%tc endfor %}")], range(3, 5), 4)
    fmt = {3: "#,##0", 4: "#,##0"}
    _body_row(ws, 5, ["{%tr for t in 留守儿童.乡镇 %}{{ loop.index }}{%tr endfor %}", "{{ t.名称 }}",
                      "{{ t.人数 }}", "{{ t.监护类型[g.名称] | default(0) }}"], fmt, text_columns=(2,))
    _body_row(ws, 6, ["合计", None, "=SUM(C5:C5)", "=SUM(D5:D5)"], fmt, bold=True)
    ws.merge_cells("A6:B6")
    _notes(ws, 7, 4, ["注：监护类型以台账登记为准；合计行为公式。", SIGN])
    return wb


def task_division() -> Workbook:
    """(4) 实施方案 任务分工 (序号, 工作任务, 牵头单位, 责任单位, 完成时限), equal 牵头单位 merged."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分工"
    _frame(ws, "{{ 县 }}{{ 报表.方案名称 if 报表 is defined and 报表.方案名称 else '巩固拓展脱贫攻坚成果实施方案' }}"
               "任务分工表", 5, 1, [6, 48, 18, 30, 16])
    ws.freeze_panes = "A4"
    _header(ws, [("A3", "序号"), ("B3", "工作任务"), ("C3", "牵头单位"), ("D3", "责任单位"), ("E3", "完成时限")],
            range(3, 4), 5)
    _body_row(ws, 4, ["{%tr for r in 任务分工 %}{{ r.序号 }}{%tr endfor %}", "{{ r.工作任务 }}",
                      "{{ r.牵头单位 }}{%vmerge %}", "{{ r.责任单位 }}", "{{ r.完成时限 }}"], text_columns=(2, 4))
    ws.row_dimensions[4].height = None
    _notes(ws, 5, 5, ["注：牵头单位相同的任务合并显示；各责任单位按分工抓好落实。"])
    return wb


def pairing_summary() -> Workbook:
    """(5) 结对帮扶 by 乡镇: 行政村数, villages with and without a 帮扶单位 (named), pairs and units."""
    wb = Workbook()
    ws = wb.active
    ws.title = "结对帮扶"
    width = 10
    _frame(ws, "{{ 县 }}{{ 年度 }}年结对帮扶情况统计表（按乡镇）", width, 2, [6, 12, 9, 10, 10, 10, 9, 10, 10, 24])
    _header(ws, [
        ("A3:A4", "序号"), ("B3:B4", "乡镇"), ("C3:C4", "行政村数（个）"), ("D3:F3", "村结对覆盖"),
        ("D4", "已结对村（个）"), ("E4", "未结对村（个）"), ("F4", "覆盖率（%）"), ("G3:G4", "结对数（对）"),
        ("H3:H4", "帮扶单位（个）"), ("I3:I4", "受扶单位（个）"), ("J3:J4", "未结对的村"),
    ], range(3, 5), width)
    fmt = {c: "#,##0" for c in (3, 4, 5, 7, 8, 9)} | {6: "0.0%"}
    missing = "(结对安排.下级 | selectattr('名称', 'equalto', t.名称) | first).未结对村"  # 乡镇, or 村 in a scope
    _body_row(ws, 5, ["{%tr for t in 结对帮扶.乡镇 %}{{ loop.index }}{%tr endfor %}", "{{ t.名称 }}",
                      "{{ t.行政村数 }}", "{{ t.结对村数 }}", f"{{{{ {missing} | length }}}}", "=IFERROR(D5/C5,0)",
                      "{{ t.结对数 }}", "{{ t.帮扶单位数 }}", "{{ t.受扶单位数 }}", f"{{{{ {missing} | join('、') }}}}"],
              fmt, text_columns=(2, 10))
    _body_row(ws, 6, ["合计", None, "=SUM(C5:C5)", "=SUM(D5:D5)", "=SUM(E5:E5)", "=IFERROR(D6/C6,0)",
                      "{{ 结对帮扶.合计.结对数 }}", "{{ 结对帮扶.合计.帮扶单位数 }}", "{{ 结对帮扶.合计.受扶单位数 }}",
                      "{{ 结对安排.未结对村 | length }} 个"], fmt, bold=True)
    ws.merge_cells("A6:B6")
    _notes(ws, 7, width, ["注：已结对村为结对帮扶名单中受扶单位类型为“村”的受扶村；覆盖率＝已结对村÷行政村数；"
                          "合计行的结对数、帮扶单位、受扶单位为{{ 范围.全称 if 范围 is defined else '全县' }}的数（单位去重计数），"
                          "不是各行之和。", SIGN])  # 按村分行时, pairs with a 乡镇 or 医院 are in no 村's row
    return wb


BUILTIN = {
    "乡镇汇总.xlsx": town_summary,
    "脱贫人口分年度.xlsx": poverty_exit_by_year,
    "留守儿童监护.xlsx": left_behind_children,
    "任务分工.xlsx": task_division,
    "结对帮扶统计.xlsx": pairing_summary,
}


def build(out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every built-in template into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in BUILTIN.items():
        wb = make()
        wb.properties.creator = "reportgen"
        path = out_dir / name
        with atomic_writer(path) as stream:
            wb.save(stream)
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_DIR):
        print(p)
