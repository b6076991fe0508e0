"""The built-in county reporting tables (templates/xlsx/) filled from one figures dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.format.scope import with_scope
from reportgen.io.data import load_mapping
from reportgen.xlsx.build_templates import BUILTIN, TEMPLATES_DIR
from reportgen.xlsx.template import XlsxTemplate

PARAMS_FILE = "报表参数.yaml"

# template file → output file name and the figures keys it needs
OUTPUTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "乡镇汇总.xlsx": ("巩固拓展脱贫攻坚成果乡镇汇总表.xlsx", ("乡镇汇总",)),
    "脱贫人口分年度.xlsx": ("脱贫人口分年度统计表.xlsx", ("建档立卡",)),
    "留守儿童监护.xlsx": ("农村留守儿童监护情况统计表.xlsx", ("留守儿童",)),
    "任务分工.xlsx": ("实施方案任务分工表.xlsx", ("任务分工",)),
    "结对帮扶统计.xlsx": ("结对帮扶情况统计表.xlsx", ("结对帮扶", "结对安排")),
}


def load_params(templates_dir: Path = TEMPLATES_DIR) -> dict[str, Any]:
    """Defaults for the ``报表`` keys (填报单位, 填报日期 …) from the YAML next to the templates."""
    path = templates_dir / PARAMS_FILE
    if not path.is_file():
        return {}
    return load_mapping(path, what="参数文件").get("报表", {})


def render_builtin_tables(figures: dict, out_dir: Path, params: dict | None = None,
                          templates_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Fill every built-in table whose data is in ``figures``; returns the written files.

    ``params`` (填报单位, 填报日期, 负责人, 填报人, 方案名称) override the YAML defaults and are
    available to templates as ``报表.*``. A table whose figures are missing is skipped.
    """
    out_dir = Path(out_dir)
    context = {**with_scope(figures), "报表": {**load_params(templates_dir), **(params or {})}}
    written = []
    for template_name in BUILTIN:
        out_name, needs = OUTPUTS[template_name]
        if not all(figures.get(key) for key in needs):
            continue
        template = XlsxTemplate.load(templates_dir / template_name)
        written.append(template.render_to(out_dir / out_name, context))
    return written
