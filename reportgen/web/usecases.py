"""The page's calls into the application layer (``reportgen.app``, shared with the CLI), in one place.

The web layer computes nothing itself: routes call these functions with files from the session's
workspace and show what comes back. Here the app's results become what a page shows — rows of
problems with the names the user uploaded, figures as a clerk reads them — and form values go back
into parameters. Making documents is ``reportgen build`` on the project file of the user's choices
(:mod:`reportgen.app.plan`), so the page writes the same files as the CLI.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.app.figures import shown_value as show_value
from reportgen.app.plan import TABLES, Choice
from reportgen.app.previews import soffice_available
from reportgen.errors import ErrorGroup, Location, ReportgenError

PREVIEW_PAGES = 2
AUDIT_FILE = "核对底稿.xlsx"
REVIEW_MARK = "（核对稿）"
__all__ = ["TABLES", "Choice", "show_value", "soffice_available"]  # re-exported for the routes


@dataclass
class ProblemRow:
    """One located problem as the page shows it (an export issue or a template/data error)."""

    level: str
    message: str
    file: str = ""
    sheet: str = ""
    row: str = ""
    column: str = ""
    value: str = ""
    where: str = ""  # the remaining location parts (template part, paragraph, table cell, tag)
    context: str = ""
    hint: str = ""
    figures: list[str] = field(default_factory=list)


@dataclass
class ExportInfo:
    spec: str
    title: str
    sheet: str
    rows: int
    year: int | None
    errors: int
    warnings: int
    problems: list[ProblemRow]
    headers: list[str] = field(default_factory=list)  # the sheet's headers, for checking a 列名映射
    offers: list[Any] = field(default_factory=list)  # app.columns.ColumnOffer: columns to map a header onto


@dataclass
class TemplateInfo:
    kind: str  # docx | xlsx
    variables: list[str]
    problems: list[ProblemRow]

    @property
    def ok(self) -> bool:
        return not any(p.level == "错误" for p in self.problems)


@dataclass
class MakeResult:
    previews: dict[Path, list[Path]] = field(default_factory=dict)  # document → page images
    problems: list[ProblemRow] = field(default_factory=list)
    review: list[Path] = field(default_factory=list)  # 核对底稿.xlsx and each document's 核对稿


# -- problems --------------------------------------------------------------------------------------
def problem_rows(exc: ReportgenError, names: dict[str, str], level: str = "错误") -> list[ProblemRow]:
    """Flatten a (grouped) error into rows, with workspace file names replaced by the uploaded names."""
    if isinstance(exc, ErrorGroup) and exc.errors:
        return [row for e in exc.errors for row in problem_rows(e, names, level)]
    return [_row(level, exc.message, exc.location, exc.hint, names)]


def _row(level: str, message: str, loc: Location, hint: str | None, names: dict[str, str],
         value: Any = None) -> ProblemRow:
    rest = loc.with_(file=None, sheet=None, row=None, column=None, context=None)
    message = relabel(message, names)
    return ProblemRow(level, message, file=relabel(loc.file or "", names), sheet=loc.sheet or "",
                      row="" if loc.row is None else str(loc.row), column=loc.column or "",
                      value="" if value in (None, "") else str(value), where=str(rest),
                      context=loc.context or "", hint=relabel(hint or "", names))


def relabel(text: str, names: dict[str, str]) -> str:
    """``text`` with stored file paths/names replaced by the names the user uploaded (longest first)."""
    for stored in sorted(names, key=len, reverse=True):
        text = text.replace(stored, names[stored])
    return text


# -- exports and templates -------------------------------------------------------------------------
def inspect_export(path: Path, names: dict[str, str], column_map: dict[str, Any] | None = None,
                   specs: list[Path] | None = None) -> ExportInfo:
    """Recognise an export by its headers and list every problem (as ``reportgen validate``), reading
    it with the session's 列名映射 ``column_map`` and own spec files ``specs`` (as ``reportgen build``)."""
    from reportgen.app.exports import summarize_export

    s = summarize_export(path, column_map or None, list(specs or []) or None)
    problems = []
    for issue, figures in s.issues:
        row = _row(issue.level, issue.message, issue.location, issue.hint, names, issue.value)
        row.figures = figures
        problems.append(row)
    return ExportInfo(s.spec, s.title, s.sheet, s.rows, s.year, s.errors, s.warnings, problems, s.headers, s.offers)


def check_column_map(column_map: dict[str, Any], headers: dict[str, list[str]], specs: list[Path]) -> None:
    """Refuse a 列名映射 the uploaded exports cannot use (:func:`reportgen.app.columns.check_column_map`)."""
    from reportgen.app.columns import check_column_map as check

    check(column_map, headers, spec_files=list(specs))


def spec_file_name(path: Path) -> str:
    """The registry an uploaded spec file describes (a located error when it is not a valid spec)."""
    from reportgen.app.exports import spec_file_name as name

    return name(path)


def map_pairs(column_map: dict[str, Any]) -> list[tuple[str, str, str]]:
    from reportgen.app.columns import map_pairs as pairs

    return pairs(column_map)


def with_pair(column_map: dict[str, Any], registry: str, header: str, column: str | None) -> dict[str, Any]:
    from reportgen.app.columns import with_pair as changed

    return changed(column_map, registry, header, column)


def inspect_template(path: Path, names: dict[str, str]) -> TemplateInfo:
    """Check an uploaded template without data (as ``reportgen check``) and list what it reads."""
    from reportgen.app.documents import template_check

    variables, errors = template_check(path)
    problems = [row for e in errors for row in problem_rows(e, names)]
    return TemplateInfo("xlsx" if path.suffix.lower() == ".xlsx" else "docx", variables, problems)


def parameter_names(variables: list[str]) -> list[str]:
    from reportgen.app.documents import parameter_names as names

    return names(variables)


def builtin_documents() -> list[tuple[str, str, tuple[str, ...]]]:
    from reportgen.app.plan import document_catalog

    return document_catalog()


def builtin_parameters(name: str) -> dict[str, Any]:
    from reportgen.app.plan import document_parameters

    return document_parameters(name)


# -- figures ---------------------------------------------------------------------------------------
def compute_figures(paths: list[Path], exclude_bad_rows: bool = False, notes: list[str] | None = None,
                    column_map: dict[str, Any] | None = None, scope: str = "",
                    specs: list[Path] | None = None) -> dict[str, Any]:
    """The figures context of the uploaded exports (as ``reportgen figures``, with the project file's
    列名映射, 范围 and 数据规格 ``specs``); ``notes`` gets what was left out (rows with errors, per file) and problems that
    touch no figure."""
    from reportgen.app.figures import figure_set

    return figure_set(list(paths), exclude_bad_rows=exclude_bad_rows, notes=notes, column_map=column_map or None,
                      scope=scope or None, specs=list(specs or []) or None).figures


def town_names(figures: dict[str, Any]) -> list[str]:
    """The 乡镇 of the whole county's figures (what 范围 may name), in the 乡镇汇总's order."""
    return [str(t["名称"]) for t in figures.get("乡镇汇总") or [] if isinstance(t, dict) and t.get("名称")]


def write_figures(figures: dict[str, Any], path: Path) -> Path:
    from reportgen.app.figures import save_figures

    return save_figures(figures, path)


# -- making ----------------------------------------------------------------------------------------
def plan_size(choice: Choice) -> int:
    """Units of work for the progress bar: one per build step, one for the previews."""
    from reportgen.app.plan import work_units

    return work_units(choice) + 1


def make_documents(choice: Choice, folder: Path, out: Path, progress: Callable[[int, str], None],
                   names: dict[str, str]) -> MakeResult:
    """``reportgen build`` on the project file of ``choice`` (written into ``folder``), then previews.

    A document that cannot be made is listed with its reason; the others are still made. Each build step
    advances the bar; 「读取 …：已读 n / total 行」 while an export is read only changes the message."""
    from reportgen.app.plan import make_choice
    from reportgen.app.reading import ReadingMessage

    choice.pdf = choice.pdf and soffice_available()
    report = make_choice(choice, folder, out,
                         progress=lambda message: progress(0 if isinstance(message, ReadingMessage) else 1, message))
    result = MakeResult()
    result.problems += [ProblemRow("错误", relabel(f"{key} 未能生成：{why}", names)) for key, why in report.failed]
    result.problems += [ProblemRow("提示", relabel(note, names)) for note in report.notes]
    made = [out / key for key, _ in report.made]
    result.review = [p for p in made if p.name == AUDIT_FILE or REVIEW_MARK in p.name]
    documents = [p for p in made if p.suffix == ".docx" and p not in result.review]
    documents += sorted(p for folder in made if folder.is_dir() for p in folder.glob("*合并打印.docx"))
    if soffice_available() and documents:
        from reportgen.app.previews import document_previews

        progress(0, "生成预览 …")
        result.previews = document_previews(documents, out.parent, PREVIEW_PAGES)
    progress(1, "完成")
    return result


def project_file(choice: Choice, names: dict[Path, str]) -> str:
    """The project file a clerk saves: the same settings, naming files as they were uploaded."""
    from reportgen.app.plan import project_file_text, project_settings

    return project_file_text(project_settings(choice, lambda p: names.get(p, p.name)))


def reopen(text: str, name: str, session: Any) -> Any:
    """A saved project file's choices (:func:`reportgen.app.plan.reopen_project`) against the session's
    uploads, by the names the user gave them."""
    from reportgen.app.plan import reopen_project

    def names(uploads: dict) -> set[str]:
        return {u.name for u in uploads.values() if u.path.is_file()}

    return reopen_project(text, name, names(session.exports), names(session.previous), names(session.templates),
                          names(session.specs))


def zip_folder(folder: Path, target: Path) -> Path:
    """Everything made, in one zip with the folder's layout (documents, tables, batches, PDFs)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


def sample_exports(folder: Path, persons: int = 600) -> list[Path]:
    """The synthetic sample exports (青禾县), for a clerk who wants to try the page first."""
    from reportgen.app.samples import make_samples

    return list(make_samples(folder, persons=persons, seed=2024).paths.values())


# -- forms -----------------------------------------------------------------------------------------
def parse_param(text: str, default: Any) -> Any:
    """A form value back in the type of its default (lists one per line, dates as 2024-04-18)."""
    text = text.strip()
    if isinstance(default, list):
        return [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(default, dt.date):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(default, int) and not isinstance(default, bool) and text.isdigit():
        return int(text)
    return text


def flatten(params: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested parameters as (dotted key, value) pairs: the fields of the parameters form."""
    out: list[tuple[str, Any]] = []
    for key, value in params.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            out += flatten(value, dotted + ".")
        else:
            out.append((dotted, value))
    return out


def nest(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The inverse of :func:`flatten`."""
    out: dict[str, Any] = {}
    for dotted, value in pairs:
        *parents, last = dotted.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out
