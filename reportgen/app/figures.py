"""Use cases for the data stage: check an export, compute the figures a clerk checks before printing."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from reportgen.context import FileProgress, dump_figures, figures_for_exports
from reportgen.context.exclusions import DEFAULT_MAX_EXCLUDED, parse_share
from reportgen.errors import Location, ReportgenError
from reportgen.ingest import Report, validate
from reportgen.specs import spec_ref


def validate_export(export: str | Path, spec: str | Path | None = None,
                    sheet: str | int | None = None, progress: FileProgress | None = None) -> Report:
    """Every problem of one export, typed against ``spec`` (or the built-in spec its headers match).

    ``progress(file name, rows read, rows in the sheet)`` is called while the export is read."""
    each = None if progress is None else partial(progress, Path(export).name)
    return validate(export, spec_ref(spec) if spec else None, sheet, progress=each)


def write_figures(exports: list[str | Path], output: str | Path, *, specs: list[str | Path] | None = None,
                  year: int | None = None, public: bool = False, exclude_bad_rows: bool = False,
                  notes: list[str] | None = None, strict: bool = False, scope: str | None = None,
                  max_excluded: str | float = DEFAULT_MAX_EXCLUDED, progress: FileProgress | None = None) -> Path:
    """Compute the figures of ``exports`` and write them as YAML to ``output``.

    ``notes`` receives the problems that touch no figure (one line per kind) and what ``exclude_bad_rows``
    left out; ``strict`` stops on any; ``max_excluded`` (``"10%"`` or 0.1) bounds ``exclude_bad_rows``.
    ``progress`` as in :func:`validate_export`, for each export.
    """
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise ReportgenError(f"输出文件应为 .yaml（收到 {output.name}）", Location(file=str(output)))
    params: dict[str, Any] | None = {"年度": year} if year else None
    figures = figures_for_exports(list(exports), list(specs) if specs else None, params=params, public=public,
                                  exclude_bad_rows=exclude_bad_rows, notes=notes, strict=strict, scope=scope,
                                  max_excluded=parse_share(max_excluded), exclude_option=True,
                                  progress=progress)
    if figures.get("年度") is None and notes is not None:
        notes.append("台账中没有日期列，年度未知（figures.yaml 中为 null）：生成文档前请用 --year 指定")
    dump_figures(figures, output)
    return output
