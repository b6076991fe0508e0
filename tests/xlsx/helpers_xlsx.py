"""Test data shaped like docs/figures.md, shared by the xlsx tests."""

from __future__ import annotations


def towns(n: int = 3) -> list[dict]:
    """乡镇 rows shaped like figures 建档立卡.乡镇 (docs/figures.md)."""
    out = []
    for i in range(n):
        villages = [
            {"名称": f"村{i}{j}", "户数": 10 + i + j, "人数": 30 + 3 * j + i, "已脱贫人数": 28 + j}
            for j in range(2 + i % 2)
        ]
        out.append({
            "名称": f"镇{i}",
            "户数": sum(v["户数"] for v in villages),
            "人数": sum(v["人数"] for v in villages),
            "农业户籍人口": 1000 + 100 * i,
            "村": villages,
        })
    return out
