"""The shape of each pairing group (一对一 / 多对一 / 一对多), derived from a list of pairs.

A pair is one row (帮扶单位, 受扶单位). Grouping the rows by 受扶单位 and by 帮扶单位 gives each row its
shape: a 受扶单位 with several 帮扶单位 makes a 多对一 group (all its rows); otherwise a 帮扶单位 with
several 受扶单位 makes a 一对多 group; every other row is a 一对一 pair. Each row has exactly one shape, so
the pairs of the three shapes add up to all pairs. A group is counted by its shared side: 多对一 by
distinct 受扶单位, 一对多 by distinct 帮扶单位, 一对一 by pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

SHAPES = ("一对一", "多对一", "一对多")


def shape_rows(rows: Sequence[list], helper: int, helped: int) -> dict[str, list[list]]:
    """Shape → the rows (pairs) of that shape, in row order; rows missing either side are left out."""
    whole = [r for r in rows if r[helper] not in (None, "") and r[helped] not in (None, "")]
    helpers_of = Counter(r[helped] for r in whole)
    helped_by = Counter(r[helper] for r in whole)
    out: dict[str, list[list]] = {s: [] for s in SHAPES}
    for r in whole:
        if helpers_of[r[helped]] > 1:
            out["多对一"].append(r)
        elif helped_by[r[helper]] > 1:
            out["一对多"].append(r)
        else:
            out["一对一"].append(r)
    return out


def group_side(shape: str, helper: int, helped: int) -> int:
    """The column a group of ``shape`` is counted by (its shared side)."""
    return helper if shape == "一对多" else helped


def shape_figures(rows: Sequence[list], helper: int, helped: int) -> list[dict[str, Any]]:
    """[{名称: 一对一, 组数, 对数}, …] for the three shapes (always all three, in that order)."""
    out = []
    for shape, members in shape_rows(rows, helper, helped).items():
        side = group_side(shape, helper, helped)
        out.append({"名称": shape, "组数": len({r[side] for r in members}), "对数": len(members)})
    return out
