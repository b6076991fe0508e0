"""Use case: 列名映射 — which spec columns an export lacks, the header most like each, and checking a map.

An export whose header says 「所在乡镇」 for 「乡(镇)」 is read once the project file's ``列名映射``
(``{表头: 规格中的列名}``, or ``{规格名: {表头: 列名}}`` for one registry) makes the header an alias
(:func:`reportgen.specs.with_column_map`, the one mapping mechanism ``reportgen build`` uses). The web
page offers each missing column with the guess ingest's error already names
(:func:`reportgen.specs.closest_header` over the headers no column took) and checks a map before using
it, so a header that is not in the export or two headers onto one column are a located error;
``reportgen build`` runs the same check on the project file's map (located at ``列名映射.<表头>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import ErrorGroup, Location, ReportgenError
from reportgen.ingest import Table
from reportgen.specs import closest_header, column_names, normalise_header, spec_set

KEY = "列名映射"


@dataclass
class ColumnOffer:
    """A spec column the export lacks, the headers it could be mapped from, and the likeliest one."""

    column: str
    required: bool
    headers: list[str]  # the export's headers no spec column took
    guess: str | None = None
    indicators: list[str] = field(default_factory=list)  # figures that need it (an optional column)


def column_offers(table: Table) -> list[ColumnOffer]:
    """Every required column ``table`` lacks, and every optional one a figure needs or a header resembles
    (the columns ingest reports), with the same guess as the message."""
    unmapped = list(table.extra)
    if not unmapped:
        return []
    offers = [ColumnOffer(col.name, True, unmapped, closest_header(col, unmapped))
              for col in table.spec.columns if col.required and col.key not in table.layout.index]
    offers += [ColumnOffer(m.column.name, False, unmapped, m.closest, list(m.indicators)) for m in table.missing]
    return offers


def map_pairs(column_map: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(registry or "" for every registry, header, column) of each entry of a ``列名映射``."""
    out = []
    for header, column in (column_map or {}).items():
        if isinstance(column, dict):
            out += [(str(header), str(h), str(c)) for h, c in column.items()]
        else:
            out.append(("", str(header), str(column)))
    return out


def with_pair(column_map: dict[str, Any] | None, registry: str, header: str, column: str | None) -> dict[str, Any]:
    """A copy of ``column_map`` with ``header`` of ``registry`` mapped onto ``column`` (None: removed)."""
    out: dict[str, Any] = {}
    for reg, h, c in map_pairs(column_map):
        if (reg, h) != (registry, header):
            _put(out, reg, h, c)
    if column:
        _put(out, registry, header, column)
    return out


def _put(column_map: dict[str, Any], registry: str, header: str, column: str) -> None:
    if registry:
        column_map.setdefault(registry, {})[header] = column
    else:
        column_map[header] = column


def export_headers(paths: list[Path], column_map: dict[str, Any] | None = None,
                   spec_files: list[str | Path] | None = None) -> dict[str, list[str]] | None:
    """Registry → the headers of its exports (recognised as ``reportgen build`` reads them, with the
    map), for :func:`check_column_map`; None when an export cannot be read (the figures say why)."""
    from reportgen.ingest import load_table

    specs = spec_set(spec_files or None, column_map if isinstance(column_map, dict) else None)
    out: dict[str, list[str]] = {}
    for path in paths:
        try:
            table = load_table(path, None, None, specs)
        except ReportgenError:
            return None
        out.setdefault(table.spec.name, []).extend(h for h in table.layout.headers if h)
    return out


def check_column_map(column_map: Any, headers: dict[str, list[str]], where: str = "",
                     spec_files: list[str | Path] | None = None) -> None:
    """Refuse a ``列名映射`` the exports cannot use: not a mapping, a registry or column the specs (the
    built-ins and the own ``spec_files``) do not have, a header no export (of that registry) has, two
    headers onto one column. ``headers`` is registry → the headers of its exports; ``where`` names the
    project file when there is one."""
    if column_map in (None, ""):
        return
    if not isinstance(column_map, dict):
        raise ReportgenError(f"「{KEY}」的格式不对", Location(file=where or None, key=KEY),
                             hint="应写成：列名映射: {所在乡镇: 乡(镇)}，或 {建档立卡: {所在乡镇: 乡(镇)}}")
    specs = {s.name: s for s in reversed(spec_set(spec_files or None))}  # the own file wins
    errors: list[ReportgenError] = []
    taken: dict[tuple[str, str], str] = {}
    for registry, header, column in map_pairs(column_map):
        key = f"{KEY}.{registry + '.' if registry else ''}{header}"
        loc = Location(file=where or None, key=key)
        if registry and registry not in specs:
            errors.append(ReportgenError(f"{KEY}中没有名为「{registry}」的台账种类", loc,
                                         hint="可用的台账种类：" + "、".join(specs)))
            continue
        owners = [registry] if registry else [n for n, s in specs.items() if s.column(column)]
        if not any(specs[n].column(column) for n in owners):
            errors.append(ReportgenError(f"{KEY}把「{header}」对应到「{column}」，但数据规格中没有「{column}」列", loc,
                                         hint="右边写数据规格中的列名（缺少必需的列时，错误信息里写出了列名）"))
            continue
        if not any(header in headers.get(n, []) for n in owners):
            errors.append(ReportgenError(f"{KEY}中的表头「{header}」在台账导出表中没有", loc,
                                         hint="左边写导出表中的表头原文；不需要时删除这一项"))
            continue
        for name in owners:
            col = specs[name].column(column)
            if col is None or header not in headers.get(name, []):
                continue
            used = next((c for c in specs[name].columns if c is not col and normalise_header(header) in column_names(c)),
                        None)
            if used is not None:
                errors.append(ReportgenError(f"{KEY}把「{header}」对应到「{col.name}」，但「{header}」已是「{name}」的「{used.name}」列",
                                             loc, hint="一个表头只能对应一列；换一个表头（网页上在下拉框中选择），或删除这一项"))
                continue
            own = next((h for h in headers[name] if normalise_header(h) in column_names(col)), None)
            if own:
                errors.append(ReportgenError(f"{KEY}把「{header}」对应到「{name}」的「{col.name}」列，但表中已有「{own}」列", loc,
                                             hint="一列只能对应导出表中的一个表头；删除这一项"))
                continue
            other = taken.setdefault((name, col.name), header)
            if other != header:
                errors.append(ReportgenError(f"{KEY}把「{other}」和「{header}」都对应到「{name}」的「{col.name}」列", loc,
                                             hint="一列只能对应导出表中的一个表头；删除其中一项"))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ErrorGroup(errors)


__all__ = ["ColumnOffer", "column_offers", "map_pairs", "with_pair", "export_headers", "check_column_map", "KEY"]
