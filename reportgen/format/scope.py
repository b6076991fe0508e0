"""The words for the level a document speaks for (``范围`` in the context): 全县 … 乡镇, or 全镇 … 村.

One template serves a county and a township: it writes ``{{ 范围.全称 }}共有…`` and ``各{{ 范围.下级 }}``.
"""

from __future__ import annotations

from typing import Any


def scope_words(county: str | None, town: str | None = None) -> dict[str, Any]:
    """``范围``: 级别, 名称, 全称 (全县/全镇/全乡), 下级 (乡镇/村), 上级, 机关 (who signs by default)."""
    if town:
        unit = "乡" if town.endswith("乡") else "镇"
        return {"级别": unit, "名称": town, "全称": f"全{unit}", "下级": "村", "上级": county,
                "机关": f"{town}人民政府"}
    return {"级别": "县", "名称": county, "全称": "全县", "下级": "乡镇", "上级": None,
            "机关": f"{county}乡村振兴局" if county else None}


def with_scope(context: dict[str, Any]) -> dict[str, Any]:
    """``context`` with the county ``范围`` when it has none (figures files written before 范围 existed)."""
    return context if "范围" in context else {**context, "范围": scope_words(context.get("县"))}
