"""Where template rows and columns end up, and formulas whose references follow them.

When a block repeats, every reference into it has to follow, the way Excel adjusts references when
rows are inserted, but knowing *which* copy is meant:

* a reference from inside the same loop iteration points at the same iteration's row
  (``=IFERROR(D5/K5,0)`` stays on its own row);
* a reference from outside a loop covers every row that loop generated (``=SUM(C5:C5)`` in the 合计
  row becomes ``=SUM(C5:C22)``; in a 小计 row of an outer loop only the inner rows of that group);
* rows below a loop shift down by the rows added above them.

Formulas are split with openpyxl's tokenizer, so strings, function names and sheet names are never
mistaken for references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import column_index_from_string, get_column_letter

from reportgen.xlsx.markers import Loop

_PART = r"(?P<{n}c>\$?[A-Za-z]{{1,3}})?(?P<{n}r>\$?\d+)?"
_REF_RE = re.compile(
    r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!:]+)!)?" + _PART.format(n="a") + r"(?::" + _PART.format(n="b") + r")?$"
)


@dataclass(frozen=True)
class Ref:
    """One reference as written: a cell, a range, whole columns (``C:C``) or whole rows (``5:5``)."""

    sheet: str | None
    c1: int | None
    r1: int | None
    c2: int | None
    r2: int | None
    abs_: tuple[bool, bool, bool, bool]  # $col1, $row1, $col2, $row2
    is_range: bool


def parse_ref(text: str) -> Ref | None:
    """Parse ``'表 1'!$C$5:C9`` style text; ``None`` for names and anything else."""
    m = _REF_RE.match(text)
    if not m:
        return None
    ac, ar, bc, br = m.group("ac"), m.group("ar"), m.group("bc"), m.group("br")
    is_range = ":" in text.rsplit("!", 1)[-1]
    if not is_range and not (ac and ar):
        return None
    if is_range and not ((ac or ar) and (bc or br)) or (is_range and bool(ac) != bool(bc)):
        return None
    sheet = m.group("sheet")
    if sheet and sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")

    def col(v):
        return column_index_from_string(v.lstrip("$").upper()) if v else None

    def row(v):
        return int(v.lstrip("$")) if v else None

    flags = (bool(ac and ac.startswith("$")), bool(ar and ar.startswith("$")),
             bool(bc and bc.startswith("$")), bool(br and br.startswith("$")))
    if not is_range:
        bc, br = ac, ar
        flags = (flags[0], flags[1], flags[0], flags[1])
    return Ref(sheet, col(ac), row(ar), col(bc), row(br), flags, is_range)


def quote_sheet(title: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class Where:
    """The cell a formula (or merge, anchor …) is seen from: template row/col and its loop iteration."""

    row: int | None = None  # template row; None = outside every loop
    col: int | None = None
    chain: tuple[int, ...] = ()
    col_iter: int | None = None
    out_row: int | None = None


OUTSIDE = Where()


class Layout:
    """The generated rows and columns of one output sheet, queried by template position."""

    def __init__(self, title: str, row_loops: dict[int, tuple[Loop, ...]], max_row: int,
                 plan_rows: list[int], plan_chains: list[tuple[int, ...]],
                 col_map: dict[int, list[int]], col_loop_of: dict[int, Loop], max_col: int) -> None:
        self.title = title
        self.row_loops = row_loops
        self.max_row = max_row
        self.plan_rows = plan_rows
        self.plan_chains = plan_chains
        self.col_map = col_map
        self.col_loop_of = col_loop_of
        self.max_col = max_col
        self.out_max_col = max((c for cols in col_map.values() for c in cols), default=max_col)
        self._index: dict[tuple[int, int], dict[tuple[int, ...], list[int]]] = {}

    # rows ---------------------------------------------------------------------------------------
    def rows(self, r: int, where: Where) -> list[int]:
        if r > self.max_row:
            return [r + len(self.plan_rows) - self.max_row]
        loops_r = self.row_loops.get(r, ())
        loops_f = self.row_loops.get(where.row, ()) if where.row is not None else ()
        k = 0
        while k < len(loops_r) and k < len(loops_f) and loops_r[k] is loops_f[k]:
            k += 1
        if r == where.row and k == len(loops_r) and where.out_row is not None:
            return [where.out_row]
        index = self._index.get((r, k))
        if index is None:
            index = {}
            for out, (tr, chain) in enumerate(zip(self.plan_rows, self.plan_chains, strict=True), 1):
                if tr == r:
                    index.setdefault(chain[:k], []).append(out)
            self._index[(r, k)] = index
        return index.get(where.chain[:k], [])

    def first_row(self, r1: int, r2: int, where: Where) -> int | None:
        for r in range(r1, min(r2, self.max_row + 1) + 1):
            rows = self.rows(r, where)
            if rows:
                return rows[0]
        return self.rows(r2, where)[0] if r2 > self.max_row else None

    def last_row(self, r1: int, r2: int, where: Where) -> int | None:
        for r in range(r2, r1 - 1, -1):
            rows = self.rows(r, where)
            if rows:
                return rows[-1]
        return None

    # columns ------------------------------------------------------------------------------------
    def cols(self, c: int, where: Where) -> list[int]:
        if c > self.max_col:
            return [c + self.out_max_col - self.max_col]
        loop = self.col_loop_of.get(c)
        mapped = self.col_map.get(c, [c])
        if loop is None:
            return mapped
        inside = (where.col is not None and self.col_loop_of.get(where.col) is loop
                  and where.row is not None and loop.marker_row <= where.row <= loop.table_end
                  and where.col_iter is not None)
        return [mapped[where.col_iter]] if inside else mapped

    def col_span(self, c1: int, c2: int, where: Where) -> tuple[int, int] | None:
        starts = [self.cols(c, where) for c in range(c1, c2 + 1)]
        flat = [c for cols in starts for c in cols]
        return (min(flat), max(flat)) if flat else None

    # whole references ---------------------------------------------------------------------------
    def range_bounds(self, r1: int, c1: int, r2: int, c2: int, where: Where):
        """Output (r1, c1, r2, c2) of a template range seen from ``where``; None if it vanished."""
        top, bottom = self.first_row(r1, r2, where), self.last_row(r1, r2, where)
        span = self.col_span(c1, c2, where)
        if top is None or bottom is None or span is None:
            return None
        return top, span[0], bottom, span[1]

    def translate(self, ref: Ref, where: Where) -> str:
        """The reference rewritten for the output sheet (text, possibly several ranges)."""
        a = ref.abs_
        c1d, r1d, c2d, r2d = ("$" if f else "" for f in a)
        if ref.r1 is None:  # whole columns
            span = self.col_span(ref.c1, ref.c2, where)
            if span is None:
                return "#REF!"
            return f"{c1d}{get_column_letter(span[0])}:{c2d}{get_column_letter(span[1])}"
        if ref.c1 is None:  # whole rows
            top, bottom = self.first_row(ref.r1, ref.r2, where), self.last_row(ref.r1, ref.r2, where)
            if top is None or bottom is None:
                return "#REF!"
            return f"{r1d}{top}:{r2d}{bottom}"
        if ref.is_range:
            bounds = self.range_bounds(ref.r1, ref.c1, ref.r2, ref.c2, where)
            if bounds is None:
                return "0"
            top, left, bottom, right = bounds
            return f"{c1d}{get_column_letter(left)}{r1d}{top}:{c2d}{get_column_letter(right)}{r2d}{bottom}"
        rows, span = self.rows(ref.r1, where), self.col_span(ref.c1, ref.c1, where)
        if not rows or span is None:
            return "0"
        left, right = get_column_letter(span[0]), get_column_letter(span[1])
        parts = []
        for start, end in _runs(rows):
            if start == end and left == right:
                parts.append(f"{c1d}{left}{r1d}{start}")
            else:
                parts.append(f"{c1d}{left}{r1d}{start}:{c1d}{right}{r1d}{end}")
        return ",".join(parts)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


class Formula:
    """A template formula split once into text pieces and references, re-joined per generated cell."""

    __slots__ = ("pieces",)

    def __init__(self, formula: str) -> None:
        self.pieces: list[Any] = []
        try:
            items = Tokenizer(formula).items
        except Exception:  # not a formula openpyxl understands: keep it verbatim
            self.pieces = [formula]
            return
        text = "="
        for token in items:
            ref = parse_ref(token.value) if token.type == Token.OPERAND and token.subtype == Token.RANGE else None
            if ref is None:
                text += token.value
                continue
            self.pieces.append(text)
            self.pieces.append(ref)
            text = ""
        self.pieces.append(text)

    @property
    def has_refs(self) -> bool:
        return any(isinstance(p, Ref) for p in self.pieces)

    def render(self, layouts: dict[str, Layout], current: Layout, where: Where) -> str:
        out = []
        for piece in self.pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            if piece.sheet is None or piece.sheet == current.title:
                layout, seen_from = current, where
            else:
                layout, seen_from = layouts.get(piece.sheet), OUTSIDE
            if layout is None:  # another sheet we did not render: keep as written
                out.append(_ref_text(piece))
                continue
            text = layout.translate(piece, seen_from)
            if piece.sheet is not None:
                prefix = quote_sheet(layout.out_title if hasattr(layout, "out_title") else layout.title) + "!"
                text = ",".join(prefix + part for part in text.split(","))
            out.append(text)
        return "".join(out)


def _ref_text(ref: Ref) -> str:
    def part(c, r, dc, dr):
        return (("$" if dc else "") + get_column_letter(c) if c else "") + (("$" if dr else "") + str(r) if r else "")

    a = ref.abs_
    text = part(ref.c1, ref.r1, a[0], a[1])
    if ref.is_range:
        text += ":" + part(ref.c2, ref.r2, a[2], a[3])
    return (quote_sheet(ref.sheet) + "!" if ref.sheet else "") + text


def translate_formula(formula: str, layouts: dict[str, Layout], current: Layout, where: Where = OUTSIDE) -> str:
    """Rewrite a formula (with or without a leading ``=``) for the output sheet."""
    bare = not formula.startswith("=")
    text = Formula("=" + formula if bare else formula).render(layouts, current, where)
    return text[1:] if bare else text
