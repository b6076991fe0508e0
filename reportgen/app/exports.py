"""Use case: what one uploaded export is — its registry, sheet, rows, year and problems — and, for each
problem, the figures it can change (the web page's upload and check steps; ``reportgen validate`` prints
the same problems)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.app.columns import ColumnOffer, column_offers
from reportgen.app.figures import validate_export
from reportgen.ingest import ERROR, WARNING, Issue, Table
from reportgen.specs import Spec


@dataclass
class ExportSummary:
    """One export as a clerk checks it before counting: which registry, how many rows, which problems."""

    spec: str
    title: str
    sheet: str
    rows: int
    year: int | None
    errors: int
    warnings: int
    issues: list[tuple[Issue, list[str]]]  # each problem with the figures it can change
    headers: list[str] = field(default_factory=list)  # every header of the sheet, as written
    offers: list[ColumnOffer] = field(default_factory=list)  # columns it lacks, to map from a header


def summarize_export(path: str | Path, column_map: dict[str, Any] | None = None,
                     specs: list[str | Path] | None = None) -> ExportSummary:
    """Recognise an export by its headers (the built-in specs and the own spec files ``specs``, with the
    ``列名映射`` ``column_map``) and list every problem, and the spec columns it lacks that a header could
    be mapped onto."""
    table = validate_export(path, column_map=column_map, specs=specs).table
    issues = [(i, affected_figures(table.spec, i.location.column)) for i in table.issues]
    return ExportSummary(table.spec.name, table.spec.title, table.sheet, len(table.rows), export_year(table),
                         table.count(ERROR), table.count(WARNING), issues, [h for h in table.layout.headers if h],
                         column_offers(table))


def spec_file_name(path: str | Path) -> str:
    """The registry an own spec file (``数据规格``) describes; a located error when it is not a valid spec."""
    from reportgen.specs import spec_ref

    return spec_ref(Path(path)).name


def export_year(table: Table) -> int | None:
    """The latest year in the spec's year column (None without one)."""
    column = table.spec.year_column
    if not column:
        return None
    i = table.keys.index(column)
    years = [v.year if hasattr(v, "year") else int(str(v)[:4]) for v in (r[i] for r in table.rows) if v]
    return max(years) if years else None


def affected_figures(spec: Spec, column: str | None) -> list[str]:
    """Indicators of ``spec`` whose definition names ``column`` (a header or its template key)."""
    if not column:
        return []
    col = spec.column(column)
    wanted = {column, col.key, col.name} if col else {column}
    found = [name for name, ind in spec.indicators.items() if any(w in repr(ind.options) for w in wanted)]
    if wanted & {spec.household_key, spec.person_key}:
        found.insert(0, "户数、人数（按此列去重计数）")
    return found


__all__ = ["ExportSummary", "summarize_export", "spec_file_name", "export_year", "affected_figures"]
