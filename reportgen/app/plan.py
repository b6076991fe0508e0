"""Use case: documents chosen interactively (the web page) as a report project, made by ``build``.

A :class:`Choice` — exports by registry, built-in documents with their parameters, own templates, PDF,
排除含错误的行 — becomes the settings of a project file (``reportgen.yaml``). The page makes its documents
by writing that file into its workspace and running :func:`reportgen.app.build.build_project`, the code
behind ``reportgen build``, so it writes the same figures.yaml, 核对底稿.xlsx, 核对稿 and 构建报告.md; and
"保存为 reportgen.yaml" hands the clerk the same settings with the file names they know, to run again
with ``reportgen build`` next to their exports.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.app.build import KNOWN_KEYS, BuildReport, build_project
from reportgen.app.project import BATCH_FILES, BATCH_NEEDS, DOCUMENT_NEEDS, PROJECT_FILE
from reportgen.io.files import atomic_write_text

TABLES = "报表"  # every built-in county table the exports allow, chosen as one item
SAVED_HEADER = """\
# reportgen 报告项目（由网页「保存为 reportgen.yaml」写出）。
# 把本文件和下面「台账」中的导出表放在同一个文件夹，运行：reportgen build 该文件夹/reportgen.yaml -o 输出
# 得到与网页相同的数字（figures.yaml）、文档、核对底稿和核对稿。各键的含义见 reportgen init 写出的注释。
"""


@dataclass
class Choice:
    """What a clerk chose: the files and parameters a project file names."""

    exports: dict[str, Path]  # registry (data-spec name) → export file
    documents: list[str]  # built-in names, and TABLES for the county tables
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # built-in (or TABLES) → parameters
    templates: list[tuple[str, Path, dict[str, Any]]] = field(default_factory=list)  # (name, file, parameters)
    pdf: bool = False
    exclude_bad_rows: bool = False
    review: bool = True  # a 核对稿 beside each document
    previous: list[Path] = field(default_factory=list)  # last year's exports (上年), for 同比
    column_map: dict[str, Any] = field(default_factory=dict)  # 列名映射: export header → spec column
    scope: str = ""  # 范围: "" for the whole county, or one 乡镇
    county: str = ""  # 县, when the exports do not name it
    specs: list[Path] = field(default_factory=list)  # 数据规格: own spec files


def document_catalog() -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, description, registries needed) of every built-in Word document."""
    from reportgen.builtin import BUILTINS

    needs = {**DOCUMENT_NEEDS, **BATCH_NEEDS}
    return [(b.name, b.description, needs.get(b.name, ())) for b in BUILTINS.values()]


def document_parameters(name: str) -> dict[str, Any]:
    """The parameters a built-in takes besides the figures (its YAML: 公文 → 落款, 文号…; TABLES: 报表)."""
    if name == TABLES:
        from reportgen.xlsx.builtin import load_params

        return {"报表": load_params()}
    from reportgen.app.builtins import load_params as docx_params
    from reportgen.builtin import BUILTINS

    return docx_params(BUILTINS[name])


def table_names(have: set[str]) -> list[str]:
    """The built-in county tables (by built-in name) whose registries are all in ``have``."""
    from reportgen.xlsx.builtin import OUTPUTS

    names = [Path(file).stem for file in OUTPUTS]
    return [n for n in names if all(r in have for r in DOCUMENT_NEEDS.get(n, ()))]


def _changed(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the defaults (a saved project stays short and follows new defaults)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        default = defaults.get(key)
        if isinstance(value, dict) and isinstance(default, dict):
            inner = _changed(value, default)
            if inner:
                out[key] = inner
        elif value != default:
            out[key] = value
    return out


def _entry(name: str, params: dict[str, Any], extra: dict[str, Any] | None = None) -> str | dict[str, Any]:
    entry: dict[str, Any] = {"模板": name, **(extra or {})}
    if params:
        entry["参数"] = params
    return entry if len(entry) > 1 else name


def project_settings(choice: Choice, file_name: Callable[[Path], str]) -> dict[str, Any]:
    """The project file's settings for ``choice``; ``file_name`` writes each export/template path."""
    yes = {True: "是", False: "否"}
    documents: list[Any] = []
    batches: list[Any] = []
    for name in choice.documents:
        if name == TABLES:
            changed = _changed(choice.params.get(TABLES, {}), document_parameters(TABLES))
            documents += [_entry(t, changed) for t in table_names(set(choice.exports))]
            continue
        changed = _changed(choice.params.get(name, {}), document_parameters(name))
        if name in BATCH_FILES:
            pattern, merged = BATCH_FILES[name]
            batches.append(_entry(name, changed, {"文件名": pattern, "合并": merged}))
        else:
            documents.append(_entry(name, changed))
    for shown, template, params in choice.templates:
        documents.append(_entry(file_name(template), params, {"文件名": shown}))
    settings: dict[str, Any] = {"县": choice.county, "范围": choice.scope}
    settings = {k: v for k, v in settings.items() if v}  # only what the clerk set: build reads the exports
    settings.update({"排除含错误的行": yes[choice.exclude_bad_rows], "PDF": yes[choice.pdf], "核对底稿": "是",
                     "核对稿": yes[choice.review], "输出": "输出",
                     "台账": {name: file_name(path) for name, path in choice.exports.items()}})
    if choice.column_map:
        settings["列名映射"] = choice.column_map
    if choice.specs:
        settings["数据规格"] = [file_name(path) for path in choice.specs]
    settings.update({"文档": documents, "批量": batches})
    if choice.previous:
        settings["上年"] = [file_name(path) for path in choice.previous]
    return settings


def project_file_text(settings: dict[str, Any], header: str = SAVED_HEADER) -> str:
    """The project file: a comment header, then the settings as YAML (keys in their written order)."""
    return header + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class Reopened:
    """A saved project file read back into the page's choices, and what it names that is not there."""

    documents: list[str] = field(default_factory=list)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # built-in (or TABLES) → changed values
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)  # own template file → parameters
    pdf: bool = False
    exclude_bad_rows: bool = False
    review: bool = True
    column_map: dict[str, Any] = field(default_factory=dict)  # 列名映射
    scope: str = ""  # 范围
    county: str = ""  # 县
    specs: list[str] = field(default_factory=list)  # 数据规格 files it names that were uploaded
    missing: list[str] = field(default_factory=list)  # files it names that were not uploaded
    ignored: list[str] = field(default_factory=list)  # keys the page does not carry over


_PAGE_KEYS = {"PDF", "排除含错误的行", "核对稿", "核对底稿", "输出", "台账", "上年", "文档", "批量", "列名映射", "范围", "县",
              "数据规格"}


def reopen_project(text: str, name: str, exports: set[str], previous: set[str],
                   templates: set[str], specs: set[str] | None = None) -> Reopened:
    """The choices a project file ``text`` (named ``name``) holds, for the page to show again.

    ``exports``/``previous``/``templates``/``specs`` are the file names uploaded; every file the project names
    that is not among them goes to :attr:`Reopened.missing`. Unknown keys are an error, as in
    ``reportgen build``; a wrongly shaped value is a located error, never a crash."""
    from reportgen.errors import Location, ReportgenError, did_you_mean
    from reportgen.io.data import parse_mapping

    settings = parse_mapping(text, name=name, what="项目文件")
    unknown = sorted(set(settings) - KNOWN_KEYS)
    if unknown:
        guess = did_you_mean(unknown[0], KNOWN_KEYS)
        raise ReportgenError("项目文件中有不认识的键：" + "、".join(f"「{k}」" for k in unknown)
                             + (f"（「{unknown[0]}」是不是「{guess}」？）" if guess else ""),
                             Location(file=name, key=unknown[0]), hint="可用的键：" + "、".join(sorted(KNOWN_KEYS)))

    def shaped(key: str, kind: type, example: str) -> Any:
        value = settings.get(key)
        if value in (None, ""):
            return kind()
        if key == "上年" and isinstance(value, str):
            value = [value]
        if not isinstance(value, kind):
            raise ReportgenError(f"项目文件中「{key}」的格式不对", Location(file=name, key=key), hint=f"应写成：{example}")
        return value

    yes = ("是", "yes", "true", "True", "1", True)
    out = Reopened(pdf=settings.get("PDF") in yes, exclude_bad_rows=settings.get("排除含错误的行") in yes,
                   review=settings.get("核对稿", "是") in yes,
                   ignored=sorted(set(settings) - _PAGE_KEYS), column_map=shaped("列名映射", dict, "列名映射: {所在乡镇: 乡(镇)}"),
                   scope=_text(settings, "范围", name), county=_text(settings, "县", name))
    wanted = shaped("台账", dict, "台账: {建档立卡: 建档立卡人口.xlsx}")
    out.missing += [f"台账「{k}」：{v}" for k, v in wanted.items() if Path(str(v)).name not in exports]
    out.missing += [f"上年：{v}" for v in shaped("上年", list, "上年: [上年/建档立卡人口.xlsx]")
                    if Path(str(v)).name not in previous]
    for v in shaped("数据规格", list, "数据规格: [我的建档立卡.yaml]"):
        if Path(str(v)).name in (specs or set()):
            out.specs.append(Path(str(v)).name)
        else:
            out.missing.append(f"数据规格：{v}")
    catalog = {n for n, _d, _needs in document_catalog()}
    tables = {Path(file).stem for file in _table_files()}
    for key in ("文档", "批量"):
        for entry in shaped(key, list, f"{key}: [工作总结, {{模板: 实施方案, 参数: {{文号: …}}}}]"):
            doc = entry if isinstance(entry, str) else entry.get("模板") if isinstance(entry, dict) else None
            params = entry.get("参数") if isinstance(entry, dict) else None
            params = params if isinstance(params, dict) else {}
            if not isinstance(doc, str) or not doc:
                raise ReportgenError(f"项目文件「{key}」中有一项没有写模板名", Location(file=name, key=key),
                                     hint="每项写一个内置文档名，或 {模板: 名称或文件, 参数: …}")
            if doc in tables:
                doc = TABLES
            if doc in catalog or doc == TABLES:
                if doc not in out.documents:
                    out.documents.append(doc)
                out.params.setdefault(doc, {}).update(params)
            elif Path(doc).name in templates:
                out.templates[Path(doc).name] = params
            else:
                out.missing.append(f"模板：{doc}")
    return out


def _text(settings: dict[str, Any], key: str, name: str) -> str:
    """A one-line setting (范围, 县) as text; a list or mapping there is a located error."""
    value = settings.get(key)
    if isinstance(value, dict | list):
        from reportgen.errors import Location, ReportgenError

        raise ReportgenError(f"项目文件中「{key}」的格式不对", Location(file=name, key=key), hint=f"应写成：{key}: 名称")
    return "" if value is None else str(value).strip()


def _table_files() -> list[str]:
    from reportgen.xlsx.builtin import OUTPUTS

    return list(OUTPUTS)


def make_choice(choice: Choice, folder: Path, out: Path,
                progress: Callable[[str], None] = lambda _m: None) -> BuildReport:
    """Write ``choice`` as ``folder/reportgen.yaml`` (paths relative to ``folder``) and build it into
    ``out`` — what ``reportgen build`` does with the saved file."""
    settings = project_settings(choice, lambda p: os.path.relpath(p, folder))
    project = atomic_write_text(folder / PROJECT_FILE, project_file_text(settings, ""))
    return build_project(project, out, progress=progress, review=choice.review, jobs=1)


def work_units(choice: Choice) -> int:
    """How many progress messages :func:`make_choice` sends: the figures, each output, the audit
    workbook, the PDFs."""
    settings = project_settings(choice, str)
    return 2 + len(settings["文档"]) + len(settings["批量"]) + (1 if choice.pdf else 0)


__all__ = ["TABLES", "Choice", "document_catalog", "document_parameters", "table_names", "project_settings",
           "project_file_text", "make_choice", "work_units", "Reopened", "reopen_project"]
