"""Reading the control markers out of a template sheet.

A county form must still look like the printed form when a clerk opens the template, so control
statements live inside the cells they govern instead of in comments or extra rows:

* ``{%tr for x in items %}`` … ``{%tr endfor %}`` (also ``{%tr if cond %}`` … ``{%tr endif %}``) mark a
  block of rows repeated per item; the start marker goes in the first row of the block, the end marker
  in its last row (the same cell for a one-row block).
* ``{%tc for y in items %}`` … ``{%tc endfor %}`` in one row mark a block of columns repeated per item.
* ``{%sheet for t in items %}`` anywhere in a sheet renders that sheet once per item.
* ``{%vmerge %}`` in a cell merges equal consecutive values of that cell down the generated rows.

The markers are removed from the cell text; what is left is the cell's own template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from reportgen.errors import Location, ReportgenError

MARKER_RE = re.compile(r"\{%-?\s*(tr|tc|sheet)\s+(.*?)\s*-?%\}", re.S)
VMERGE_RE = re.compile(r"\{%-?\s*vmerge\s*-?%\}")
_FOR_RE = re.compile(r"^for\s+(?P<target>[^\W\d]\w*(?:\s*,\s*[^\W\d]\w*)*)\s+in\s+(?P<expr>.+)$", re.S)
_IF_RE = re.compile(r"^if\s+(?P<expr>.+)$", re.S)


@dataclass
class Loop:
    """A repeated block: ``kind`` is ``for`` or ``if``; ``target`` the loop variable names."""

    kind: str
    expr: str
    target: tuple[str, ...]
    first: int  # first row (or column) of the block
    last: int = 0
    marker_row: int = 0  # for column loops: the row holding the marker
    table_end: int = 0  # for column loops: last row of the table (the row before the first empty row)
    tag: str = ""
    cell: str = ""
    children: list = field(default_factory=list)  # rows (int) and nested Loops, in order


@dataclass
class SheetStructure:
    """Where the loops of one template sheet are."""

    body: list  # top-level rows (int) and Loops
    row_loops: dict[int, tuple[Loop, ...]]  # template row → enclosing loops, outermost first
    col_loops: list[Loop]
    sheet_loop: Loop | None
    texts: dict[tuple[int, int], str]  # cell text with markers removed (only cells that had markers)
    vmerge: set[tuple[int, int]]


def _parse_statement(statement: str, loc: Location, tag: str) -> tuple[str, str, tuple[str, ...]]:
    m = _FOR_RE.match(statement)
    if m:
        target = tuple(t.strip() for t in m.group("target").split(","))
        return "for", m.group("expr").strip(), target
    m = _IF_RE.match(statement)
    if m:
        return "if", m.group("expr").strip(), ()
    raise ReportgenError(
        f"看不懂的控制标记「{tag}」", loc.with_(tag=tag),
        hint="行循环写作 {%tr for x in 列表 %} … {%tr endfor %}；条件行写作 {%tr if 条件 %} … {%tr endif %}。",
    )


def parse_structure(cells: dict[tuple[int, int], object], max_row: int, where: Location) -> SheetStructure:
    """Find the markers in ``cells`` ((row, col) → value) and build the block tree of the sheet."""
    texts: dict[tuple[int, int], str] = {}
    vmerge: set[tuple[int, int]] = set()
    row_events: dict[int, list[tuple[str, str, str, str]]] = {}
    col_loops: list[Loop] = []
    open_col: Loop | None = None
    sheet_loop: Loop | None = None

    for (row, col), value in sorted(cells.items()):
        if not isinstance(value, str) or "{%" not in value:
            continue
        coord = f"{get_column_letter(col)}{row}"
        loc = where.with_(cell=coord)
        if VMERGE_RE.search(value):
            vmerge.add((row, col))
            value = VMERGE_RE.sub("", value)
        for m in MARKER_RE.finditer(value):
            kind, statement, tag = m.group(1), m.group(2).strip(), m.group(0)
            if kind == "tr":
                row_events.setdefault(row, []).append((statement, tag, coord, ""))
            elif kind == "sheet":
                loop_kind, expr, target = _parse_statement(statement, loc, tag)
                if loop_kind != "for":
                    raise ReportgenError("{%sheet %} 只支持 for 循环", loc.with_(tag=tag))
                sheet_loop = Loop("for", expr, target, first=1, tag=tag, cell=coord)
            elif statement in ("endfor", "endif"):
                if open_col is None or open_col.marker_row != row:
                    raise ReportgenError(
                        "列循环的结束标记前面没有同一行的开始标记", loc.with_(tag=tag),
                        hint="{%tc for y in 列表 %} 和 {%tc endfor %} 必须写在同一行。",
                    )
                open_col.last = col
                col_loops.append(open_col)
                open_col = None
            else:
                if open_col is not None:
                    raise ReportgenError("列循环不能嵌套", loc.with_(tag=tag))
                loop_kind, expr, target = _parse_statement(statement, loc, tag)
                open_col = Loop(loop_kind, expr, target, first=col, marker_row=row, tag=tag, cell=coord)
        texts[(row, col)] = MARKER_RE.sub("", value)
    if open_col is not None:
        raise ReportgenError(
            "列循环没有结束标记 {%tc endfor %}", where.with_(cell=open_col.cell, tag=open_col.tag)
        )

    filled_rows = {r for (r, _c), v in cells.items() if v is not None and v != ""}
    for loop in col_loops:
        loop.table_end = loop.marker_row
        while loop.table_end + 1 in filled_rows:
            loop.table_end += 1
    body, row_loops = _build_row_tree(row_events, max_row, where)
    return SheetStructure(body, row_loops, col_loops, sheet_loop, texts, vmerge)


def _build_row_tree(events: dict[int, list[tuple[str, str, str, str]]], max_row: int, where: Location):
    body: list = []
    stack: list[Loop] = []
    row_loops: dict[int, tuple[Loop, ...]] = {}
    for row in range(1, max_row + 1):
        opening, closing = [], []
        for statement, tag, coord, _ in events.get(row, []):
            (closing if statement in ("endfor", "endif") else opening).append((statement, tag, coord))
        for statement, tag, coord in opening:
            loop_kind, expr, target = _parse_statement(statement, where.with_(cell=coord), tag)
            loop = Loop(loop_kind, expr, target, first=row, tag=tag, cell=coord)
            (stack[-1].children if stack else body).append(loop)
            stack.append(loop)
        (stack[-1].children if stack else body).append(row)
        row_loops[row] = tuple(stack)
        for statement, tag, coord in closing:
            if not stack:
                raise ReportgenError(
                    f"结束标记「{tag}」前面没有对应的开始标记", where.with_(cell=coord, tag=tag)
                )
            loop = stack.pop()
            if statement != "end" + loop.kind:
                raise ReportgenError(
                    f"结束标记「{tag}」与开始标记「{loop.tag}」（单元格 {loop.cell}）不配对",
                    where.with_(cell=coord, tag=tag),
                )
            loop.last = row
    if stack:
        loop = stack[-1]
        raise ReportgenError(
            f"行循环「{loop.tag}」没有结束标记", where.with_(cell=loop.cell, tag=loop.tag),
            hint="在块的最后一行第一个单元格末尾写 {%tr endfor %}（单行循环写在同一个单元格里）。",
        )
    return body, row_loops
