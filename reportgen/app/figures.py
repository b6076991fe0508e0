"""Use cases for the data stage: check an export, compute the figures a clerk checks before printing,
trace a figure to its rows (``explain``), and compare with last year (同比)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from reportgen.context import FigureSet, FileProgress, compute_figures, dump_figures
from reportgen.context.compare import compare_figures
from reportgen.context.exclusions import DEFAULT_MAX_EXCLUDED, parse_share
from reportgen.errors import Location, ReportgenError
from reportgen.ingest import Report, validate
from reportgen.specs import spec_set

SOURCE = "台账："
SPEC = "规格："
OPTION = "选项："
SCOPE = "范围："


def validate_export(export: str | Path, spec: str | Path | None = None,
                    sheet: str | int | None = None, progress: FileProgress | None = None,
                    column_map: dict[str, Any] | None = None, specs: list[str | Path] | None = None) -> Report:
    """Every problem of one export, typed against ``spec`` (or the spec its headers match among the
    built-ins and the project file's ``数据规格`` ``specs``); ``column_map`` is the project file's
    ``列名映射`` (headers read as the spec's columns).

    ``progress(file name, rows read, rows in the sheet)`` is called while the export is read."""
    each = None if progress is None else partial(progress, Path(export).name)
    refs = [spec] if spec else list(specs or [])
    chosen_from = spec_set(refs or None, column_map) if column_map or refs else None
    chosen = chosen_from[0] if chosen_from and spec else None
    return validate(export, chosen, sheet, specs=chosen_from, progress=each)


def figure_set(exports: list[str | Path], *, specs: list[str | Path] | None = None, year: int | None = None,
               public: bool = False, exclude_bad_rows: bool = False, notes: list[str] | None = None,
               strict: bool = False, scope: str | None = None, previous: list[str | Path] | None = None,
               max_excluded: str | float = DEFAULT_MAX_EXCLUDED, exclude_option: bool = False,
               column_map: dict[str, Any] | None = None, progress: FileProgress | None = None) -> FigureSet:
    """The figures of ``exports`` with their registries (for audit/explain/review); with ``previous``
    (last year's exports) the figures carry ``同比``."""
    params: dict[str, Any] | None = {"年度": year} if year else None
    options = {"public": public, "exclude_bad_rows": exclude_bad_rows, "strict": strict, "scope": scope,
               "max_excluded": parse_share(max_excluded), "exclude_option": exclude_option,
               "column_map": column_map}
    fs = compute_figures(list(exports), list(specs) if specs else None, params=params, notes=notes,
                         progress=progress, **options)
    if previous:
        add_previous_year(fs, previous, specs=specs, year=year, **options)
    return fs


def add_previous_year(fs: FigureSet, previous: list[str | Path], *, specs: list[str | Path] | None = None,
                      year: int | None = None, **options: Any) -> None:
    """Add ``同比`` to ``fs.figures``: last year's exports counted with the same specs and options
    (``figures --previous`` and the project file's ``上年`` both come here)."""
    last = {"年度": year - 1} if year else None
    try:
        before = compute_figures(list(previous), list(specs) if specs else None, params=last, **options)
    except ReportgenError as exc:  # last year's file often has this year's name: say which year it is
        exc.message = f"上年台账：{exc.message}"
        exc.args = (exc.message,)
        raise
    fs.figures["同比"] = compare_figures(fs, before.figures)


def write_figures(exports: list[str | Path], output: str | Path, *, specs: list[str | Path] | None = None,
                  year: int | None = None, public: bool = False, exclude_bad_rows: bool = False,
                  notes: list[str] | None = None, strict: bool = False, scope: str | None = None,
                  audit: str | Path | None = None, previous: list[str | Path] | None = None,
                  max_excluded: str | float = DEFAULT_MAX_EXCLUDED,
                  progress: FileProgress | None = None) -> dict[str, Any]:
    """Compute the figures of ``exports`` and write them as YAML to ``output``; ``audit`` also writes the
    audit workbook (核对底稿.xlsx), ``previous`` adds 同比 against last year's exports. Returns the figures.

    ``notes`` receives the problems that touch no figure (one line per kind) and what ``exclude_bad_rows``
    left out; ``strict`` stops on any; ``max_excluded`` (``"10%"`` or 0.1) bounds ``exclude_bad_rows``.
    ``progress`` as in :func:`validate_export`, for each export.
    """
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise ReportgenError(f"输出文件应为 .yaml（收到 {output.name}）", Location(file=str(output)))
    if audit is not None and Path(audit).suffix.lower() != ".xlsx":
        raise ReportgenError(f"核对底稿应为 .xlsx（收到 {Path(audit).name}）", Location(file=str(audit)))
    fs = figure_set(exports, specs=specs, year=year, public=public, exclude_bad_rows=exclude_bad_rows,
                    notes=notes, strict=strict, scope=scope, previous=previous, max_excluded=max_excluded,
                    exclude_option=True, progress=progress)
    if fs.figures.get("年度") is None and notes is not None:
        notes.append("台账中没有日期列，年度未知（figures.yaml 中为 null）：生成文档前请用 --year 指定")
    dump_figures(fs.figures, output, figures_header(exports, specs, exclude_bad_rows=exclude_bad_rows, scope=scope))
    if audit is not None:
        from reportgen.app.audit import write_audit_workbook

        write_audit_workbook(fs, audit, public=public)
    return fs.figures


def save_figures(figures: dict[str, Any], output: str | Path, header: list[str] | None = None) -> Path:
    """Write a figures context as figures.yaml (as ``reportgen figures`` does)."""
    dump_figures(figures, output, header)
    return Path(output)


def figures_header(exports: list[str | Path], specs: list[str | Path] | None = None, *,
                   exclude_bad_rows: bool = False, scope: str | None = None) -> list[str]:
    """The comment lines a figures.yaml starts with: its exports and the options that change the rows,
    so ``explain`` and ``render --review`` can trace its numbers (``build`` writes the same lines)."""
    header = ["reportgen figures — 用 reportgen explain 本文件 指标路径 追溯任一数字到台账行"]
    header += [f"{SOURCE}{Path(p).resolve()}" for p in exports]
    header += [f"{SPEC}{Path(p).resolve() if Path(p).suffix.lower() in ('.yaml', '.yml') else p}" for p in specs or []]
    header += [f"{OPTION}--exclude-bad-rows"] if exclude_bad_rows else []
    header += [f"{SCOPE}{scope}"] if scope else []
    return header


def figures_sources(figures_file: str | Path) -> dict[str, Any]:
    """The exports, specs and options a figures.yaml written by reportgen names in its header."""
    path = Path(figures_file)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReportgenError(f"无法读取数字文件：{exc.strerror}", Location(file=str(path))) from None
    found: dict[str, Any] = {"exports": [], "specs": [], "exclude_bad_rows": False, "year": None, "scope": None}
    # no year line: 年度 changes no traced figure, and a file without --year names the year it found
    for line in lines:
        if not line.startswith("# "):
            break
        text = line[2:]
        if text.startswith(SOURCE):
            found["exports"].append(text[len(SOURCE):])
        elif text.startswith(SPEC):
            found["specs"].append(text[len(SPEC):])
        elif text.startswith(OPTION) and "--exclude-bad-rows" in text:
            found["exclude_bad_rows"] = True
        elif text.startswith(SCOPE):
            found["scope"] = text[len(SCOPE):]
    if not found["exports"]:
        raise ReportgenError("这个数字文件没有记录它来自哪些台账", Location(file=str(path)),
                             hint="用新版 reportgen figures 重新生成，或直接给出台账：reportgen explain 台账.xlsx… 路径")
    return found


def explain_figure(sources: list[str | Path], path: str, row: int | None = None) -> list[str]:
    """Lines explaining figure ``path``: from exports, or from a figures.yaml that names its exports."""
    from reportgen.context.explain import explain

    if len(sources) == 1 and Path(sources[0]).suffix.lower() in (".yaml", ".yml"):
        found = figures_sources(sources[0])
        fs = figure_set(found["exports"], specs=found["specs"] or None, year=found["year"],
                        exclude_bad_rows=found["exclude_bad_rows"], scope=found["scope"])
        lines = explain(fs, path, row)
        written = _written_value(sources[0], path, fs)
        if written is not None:
            lines.insert(1, written)
        return lines
    return explain(figure_set(list(sources)), path, row)


def _written_value(figures_file: str | Path, path: str, fs: FigureSet) -> str | None:
    """A warning when the figures file no longer matches its exports (edited or re-exported since)."""
    from reportgen.context.paths import lookup_path, parse_path
    from reportgen.io.data import load_mapping

    try:
        written = lookup_path(load_mapping(figures_file, what="数字文件"), parse_path(path))
    except KeyError:
        return None
    if written != fs.value(path):
        return f"注意：{Path(figures_file).name} 中写的是 {written}，按台账现在算出的是 {fs.value(path)}（台账或数字文件已改动）"
    return None


def shown_value(key: str, value: Any) -> str:
    """A figure as a clerk reads it: rates as percents, big numbers grouped, missing as —."""
    from reportgen.format import num, pct

    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and (key.endswith("率") or key.endswith("占比")):
        return pct(value, 2)
    if isinstance(value, int | float):
        return num(value)
    return str(value)
