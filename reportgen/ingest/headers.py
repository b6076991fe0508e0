"""Find the header row(s) of an export and map its columns to a spec.

Exports may start with a title row and may have two header rows (a merged group row above the column
names), flattened to ``组/列``. With a spec, the header start and depth that match most spec columns win;
without one, the merged-cell layout decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.specs import column_names, normalise_header
from reportgen.specs.model import ColumnSpec, Spec

SCAN_ROWS = 10


@dataclass
class HeaderLayout:
    """Where the headers are: ``start`` (0-based row), ``depth`` (1 or 2) and the flattened names."""

    start: int
    depth: int
    headers: list[str]  # flattened ``组/列``
    shown: list[str] = field(default_factory=list)  # the column's own header cell, as Excel shows it
    index: dict[str, int] = field(default_factory=dict)  # spec column key → column index

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = list(self.headers)

    @property
    def first_data_row(self) -> int:
        return self.start + self.depth


def flatten(rows: list[list], start: int, depth: int, merged: list) -> tuple[list[str], list[str]]:
    """(``组/列`` names, own names) of header rows ``start``…, group names carried across merged cells."""
    top = [_cell(v) for v in rows[start]] if start < len(rows) else []
    if depth == 1:
        return top, top
    low = [_cell(v) for v in rows[start + 1]] if start + 1 < len(rows) else []
    width = max(len(top), len(low))
    top += [""] * (width - len(top))
    low += [""] * (width - len(low))
    group = list(top)
    for (r0, c0), (_r1, c1) in merged:
        if r0 == start and c1 > c0:
            for c in range(c0 + 1, min(c1, width - 1) + 1):
                group[c] = top[c0]
    out, own = [], []
    for g, name in zip(group, low, strict=True):
        own.append(name or g)
        if not name:
            out.append(g)
        elif g and g != name:
            out.append(f"{g}/{name}")
        else:
            out.append(name)
    return out, own


def _cell(v: object) -> str:
    return "" if v is None else str(v).strip()


def map_columns(headers: list[str], own: list[str], spec: Spec) -> dict[str, int]:
    """Spec column key → index of its header (full ``组/列`` name first, then the column's own name)."""
    full: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, (h, o) in enumerate(zip(headers, own, strict=True)):
        n = normalise_header(h)
        if not n:
            continue
        full.setdefault(n, i)
        last.setdefault(normalise_header(o), i)
    out: dict[str, int] = {}
    for col in spec.columns:
        i = _find(col, full, last)
        if i is not None:
            out[col.key] = i
    return out


def _find(col: ColumnSpec, full: dict[str, int], last: dict[str, int]) -> int | None:
    names = column_names(col)
    for n in names:
        if n in full:
            return full[n]
    for n in names:
        if n in last:
            return last[n]
    return None


def detect(rows: list[list], merged: list, spec: Spec | None) -> HeaderLayout:
    """The header layout that fits ``spec`` best (or the merged-cell layout when there is no spec)."""
    starts = [i for i in range(min(SCAN_ROWS, len(rows))) if sum(1 for v in rows[i] if _cell(v)) >= 2]
    if not starts:
        return HeaderLayout(0, 1, *(flatten(rows, 0, 1, merged) if rows else ([], [])))
    if spec is None:
        start = starts[0]
        depth = 2 if _has_group_row(merged, start) else 1
        return HeaderLayout(start, depth, *flatten(rows, start, depth, merged))
    best: HeaderLayout | None = None
    best_score = -1
    for start in starts:
        for depth in (1, 2):
            headers, own = flatten(rows, start, depth, merged)
            index = map_columns(headers, own, spec)
            score = len(index) * 2 + (1 if depth == 2 and _has_group_row(merged, start) else 0)
            if score > best_score:
                best, best_score = HeaderLayout(start, depth, headers, own, index), score
    assert best is not None
    return best


def _has_group_row(merged: list, start: int) -> bool:
    return any(r0 == start and c1 > c0 for (r0, c0), (_r1, c1) in merged)
