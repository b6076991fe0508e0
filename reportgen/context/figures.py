"""The figures context: one plain nested dict (Chinese keys) that templates consume (see docs/figures.md).

``figures_for_exports(paths)`` reads every export, matches each to its spec by headers, computes the
roster first (it gives the 乡镇/村 order and the 贫困发生率 denominator), then the other registries, the
乡镇汇总 table, and the row lists (任务分工, 责任书). ``rows_for_export(path)`` gives typed rows for batch
generation (one 责任书 per row).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.context.exclusions import DEFAULT_MAX_EXCLUDED
from reportgen.context.pairing import pairing_context
from reportgen.context.privacy import mask_record
from reportgen.context.provenance import FigureSet
from reportgen.context.registry import FileProgress, LoadedRegistry, load_registries
from reportgen.context.scope import narrow_to_town
from reportgen.format.scope import scope_words
from reportgen.ingest import load_table
from reportgen.measures import compute_registry, merge_order, order_of
from reportgen.specs import Spec, builtin_specs, spec_ref, spec_set

ROSTER = "村级基本情况"
# Top-level order of the figures file (docs/figures.md); registries not listed follow in file order.
KEY_ORDER = ("县", "年度", "范围", "建档立卡", "监测", "留守儿童", "流动人口", "乡镇汇总", "乡镇汇总合计", "任务分工", "责任书",
             "结对帮扶", "结对安排")


def figures_for_exports(paths: list[str | Path], spec_paths: list[str | Path] | None = None, *,
                        params: dict[str, Any] | None = None, public: bool = False,
                        exclude_bad_rows: bool = False, column_map: dict[str, Any] | None = None,
                        notes: list[str] | None = None, strict: bool = False,
                        scope: str | None = None, max_excluded: float = DEFAULT_MAX_EXCLUDED,
                        exclude_option: bool = False, progress: FileProgress | None = None) -> dict[str, Any]:
    """The figures context for a set of exports (docs/figures.md).

    Errors in an export stop the run (raised together, with their places) unless ``exclude_bad_rows``,
    which leaves those rows out of every figure (each file's count and reasons go to ``notes``; refused
    above ``max_excluded`` of a file's rows or all of them). ``exclude_option``: the caller has
    ``--exclude-bad-rows``, so error messages may offer it. A figure whose column an export lacks is an
    error, never 0 or null. ``params`` may set ``年度`` and spec parameters
    (e.g. ``{"发生率分母": "总人口"}``). ``spec_paths`` are spec files or built-in names, added to the
    built-ins or replacing one by name; ``column_map`` maps export headers to spec columns (``列名映射``).
    Problems that touch no figure do not stop the run: they go to ``notes`` (``strict``: they stop it).
    ``scope`` (a 乡镇 name) gives that town's figures, by 村 (``context.scope``); ``范围`` says which.
    ``progress(file name, rows read, rows in the sheet)`` is called while each export is read (a progress
    bar in the CLI, later the web page).
    """
    return compute_figures(paths, spec_paths, params=params, public=public, exclude_bad_rows=exclude_bad_rows,
                           column_map=column_map, notes=notes, strict=strict, scope=scope,
                           max_excluded=max_excluded, exclude_option=exclude_option, progress=progress).figures


def compute_figures(paths: list[str | Path], spec_paths: list[str | Path] | None = None, *,
                    params: dict[str, Any] | None = None, public: bool = False,
                    exclude_bad_rows: bool = False, column_map: dict[str, Any] | None = None,
                    notes: list[str] | None = None, strict: bool = False,
                    scope: str | None = None, max_excluded: float = DEFAULT_MAX_EXCLUDED,
                    exclude_option: bool = False, progress: FileProgress | None = None) -> FigureSet:
    """Like :func:`figures_for_exports`, keeping the registries so any figure can be traced later
    (:meth:`FigureSet.trace`); nothing is traced here, so this costs the same as the plain figures."""
    specs = spec_set(spec_paths, column_map)
    params = dict(params or {})
    registries = load_registries(paths, specs, exclude_bad_rows, notes, strict, max_excluded=max_excluded,
                                 exclude_option=exclude_option, progress=progress)
    county = _county(registries)
    if scope:
        registries = narrow_to_town(registries, scope)
    out: dict[str, Any] = {"县": county, "年度": params.get("年度") or _year(registries),
                           "范围": scope_words(county, scope)}
    params["年度"] = out["年度"]  # the report year: ages (育龄妇女 15–49 周岁) are computed at its end
    roster = registries.get(ROSTER)
    order = order_of(roster.spec, roster.table.keys, roster.rows) if roster else []

    def lookup(spec_name: str, indicator: str, scope):
        other = registries.get(spec_name)
        return other.value(indicator, scope, lookup, params) if other else None

    computed: dict[str, dict[str, Any]] = {}
    for name, reg in registries.items():
        if reg.spec.output == "rows":
            records = reg.table_records()
            out[name] = [mask_record(r, reg.spec) for r in records] if public else records
            continue
        computed[name] = compute_registry(reg.spec, reg.table.keys, reg.rows, lookup, order, params)
        out[name] = computed[name]
    for spec in specs:
        if spec.output == "summary":
            out[spec.name], out[f"{spec.name}合计"] = _summary(spec, registries, order, lookup, params)
    pairing = pairing_context(registries, public, notes, scope)
    if pairing is not None:
        out["结对安排"] = pairing
    first = {k: out[k] for k in KEY_ORDER if k in out}
    figures = {**first, **{k: v for k, v in out.items() if k not in first}}
    return FigureSet(figures, registries, specs, params)


def _county(registries: dict[str, LoadedRegistry]) -> str | None:
    for reg in registries.values():
        if "县" in reg.table.keys:
            i = reg.table.keys.index("县")
            for r in reg.rows:
                if r[i]:
                    return r[i]
    return None


def _year(registries: dict[str, LoadedRegistry]) -> int | None:
    """The latest year in the specs' ``year_column`` (填报日期, 签订日期…), if any export has one."""
    years = []
    for reg in registries.values():
        col = reg.spec.year_column
        if col:
            i = reg.table.keys.index(col)
            years += [int(str(r[i])[:4]) if isinstance(r[i], str) else r[i].year for r in reg.rows if r[i]]
    return max(years) if years else None


def _summary(spec: Spec, registries: dict[str, LoadedRegistry], order, lookup, params):
    """One row per 乡镇 joining registries (乡镇汇总), and its 合计 row."""
    towns = merge_order(order, [])
    for reg in registries.values():
        if reg.spec.groups and reg.spec.output == "figures":
            towns = merge_order(towns, order_of(reg.spec, reg.table.keys, reg.rows))

    def row(name: str, scope) -> dict[str, Any]:
        item: dict[str, Any] = {"名称": name}
        for column, ref in spec.summary.items():
            reg_name, indicator = ref.split(".", 1)
            reg = registries.get(reg_name)
            item[column] = reg.value(indicator, scope, lookup, params) if reg else None
        return item

    return [row(t, (t,)) for t, _ in towns], row("合计", None)


def rows_for_export(path: str | Path, spec: Spec | str | Path | None = None, *, sheet: str | int | None = None,
                    public: bool = False, columns: set[str] | None = None) -> list[dict[str, Any]]:
    """Typed rows keyed by template key (``工作经费（元）`` → ``工作经费``), extra columns under their header,
    and ``_row``: the row number as Excel shows it (header rows counted).

    Raises the export's errors (all of them, located) so a batch never prints a document from a bad row;
    with ``columns`` (the keys the documents print), only errors in those columns.
    """
    if isinstance(spec, str | Path):
        spec = spec_ref(spec)
    table = load_table(path, spec, sheet, builtin_specs() if spec is None else None)
    from reportgen.context.registry import raise_errors

    raise_errors(table, columns)
    records = table.records()
    if public:
        records = [mask_record(r, table.spec) for r in records]
    for record, number in zip(records, table.row_numbers, strict=True):
        record["_row"] = number  # the row as Excel shows it, so batch errors point at the right line
    return records
