"""Township scope: the figures of one 乡镇, one level down (全镇, one row per 村), and the words for it.

A 乡镇 clerk writes "全镇共有…分布在19个村". With ``scope="城关镇"`` every registry keeps only that town's
rows and groups by 村 where it grouped by 乡镇, so the lists the templates walk (``建档立卡.乡镇``,
``乡镇汇总``) hold villages and ``合计`` is the town. ``范围`` in the context tells templates which level they
speak for (名称, 全称 全县/全镇, 下级 乡镇/村), so one template serves both.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportgen.context.registry import LoadedRegistry
from reportgen.errors import ReportgenError, did_you_mean
from reportgen.format.scope import with_scope


def narrow_to_town(registries: dict[str, LoadedRegistry], town: str) -> dict[str, LoadedRegistry]:
    """Each registry with only ``town``'s rows, grouped by 村 as if they were 乡镇 (see module doc)."""
    towns: list[str] = []
    for reg in registries.values():
        g = reg.spec.groups
        if g is None:
            continue
        t = reg.table.keys.index(g.town)
        towns += [r[t] for r in reg.rows if r[t] and r[t] not in towns]
    if town not in towns:
        guess = did_you_mean(town, towns)
        raise ReportgenError(f"台账中没有乡镇「{town}」" + (f"；是不是「{guess}」？" if guess else ""),
                             hint=f"台账中的乡镇：{'、'.join(towns) or '（无）'}")
    out = {}
    for name, reg in registries.items():
        g = reg.spec.groups
        if g is None:
            out[name] = LoadedRegistry(reg.spec, reg.table, _rows_of(reg, town))
            continue
        t = reg.table.keys.index(g.town)
        rows = [r for r in reg.rows if r[t] == town]
        if g.village:  # 村 become the groups; the town's own figures are the 合计
            groups = replace(g, town=g.village, village=None, village_indicators=[])
            spec = replace(reg.spec, groups=groups)
        else:
            spec = reg.spec
        out[name] = LoadedRegistry(spec, reg.table, rows)
    return out


def _rows_of(reg: LoadedRegistry, town: str) -> list[list]:
    """Rows of an ungrouped registry (任务分工, 责任书): the town's own when it has a 乡镇 column."""
    for key in ("乡镇", "乡(镇)"):
        if key in reg.table.keys:
            i = reg.table.keys.index(key)
            return [r for r in reg.rows if r[i] == town]
    return reg.rows


__all__ = ["narrow_to_town", "document_context"]


def document_context(context: dict[str, Any], where: str = "") -> dict[str, Any]:
    """``context`` ready for a built-in document or table: ``范围`` filled in, ``年度`` known.

    A built-in prints the year in its title and body, so an unknown year stops here rather than print
    "None" or a blank (the exports had no date column and nobody said which year).
    """
    year = context.get("年度")
    if year is None or str(year).strip() in ("", "None"):
        raise ReportgenError(f"不知道年度{f'（{where}）' if where else ''}：台账中没有日期列，也没有指定年度",
                             hint="用 --year 2024 指定，或在项目文件 reportgen.yaml 中写「年度: 2024」")
    return with_scope(context)
