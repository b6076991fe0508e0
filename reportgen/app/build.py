"""``reportgen build [PROJECT] [-o OUT]``: every document the project's inputs allow, and a build report.

Reads ``reportgen.yaml`` (``app.project``), computes the figures once, then makes each document, county
table and batch whose registries are present. An export with errors in a column a figure reads is left
out (the documents needing it are reported as not made, with the errors) unless 排除含错误的行.
Each output carries a fingerprint of its inputs (reportgen version, project file, template, the exports
it reads, last year's exports for 同比) in ``.reportgen-build.json``; an output whose inputs did not change
is not rebuilt. Beside the documents: ``核对底稿.xlsx`` (every figure's definition, rows and recomputing
formula, ``app.audit``) unless 核对底稿: 否, and with 核对稿: 是 (or ``--review``) a review copy
``NAME（核对稿）.docx`` of each document (``app.review``). ``上年`` gives the figures 同比 (``app.figures``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.app.audit import write_audit_workbook
from reportgen.app.builtins import deep_merge, migrant_households
from reportgen.app.columns import KEY as COLUMN_MAP
from reportgen.app.columns import check_column_map, export_headers
from reportgen.app.figures import add_previous_year, figure_set, figures_header
from reportgen.app.project import BATCH_NEEDS, DOCUMENT_NEEDS, PROJECT_FILE, previous_exports
from reportgen.app.reading import reading_messages
from reportgen.app.render import fill_context, render_context
from reportgen.app.review import SUFFIX as REVIEW_SUFFIX
from reportgen.app.review import review_path
from reportgen.builtin.catalog import find_builtin
from reportgen.context import FigureSet, dump_figures
from reportgen.errors import ErrorGroup, Location, ReportgenError
from reportgen.io.data import load_mapping
from reportgen.io.files import atomic_write_text

STATE_FILE = ".reportgen-build.json"
REPORT_FILE = "构建报告.md"
AUDIT_FILE = "核对底稿.xlsx"
KNOWN_KEYS = {"县", "范围", "年度", "落款", "成文日期", "文号", "PDF", "排除含错误的行", "输出", "台账", "列名映射",
              "数据规格", "文档", "批量", "上年", "核对底稿", "核对稿"}
HOUSEHOLD_COLUMNS = {"家庭编号", "乡镇", "行政村", "姓名", "性别", "与户主关系", "户籍地址", "现居住地址"}  # 合同书
SCRIPTS = {"繁体": "traditional", "traditional": "traditional", "台湾": "tw", "tw": "tw", "香港": "hk", "hk": "hk"}


@dataclass
class BuildReport:
    """What a build made (and from what), what it skipped as unchanged, what it could not make and why."""

    out: Path
    made: list[tuple[str, list[str]]] = field(default_factory=list)  # (output, inputs)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # last year's exports (同比)


@dataclass
class _Run:
    """What the makers share once the figures are computed: the figure set (for the audit workbook and
    the review copies), whether to write review copies, and the review copies that could not be made."""

    review: bool
    jobs: int | None = None  # batch worker processes (None: one per core)
    figure_set: FigureSet | None = None
    review_errors: list[ReportgenError] = field(default_factory=list)


def load_project(path: str | Path) -> tuple[Path, dict[str, Any]]:
    """(project folder, settings) from a project file or a folder holding ``reportgen.yaml``."""
    path = Path(path)
    if path.is_dir():
        path = path / PROJECT_FILE
    settings = load_mapping(path, what="项目文件")
    unknown = sorted(set(settings) - KNOWN_KEYS)
    if unknown:
        from reportgen.errors import did_you_mean

        guess = did_you_mean(unknown[0], KNOWN_KEYS)
        raise ReportgenError(f"项目文件中有不认识的键「{unknown[0]}」" + (f"；是不是「{guess}」？" if guess else ""),
                             Location(file=str(path), key=unknown[0]), hint="可用的键：" + "、".join(sorted(KNOWN_KEYS)))
    return path.parent, settings


def build_project(project: str | Path, out: str | Path | None = None,
                  progress: Callable[[str], None] = lambda _m: None, review: bool = False,
                  jobs: int | None = None) -> BuildReport:
    """Build every output of ``project`` into ``out`` (default: the project's 输出 folder); ``review``
    writes the review copies even when the project file does not ask for them (核对稿); ``jobs`` bounds
    the batches' worker processes (the web page makes them in its own thread: 1)."""
    folder, s = load_project(project)
    project_file = folder / PROJECT_FILE if Path(project).is_dir() else Path(project)
    out_dir = Path(out) if out else folder / str(s.get("输出") or "输出")
    report = BuildReport(out_dir)
    exports = {name: folder / str(file) for name, file in (s.get("台账") or {}).items()}
    for name, path in exports.items():
        if not path.is_file():
            raise ReportgenError(f"找不到「{name}」台账文件", Location(file=str(path), key=f"台账.{name}"),
                                 hint="改正项目文件中的文件名，或运行 reportgen init 重新识别")
    previous = previous_exports(s, folder, project_file)
    state_path = out_dir / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    base = [__version__, _digest(project_file)]
    spec_files = [folder / str(p) for p in s.get("数据规格") or []]
    run = _Run(review or _yes(s.get("核对稿")), jobs)
    plan = _plan(s, exports, report, folder, run, previous)
    if str(s.get("核对底稿", "是")).strip() not in ("否", "no", "false", "False", "0"):
        plan[AUDIT_FILE] = ((), list(exports.values()), _audit_maker(run))
    fingerprints = {key: _fingerprint(base, [exports[n] for n in needs if n in exports] + spec_files + extra)
                    for key, (needs, extra, _make) in plan.items()}
    todo = {k: v for k, v in plan.items() if state.get(k) != fingerprints[k] or not _written(out_dir, k, run)}
    report.unchanged = [k for k in plan if k not in todo]
    if todo:
        progress("读取台账、校验并计算数字 …")
        _check_map(s.get(COLUMN_MAP), [*exports.values(), *previous], spec_files, project_file)
        run.figure_set, usable = _figures(s, exports, spec_files, report, previous, progress)
        figures = run.figure_set.figures
        header = figures_header(list(usable.values()), [str(p) for p in spec_files] or None,
                                exclude_bad_rows=_yes(s.get("排除含错误的行")), scope=str(s.get("范围") or "") or None)
        dump_figures(figures, out_dir / "figures.yaml", header)  # the same file `reportgen figures` writes
        for key, (needs, _extra, make) in todo.items():
            lacking = [n for n in needs if n not in usable]
            if lacking:
                report.failed.append((key, f"台账「{'、'.join(lacking)}」有影响数字的错误或缺失，见上文"))
                continue
            progress(f"生成 {key} …")
            run.review_errors.clear()
            try:
                make(out_dir, figures, s, exports)
            except ReportgenError as exc:
                report.failed.append((key, str(exc)))
                continue
            state[key] = fingerprints[key]
            report.made.append((key, [exports[n].name for n in needs]))
            _review_outcome(report, key, run)
        documents = [out_dir / k for k, _ in report.made if k.endswith(".docx") and REVIEW_SUFFIX not in k]
        if documents and _pdf(s):
            progress("转换 PDF（LibreOffice）…")
            from reportgen.layout.parity import records_on_even_pages
            from reportgen.output.pdf import PdfConverter

            changed: list[Path] = []  # a 版记 on an odd page gets the blank page before it (GB/T 9704 §7.4)
            with PdfConverter() as converter:
                records_on_even_pages(documents, converter, out_dir / "文档" / "pdf", changed)
            report.notes.extend(f"{p.name}：版记原在奇数页，已在版记前加一空白页" for p in changed)
        elif documents:
            from reportgen.app.record import place_records

            place_records(documents, report.notes)
        atomic_write_text(state_path, json.dumps(state, ensure_ascii=False, indent=1))
    atomic_write_text(out_dir / REPORT_FILE, report_text(report, project_file))
    return report


def _check_map(column_map: Any, paths: list[Path], spec_files: list[Path], project_file: Path) -> None:
    """The web page's check of a ``列名映射`` (``app.columns``), located at the project file's key, so a
    mistyped header is named as such rather than as 「缺少必需的列」 later."""
    if column_map in (None, "", {}):
        return
    headers = export_headers(paths, column_map, spec_files) if isinstance(column_map, dict) else {}
    if headers is not None:
        check_column_map(column_map, headers, str(project_file), spec_files)


def _written(out: Path, key: str, run: _Run) -> bool:
    """The output is there (and its review copy, when review copies are asked for)."""
    if not (out / key).exists():
        return False
    return not (run.review and key.startswith("文档/") and key.endswith(".docx")) or review_path(out / key).exists()


def _review_outcome(report: BuildReport, key: str, run: _Run) -> None:
    """List the review copy of ``key`` as made, or as not made with its located reason."""
    if not (run.review and key.startswith("文档/") and key.endswith(".docx")):
        return
    copy = review_path(Path(key)).as_posix()
    if run.review_errors:
        report.failed.append((copy, str(run.review_errors[0])))
    else:
        report.made.append((copy, []))


def _audit_maker(run: _Run) -> Maker:
    def make(out: Path, _figures: dict[str, Any], _s: dict[str, Any], _exports: dict[str, Path]) -> None:
        assert run.figure_set is not None
        write_audit_workbook(run.figure_set, out / AUDIT_FILE)
    return make


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def _fingerprint(base: list[str], files: list[Path]) -> str:
    h = hashlib.sha256("\n".join(base).encode())
    for f in files:
        h.update(f"{f.name}:{_digest(f)}".encode())
    return h.hexdigest()


def _figures(s: dict[str, Any], exports: dict[str, Path], spec_files: list[Path], report: BuildReport,
             previous: list[Path], progress: Callable[[str], None]) -> tuple[FigureSet, dict[str, Path]]:
    """Figures from every usable export; an export whose errors stop the figures is dropped and reported.
    With last year's exports the figures carry 同比 (counted with the same specs and options); an error
    in those stops the build, located in last year's file. ``progress`` gets 「读取 …：已读 n / total 行」."""
    usable = dict(exports)
    specs = [str(p) for p in spec_files] or None
    year = s.get("年度") if isinstance(s.get("年度"), int) else None
    options: dict[str, Any] = {"exclude_bad_rows": _yes(s.get("排除含错误的行")), "scope": str(s.get("范围") or "") or None,
                               "column_map": s.get("列名映射") or None}
    reading = reading_messages(progress)
    while True:
        notes: list[str] = []
        try:
            fs = figure_set(list(usable.values()), specs=specs, year=s.get("年度"), notes=notes, progress=reading,
                            **options)
        except ReportgenError as exc:
            culprit = _culprit(exc, usable)
            if culprit is None:
                raise
            report.notes.append(f"未使用「{culprit}」台账 {usable.pop(culprit).name}：{exc}")
            continue
        report.notes += notes
        figures = fs.figures
        if s.get("县") and not figures.get("县"):
            figures["县"] = s["县"]
            figures["范围"] = {**figures["范围"], "名称": figures["范围"]["名称"] or s["县"]}
        if previous:
            add_previous_year(fs, previous, specs=specs, year=year, progress=reading, **options)
            report.previous = [str(p) for p in previous]
        return fs, usable


def _culprit(exc: ReportgenError, usable: dict[str, Path]) -> str | None:
    errors = exc.errors if isinstance(exc, ErrorGroup) and exc.errors else [exc]
    names = {Path(e.location.file).name for e in errors if e.location.file}
    names |= {Path(exc.location.file).name} if exc.location.file else set()
    return next((k for k, p in usable.items() if p.name in names), None)


def _yes(value: Any) -> bool:
    return value is True or str(value).strip() in ("是", "yes", "true", "True", "1")


Maker = Callable[[Path, dict[str, Any], dict[str, Any], dict[str, Path]], None]


def _plan(s: dict[str, Any], exports: dict[str, Path], report: BuildReport, folder: Path, run: _Run,
          previous: list[Path]) -> dict[str, tuple[tuple, list, Maker]]:
    """Output path (relative to the output folder) → (registries it needs, template files, how to make it)."""
    from reportgen.xlsx.builtin import OUTPUTS

    plan: dict[str, tuple[tuple, list, Maker]] = {}
    for entry in s.get("文档") or []:
        item = entry if isinstance(entry, dict) else {"模板": entry}
        ref = str(item.get("模板") or "")
        try:
            template, params, needs, builtin = _template(ref, folder)
        except ReportgenError as exc:
            report.failed.append((ref or "（未写模板）", str(exc)))
            continue
        if template.suffix.lower() == ".xlsx":
            default = OUTPUTS.get(template.name, (f"{template.stem}.xlsx",))[0] if builtin else template.name
            key = f"报表/{item.get('文件名') or default}"
        else:
            key = f"文档/{item.get('文件名') or template.stem + '.docx'}"
        plan[key] = (needs, [template, *previous], _document_maker(key, template, params, item, builtin, run))
    for entry in s.get("批量") or []:
        item = dict(entry) if isinstance(entry, dict) else {"模板": entry}
        ref = str(item.get("模板") or "")
        needs = BATCH_NEEDS.get(ref, ())
        if item.get("名单"):
            item["名单"] = folder / str(item["名单"])
        try:
            template, params, _n, _b = _template(ref, folder)
        except ReportgenError as exc:
            report.failed.append((ref or "（未写模板）", str(exc)))
            continue
        plan[f"{item.get('文件夹') or template.stem}/"] = (needs, [template], _batch_maker(template, params, item, run))
    return plan


def _template(ref: str, folder: Path) -> tuple[Path, Path | None, tuple, bool]:
    """(template file, built-in parameters or None, registries needed, is it a built-in)."""
    path = folder / ref
    if path.suffix.lower() in (".docx", ".xlsx") and path.is_file():
        return path, None, (), False
    found = find_builtin(ref)
    params = found.params if found.params and found.params.is_file() else None
    return found.path, params, DOCUMENT_NEEDS.get(found.name, ()), True


def _context(params: Path | None, figures: dict[str, Any], s: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Template parameters < figures < the project's 落款/成文日期/文号 < the entry's own 参数."""
    context = deep_merge(load_mapping(params, what="参数文件") if params else {}, figures)
    official: dict[str, Any] = {}
    signer = s.get("落款") or (figures["范围"]["机关"] if s.get("范围") else None)
    if signer:
        official["落款"] = signer
    if s.get("成文日期"):
        official["成文日期"] = s["成文日期"]
    number = s.get("文号") or {}
    if isinstance(number, dict) and number.get("机关代字"):
        official.update({"机关代字": number["机关代字"], "序号": number.get("序号", 1), "年份": figures.get("年度")})
    if official and isinstance(context.get("公文"), dict):
        context["公文"] = {**context["公文"], **official}
    return deep_merge(context, own or {})


def _document_maker(key: str, template: Path, params: Path | None, item: dict[str, Any], builtin: bool,
                    run: _Run) -> Maker:
    def make(out: Path, figures: dict[str, Any], s: dict[str, Any], _exports: dict[str, Path]) -> None:
        context = _context(params, figures, s, item.get("参数") or {})
        script = SCRIPTS.get(str(item.get("文字") or "").strip())
        if template.suffix.lower() == ".xlsx":
            fill_context(template, out / key, context, script=script, builtin=builtin)
            return
        if not run.review:  # a review copy from an earlier build would no longer match the document
            review_path(out / key).unlink(missing_ok=True)
        render_context(template, out / key, context, script=script, builtin=builtin,
                       review=run.figure_set if run.review else None, review_errors=run.review_errors)
    return make


def _batch_maker(template: Path, params: Path | None, item: dict[str, Any], run: _Run) -> Maker:
    def make(out: Path, figures: dict[str, Any], s: dict[str, Any], exports: dict[str, Path]) -> None:
        from reportgen.batch import read_rows, run_batch
        from reportgen.context import rows_for_export

        name = template.stem
        if item.get("名单"):
            rows, row_name = read_rows(Path(str(item["名单"])), None), item.get("作为")
        elif name == "结对帮扶协议书":  # one per pair, in the 结对安排表's order (结对安排.对子)
            rows, row_name = list((figures.get("结对安排") or {}).get("对子") or []), "对"
        elif name == "合同书":
            rows = migrant_households(rows_for_export(exports["流动人口"], columns=HOUSEHOLD_COLUMNS))
            if s.get("范围"):
                rows = [r for r in rows if r.get("乡镇") == s["范围"]]
            row_name = "户"
        else:
            rows, row_name = list(figures.get(name) or []), "书" if name == "责任书" else item.get("作为")
        shared = _context(params, {k: figures.get(k) for k in ("县", "年度", "范围")}, s, item.get("参数") or {})
        result = run_batch(template, rows, out_dir=out / f"{item.get('文件夹') or name}", row_name=row_name,
                           shared=shared, per=str(item.get("每") or "row"),
                           name_pattern=str(item.get("文件名") or "{{ loop_index }}.docx"),
                           merge=item.get("合并"), pdf=_pdf(s), cluster=item.get("集群"),  # 集群: local:4
                           jobs=run.jobs)
        if result.failed:
            raise ReportgenError(f"{len(result.failed)} 份未生成：{result.failed[0].error}")
    return make


def _pdf(s: dict[str, Any]) -> bool:
    value = str(s.get("PDF", "自动")).strip()
    if value in ("否", "no", "false", "False", "0"):
        return False
    from reportgen.output.pdf import find_soffice

    return find_soffice() is not None


def _made_from(key: str, inputs: list[str]) -> str:
    if key == AUDIT_FILE:
        return "核对底稿：每个数字的定义、台账行和 Excel 复算公式"
    if REVIEW_SUFFIX in key:
        return "核对稿：来自数据的值高亮并带批注（定义、来源、行数）"
    return f"台账：{'、'.join(inputs) or '全部数字'}"


def report_text(r: BuildReport, project: Path) -> str:
    """The build report (Markdown): made from which inputs, unchanged, not made and why, warnings."""
    lines = [f"# 构建报告：{project}", ""]
    if r.made:
        lines += ["## 已生成", ""] + [f"- {k}（{_made_from(k, v)}）" for k, v in r.made] + [""]
    if r.unchanged:
        lines += ["## 输入没有变化，未重新生成", ""] + [f"- {k}" for k in r.unchanged] + [""]
    if r.failed:
        lines += ["## 未能生成", ""] + [f"- {k}：{why}" for k, why in r.failed] + [""]
    if r.previous:
        lines += ["## 同比所用的上年台账", ""] + [f"- {p}" for p in r.previous] + [""]
    if r.notes:
        lines += ["## 警告与提示", ""] + [f"- {n}" for n in r.notes] + [""]
    return "\n".join(lines)


__all__ = ["BuildReport", "build_project", "load_project", "report_text"]
