"""The built-in GB/T 9704 templates: registry (name, one-line description, data needed), listing, export.

The .docx files in ``templates/docx/`` are built from code by ``python -m reportgen.builtin.build``;
each has a parameters YAML next to it (发文机关, 发文字号, 主送, 抄送, 落款, 成文日期…) merged into the
context under ``公文``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Location, ReportgenError, did_you_mean
from reportgen.io.files import atomic_write_bytes
from reportgen.io.resources import resource_dir

TEMPLATE_DIR = resource_dir("templates", "docx")


@dataclass(frozen=True)
class Builtin:
    name: str
    description: str
    data: str  # which parts of the figures context it reads
    per: str | None = None  # render once per item of this context list (责任书, 合同书)
    item: str | None = None  # the item's name in the context

    @property
    def docx(self) -> Path:
        return TEMPLATE_DIR / f"{self.name}.docx"

    @property
    def params(self) -> Path:
        return TEMPLATE_DIR / f"{self.name}.yaml"


BUILTINS: dict[str, Builtin] = {b.name: b for b in (
    Builtin("工作总结", "年度巩固拓展脱贫攻坚成果工作总结（无版头，含分乡镇表格，落款和日期）",
            "建档立卡、监测、乡镇汇总（建档立卡台账 + 村级花名册 + 防返贫监测对象）"),
    Builtin("情况报告", "工作总结的上行文版本：主送机关，结尾“特此报告。”",
            "建档立卡、监测、乡镇汇总（同工作总结）"),
    Builtin("印发通知", "红头印发通知 + 实施方案（单位或联合发文、文号、红线、任务分工表横排、版记）",
            "任务分工、建档立卡、监测、留守儿童（实施方案任务分工 + 各台账）"),
    Builtin("责任书", "目标责任书，每个乙方（行政村）一份：监测户目标、工作经费大写金额、签署栏",
            "责任书（责任书签订名单）", per="责任书", item="书"),
    Builtin("流动人口情况汇报", "流动人口计划生育服务管理情况汇报：流入/流出、育龄妇女、合同签订、婚育证明，分乡镇表格",
            "流动人口（流动人口登记；有上年数字时写同比）"),
    Builtin("合同书", "流动人口计划生育服务管理合同书，每户一份：甲方村民委员会、乙方夫妻、鉴证机关",
            "流动人口.家庭（流动人口登记，按家庭编号分户）", per="流动人口.家庭", item="户"),
    Builtin("结对帮扶实施方案", "印发通知 + 全域结对帮扶实施方案（结对数、一对一/多对一/一对多、村覆盖）+ 附件结对安排表",
            "结对帮扶、村级基本情况（结对帮扶名单 + 村级花名册）"),
    Builtin("结对帮扶协议书", "结对帮扶协议书，每一对一份：甲方帮扶单位、乙方受扶单位、重点任务、期限、签署栏",
            "结对安排.对子（结对帮扶名单，每行一对）", per="结对安排.对子", item="对"),
)}


@dataclass(frozen=True)
class BuiltinFile:
    """A built-in template file and the parameters YAML that goes with it (None when it has none)."""

    name: str
    path: Path
    params: Path | None


def _xlsx_builtins() -> dict[str, BuiltinFile]:
    from reportgen.xlsx.build_templates import BUILTIN, TEMPLATES_DIR
    from reportgen.xlsx.builtin import PARAMS_FILE

    return {Path(f).stem: BuiltinFile(Path(f).stem, TEMPLATES_DIR / f, TEMPLATES_DIR / PARAMS_FILE) for f in BUILTIN}


def builtin_files() -> dict[str, BuiltinFile]:
    """Every built-in by name: the Word documents (工作总结 …) and the Excel tables (乡镇汇总 …)."""
    docx = {b.name: BuiltinFile(b.name, b.docx, b.params) for b in BUILTINS.values()}
    return {**docx, **_xlsx_builtins()}


def find_builtin(name: str) -> BuiltinFile:
    """The built-in called ``name`` (``工作总结``, ``工作总结.docx``, ``乡镇汇总``); a located error with a guess."""
    files = builtin_files()
    key = Path(name).stem if Path(name).suffix.lower() in (".docx", ".xlsx") else name
    if key in files:
        return files[key]
    guess = did_you_mean(key, files)
    raise ReportgenError(f"没有名为「{name}」的内置模板，也没有这个文件" + (f"；是不是「{guess}」？" if guess else ""),
                         Location(key=name), hint="可用的模板：" + "、".join(files) + "（reportgen templates 列出说明）")


def resolve_template(ref: str | Path) -> tuple[Path, Path | None]:
    """(template file, its built-in parameters YAML or None): an existing file as is, else a built-in name."""
    path = Path(ref)
    if path.is_file() or len(path.parts) > 1:  # a path (the engine reports a missing file where it is)
        return path, None
    found = find_builtin(str(ref))
    return found.path, found.params if found.params and found.params.is_file() else None


def list_builtins() -> list[tuple[str, str, str]]:
    """(name, one-line description, data needed) for every built-in template, Word then Excel."""
    from reportgen.xlsx.builtin import OUTPUTS

    out = [(b.name, b.description, b.data) for b in BUILTINS.values()]
    for file, (title, needs) in OUTPUTS.items():
        out.append((Path(file).stem, f"Excel 报表：{Path(title).stem}", "、".join(needs)))
    return out


def export_builtin(name: str, out_dir: str | Path) -> list[Path]:
    """Copy a built-in template (.docx/.xlsx and its parameters .yaml) into ``out_dir`` for a user to edit."""
    builtin = find_builtin(name)
    copied = []
    for src in (builtin.path, builtin.params):
        if src is not None and src.is_file():
            copied.append(atomic_write_bytes(Path(out_dir) / src.name, src.read_bytes()))
    if not copied:
        raise ReportgenError("内置模板文件缺失。", Location(file=str(builtin.path)),
                             hint="重新安装 reportgen，或运行 python -m reportgen.builtin.build 重新生成模板。")
    return copied
