"""``reportgen init EXPORTS_DIR``: recognise the exports, write a commented project file ``reportgen.yaml``.

The project file is the clerk's: plain YAML with Chinese comments saying what each key does. It names the
exports (by file, relative to the folder), the 县/乡镇 scope, 年度, 落款 and 文号 parts, the documents and
batches to make, and the output folder. ``reportgen build`` (``app.build``) reads it back; next year the
clerk changes 年度 and the exports and builds again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import Location, ReportgenError
from reportgen.io.files import atomic_write_text

PROJECT_FILE = "reportgen.yaml"
EXPORT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
# What each built-in reads (registry names, as in the figures context) — docs/templates.md.
DOCUMENT_NEEDS: dict[str, tuple[str, ...]] = {
    "工作总结": ("建档立卡", "监测", "村级基本情况"),
    "情况报告": ("建档立卡", "监测", "村级基本情况"),
    "印发通知": ("任务分工", "建档立卡", "监测", "留守儿童"),
    "流动人口情况汇报": ("流动人口",),
    "乡镇汇总": ("建档立卡", "监测", "村级基本情况"),
    "脱贫人口分年度": ("建档立卡",),
    "留守儿童监护": ("留守儿童",),
    "任务分工": ("任务分工",),
    "结对帮扶实施方案": ("结对帮扶", "村级基本情况"),
    "结对帮扶统计": ("结对帮扶", "村级基本情况"),
}
BATCH_NEEDS: dict[str, tuple[str, ...]] = {"责任书": ("责任书",), "合同书": ("流动人口",), "结对帮扶协议书": ("结对帮扶",)}
# Each batch's file names and merged print file, as init writes them (the web page makes the same).
BATCH_FILES: dict[str, tuple[str, str]] = {
    "责任书": ("{{ 乡镇 }}_{{ 行政村 }}_责任书.docx", "责任书_合并打印.docx"),
    "合同书": ("{{ 行政村 }}_{{ 家庭编号 }}_{{ 户主 }}_合同书.docx", "合同书_合并打印.docx"),
    "结对帮扶协议书": ("{{ 乡镇 }}_{{ 受扶单位 }}_{{ 帮扶单位 }}_协议书.docx", "结对帮扶协议书_合并打印.docx"),
}


@dataclass
class InitReport:
    """What ``init`` found: exports by registry, files it could not place, and each output's inputs."""

    project: Path
    exports: dict[str, str] = field(default_factory=dict)  # registry → file name
    unused: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    ready: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # output → registries it lacks
    county: str | None = None
    year: int | None = None
    towns: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # rows whose errors would stop the figures


def find_exports(folder: Path) -> tuple[dict[str, Path], list[tuple[str, str]]]:
    """Each registry's export in ``folder`` (by headers, the built-in specs), and the files left over."""
    from reportgen.ingest import load_table
    from reportgen.specs import builtin_specs

    specs = builtin_specs()
    found: dict[str, Path] = {}
    unused: list[tuple[str, str]] = []
    files = sorted((p for p in folder.iterdir() if p.suffix.lower() in EXPORT_SUFFIXES and not p.name.startswith(("~$", "."))),
                   key=lambda p: (p.suffix.lower() == ".csv", p.name))  # a workbook before its CSV copy
    for path in files:
        try:
            name = load_table(path, None, None, specs).spec.name
        except ReportgenError as exc:
            unused.append((path.name, exc.message))
            continue
        if name in found:
            unused.append((path.name, f"也是「{name}」台账，已用 {found[name].name}"))
            continue
        found[name] = path
    return found, unused


def previous_exports(settings: dict[str, Any], folder: Path, project_file: Path) -> list[Path]:
    """Last year's exports named by the project file's ``上年`` (files or one folder, relative to the
    project), for 同比; [] without the key. A missing file or a folder without exports is an error."""
    value = settings.get("上年")
    if value in (None, "", []):
        return []
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
        raise ReportgenError("项目文件中「上年」应为上年台账文件的列表，或一个文件夹", Location(file=str(project_file), key="上年"),
                             hint="例如 上年: [上年/建档立卡人口.xlsx, 上年/防返贫监测对象.xlsx] 或 上年: 上年台账")
    found: list[Path] = []
    for entry in entries:
        path = folder / entry.strip()
        if path.is_dir():
            exports, _unused = find_exports(path)
            if not exports:
                raise ReportgenError("「上年」文件夹中没有认得出的台账导出表", Location(file=str(path), key="上年"),
                                     hint="放入上年的台账导出表（.xlsx/.csv），或在「上年」中逐个写出文件")
            found += exports.values()
        elif path.is_file():
            found.append(path)
        else:
            raise ReportgenError("找不到「上年」中写的台账文件或文件夹", Location(file=str(path), key="上年"),
                                 hint="路径相对于项目文件所在文件夹；改正「上年」，不做同比时删去这一行")
    return found


def init_project(folder: str | Path) -> InitReport:
    """Write ``folder/reportgen.yaml`` for the exports in ``folder`` (an existing one is refused)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportgenError("找不到台账文件夹", Location(file=str(folder)))
    target = folder / PROJECT_FILE
    if target.exists():
        raise ReportgenError("项目文件已存在，未覆盖", Location(file=str(target)),
                             hint=f"直接编辑它后运行 reportgen build {target}；要重新生成请先删除或改名")
    exports, unused = find_exports(folder)
    report = InitReport(target, {k: p.name for k, p in exports.items()}, unused)
    report.county, report.year, report.towns, report.excluded = _facts(list(exports.values()))
    outputs = {**DOCUMENT_NEEDS, **BATCH_NEEDS}
    for name, needs in outputs.items():
        lacking = [n for n in needs if n not in exports]
        if lacking:
            report.missing[name] = lacking
        else:
            report.ready.append(name)
    atomic_write_text(target, project_text(report))
    return report


def _facts(paths: list[Path]) -> tuple[str | None, int | None, list[str], list[str]]:
    """县, 年度, the 乡镇, and the rows whose errors would stop the figures (best effort)."""
    from reportgen.context import figures_for_exports

    notes: list[str] = []
    try:
        figures = figures_for_exports(paths, exclude_bad_rows=True, notes=notes)
    except ReportgenError:
        return None, None, [], []
    towns = [t["名称"] for t in (figures.get("乡镇汇总") or [])]
    return figures.get("县"), figures.get("年度"), towns, [n for n in notes if "排除了" in n]


def _scalar(value: Any) -> str:
    if value is None:
        return '""'
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip().removesuffix("...").strip()


def project_text(r: InitReport) -> str:
    """The commented project file (Chinese comments; values a clerk edits)."""
    year = r.year or dt.date.today().year - 1
    county = r.county or ""
    lines = [
        "# reportgen 报告项目。编辑后运行：reportgen build 本文件所在文件夹/reportgen.yaml -o 输出文件夹",
        "# 下一年：换上新的导出表、改「年度」，再运行一次 build。只改了的部分会重新生成。",
        "",
        f"县: {_scalar(county)}            # 县（市、区、旗）名称，从台账读出",
        "范围: \"\"              # 空：全县（按乡镇分行）；写一个乡镇名则只做该乡镇（全镇、按村分行），"
        + (f"可选：{'、'.join(r.towns)}" if r.towns else "如 城关镇"),
        f"年度: {year}            # " + ("从台账的日期列读出" if r.year else "台账中没有日期列，请核对（必须填写）"),
        f"落款: {_scalar(county + '乡村振兴局' if county else '')}   # 工作总结、情况报告的署名；范围为乡镇时留空即用「XX镇人民政府」",
        f"成文日期: {year}-12-20   # 文档末尾的日期（YYYY-MM-DD）",
        "文号:                   # 印发通知的发文字号：机关代字〔年份〕序号号",
        "  机关代字: \"\"          # 如 青乡振发；空则用模板自带的",
        "  序号: 1",
        "PDF: 自动               # 自动：装有 LibreOffice 时同时输出 PDF；是 / 否",
        ("排除含错误的行: 是       # init 发现有影响数字的错误行（见下），设为「是」时这些行不计入数字；"
         "改正台账后改回「否」" if r.excluded else
         "排除含错误的行: 否       # 是：影响数字的错误行不计入（数字会变！为否时有这种错误的台账不用）"),
        *[f"#   {note}" for note in r.excluded],
        "输出: 输出              # 输出文件夹（相对本文件）；reportgen build -o 可另外指定",
        "核对底稿: 是            # 是：同时写出 核对底稿.xlsx（每个数字的定义、台账行和 Excel 复算公式）",
        "核对稿: 否              # 是：每份文档另写一份「文档名（核对稿）.docx」，来自数据的值都有批注；也可用 build --review",
        "# 上年: [上年/建档立卡人口.xlsx, 上年/防返贫监测对象.xlsx]   # 上年的台账（文件或一个文件夹）：工作总结、情况报告加同比",
        "",
        "# 台账导出表（相对本文件夹）。init 按表头自动识别；换文件时改这里。",
        "台账:",
    ]
    lines += [f"  {name}: {_scalar(file)}" for name, file in r.exports.items()] or ["  {}"]
    for file, why in r.unused:
        lines.append(f"  # 未使用 {file}：{why}")
    lines += [
        "",
        "# 导出表的表头与数据规格不一致时，在这里对应（表头: 规格中的列名），例如 证件号码(身份证): 证件号码",
        "列名映射: {}",
        "# 自己的数据规格文件（加入自带规格；与自带规格同名的替换它）",
        "数据规格: []",
        "",
        "# 要生成的文档：内置模板名称，或自己的 .docx / .xlsx 模板路径。",
        "# 每项也可以写成 {模板: 工作总结, 文件名: 工作總結.docx, 文字: 繁体, 参数: {公文: {落款: …}}}",
        "文档:",
    ]
    for name in DOCUMENT_NEEDS:
        if name in r.ready:
            lines.append(f"  - {name}")
        else:
            lines.append(f"  # - {name}    # 缺少台账：{'、'.join(r.missing[name])}")
    lines += ["", "# 批量文档：每行（或每户）一份，另合并成一个打印文件。", "批量:"]
    for name in BATCH_NEEDS:
        entry = f"{{模板: {name}, 文件名: \"{BATCH_FILES[name][0]}\", 合并: {BATCH_FILES[name][1]}}}"
        if name in r.ready:
            lines.append(f"  - {entry}")
        else:
            lines.append(f"  # - {entry}    # 缺少台账：{'、'.join(r.missing[name])}")
    return "\n".join(lines) + "\n"


__all__ = ["PROJECT_FILE", "DOCUMENT_NEEDS", "BATCH_NEEDS", "BATCH_FILES", "InitReport", "init_project", "find_exports",
           "previous_exports"]
