"""figures.yaml as a clerk reads it: no YAML anchors, rates also as the documents print them, a comment
on each section — and still exactly the figures when loaded back (``yaml.safe_load(text) == figures``).

Rates stay ratios under their own key (templates format them with ``|pct``); the percentage is a YAML
comment at the end of the line (``贫困发生率: 0.004736  # 0.47%``), so loading ignores it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from reportgen.format.numbers import pct
from reportgen.io.files import atomic_write_text

# What each top-level section is (docs/figures.md); other registries get a generic line.
SECTION_NOTES = {
    "县": "县名（取自导出表的 县(市、区、旗) 列）",
    "年度": "年度（--year，或导出表中最晚的填报/签订日期）",
    "建档立卡": "建档立卡：户数按户编号去重，人数按证件号码去重；贫困发生率 = 未脱贫人数 ÷ 农业户籍人口",
    "监测": "防返贫监测对象：风险消除率 = 风险已消除户数 ÷ 户数",
    "留守儿童": "农村留守儿童：人数与监护类型，分乡镇",
    "流动人口": "流动人口：户数按家庭编号去重",
    "乡镇汇总": "乡镇汇总：每个乡镇一行，汇总建档立卡、监测和村级基本情况",
    "乡镇汇总合计": "乡镇汇总的合计行（等于全县数字）",
    "任务分工": "实施方案任务分工：导出表中的各行，原样",
    "责任书": "责任书签订名单：每个乙方一行，原样",
}
HEADER = ("# reportgen figures 生成的数字，生成文档前请核对。\n"
          "# 比率（…率、占比）是小数，模板里用 |pct(1) 显示为百分数；# 后面是按百分数显示的值，仅供核对。\n")
_RATE = re.compile(r"(?P<key>[^\s{},:]*(?:率|占比)): (?P<value>-?\d+(?:\.\d+)?(?:e-?\d+)?)(?=[,}\s]|$)")


class _NoAliasDumper(yaml.SafeDumper):
    """Repeated lists/dicts written out again instead of as ``&id001`` / ``*id001``."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def figures_yaml(figures: dict[str, Any]) -> str:
    """The text of figures.yaml (see the module docstring)."""
    text = yaml.dump(figures, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False if _flat(figures) else None, width=120)
    keys = iter(figures)
    expected = next(keys, None)
    out = [HEADER]
    for line in text.splitlines():
        if expected is not None and line[:1] not in (" ", "-", "") and line.startswith(f"{expected}:"):
            out.append(f"\n# {SECTION_NOTES.get(expected, f'{expected}：按数据规格「{expected}」计算')}\n")
            expected = next(keys, None)
        out.append(_with_percent(line) + "\n")
    return "".join(out)


def _flat(figures: dict[str, Any]) -> bool:
    """Only scalars: flow style would put the whole file on one line."""
    return not any(isinstance(v, dict | list) for v in figures.values())


def _with_percent(line: str) -> str:
    """``贫困发生率: 0.004736`` → ``贫困发生率: 0.004736  # 0.47%`` (every rate on the line)."""
    found = [(m.group("key"), m.group("value")) for m in _RATE.finditer(line)]
    if not found or "#" in line:
        return line
    if len(found) == 1 and re.fullmatch(rf"\s*(- )?{re.escape(found[0][0])}: \S+", line):
        return f"{line}  # {pct(float(found[0][1]), 2)}"
    return f"{line}  # " + "，".join(f"{k} {pct(float(v), 2)}" for k, v in found)


def dump_figures(figures: dict[str, Any], path: str | Path, header: list[str] | None = None) -> None:
    """Write the context as YAML a clerk can read (Chinese as is, keys in document order); ``header``
    lines go first as YAML comments (the exports the figures came from, for ``reportgen explain``)."""
    atomic_write_text(path, "".join(f"# {line}\n" for line in header or []) + figures_yaml(figures))


__all__ = ["dump_figures", "figures_yaml"]
