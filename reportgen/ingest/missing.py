"""Optional spec columns an export lacks: which figures they make unknown, and the header meant instead.

A renamed header (``脱贫年份`` for ``脱贫年度``, ``人均纯收入（元）`` for ``人均纯收入``) leaves the spec's column
absent; its cells would read as empty and the figures built on it as 0 or null. Ingest names each such
column once, with the closest header the file does have and how to map it, so ``validate`` warns and
``figures`` refuses (``context.registry``) instead of writing a wrong number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.specs import closest_header
from reportgen.specs.model import ColumnSpec, Spec


@dataclass(frozen=True)
class MissingColumn:
    """An optional column absent from the export, the indicators that need it, and a likely header."""

    column: ColumnSpec
    indicators: tuple[str, ...]
    closest: str | None

    def message(self) -> str:
        need = f"，无法计算：{'、'.join(self.indicators)}（不能当作 0）" if self.indicators else ""
        guess = f"；表中有「{self.closest}」，是不是它（{self.closest} → {self.column.name}?）" if self.closest else ""
        return f"缺少列「{self.column.name}」{need}{guess}"

    def hint(self, spec: Spec) -> str:
        header = self.closest or "导出表中的写法"
        return (f"把导出表的表头改为「{self.column.name}」；或在数据规格 {_shown(spec.path)} 的「{self.column.name}」列加上 "
                f"aliases: [{header}]（复制该文件修改后用 --spec 指定）")


def missing_columns(spec: Spec, index: dict[str, int], headers: list[str]) -> list[MissingColumn]:
    """Optional columns of ``spec`` not in ``index`` that an indicator reads or a header resembles."""
    used: dict[str, list[str]] = {}
    for name in spec.indicators:
        for col in spec.indicator_columns(name):
            used.setdefault(col.key, []).append(name)
    unmapped = [h for i, h in enumerate(headers) if h and i not in set(index.values())]
    out = []
    for col in spec.columns:
        if col.key in index or col.required:
            continue
        closest = closest_header(col, unmapped)
        if used.get(col.key) or closest:
            out.append(MissingColumn(col, tuple(used.get(col.key, ())), closest))
    return out


def _shown(path: str) -> str:
    """A spec path as a clerk would type it (relative to the current folder when it is under it)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


__all__ = ["MissingColumn", "missing_columns"]
