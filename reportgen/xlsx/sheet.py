"""One template sheet: compiled once, then planned and streamed per output sheet.

Rendering is two passes. The *plan* walks the row blocks with the data and lists which template row
each output row comes from (cheap: no cell is touched), so every reference, merge, chart range and
print setting can be placed before anything is written, including references to rows further down
(a 占比 column pointing at the 合计 row). The *stream* pass then writes the rows one by one into an
openpyxl write-only sheet, so memory stays flat however long the list is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.dimensions import RowDimension

from reportgen.errors import Location, ReportgenError
from reportgen.xlsx.cells import Expression, LoopInfo, to_cell_value
from reportgen.xlsx.markers import Loop, SheetStructure, parse_structure
from reportgen.xlsx.refs import Formula, Layout, Where
from reportgen.xlsx.rowwriter import Fallback, RowWriter, row_attrs

_DATE_TYPES = ("date", "datetime", "time")


@dataclass
class TemplateCell:
    col: int
    kind: str  # "empty", "literal", "expr", "formula"
    payload: Any
    style: StyleArray | None
    comment: Any = None
    vmerge: bool = False


@dataclass
class CompiledSheet:
    ws: Any
    title: str
    structure: SheetStructure
    rows: dict[int, list[TemplateCell]]
    max_row: int
    max_col: int
    merges: dict[tuple[int, int], tuple[int, int, int, int]]  # top-left → (r1, c1, r2, c2)
    where: Location


def compile_sheet(ws, env: SandboxedEnvironment, strict: bool, where: Location) -> CompiledSheet:
    """Read a template sheet's cells, markers and merges once (syntax errors surface here)."""
    values = {(c.row, c.column): c.value for c in ws._cells.values()}
    max_row = max([ws.max_row, *ws.row_dimensions.keys()])
    structure = parse_structure(values, max_row, where)
    rows: dict[int, list[TemplateCell]] = {}
    errors: list[ReportgenError] = []
    for (r, c), cell in sorted(ws._cells.items()):
        value = structure.texts.get((r, c), cell.value)
        loc = where.with_(cell=f"{get_column_letter(c)}{r}")
        style = StyleArray(cell._style) if cell.has_style else None
        try:
            if value is None or value == "":
                kind, payload = "empty", None
            elif isinstance(value, str) and cell.data_type == "f" and value.startswith("="):
                kind, payload = "formula", Formula(value)
            elif isinstance(value, str) and ("{{" in value or "{%" in value):
                kind, payload = "expr", Expression(value, env, strict, loc)
            else:
                kind, payload = "literal", value
        except ReportgenError as exc:
            errors.append(exc)
            continue
        if kind == "empty" and style is None and cell.comment is None:
            continue
        rows.setdefault(r, []).append(
            TemplateCell(c, kind, payload, style, cell.comment, (r, c) in structure.vmerge)
        )
    if errors:
        if len(errors) == 1:
            raise errors[0]
        from reportgen.errors import ErrorGroup

        raise ErrorGroup(errors, f"模板有 {len(errors)} 处错误")
    merges = {(m.min_row, m.min_col): (m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges}
    max_col = max([ws.max_column, *(m[3] for m in merges.values())])
    return CompiledSheet(ws, ws.title, structure, rows, max_row, max_col, merges, where)


@dataclass
class SheetPlan:
    """What one output sheet will contain, before any cell is written."""

    sheet: CompiledSheet
    title: str
    ctx: dict[str, Any]
    layout: Layout
    contexts: list[dict[str, Any]]
    col_items: dict[int, list[dict[str, Any]]]  # column-loop first col → per-item bindings
    extra: dict[str, Any] = field(default_factory=dict)


def evaluate_items(loop: Loop, env: SandboxedEnvironment, ctx: dict[str, Any], where: Location) -> list:
    """The items a loop runs over (``if`` blocks: one item when true, none when false)."""
    loc = where.with_(cell=loop.cell, tag=loop.tag)
    try:
        value = env.compile_expression(loop.expr, undefined_to_none=False)(**ctx)
    except Exception as exc:
        raise ReportgenError(f"循环表达式出错：{exc}", loc) from exc
    if loop.kind == "if":
        return [None] if value else []
    from jinja2 import StrictUndefined, Undefined

    if isinstance(value, Undefined):
        if issubclass(env.undefined, StrictUndefined):
            raise ReportgenError(f"循环的列表「{loop.expr}」在数据里不存在", loc,
                                 hint="检查列表名称，例如 建档立卡.乡镇。")
        return []
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.items())
    try:
        return list(value)
    except TypeError as exc:
        raise ReportgenError(f"「{loop.expr}」不是可以循环的列表", loc) from exc


def _bind(loop: Loop, item: Any, index0: int, length: int, where: Location) -> dict[str, Any]:
    if loop.kind == "if":
        return {}
    if len(loop.target) == 1:
        return {loop.target[0]: item, "loop": LoopInfo(index0, length)}
    try:
        values = tuple(item)
    except TypeError:
        values = ()
    if len(values) != len(loop.target):
        raise ReportgenError(f"无法把列表项拆成 {len(loop.target)} 个变量",
                             where.with_(cell=loop.cell, tag=loop.tag))
    return {**dict(zip(loop.target, values, strict=True)), "loop": LoopInfo(index0, length)}


def plan_sheet(sheet: CompiledSheet, env: SandboxedEnvironment, ctx: dict[str, Any], title: str) -> SheetPlan:
    """Expand the row and column blocks of ``sheet`` for ``ctx``."""
    where = sheet.where
    col_map: dict[int, list[int]] = {}
    col_loop_of: dict[int, Loop] = {}
    col_items: dict[int, list[dict[str, Any]]] = {}
    loops = sorted(sheet.structure.col_loops, key=lambda lp: lp.first)
    shift, c = 0, 1
    for loop in loops:
        for col in range(c, loop.first):
            col_map[col] = [col + shift]
        items = evaluate_items(loop, env, ctx, where)
        col_items[loop.first] = [_bind(loop, it, i, len(items), where) for i, it in enumerate(items)]
        width = loop.last - loop.first + 1
        for col in range(loop.first, loop.last + 1):
            col_loop_of[col] = loop
            col_map[col] = [loop.first + shift + j * width + (col - loop.first) for j in range(len(items))]
        shift += width * (len(items) - 1)
        c = loop.last + 1
    for col in range(c, sheet.max_col + 1):
        col_map[col] = [col + shift]

    plan_rows: list[int] = []
    plan_chains: list[tuple[int, ...]] = []
    contexts: list[dict[str, Any]] = []
    ids = count(1)

    def walk(nodes: list, context: dict[str, Any], chain: tuple[int, ...]) -> None:
        for node in nodes:
            if isinstance(node, int):
                plan_rows.append(node)
                plan_chains.append(chain)
                contexts.append(context)
                continue
            items = evaluate_items(node, env, context, where)
            for i, item in enumerate(items):
                walk(node.children, {**context, **_bind(node, item, i, len(items), where)}, (*chain, next(ids)))

    walk(sheet.structure.body, ctx, ())
    layout = Layout(sheet.title, sheet.structure.row_loops, sheet.max_row, plan_rows, plan_chains,
                    col_map, col_loop_of, sheet.max_col)
    layout.out_title = title  # type: ignore[attr-defined]
    return SheetPlan(sheet, title, ctx, layout, contexts, col_items)


def _row_program(sheet: CompiledSheet, layout: Layout, r: int) -> list[tuple]:
    """What template row ``r`` writes, worked out once per output sheet instead of once per output row.

    One entry per (template cell, output column): ``(tc, out_col, j, repeated, header_blank, merge)``.
    """
    program = []
    for tc in sheet.rows.get(r, ()):
        loop = layout.col_loop_of.get(tc.col)
        targets = layout.col_map[tc.col]
        repeated = loop is not None and loop.marker_row <= r <= loop.table_end
        header = loop is not None and r < loop.marker_row
        merge = sheet.merges.get((r, tc.col))
        if merge is None and header and tc.kind != "empty" and len(targets) > 1 \
                and not _inside_merge(sheet, r, tc.col):
            merge = (r, tc.col, r, tc.col)
        for j, out_col in enumerate(targets):
            if loop is not None and not repeated and j > 0:
                if header:  # the group header above a column series: styled blanks under its merge
                    program.append((tc, out_col, j, False, True, None))
                continue
            program.append((tc, out_col, j, repeated, False, merge))
    return program


def stream_rows(plan: SheetPlan, out_ws, layouts: dict[str, Layout]) -> Iterator[int]:
    """Write every planned row into the write-only ``out_ws``; yields the output row numbers."""
    sheet, layout = plan.sheet, plan.layout
    template_dims = sheet.ws.row_dimensions
    width = layout.out_max_col
    vruns: dict[tuple[int, int], list] = {}  # (template row, out col) → [start, last, value]
    merges: list[str] = [str(m) for m in out_ws.merged_cells.ranges]
    programs: dict[int, list[tuple]] = {}
    dims: dict[int, tuple[RowDimension | None, str]] = {}
    col_items = plan.col_items
    with RowWriter(out_ws) as writer:
        letter, cell_xml = writer.letter, writer.cell_xml
        for out_row, (r, chain, ctx) in enumerate(zip(layout.plan_rows, layout.plan_chains, plan.contexts,
                                                      strict=True), 1):
            program = programs.get(r)
            if program is None:
                program = programs[r] = _row_program(sheet, layout, r)
                dims[r] = _row_dimension(template_dims.get(r), out_ws)
            values: list[Any] = [None] * width  # (tc, value) per output column; the last write wins
            for tc, out_col, j, repeated, blank, merge in program:
                if blank:
                    values[out_col - 1] = (tc, _BLANK)
                    continue
                cctx = {**ctx, **col_items[layout.col_loop_of[tc.col].first][j]} if repeated else ctx
                kind = tc.kind
                here = None
                if kind == "expr":
                    value = tc.payload.evaluate(cctx)
                elif kind == "formula":
                    if tc.payload.has_refs:
                        here = Where(r, tc.col, chain, j if repeated else None, out_row)
                        value = tc.payload.render(layouts, layout, here)
                    else:
                        value = tc.payload.pieces[0]
                else:
                    value = tc.payload
                if tc.vmerge:
                    value = _vmerge(vruns, merges, r, out_row, out_col, value)
                values[out_col - 1] = (tc, value)
                if merge is not None:
                    if here is None:
                        here = Where(r, tc.col, chain, j if repeated else None, out_row)
                    r1, c1, r2, c2 = merge
                    bounds = layout.range_bounds(r1, c1, r2, c2, here)
                    if bounds and (bounds[0], bounds[1]) != (bounds[2], bounds[3]):
                        merges.append(f"{get_column_letter(bounds[1])}{bounds[0]}:"
                                      f"{get_column_letter(bounds[3])}{bounds[2]}")
            dim, attrs = dims[r]
            try:
                parts = []
                for col, entry in enumerate(values, 1):
                    if entry is None:
                        continue
                    tc, value = entry
                    if tc.comment is not None:
                        raise Fallback
                    if value is _BLANK:
                        value = None
                    xml = cell_xml(f"{letter(col)}{out_row}", tc.style, value, tc.kind == "formula",
                                   tc.kind == "expr")
                    if xml:
                        parts.append(xml)
                writer.write_xml(out_row, attrs, "".join(parts))
            except Fallback:
                if dim is not None:
                    out_ws.row_dimensions[out_row] = dim
                writer.write_cells(out_row, [None if e is None else _to_cell(out_ws, *e) for e in values])
                out_ws.row_dimensions.pop(out_row, None)
            yield out_row
    for start, last, _value, col in vruns.values():
        _close_run(merges, start, last, col)
    out_ws.merged_cells = MultiCellRange(" ".join(merges))


_BLANK = object()  # a styled blank under a column-series header


def _row_dimension(dim, out_ws) -> tuple[RowDimension | None, str]:
    """The output row dimension of a template row (height, hidden, outline), and its XML attributes."""
    if dim is None or not (dim.ht is not None or dim.hidden or dim.outlineLevel):
        return None, ""
    new = RowDimension(out_ws, index=0, ht=dim.ht, customHeight=dim.customHeight, hidden=dim.hidden,
                       outlineLevel=dim.outlineLevel)
    return new, row_attrs(new)


def _inside_merge(sheet: CompiledSheet, r: int, c: int) -> bool:
    return any(r1 <= r <= r2 and c1 <= c <= c2 for r1, c1, r2, c2 in sheet.merges.values())


def _vmerge(vruns, merges, r: int, out_row: int, out_col: int, value):
    """Merge equal consecutive values down output column ``out_col``; returns the value to write."""
    key = (r, out_col)
    run = vruns.get(key)
    if run is not None and run[1] == out_row - 1 and run[2] == value and value is not None:
        run[1] = out_row
        return None
    if run is not None:
        _close_run(merges, run[0], run[1], run[3])
    vruns[key] = [out_row, out_row, value, out_col]
    return value


def _to_cell(out_ws, tc: TemplateCell, value):
    """An openpyxl cell for rows ``RowWriter`` leaves to openpyxl (dates, comments, unusual types)."""
    cell = WriteOnlyCell(out_ws)
    if value is _BLANK:
        if tc.style is not None:
            cell._style = tc.style
        return cell
    if tc.style is not None:
        cell._style = StyleArray(tc.style) if type(value).__name__ in _DATE_TYPES else tc.style
    if tc.comment is not None:
        cell.comment = tc.comment
    if value is None:
        return cell
    cell.value = to_cell_value(value) if tc.kind == "expr" else value
    if tc.kind != "formula" and isinstance(cell.value, str):
        cell.data_type = "s"  # data never becomes a formula
    return cell


def _close_run(merges, start: int, last: int, col: int) -> None:
    """Merge a run of equal consecutive values in output column ``col``."""
    if last > start:
        letter = get_column_letter(col)
        merges.append(f"{letter}{start}:{letter}{last}")
