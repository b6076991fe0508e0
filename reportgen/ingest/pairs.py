"""Checks for a list of pairs (spec ``pair: [帮扶单位, 受扶单位]``): a unit paired with itself, a pair listed twice.

Both are errors: a self-pair is no help at all, and a repeated pair would count twice in 结对数 and could
turn a 一对一 pair into a 多对一 group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# (row position, message, column key the problem is shown in, hint)
PairProblem = tuple[int, str, str, str]


def pair_problems(helpers: Sequence[Any], helped: Sequence[Any], numbers: Sequence[int],
                  names: tuple[str, str], keys: tuple[str, str]) -> list[PairProblem]:
    """Self-pairs and repeated pairs, by row position; ``numbers`` are 0-based sheet rows (Excel row − 1)."""
    out: list[PairProblem] = []
    first: dict[tuple[Any, Any], int] = {}
    for i, (a, b) in enumerate(zip(helpers, helped, strict=True)):
        if a in (None, "") or b in (None, ""):
            continue
        if _same(a, b):
            out.append((i, f"{names[0]}与{names[1]}是同一单位「{a}」（自己与自己结对）", keys[1],
                        f"改正{names[1]}，或删除这一行"))
            continue
        seen = first.setdefault((_same_key(a), _same_key(b)), i)
        if seen != i:
            out.append((i, f"「{a}」与「{b}」的结对与第{numbers[seen] + 1}行重复", keys[1],
                        "同一对只写一行；删除重复的行（否则结对数多算，形态也会变）"))
    return out


def _same_key(value: Any) -> str:
    return "".join(str(value).split())


def _same(a: Any, b: Any) -> bool:
    return _same_key(a) == _same_key(b)
