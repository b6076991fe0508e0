"""Use case ``reportgen fill``: one Excel template, figures from a data file or straight from exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from reportgen.context import figures_for_exports
from reportgen.errors import Location, ReportgenError
from reportgen.io.data import load_mapping
from reportgen.xlsx import XlsxTemplate


def fill_template(template: str | Path, out: str | Path, *, data: str | Path | None = None,
                  exports: list[str | Path] | None = None, specs: list[str | Path] | None = None,
                  undefined: Literal["strict", "lenient"] = "strict", script: str | None = None) -> Path:
    """Fill ``template`` into ``out``; figures from ``exports`` (+ ``specs``) first, ``data`` on top.

    ``data`` is a YAML/JSON file, or ``-`` for standard input."""
    if not exports and data is None:
        raise ReportgenError("没有数据：请用 --data 指定数据文件，或用 --export 指定台账导出表",
                             Location(option="--data/--export"))
    context: dict[str, Any] = {}
    if exports:
        context.update(figures_for_exports(list(exports), list(specs) if specs else None))
    if data is not None:
        context.update(load_mapping(data))
    return XlsxTemplate.load(template, undefined=undefined, script=script).render_to(out, context)
