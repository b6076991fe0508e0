"""The built-in GB/T 9704 templates: registry (name, one-line description, data needed), listing, export.

The .docx files in ``templates/docx/`` are built from code by ``python -m reportgen.builtin.build``;
each has a parameters YAML next to it (发文机关, 发文字号, 主送, 抄送, 落款, 成文日期…) merged into the
context under ``公文``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Location, ReportgenError
from reportgen.io.files import atomic_write_bytes

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "docx"


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
    Builtin("合同书", "流动人口计划生育服务管理合同书，每户一份：甲方村民委员会、乙方夫妻、鉴证机关",
            "流动人口.家庭（流动人口登记，按家庭编号分户）", per="流动人口.家庭", item="户"),
)}


def list_builtins() -> list[tuple[str, str, str]]:
    """(name, one-line description, data needed) for every built-in template."""
    return [(b.name, b.description, b.data) for b in BUILTINS.values()]


def export_builtin(name: str, out_dir: str | Path) -> list[Path]:
    """Copy a built-in template (.docx and its parameters .yaml) into ``out_dir`` for a user to edit."""
    if name not in BUILTINS:
        raise ReportgenError(f"没有名为「{name}」的内置模板。", Location(key=name),
                             hint="可用的模板：" + "、".join(BUILTINS))
    builtin = BUILTINS[name]
    copied = []
    for src in (builtin.docx, builtin.params):
        if src.is_file():
            copied.append(atomic_write_bytes(Path(out_dir) / src.name, src.read_bytes()))
    if not copied:
        raise ReportgenError("内置模板文件缺失。", Location(file=str(builtin.docx)),
                             hint="运行 python -m reportgen.builtin.build 重新生成模板。")
    return copied
