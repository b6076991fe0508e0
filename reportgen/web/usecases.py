"""Every call the web page makes into the reportgen library, in one place.

The web layer computes nothing itself: routes call these functions with files from the session's
workspace and show what comes back. When ``reportgen.app`` (the application layer shared with the CLI)
lands, these bodies are re-pointed to it and the routes stay as they are.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import ErrorGroup, Location, ReportgenError

# Which recognised exports (data-spec names) each built-in document needs to be made.
DOCUMENT_NEEDS: dict[str, tuple[str, ...]] = {
    "工作总结": ("建档立卡", "村级基本情况", "监测"),
    "情况报告": ("建档立卡", "村级基本情况", "监测"),
    "印发通知": ("任务分工", "建档立卡", "监测", "留守儿童"),
    "责任书": ("责任书",),
    "合同书": ("流动人口",),
    "流动人口情况汇报": ("流动人口",),
}
TABLES = "报表"  # the built-in county tables, chosen as one item
BATCH_DOCUMENTS = {"责任书", "合同书"}
PREVIEW_PAGES = 2


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


@dataclass
class TemplateInfo:
    kind: str  # docx | xlsx
    variables: list[str]
    problems: list[ProblemRow]

    @property
    def ok(self) -> bool:
        return not any(p.level == "错误" for p in self.problems)


@dataclass
class MakePlan:
    """What the user asked to make: built-ins with parameters, custom templates, PDFs."""

    exports: dict[str, Path]  # data-spec name → export file
    documents: list[str]  # built-in names, and TABLES for the county tables
    params: dict[str, dict[str, Any]]  # built-in name (or TABLES) → parameters merged over its YAML
    templates: list[tuple[str, Path, dict[str, Any]]]  # (output name, template file, parameters)
    pdf: bool = False
    exclude_bad_rows: bool = False


@dataclass
class MakeResult:
    files: list[Path] = field(default_factory=list)
    previews: dict[Path, list[Path]] = field(default_factory=dict)  # document → page images
    problems: list[ProblemRow] = field(default_factory=list)


# -- problems --------------------------------------------------------------------------------------
def problem_rows(exc: ReportgenError, names: dict[str, str], level: str = "错误") -> list[ProblemRow]:
    """Flatten a (grouped) error into rows, with workspace file names replaced by the uploaded names."""
    if isinstance(exc, ErrorGroup) and exc.errors:
        return [row for e in exc.errors for row in problem_rows(e, names, level)]
    return [_row(level, exc.message, exc.location, exc.hint, names)]


def _row(level: str, message: str, loc: Location, hint: str | None, names: dict[str, str],
         value: Any = None) -> ProblemRow:
    rest = loc.with_(file=None, sheet=None, row=None, column=None, context=None)
    message = _relabel(message, names)
    return ProblemRow(level, message, file=_relabel(loc.file or "", names), sheet=loc.sheet or "",
                      row="" if loc.row is None else str(loc.row), column=loc.column or "",
                      value="" if value in (None, "") else str(value), where=str(rest),
                      context=loc.context or "", hint=_relabel(hint or "", names))


def _relabel(text: str, names: dict[str, str]) -> str:
    for stored, shown in names.items():
        text = text.replace(stored, shown)
    return text


# -- exports ---------------------------------------------------------------------------------------
def inspect_export(path: Path, names: dict[str, str]) -> ExportInfo:
    """Recognise an export by its headers and list every problem (as ``reportgen validate``)."""
    from reportgen.app.figures import validate_export
    from reportgen.ingest import ERROR, WARNING

    report = validate_export(path)
    table = report.table
    problems = []
    for issue in table.issues:
        row = _row(issue.level, issue.message, issue.location, issue.hint, names, issue.value)
        row.figures = affected_figures(table.spec, issue.location.column)
        problems.append(row)
    return ExportInfo(table.spec.name, table.spec.title, table.sheet, len(table.rows), _year(table),
                      table.count(ERROR), table.count(WARNING), problems)


def _year(table) -> int | None:
    column = table.spec.year_column
    if not column:
        return None
    i = table.keys.index(column)
    years = [v.year if hasattr(v, "year") else int(str(v)[:4]) for v in (r[i] for r in table.rows) if v]
    return max(years) if years else None


def affected_figures(spec, column: str | None) -> list[str]:
    """Indicators of ``spec`` whose definition names ``column`` (a header or its template key)."""
    if not column:
        return []
    col = spec.column(column)
    wanted = {column, col.key, col.name} if col else {column}
    found = [name for name, ind in spec.indicators.items() if any(w in repr(ind.options) for w in wanted)]
    if wanted & {spec.household_key, spec.person_key}:
        found.insert(0, "户数、人数（按此列去重计数）")
    return found


# -- figures ---------------------------------------------------------------------------------------
def compute_figures(paths: list[Path], exclude_bad_rows: bool = False) -> dict[str, Any]:
    """The figures context of the uploaded exports (as ``reportgen figures``)."""
    from reportgen.context import figures_for_exports

    return figures_for_exports(list(paths), exclude_bad_rows=exclude_bad_rows)


def write_figures(figures: dict[str, Any], path: Path) -> Path:
    from reportgen.context import dump_figures

    dump_figures(figures, path)
    return path


def show_value(key: str, value: Any) -> str:
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


# -- documents and templates -----------------------------------------------------------------------
def builtin_documents() -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, description, export kinds needed) for every built-in document."""
    from reportgen.builtin import BUILTINS

    return [(b.name, b.description, DOCUMENT_NEEDS.get(b.name, ())) for b in BUILTINS.values()]


def builtin_parameters(name: str) -> dict[str, Any]:
    """The parameters a built-in takes besides the figures (its YAML: 公文 → 落款, 文号…, or 报表)."""
    if name == TABLES:
        from reportgen.xlsx.builtin import load_params

        return {"报表": load_params()}
    from reportgen.app.builtins import load_params as docx_params
    from reportgen.builtin import BUILTINS

    return docx_params(BUILTINS[name])


def known_data_roots() -> set[str]:
    """Top-level names the figures context can have: what a template reads from the exports."""
    from reportgen.context.figures import KEY_ORDER
    from reportgen.specs import builtin_specs

    return {*KEY_ORDER, *(s.name for s in builtin_specs()), "图表", "报表"}


def inspect_template(path: Path, names: dict[str, str]) -> TemplateInfo:
    """Check an uploaded template without data (as ``reportgen check``) and list what it reads."""
    if path.suffix.lower() == ".xlsx":
        from reportgen.xlsx import XlsxTemplate

        try:
            XlsxTemplate.load(path)
        except ReportgenError as exc:
            return TemplateInfo("xlsx", [], problem_rows(exc, names))
        return TemplateInfo("xlsx", [], [])
    from reportgen.app.documents import template_problems, template_variables

    problems = [row for e in template_problems(path) for row in problem_rows(e, names)]
    variables: list[str] = []
    if not problems:
        try:
            variables = template_variables(path)
        except ReportgenError as exc:
            problems = problem_rows(exc, names)
    return TemplateInfo("docx", variables, problems)


def parameter_names(variables: list[str]) -> list[str]:
    """The variables a template reads that no export provides: the form asks the user for these."""
    roots = known_data_roots()
    return [v for v in variables if "[]" not in v and v.split(".")[0] not in roots]


# -- making ----------------------------------------------------------------------------------------
def soffice_available() -> bool:
    from reportgen.output.pdf import find_soffice

    return find_soffice() is not None


def plan_size(plan: MakePlan) -> int:
    """Units of work for the progress bar: one per document, per batch row, per PDF/preview step."""
    from reportgen.context import rows_for_export

    total = 0
    for name in plan.documents:
        if name == "责任书" and "责任书" in plan.exports:
            total += len(rows_for_export(plan.exports["责任书"]))
        elif name == "合同书" and "流动人口" in plan.exports:
            total += len(_households(plan.exports["流动人口"]))
        else:
            total += 1
    return total + len(plan.templates) + 1 + (1 if soffice_available() else 0)


def _households(path: Path) -> list[dict[str, Any]]:
    from reportgen.app.builtins import migrant_households
    from reportgen.context import rows_for_export

    return migrant_households(rows_for_export(path))


def make_documents(plan: MakePlan, out: Path, progress: Callable[[int, str], None],
                   names: dict[str, str]) -> MakeResult:
    """Make everything in ``plan`` into ``out`` (as ``reportgen demo`` does with the user's exports).

    A document that cannot be made is listed with its located error; the others are still made.
    """
    from reportgen.app.builtins import deep_merge, load_params, render_builtin
    from reportgen.builtin import BUILTINS
    from reportgen.xlsx.builtin import render_builtin_tables

    result = MakeResult()
    progress(0, "读取台账并计算数字 …")
    figures = compute_figures(list(plan.exports.values()), plan.exclude_bad_rows)
    result.files.append(write_figures(figures, out / "figures.yaml"))
    progress(1, "已计算数字")
    singles: list[Path] = []
    for name in plan.documents:
        try:
            if name == TABLES:
                progress(0, "填写县级统计报表 …")
                result.files += render_builtin_tables(figures, out / "报表", plan.params.get(TABLES, {}).get("报表"))
                progress(1, "已填写统计报表")
            elif name in BATCH_DOCUMENTS:
                result.files += _batch(name, plan, figures, out, progress, result)
            else:
                progress(0, f"生成{name} …")
                context = deep_merge(figures, deep_merge(load_params(BUILTINS[name]), plan.params.get(name, {})))
                singles.append(render_builtin(name, context, out / "文档" / f"{name}.docx"))
                progress(1, f"已生成{name}")
        except ReportgenError as exc:
            result.problems += problem_rows(exc, names)
            progress(1, f"{name} 未能生成")
    for label, template, params in plan.templates:
        try:
            singles.append(_render_custom(template, deep_merge(figures, params), out / "文档" / label))
        except ReportgenError as exc:
            result.problems += problem_rows(exc, {**names, template.name: label})
        progress(1, f"已处理模板 {label}")
    result.files += singles
    if soffice_available():
        progress(0, "转换 PDF 并生成预览 …")
        _pdfs_and_previews(singles, plan.pdf, out, result)
        progress(1, "已生成预览")
    return result


def _render_custom(template: Path, context: dict[str, Any], target: Path) -> Path:
    if template.suffix.lower() == ".xlsx":
        from reportgen.xlsx import XlsxTemplate

        return XlsxTemplate.load(template).render_to(target, context)
    from reportgen.docx import DocxTemplate

    return DocxTemplate.load(template).render_to(target, context)


def _batch(name: str, plan: MakePlan, figures: dict[str, Any], out: Path,
           progress: Callable[[int, str], None], result: MakeResult) -> list[Path]:
    from reportgen.app.builtins import deep_merge, load_params
    from reportgen.app.demo import PARTIES_MERGED_NAME as MERGED_NAME
    from reportgen.app.demo import PARTIES_NAME_PATTERN as NAME_PATTERN
    from reportgen.batch import run_batch
    from reportgen.builtin import BUILTINS
    from reportgen.context import rows_for_export

    shared = deep_merge({"年度": figures.get("年度")}, deep_merge(load_params(BUILTINS[name]), plan.params.get(name, {})))
    if name == "责任书":
        rows, item, pattern, merged = rows_for_export(plan.exports["责任书"]), "书", NAME_PATTERN, MERGED_NAME
    else:
        rows, item = _households(plan.exports["流动人口"]), "户"
        pattern, merged = "{{ 行政村 }}_{{ 家庭编号 }}_{{ 户主 }}_合同书.docx", "合同书_合并打印.docx"
    progress(0, f"批量生成{name}（{len(rows)} 份）…")
    batch = run_batch(BUILTINS[name].docx, rows, out_dir=out / name, row_name=item, shared=shared, jobs=1,
                      name_pattern=pattern, merge=merged, pdf=plan.pdf and soffice_available(),
                      progress=lambda n: progress(n, f"批量生成{name} …"))
    for entry in batch.failed:
        result.problems.append(ProblemRow("错误", f"{name} {entry.key} 未生成：{entry.error}", row=entry.rows))
    result.problems += [ProblemRow("提示", note) for note in batch.notes]
    if batch.merged:
        result.previews[batch.merged] = []
    return [p for p in out.joinpath(name).rglob("*") if p.is_file()]


def _pdfs_and_previews(documents: list[Path], keep_pdf: bool, out: Path, result: MakeResult) -> None:
    """PDFs of the single documents (kept when asked) and page images of them and the merged print files."""
    from reportgen.output.pdf import PdfConverter

    docx = [p for p in [*documents, *result.previews] if p.suffix.lower() == ".docx"]
    if not docx:
        return
    with PdfConverter() as converter:
        pdfs = {Path(doc).resolve(): pdf for doc, pdf in converter.convert(docx, out.parent / "pdf").items()}
    result.previews = {}  # single documents first, then the merged print files
    for doc in docx:
        pdf = pdfs.get(doc.resolve())
        if pdf is None:
            continue
        result.previews[doc] = page_images(pdf, out.parent / "previews", PREVIEW_PAGES)
        if keep_pdf and doc in documents:
            kept = out / "文档" / "pdf" / pdf.name
            kept.parent.mkdir(parents=True, exist_ok=True)
            result.files.append(Path(shutil.copyfile(pdf, kept)))


def page_images(pdf: Path, folder: Path, pages: int) -> list[Path]:
    """The first ``pages`` pages of ``pdf`` as small PNGs (poppler's pdftoppm); [] when it is missing."""
    if shutil.which("pdftoppm") is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"p{len(list(folder.iterdir()))}"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", str(pages), str(pdf), str(stem)],
                   check=False, capture_output=True, timeout=120)
    return sorted(folder.glob(f"{stem.name}-*.png"))


def zip_folder(folder: Path, target: Path) -> Path:
    """Everything made, in one zip with the folder's layout (documents, tables, batches, PDFs)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


# -- samples ---------------------------------------------------------------------------------------
def sample_exports(folder: Path, persons: int = 600) -> list[Path]:
    """The synthetic sample exports (青禾县), for a clerk who wants to try the page first."""
    from reportgen.app.samples import make_samples

    return list(make_samples(folder, persons=persons, seed=2024).paths.values())


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

