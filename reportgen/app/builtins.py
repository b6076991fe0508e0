"""Use case: render the built-in templates by name from a figures context (``reportgen demo``)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from reportgen.builtin import BUILTINS, Builtin
from reportgen.charts import BarChart
from reportgen.context import FigureSet
from reportgen.context.scope import document_context
from reportgen.docx import DocxTemplate
from reportgen.io.data import load_mapping


def load_params(builtin: Builtin) -> dict[str, Any]:
    """The template's parameters YAML (发文机关, 文号, 落款, 日期…), or {} if it has none."""
    if not builtin.params.is_file():
        return {}
    return load_mapping(builtin.params, what="参数文件")


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` merged in (nested dicts merged, other values replaced); inputs untouched."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _lookup(context: dict[str, Any], dotted: str) -> Any:
    value: Any = context
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "文档"


def figure_charts(context: dict[str, Any]) -> dict[str, Any]:
    """Charts built from the figures, under ``图表`` in the context (a .docx cannot be fed a chart from YAML).

    ``脱贫人数``: a native bar chart of 建档立卡.脱贫年度 (年度 → 人数), used by 工作总结 and 情况报告.
    """
    years = _lookup(context, "建档立卡.脱贫年度")
    if not isinstance(years, list) or not years:
        return {}
    first, last = years[0].get("年度"), years[-1].get("年度")
    span = f"{first}—{last}年" if first != last else f"{first}年"
    return {"脱贫人数": BarChart.from_rows(years, "年度", "人数", title=f"{span}脱贫人数（人）")}


def render_builtin(name: str, context: dict[str, Any], out_path: str | Path, *,
                   review: FigureSet | bool | None = None) -> Path:
    """Render one built-in template with ``context`` (figures + parameters) to ``out_path``.

    ``图表`` (native charts from the figures, see :func:`figure_charts`) is added unless the context has it.
    ``review`` (the :class:`FigureSet` the figures came from, or True without one) also writes the
    review copy ``NAME（核对稿）.docx`` beside it.
    """
    builtin = BUILTINS[name]
    context = document_context(context, name)
    charts = figure_charts(context) if "图表" not in context else None
    if charts:
        context = {**context, "图表": charts}
    template = DocxTemplate.load(builtin.docx)
    path = template.render_to(out_path, context)
    if review is not None and review is not False:
        from reportgen.app.review import write_review_copy

        write_review_copy(template, context, out_path, None if review is True else review)
    return path


def render_builtin_documents(figures: dict[str, Any], out_dir: Path,
                             params: dict[str, Any] | None = None) -> list[Path]:
    """Render every built-in into ``out_dir``; per-party templates into a sub-folder, one file each.

    ``params`` maps a template name to parameters merged over its YAML (e.g.
    ``{"印发通知": {"公文": {"序号": 12}}}``). A per-party template whose list is absent from the
    figures (e.g. ``流动人口.家庭``) is skipped.
    """
    out = Path(out_dir)
    written: list[Path] = []
    for name, builtin in BUILTINS.items():
        context = deep_merge(figures, deep_merge(load_params(builtin), (params or {}).get(name, {})))
        if builtin.per is None:
            written.append(render_builtin(name, context, out / f"{name}.docx"))
            continue
        items = _lookup(context, builtin.per) or []
        for index, item in enumerate(items, start=1):
            label = (item.get("乙方") or item.get("行政村") or item.get("家庭编号") or item.get("受扶单位")
                     or str(index))
            if builtin.item == "户":
                label = f"{item.get('家庭编号', index)}_{item.get('夫') or item.get('户主') or ''}"
            target = out / name / f"{index:03d}_{_safe_name(str(label))}.docx"
            written.append(render_builtin(name, {**context, builtin.item: item}, target))
    return written


def migrant_households(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group 流动人口登记 rows (one per person) into households for the 合同书.

    Each household: 家庭编号, 乡镇, 行政村, 户主, 夫, 妻, 人数, 户籍地址, 现居住地址 (夫/妻 from 户主 and
    配偶 by 性别; empty when the household has no couple).
    """
    homes: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row.get("家庭编号") or "")
        if not key:
            continue
        home = homes.setdefault(key, {
            "家庭编号": key, "乡镇": row.get("乡(镇)") or row.get("乡镇") or "", "行政村": row.get("行政村") or "",
            "户主": "", "夫": "", "妻": "", "人数": 0, "户籍地址": row.get("户籍地址") or "",
            "现居住地址": row.get("现居住地址") or "",
        })
        home["人数"] += 1
        relation, name, sex = row.get("与户主关系"), row.get("姓名") or "", row.get("性别")
        if relation == "户主":
            home["户主"] = name
        if relation in ("户主", "配偶") and (home["妻"] == "" or home["夫"] == ""):
            home["夫" if sex == "男" else "妻"] = home["夫" if sex == "男" else "妻"] or name
    for home in homes.values():
        if not (home["夫"] and home["妻"]):  # a single adult signs as 乙方 on the 夫/妻 line of their sex
            home["夫"] = home["夫"] or ("" if home["妻"] else home["户主"])
    return list(homes.values())
