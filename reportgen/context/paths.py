"""Figure paths as templates and clerks write them: ``建档立卡.乡镇[城关镇].村[柳湾村].人数``.

A list item is named by its label (``名称`` of a 乡镇/村/category, ``年度`` of a series row), so a path
reads the same as the document and survives reordering. :func:`figure_paths` lists every value of a
figures context under such a path; :func:`parse_path` splits one back into segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reportgen.errors import Location, ReportgenError

Segment = tuple[str, str | None]  # (name, [label]) — ``乡镇[城关镇]`` → ("乡镇", "城关镇")
_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[([^\]]*)\])?")
LABEL_KEYS = ("名称", "年度")


def parse_path(path: str) -> list[Segment]:
    """``建档立卡.乡镇[城关镇].人数`` → [("建档立卡", None), ("乡镇", "城关镇"), ("人数", None)]."""
    text = path.strip()
    segments: list[Segment] = []
    pos = 0
    while pos < len(text):
        match = _SEGMENT.match(text, pos)
        if match is None:
            raise ReportgenError(f"看不懂数字路径「{path}」", Location(key=path),
                                 hint="写成模板里的样子，如 建档立卡.乡镇[城关镇].人数")
        segments.append((match.group(1).strip(), match.group(2)))
        pos = match.end()
        if pos < len(text):
            if text[pos] != ".":
                raise ReportgenError(f"看不懂数字路径「{path}」", Location(key=path),
                                     hint="各段之间用英文句点 . 分开，如 建档立卡.乡镇[城关镇].人数")
            pos += 1
    if not segments:
        raise ReportgenError("数字路径为空", Location(key=path), hint="如 建档立卡.户数")
    return segments


def format_path(segments: list[Segment]) -> str:
    return ".".join(name if label is None else f"{name}[{label}]" for name, label in segments)


def label_of(item: dict[str, Any]) -> tuple[str, Any]:
    """The key and value that name a list item (``名称``, else the first key, e.g. ``年度``)."""
    key = next((k for k in LABEL_KEYS if k in item), next(iter(item)))
    return key, item[key]


def figure_paths(tree: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """Every leaf value under ``prefix`` as (path, value); labels (名称/年度 of an item) are not figures."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key != "名称":  # the label of a 合计 row
                yield from figure_paths(value, f"{prefix}.{key}")
        return
    if isinstance(tree, list):
        if not tree or not isinstance(tree[0], dict):
            return
        for item in tree:
            key, label = label_of(item)
            for name, value in item.items():
                if name != key:
                    yield from figure_paths(value, f"{prefix}[{label}].{name}")
        return
    yield prefix, tree


def lookup_path(tree: Any, segments: list[Segment]) -> Any:
    """The value at ``segments`` in a figures context (KeyError naming the first missing segment)."""
    value = tree
    for name, label in segments:
        if not isinstance(value, dict) or name not in value:
            raise KeyError(name)
        value = value[name]
        if label is not None:
            if not isinstance(value, list):
                raise KeyError(f"{name}[{label}]")
            found = None
            for item in value:
                if isinstance(item, dict) and str(label_of(item)[1]) == label:
                    found = item
                    break
            if found is None:
                raise KeyError(f"{name}[{label}]")
            value = found
    return value
