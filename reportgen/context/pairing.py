"""The 结对帮扶 list as documents use it, and what the figures cannot say: villages nobody pairs with.

``pairing_context`` gives ``结对安排`` in the figures context: the pairs ordered by 受扶乡镇 (roster order),
受扶单位类型 and 受扶单位, each with its derived 形态 (一对一/多对一/一对多, :mod:`reportgen.measures.pairs`)
and 乡镇对数 (its 乡镇's pairs: the 结对安排表 merges and keeps together a 乡镇 that fits a page), and
the roster villages with no 帮扶单位 (county-wide and per 乡镇; ``下级``: per row of ``结对帮扶.乡镇``, which
holds 乡镇, or with a township scope 村, so a table row finds its own list). It is a list for the 结对安排表 and the
协议书 batch, not a figure: the counts themselves (``结对帮扶.…``) are indicators, traced like the rest.
Notes name each village without a pair (its roster row) and each 受扶村 the roster does not know.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.context.privacy import mask_record
from reportgen.context.registry import LoadedRegistry
from reportgen.measures.pairs import shape_rows

PAIRS = "结对帮扶"
ROSTER = "村级基本情况"
VILLAGE_KIND = "村"
HELPED_KIND_ORDER = ("乡镇", "村", "学校", "医院", "机关", "企业", "社会组织")


def pairing_context(registries: dict[str, LoadedRegistry], public: bool = False,
                    notes: list[str] | None = None, scope: str | None = None) -> dict[str, Any] | None:
    """``结对安排`` (see module doc), or None when there is no 结对帮扶 list; ``scope``: the registries are
    narrowed to that 乡镇 (``context.scope``), so ``下级`` is its villages."""
    reg = registries.get(PAIRS)
    if reg is None:
        return None
    keys = reg.table.keys
    col = {k: keys.index(k) for k in ("帮扶单位", "受扶单位", "受扶单位类型", "乡镇", "受扶村")}
    roster = _roster_villages(registries.get(ROSTER))
    town_order = list(dict.fromkeys([t for t, _v, _n in roster] + [r[col["乡镇"]] for r in reg.rows]))
    shape_of = {id(r): shape for shape, rows in shape_rows(reg.rows, col["帮扶单位"], col["受扶单位"]).items()
                for r in rows}
    records = reg.table_records()
    by_row = dict(zip((id(r) for r in reg.rows), records, strict=True))

    village_order = {(t, v): i for i, (t, v, _n) in enumerate(roster)}

    def order(row: list) -> tuple:
        kind, town = row[col["受扶单位类型"]], row[col["乡镇"]]
        return (town_order.index(town) if town in town_order else len(town_order),
                HELPED_KIND_ORDER.index(kind) if kind in HELPED_KIND_ORDER else len(HELPED_KIND_ORDER),
                village_order.get((town, row[col["受扶村"]]), len(village_order)), str(row[col["受扶单位"]]))

    per_town: dict[Any, int] = {}
    for row in reg.rows:
        per_town[row[col["乡镇"]]] = per_town.get(row[col["乡镇"]], 0) + 1
    pairs = []
    for row in sorted(reg.rows, key=order):
        record = mask_record(by_row[id(row)], reg.spec) if public else dict(by_row[id(row)])
        record["形态"] = shape_of.get(id(row), "")
        record["乡镇对数"] = per_town[row[col["乡镇"]]]
        pairs.append(record)
    covered = {(r[col["乡镇"]], r[col["受扶村"]]) for r in reg.rows if r[col["受扶单位类型"]] == VILLAGE_KIND}
    missing = [(t, v, n) for t, v, n in roster if (t, v) not in covered]
    if notes is not None and registries.get(ROSTER) is not None:
        notes += _notes(reg, registries[ROSTER], roster, missing, col)
    towns = [{"名称": t, "未结对村": [v for tt, v, _n in missing if tt == t]} for t in town_order]
    lower = towns
    if scope:  # a row per village: the roster's, then 受扶村 the roster does not know
        unpaired = {v for _t, v, _n in missing}
        villages = dict.fromkeys([v for _t, v, _n in roster] + [r[col["受扶村"]] for r in reg.rows if r[col["受扶村"]]])
        lower = [{"名称": v, "未结对村": [v] if v in unpaired else []} for v in villages]
    return {"对子": pairs, "未结对村": [v for _t, v, _n in missing], "乡镇": towns, "下级": lower}


def _roster_villages(roster: LoadedRegistry | None) -> list[tuple[str, str, int]]:
    """(乡镇, 村, Excel row) of every roster village, in roster order."""
    if roster is None:
        return []
    t, v = roster.table.keys.index("乡镇"), roster.table.keys.index("行政村")
    number = dict(zip((id(r) for r in roster.table.rows), roster.table.row_numbers, strict=True))
    return [(r[t], r[v], number[id(r)]) for r in roster.rows if r[t] and r[v]]


def _notes(reg: LoadedRegistry, roster: LoadedRegistry, villages: list[tuple[str, str, int]],
           missing: list[tuple[str, str, int]], col: dict[str, int]) -> list[str]:
    out = [f"{Path(roster.table.file).name} › {roster.table.sheet} › 第{n}行：{t}{v}没有结对帮扶单位"
           f"（结对帮扶名单中没有以它为受扶村的结对）" for t, v, n in missing]
    known = {(t, v) for t, v, _n in villages}
    number = dict(zip((id(r) for r in reg.table.rows), reg.table.row_numbers, strict=True))
    for r in reg.rows:
        village = r[col["受扶村"]]
        if village and (r[col["乡镇"]], village) not in known:
            out.append(f"{Path(reg.table.file).name} › {reg.table.sheet} › 第{number[id(r)]}行 列「受扶村」："
                       f"「{village}」不是村级基本情况中{r[col['乡镇']]}的行政村，不计入覆盖情况的核对")
    return out
