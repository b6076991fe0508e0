"""Use case: the review copy (核对稿) of a document — every value from data highlighted, with a comment.

The docx engine reports which context paths each printed value read (``DocxTemplate.render(review=…)``);
:class:`FigureReviewer` turns them into the comment a checker reads: the figure path as templates write
it, its value, its definition, its source and the number of rows behind it (with the first Excel row
numbers). A value computed in the template from several figures lists each of them. Without the
exports (a hand-written data file) the comment still names the path and the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.context import FigureSet, define
from reportgen.context.paths import label_of
from reportgen.docx import DocxTemplate
from reportgen.errors import ReportgenError
from reportgen.io.files import atomic_write_bytes

SUFFIX = "（核对稿）"
SHOWN_ROWS = 8
YOY = "同比"


def review_path(output: str | Path) -> Path:
    """``工作总结.docx`` → ``工作总结（核对稿）.docx`` in the same folder."""
    out = Path(output)
    return out.with_name(f"{out.stem}{SUFFIX}{out.suffix}")


def _shown(value: Any) -> str:
    return "（空）" if value is None else str(value)


class FigureReviewer:
    """The comment for each printed value (``docx.review.Reviewer``)."""

    author = "reportgen 核对"
    initials = "RG"

    def __init__(self, context: dict[str, Any], figure_set: FigureSet | None = None):
        self.context = context
        self.fs = figure_set
        self.specs = {s.name: s for s in figure_set.specs} if figure_set else {}
        self.traced = set(figure_set.registries) if figure_set else set()
        if figure_set:
            self.traced |= {n for s in figure_set.specs if s.output == "summary" for n in (s.name, f"{s.name}合计")}
        self.described = 0

    def describe(self, paths: list[tuple], shown: str) -> str | None:
        entries = [p[:-1] if p and p[0] == YOY and len(p) > 2 else p for p in paths]  # 同比: one per figure
        blocks = [block for block in (self._block(p) for p in dict.fromkeys(entries)) if block]
        if not blocks:
            return None
        self.described += 1
        if len(blocks) == 1:
            first = blocks[0].split("\n", 1)[0]
            return blocks[0] if first.endswith(f" = {shown}") else f"{blocks[0]}\n文中显示为「{shown}」"
        return f"此处的值「{shown}」由 {len(blocks)} 个数字算出：\n" + "\n".join(blocks)

    def _block(self, path: tuple) -> str | None:
        if not path or (self.fs is not None and path[0] not in self.traced | {YOY}):
            return None  # with exports known, only figures (and 同比) are data; parameters are not
        name, value = self._named(path)
        if name is None:
            return None
        if path[0] == YOY:
            return self._yoy(name, value)
        if name.endswith("|length"):
            return f"{name} = {value}\n定义：列表「{name[:-7]}」的项数"
        lines = [f"{name} = {_shown(value)}"]
        if self.fs is None:
            return lines[0] + "\n来源：数据文件（未记录台账，无法追溯到行）"
        try:
            t = self.fs.trace(name)
        except ReportgenError:
            return None  # a label (名称) or something that is not a figure
        lines.append(f"定义：{define(t, self.specs)}")
        for leaf in _leaves(t):
            reg = self.fs.registries[leaf.registry]
            numbers = self.fs.row_numbers(leaf)
            first = "、".join(map(str, numbers[:SHOWN_ROWS])) + ("…" if len(numbers) > SHOWN_ROWS else "")
            lines.append(f"来源：{Path(reg.table.file).name} › {reg.table.sheet}，{len(numbers)} 行"
                         + (f"（第 {first} 行）" if numbers else ""))
        return "\n".join(lines)

    def _yoy(self, name: str, entry: Any) -> str:
        figure = name[len(YOY) + 1:]
        if not isinstance(entry, dict) or "本年" not in entry:
            return f"{name} = {_shown(entry)}"
        unit = entry.get("单位") or ""
        growth = entry.get("增幅")
        return (f"同比 {figure}：本年 {_shown(entry.get('本年'))}，上年 {_shown(entry.get('上年'))}，"
                f"增减 {_shown(entry.get('增减'))}{unit}"
                + (f"，增幅 {growth:.2%}" if isinstance(growth, float) else "")
                + (f"\n{entry['说明']}" if entry.get("说明") else "")
                + "\n（本年、上年的数字各自按定义从当年台账算出，见 figures --audit）")

    def _named(self, path: tuple) -> tuple[str | None, Any]:
        """(``建档立卡.乡镇[城关镇].人数``, value) for a path of keys and list indices."""
        node: Any = self.context
        text = ""
        for key in path:
            if key == "#":
                return f"{text}|length", len(node) if isinstance(node, list) else None
            if isinstance(key, int):
                if not isinstance(node, list) or key >= len(node):
                    return None, None
                node = node[key]
                if isinstance(node, dict) and node:
                    text += f"[{label_of(node)[1]}]"
                else:
                    text += f"[{key}]"
                continue
            if not isinstance(node, dict) or key not in node:
                return None, None
            node = node[key]
            text = f"{text}.{key}" if text else str(key)
        return text, node


def _leaves(t) -> list:
    if t.rows is not None:
        return [t]
    return [leaf for _, part in t.parts for leaf in _leaves(part)]


def figure_set_for(*, exports=(), specs=(), data_files=(), year: int | None = None, scope: str | None = None,
                   exclude_bad_rows: bool = False) -> FigureSet | None:
    """The figures behind a render: from ``exports``, else from the first figures.yaml among ``data_files``
    that names its exports (``reportgen figures`` writes them in its first lines); None otherwise."""
    from reportgen.app.figures import figure_set, figures_sources

    if exports:
        return figure_set(list(exports), specs=list(specs) or None, year=year, scope=scope,
                          exclude_bad_rows=exclude_bad_rows)
    for data in data_files:
        if str(data) == "-" or Path(data).suffix.lower() not in (".yaml", ".yml"):
            continue
        try:
            found = figures_sources(data)
        except ReportgenError:
            continue
        return figure_set(found["exports"], specs=found["specs"] or None, year=found["year"],
                          exclude_bad_rows=found["exclude_bad_rows"], scope=found["scope"])
    return None


def write_review_copy(template: DocxTemplate, context: dict[str, Any], output: str | Path,
                      figure_set: FigureSet | None = None) -> Path:
    """Render ``template`` with ``context`` in review mode to ``NAME（核对稿）.docx`` beside ``output``."""
    reviewer = FigureReviewer(context, figure_set)
    return atomic_write_bytes(review_path(output), template.render(context, review=reviewer))
