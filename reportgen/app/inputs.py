"""One context for render, fill and batch: template parameters < figures < data files in order < --set.

A built-in template by name brings its parameters file (``工作总结.yaml``: ``公文.落款`` …), so
``reportgen render 工作总结 --data figures.yaml`` renders without copying anything. Mappings merge deeply,
so ``--set 公文.落款=城关镇人民政府`` changes one key of ``公文`` and keeps the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from reportgen.app.builtins import deep_merge
from reportgen.errors import Location, ReportgenError
from reportgen.io.data import load_mapping


def parse_sets(items: Sequence[str]) -> dict[str, Any]:
    """``名称=值`` pairs (``公文.落款=…`` sets a nested key; values read as YAML scalars: 2024 is a number)."""
    out: dict[str, Any] = {}
    for item in items:
        key, eq, text = item.partition("=")
        if not eq or not key.strip():
            raise ReportgenError(f"应写成 名称=值：{item}", Location(key="--set"), hint="例如 --set 年度=2024")
        try:
            value = yaml.safe_load(text) if text.strip() else ""
        except yaml.YAMLError:
            value = text
        if isinstance(value, dict | list) or value is None:
            value = text
        parts = [p.strip() for p in key.split(".")]
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def load_params_file(path: Path | None) -> dict[str, Any]:
    """A built-in's parameters YAML (or {})."""
    if path is None or not path.is_file():
        return {}
    return load_mapping(path, what="参数文件")


def gather_context(*, params_file: Path | None = None, exports: Sequence[str | Path] = (),
                   specs: Sequence[str | Path] = (), data_files: Sequence[str | Path] = (),
                   sets: Sequence[str] = (), year: int | None = None, scope: str | None = None,
                   notes: list[str] | None = None, need_data: bool = True,
                   exclude_bad_rows: bool = False, max_excluded: str | float = "5%") -> dict[str, Any]:
    """The merged context (see module doc); ``exports`` are turned into figures first (render and fill
    have ``--exclude-bad-rows``/``--max-excluded``, so their messages may offer them)."""
    from reportgen.context import figures_for_exports
    from reportgen.context.exclusions import parse_share
    from reportgen.format.scope import with_scope
    if need_data and not exports and not data_files:
        raise ReportgenError("没有数据：请用 --data 指定数据文件（可重复），或用 --export 指定台账导出表",
                             Location(option="--data/--export"))
    context = load_params_file(params_file)
    if exports:
        figures = figures_for_exports(list(exports), list(specs) or None, params={"年度": year} if year else None,
                                      notes=notes, scope=scope, exclude_bad_rows=exclude_bad_rows,
                                      max_excluded=parse_share(max_excluded), exclude_option=True)
        context = deep_merge(context, figures)
        if scope and isinstance(context.get("公文"), dict):  # the 镇's own 落款 unless a file or --set says
            context["公文"] = {**context["公文"], "落款": figures["范围"]["机关"]}
    elif scope:
        raise ReportgenError("--scope 需要台账导出表（--export），才能算出该乡镇的数字")
    for path in data_files:
        context = deep_merge(context, load_mapping(path))
    if year:
        context["年度"] = year
    context = deep_merge(context, parse_sets(sets))
    return with_scope(context) if "县" in context else context


__all__ = ["gather_context", "parse_sets", "load_params_file"]
