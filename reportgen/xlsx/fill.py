"""``reportgen fill``: one template, figures from a data file or straight from registry exports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

import yaml

from reportgen.errors import Location, ReportgenError
from reportgen.xlsx.template import XlsxTemplate


def load_data(source: str | Path) -> dict[str, Any]:
    """A figures dict from a .yaml/.yml/.json file, or from standard input when ``source`` is ``-``."""
    where = Location(file=str(source))
    if str(source) == "-":
        text, suffix = sys.stdin.read(), ""
    else:
        path = Path(source)
        if not path.is_file():
            raise ReportgenError("找不到数据文件", where)
        text, suffix = path.read_text(encoding="utf-8-sig"), path.suffix.lower()
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ReportgenError(f"数据文件格式错误：{exc}", where,
                             hint="数据文件应为 YAML 或 JSON，顶层是键值对（如 县: 青禾县）。") from exc
    if not isinstance(data, dict):
        raise ReportgenError("数据文件的顶层必须是键值对（字典）", where)
    return data


def fill_template(template: str | Path, out: str | Path, *, data: str | Path | None = None,
                  exports: list[str | Path] | None = None, specs: list[str | Path] | None = None,
                  undefined: Literal["strict", "lenient"] = "strict", script: str | None = None) -> Path:
    """Fill ``template`` into ``out``; figures from ``exports`` (+ ``specs``) first, ``data`` on top."""
    context: dict[str, Any] = {}
    if exports:
        from reportgen.context import figures_for_exports

        context.update(figures_for_exports(list(exports), list(specs) if specs else None))
    if data is not None:
        context.update(load_data(data))
    if not exports and data is None:
        raise ReportgenError("没有数据：请用 --data 指定数据文件，或用 --export 指定台账导出表")
    return XlsxTemplate.load(template, undefined=undefined, script=script).render_to(out, context)
