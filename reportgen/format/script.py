"""Simplified → Traditional conversion with OpenCC (phrase level), cached per script."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

_CONFIGS = {"traditional": "s2twp", "tw": "s2twp", "hk": "s2hk"}


@cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(f"{config}.json" if not config.endswith(".json") else config)


def converter(script: str | None) -> Callable[[str], str] | None:
    """A function converting text to ``script``, or None for Simplified (no conversion)."""
    if script in (None, "", "simplified"):
        return None
    try:
        config = _CONFIGS[script]
    except KeyError:
        from reportgen.errors import ReportgenError

        raise ReportgenError(f"未知的文字选项 script={script!r}；可选：simplified、traditional、tw、hk") from None
    return _opencc(config).convert
