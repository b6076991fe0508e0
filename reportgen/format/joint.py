"""Lay out the agency names of a joint issue (联合行文, GB/T 9704 §7.2.4 and §7.3.5) so no name breaks.

A joint 印发通知 lists its agencies twice: in the red 发文机关标志 (names in columns, 文件 to their right,
vertically centred on them) and in the 署名 rows above the seals (evenly spread, several a row). Each name
must stay on one line of its cell: "中共高台县委网信" / "办" is what a reviewer rejects. So, as with the
title (:mod:`reportgen.format.titles`), the layout is computed from the actual names: how many a row and
the type size, from the widest name's measured width. :func:`joint_layout` is pure (names in, layout
out) and is the Jinja filter ``joint_layout``; the built-in templates pick the table with that many
columns and give each name that size (``{{ 组[0]|sized(布局.字号) }}``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.format.titles import TYPE_WIDTH_PT, text_width

MM_PT = 72 / 25.4


@dataclass(frozen=True)
class JointShape:
    """The room one kind of name block has: columns to choose from, the text width each gets, the
    type sizes (largest first, the first that fits wins) and the style's character spacing."""

    columns: tuple[int, ...]  # most first: fewer rows keeps page 1's body in view
    width_pt: float  # the block's width (all columns)
    cell_margin_pt: float  # left + right margin of one cell
    max_size: float
    min_size: float
    spacing: float  # character spacing of the style, pt
    max_rows: int = 0  # a layout with more rows is taken only when no other fits (0: no limit)


#: 发文机关标志 of more than three agencies: names beside the 34.2 mm 文件 column, 4号 at most, cell margins
#: 1.5 mm each side, so neighbouring names stand 3 mm apart (reportgen.builtin.compose.red_head). Names
#: too long for two columns at 4号 are stacked in one when there are at most 7 (5 names of 17 字 at 4号,
#: not 9.5 pt in two columns); more stay in columns, smaller.
ISSUER = JointShape(columns=(3, 2, 1), width_pt=(156 - 34.2) * MM_PT, cell_margin_pt=3 * MM_PT,
                    max_size=14.0, min_size=9.0, spacing=-0.5, max_rows=7)
#: 发文机关标志 of two or three agencies: stacked in the 118 mm column at 24 pt at most.
ISSUER_STACKED = JointShape(columns=(1,), width_pt=118 * MM_PT, cell_margin_pt=0.38 * MM_PT * 2,
                            max_size=24.0, min_size=12.0, spacing=0.0)
#: 署名 rows, 3号 仿宋 like the body: three a row, two for longer names, one (stacked, right-aligned 右空
#: 四字 like a single agency's) for the longest. Not four a row: a county seal is 40–42 mm across, and
#: four 39 mm columns would make the seals touch (§7.3.5). One a row only up to 9 names (more would push
#: the body off page 1: the 署名 is kept with the body's last lines); beyond that two a row, smaller.
SIGNATURE = JointShape(columns=(3, 2, 1), width_pt=TYPE_WIDTH_PT, cell_margin_pt=0.38 * MM_PT * 2,
                       max_size=16.0, min_size=12.0, spacing=0.0, max_rows=9)
SHAPES = {"标志": ISSUER, "标志竖排": ISSUER_STACKED, "署名": SIGNATURE}

#: Width actually used in a cell: LibreOffice and Word break a line a little before the exact edge.
FIT = 0.97


def fitting_size(names: Sequence[str], columns: int, shape: JointShape) -> float | None:
    """The largest size (in ½ pt steps, ``shape.max_size`` down to ``min_size``) at which the widest
    name fits one cell of ``columns`` columns, or None."""
    room = (shape.width_pt / columns - shape.cell_margin_pt) * FIT
    size = shape.max_size
    while size >= shape.min_size - 1e-9:
        if all(text_width(name, size, shape.spacing) <= room for name in names):
            return size
        size -= 0.5
    return None


def _first_fit(names: Sequence[str], columns: Sequence[int], shape: JointShape,
               full_size: bool = False) -> tuple[int, float] | None:
    """(columns, size) of the first column count at which the widest name fits (at the largest size
    only, with ``full_size``; else shrunk as far as ``shape.min_size``)."""
    for count in columns:
        size = fitting_size(names, count, shape)
        if size is not None and (size == shape.max_size or not full_size):
            return count, size
    return None


def joint_layout(names: Sequence[str] | None, kind: str = "标志") -> dict:
    """``{"列": columns, "字号": size in pt, "行": rows of names (the last padded with "")}`` for the
    ``kind`` of block (标志, 标志竖排, 署名).

    Among the column counts whose rows stay within ``shape.max_rows``, the most columns at which the
    widest name fits at the largest size wins; otherwise the size goes down (½ pt steps) at the most
    columns, to the shape's smallest size; then any column count. A name still too wide keeps that size
    (``reportgen check-layout`` then reports where it breaks).
    """
    try:
        shape = SHAPES[kind]
    except KeyError:
        raise ValueError(f"joint_layout 的类别应为 {'、'.join(SHAPES)}，收到 {kind!r}") from None
    names = [str(n) for n in (names or []) if str(n or "").strip()]
    allowed = [c for c in shape.columns if not shape.max_rows or math.ceil(len(names) / c) <= shape.max_rows]
    chosen = _first_fit(names, allowed, shape, full_size=True) or _first_fit(names, allowed, shape) \
        or _first_fit(names, shape.columns, shape)  # too many rows every way: the most columns that fit
    columns, size = chosen or (shape.columns[-1], shape.min_size)
    rows = [names[i:i + columns] for i in range(0, len(names), columns)]
    if rows:
        rows[-1] = rows[-1] + [""] * (columns - len(rows[-1]))
    return {"列": columns, "字号": size, "行": rows, "行数": math.ceil(len(names) / columns) if names else 0}
