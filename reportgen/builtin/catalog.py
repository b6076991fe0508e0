"""Listing and exporting the built-in templates (``reportgen templates``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportgen.builtin import BUILTINS
from reportgen.errors import Location, ReportgenError


def list_builtins() -> list[tuple[str, str, str]]:
    """(name, one-line description, data needed) for every built-in template."""
    return [(b.name, b.description, b.data) for b in BUILTINS.values()]


def export_builtin(name: str, out_dir: str | Path) -> list[Path]:
    """Copy a built-in template (.docx and its parameters .yaml) into ``out_dir`` for a user to edit."""
    if name not in BUILTINS:
        raise ReportgenError(f"没有名为「{name}」的内置模板。", Location(key=name),
                             hint="可用的模板：" + "、".join(BUILTINS))
    builtin = BUILTINS[name]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    copied = []
    for src in (builtin.docx, builtin.params):
        if src.is_file():
            target = out / src.name
            shutil.copyfile(src, target)
            copied.append(target)
    if not copied:
        raise ReportgenError("内置模板文件缺失。", Location(file=str(builtin.docx)),
                             hint="运行 python -m reportgen.builtin.build 重新生成模板。")
    return copied
