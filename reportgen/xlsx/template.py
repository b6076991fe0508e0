"""``XlsxTemplate``: load an .xlsx template once, render it with a figures dict as many times as needed."""

from __future__ import annotations

import io
import re
from copy import copy
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.utils.indexed_list import IndexedList

from reportgen.errors import Location, ReportgenError
from reportgen.format import make_environment
from reportgen.format.script import convert_outside_tags, font_plan
from reportgen.io.files import atomic_writer
from reportgen.io.untrusted import SPREADSHEET_LIMITS, check_package_file
from reportgen.xlsx.cells import LoopInfo, render_text
from reportgen.xlsx.objects import copy_layout, header_footer_parts
from reportgen.xlsx.refs import translate_formula
from reportgen.xlsx.sheet import (
    CompiledSheet,
    SheetPlan,
    compile_sheet,
    evaluate_items,
    plan_sheet,
    stream_rows,
)

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_STYLE_TABLES = ("_fonts", "_fills", "_borders", "_number_formats", "_alignments", "_protections",
                 "_cell_styles")


def valid_sheet_title(title: str, taken: set[str]) -> str:
    """Make ``title`` a legal, unique Excel sheet name (≤ 31 chars, no ``[]:*?/\\``, no edge quotes)."""
    name = _BAD_SHEET_CHARS.sub("_", title).strip().strip("'").strip() or "Sheet"
    name = name[:31]
    candidate, n = name, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _convert_template_text(wb, script: str) -> None:
    """Cells' and headers'/footers' own text to ``script`` (sheet names stay: formulas refer to them)."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if isinstance(cell.value, str) and cell.data_type != "f":
                cell.value = convert_outside_tags(cell.value, script)
        for _, part in header_footer_parts(ws.HeaderFooter):
            part.text = convert_outside_tags(part.text, script)


def _use_fonts(wb, plan: dict[str, str]) -> None:
    """Cell and header/footer fonts renamed by ``plan`` (mainland → Traditional, see
    reportgen.format.script.TRADITIONAL_FONTS); the font list keeps its order, so every style's font
    index still points at its font."""
    if not plan:
        return
    fonts = []
    for font in wb._fonts:
        if font.name in plan:
            font = copy(font)
            font.name = plan[font.name]
        fonts.append(font)
    wb._fonts = IndexedList(fonts)
    for ws in wb.worksheets:
        for _, part in header_footer_parts(ws.HeaderFooter):
            name, comma, rest = (part.font or "").partition(",")
            if name in plan:
                part.font = plan[name] + comma + rest


class XlsxTemplate:
    """An Excel template with ``{{ }}`` expressions and row/column/sheet loops (see docs/xlsx.md)."""

    def __init__(self, path: Path, workbook, sheets: list[CompiledSheet], env, strict: bool) -> None:
        self.path = path
        self._wb = workbook
        self._sheets = sheets
        self._env = env
        self._strict = strict

    @classmethod
    def load(cls, path: str | Path, *, undefined: Literal["strict", "lenient"] = "strict",
             script: str | None = None, convert_template_text: bool = False) -> XlsxTemplate:
        """Read and compile ``path``; template syntax errors are reported here with their cell.

        ``script`` converts the values filled in; with ``convert_template_text`` the template's own text
        (titles, headings, 填报单位：, headers and footers — not the tags, not sheet names) is converted too."""
        path = Path(path)
        where = Location(file=path.name)
        if not path.is_file():
            raise ReportgenError("找不到模板文件", where, hint="检查路径是否正确。")
        check_package_file(path, path.name, SPREADSHEET_LIMITS, expect="xlsx")  # before openpyxl reads it
        try:
            wb = load_workbook(path, rich_text=False)
        except Exception as exc:
            raise ReportgenError(f"无法打开 Excel 模板：{exc}", where,
                                 hint="模板必须是 .xlsx 格式（不是 .xls 或 .et）。") from exc
        env = make_environment(undefined=undefined, script=script)  # type: ignore[arg-type]
        if convert_template_text and script is not None:
            _convert_template_text(wb, script)
        _use_fonts(wb, font_plan(script, convert_template_text))
        sheets = [compile_sheet(ws, env, undefined == "strict", where.with_(sheet=ws.title))
                  for ws in wb.worksheets]
        return cls(path, wb, sheets, env, undefined == "strict")

    # planning -----------------------------------------------------------------------------------
    def _plans(self, context: dict[str, Any]) -> list[SheetPlan]:
        taken: set[str] = set()
        plans: list[SheetPlan] = []
        for sheet in self._sheets:
            loop = sheet.structure.sheet_loop
            if loop is None:
                contexts = [context]
            else:
                items = evaluate_items(loop, self._env, context, sheet.where)
                contexts = [{**context, loop.target[0]: item, "loop": LoopInfo(i, len(items))}
                            for i, item in enumerate(items)]
            for ctx in contexts:
                title = render_text(sheet.title, self._env, ctx, sheet.where.with_(part="工作表名称"))
                plans.append(plan_sheet(sheet, self._env, ctx, valid_sheet_title(title, taken)))
        return plans

    # rendering ----------------------------------------------------------------------------------
    def render(self, context: dict[str, Any]) -> bytes:
        """Fill the template and return the .xlsx bytes."""
        buffer = io.BytesIO()
        self._write(context, buffer)
        return buffer.getvalue()

    def render_to(self, path: str | Path, context: dict[str, Any]) -> Path:
        """Fill the template into ``path`` (written to a temporary file first, then renamed)."""
        with atomic_writer(path) as stream:
            self._write(context, stream)
        return Path(path)

    def _write(self, context: dict[str, Any], stream) -> None:
        plans = self._plans(context)
        layouts = {}
        for plan in plans:
            if plan.sheet.structure.sheet_loop is None:
                layouts[plan.sheet.title] = plan.layout
        out = Workbook(write_only=True)
        tpl = self._wb
        for name in _STYLE_TABLES:
            setattr(out, name, IndexedList(list(getattr(tpl, name))))
        out._named_styles = tpl._named_styles
        out._differential_styles = tpl._differential_styles
        out.loaded_theme = tpl.loaded_theme
        out._date_formats = dict(tpl._date_formats)
        out._timedelta_formats = dict(tpl._timedelta_formats)
        out.calculation = tpl.calculation
        out.calculation.fullCalcOnLoad = True  # the 合计 formulas are computed when the file opens
        out.epoch = tpl.epoch
        for plan in plans:
            ws = out.create_sheet(plan.title)
            ws.sheet_state = plan.sheet.ws.sheet_state
            copy_layout(plan.sheet.ws, ws, plan.layout, layouts, self._env, plan.ctx, plan.sheet.where)
            for _ in stream_rows(plan, ws, layouts):
                pass
        for name, defined in tpl.defined_names.items():
            new = type(defined)(name=defined.name, attr_text=defined.attr_text)
            first = plans[0].layout if plans else None
            if first is not None and defined.attr_text:
                new.attr_text = translate_formula(defined.attr_text, layouts, first)
            out.defined_names[name] = new
        out.save(stream)
