"""Everything on a sheet besides its cells, carried over to the output and moved with the rows.

Column widths, views (freeze panes), page setup, margins, header/footer, print titles and area,
conditional formatting, data validation, auto filter, tables, charts and images. Anything that names
template rows is re-pointed through the sheet's :class:`~reportgen.xlsx.refs.Layout`.
"""

from __future__ import annotations

import copy
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import ColumnDimension

from reportgen.errors import Location
from reportgen.xlsx.cells import render_text
from reportgen.xlsx.refs import OUTSIDE, Layout, parse_ref, translate_formula


def _map_range(text: str, layout: Layout) -> str | None:
    """A plain ``A1:B2`` range (no sheet) as it lands in the output; None if it vanished."""
    ref = parse_ref(text if ":" in text else f"{text}:{text}")
    if ref is None or ref.r1 is None or ref.c1 is None:
        return text
    bounds = layout.range_bounds(ref.r1, ref.c1, ref.r2, ref.c2, OUTSIDE)
    if bounds is None:
        return None
    top, left, bottom, right = bounds
    if (top, left) == (bottom, right):
        return f"{get_column_letter(left)}{top}"
    return f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"


def _map_cell(text: str, layout: Layout) -> str:
    """A single cell moved to where its template row starts in the output."""
    ref = parse_ref(text)
    if ref is None or ref.r1 is None or ref.c1 is None:
        return text
    row = layout.first_row(ref.r1, ref.r1, OUTSIDE) or ref.r1
    cols = layout.cols(ref.c1, OUTSIDE) or [ref.c1]
    return f"{get_column_letter(cols[0])}{row}"


def _map_sqref(sqref, layout: Layout) -> str:
    parts = [_map_range(str(r), layout) for r in sqref.ranges]
    return " ".join(p for p in parts if p)


def copy_layout(tpl, out, layout: Layout, layouts: dict[str, Layout], env: SandboxedEnvironment,
                ctx: dict[str, Any], where: Location) -> None:
    """Copy the sheet-level settings of template sheet ``tpl`` onto write-only sheet ``out``."""
    out.sheet_properties = copy.deepcopy(tpl.sheet_properties)
    out.sheet_format = copy.deepcopy(tpl.sheet_format)
    _copy_columns(tpl, out, layout)
    out.views = copy.deepcopy(tpl.views)
    for view in out.views.sheetView:
        if view.pane is not None and view.pane.topLeftCell:
            view.pane.topLeftCell = _map_cell(view.pane.topLeftCell, layout)
        view.selection = []
    out.page_setup = copy.copy(tpl.page_setup)
    out.print_options = copy.copy(tpl.print_options)
    out.page_margins = copy.copy(tpl.page_margins)
    out.protection = copy.copy(tpl.protection)
    out.HeaderFooter = copy.deepcopy(tpl.HeaderFooter)
    _render_header_footer(out.HeaderFooter, env, ctx, where)
    _copy_print_settings(tpl, out, layout)
    if tpl.auto_filter.ref:
        out.auto_filter = copy.deepcopy(tpl.auto_filter)
        out.auto_filter.ref = _map_range(tpl.auto_filter.ref, layout)
    _copy_conditional_formatting(tpl, out, layout)
    for dv in tpl.data_validations.dataValidation:
        new = copy.deepcopy(dv)
        new.sqref = _map_sqref(dv.sqref, layout)
        for attr in ("formula1", "formula2"):
            value = getattr(new, attr)
            if value:
                setattr(new, attr, translate_formula(value, layouts, layout))
        out.data_validations.append(new)
    for table in tpl.tables.values():
        new = copy.deepcopy(table)
        new.ref = _map_range(table.ref, layout)
        if new.autoFilter is not None:
            new.autoFilter.ref = new.ref
        if out.title != tpl.title:
            new.name = new.displayName = f"{table.name}_{len(out.parent.worksheets)}"
        out.add_table(new)
    for chart in tpl._charts:
        new = copy.deepcopy(chart)
        _move_anchor(new.anchor, layout)
        for series in _all_series(new):
            _retarget_series(series, layouts, layout)
        out._charts.append(new)
    for image in tpl._images:
        new = copy.copy(image)
        new.anchor = copy.deepcopy(image.anchor)
        _move_anchor(new.anchor, layout)
        out._images.append(new)
    for name, defined in tpl.defined_names.items():
        new = copy.deepcopy(defined)
        new.attr_text = translate_formula(defined.attr_text, layouts, layout)
        out.defined_names[name] = new


def _copy_columns(tpl, out, layout: Layout) -> None:
    for dim in tpl.column_dimensions.values():
        lo, hi = dim.min or 0, dim.max or 0
        if not lo:
            continue
        for col in range(lo, hi + 1):
            for out_col in layout.cols(col, OUTSIDE):
                letter = get_column_letter(out_col)
                new = ColumnDimension(out, index=letter, width=dim.width, bestFit=dim.bestFit,
                                      hidden=dim.hidden, outlineLevel=dim.outlineLevel, collapsed=dim.collapsed)
                new._style = copy.copy(dim._style)
                out.column_dimensions[letter] = new


def header_footer_parts(hf):
    """(name, part) of every header/footer section that has text: odd/even/first × left/center/right."""
    for item_name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        item = getattr(hf, item_name, None)
        for part_name in ("left", "center", "right") if item is not None else ():
            part = getattr(item, part_name, None)
            if part is not None and part.text:
                yield f"{item_name}.{part_name}", part


def _render_header_footer(hf, env, ctx, where: Location) -> None:
    for name, part in header_footer_parts(hf):
        part.text = render_text(part.text, env, ctx, where.with_(part=f"页眉页脚 {name}"))


def _copy_print_settings(tpl, out, layout: Layout) -> None:
    if tpl.print_title_rows:
        ref = parse_ref(tpl.print_title_rows.replace("$", ""))
        if ref is not None and ref.r1:
            top, bottom = layout.first_row(ref.r1, ref.r2, OUTSIDE), layout.last_row(ref.r1, ref.r2, OUTSIDE)
            if top and bottom:
                out.print_title_rows = f"{top}:{bottom}"
    if tpl.print_title_cols:
        ref = parse_ref(tpl.print_title_cols.replace("$", ""))
        if ref is not None and ref.c1:
            span = layout.col_span(ref.c1, ref.c2, OUTSIDE)
            if span:
                out.print_title_cols = f"{get_column_letter(span[0])}:{get_column_letter(span[1])}"
    if tpl.print_area:
        areas = []
        for area in str(tpl.print_area).split(","):
            mapped = _map_range(area.rsplit("!", 1)[-1].replace("$", ""), layout)
            if mapped:
                areas.append(mapped)
        if areas:
            out.print_area = areas


def _copy_conditional_formatting(tpl, out, layout: Layout) -> None:
    for cf in tpl.conditional_formatting:
        first = min(cf.sqref.ranges, key=lambda r: (r.min_row, r.min_col))
        sqref = _map_sqref(cf.sqref, layout)
        if not sqref:
            continue
        origin = f"{get_column_letter(first.min_col)}{first.min_row}"
        target_range = CellRange(sqref.split()[0])
        target = f"{get_column_letter(target_range.min_col)}{target_range.min_row}"
        for rule in cf.rules:
            new = copy.deepcopy(rule)
            if origin != target and new.formula:
                new.formula = [Translator("=" + f, origin=origin).translate_formula(target)[1:] for f in new.formula]
            out.conditional_formatting.add(sqref, new)


def _move_anchor(anchor, layout: Layout) -> None:
    """Keep a chart or picture next to the cells it sat by (0-based anchor rows)."""
    start = getattr(anchor, "_from", None)
    if start is None:
        return
    new_row = layout.first_row(start.row + 1, start.row + 1, OUTSIDE)
    new_col = layout.cols(start.col + 1, OUTSIDE)
    if new_row is None:
        return
    d_row, d_col = new_row - 1 - start.row, (new_col[0] - 1 - start.col) if new_col else 0
    start.row += d_row
    start.col += d_col
    end = getattr(anchor, "to", None)
    if end is not None:
        end.row += d_row
        end.col += d_col


def _all_series(chart) -> list:
    series = list(getattr(chart, "series", []) or [])
    for sub in getattr(chart, "_charts", []) or []:
        if sub is not chart:
            series += [s for s in sub.series if s not in series]
    return series


def _retarget_series(series, layouts: dict[str, Layout], layout: Layout) -> None:
    for attr in ("tx", "cat", "val", "xVal", "yVal", "bubbleSize"):
        holder = getattr(series, attr, None)
        if holder is None:
            continue
        for ref_attr in ("strRef", "numRef", "multiLvlStrRef"):
            ref = getattr(holder, ref_attr, None)
            if ref is None or not getattr(ref, "f", None):
                continue
            ref.f = translate_formula(ref.f, layouts, layout)
            for cache in ("numCache", "strCache", "multiLvlStrCache"):
                if hasattr(ref, cache):
                    setattr(ref, cache, None)
