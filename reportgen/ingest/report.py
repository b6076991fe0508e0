"""The validation report: every issue of an export with its place, plus summary counts.

``validate(path, spec)`` never stops at the first problem; the CLI prints :func:`format_report` and exits
non-zero when there are errors (or warnings, with ``--strict``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reportgen.ingest.cells import ERROR, INFO, WARNING
from reportgen.ingest.table import Table, load_table
from reportgen.ingest.xlsxstream import Progress
from reportgen.specs import Spec


@dataclass
class Report:
    """Result of validating one export."""

    table: Table

    @property
    def errors(self) -> int:
        return self.table.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.table.count(WARNING)

    @property
    def notes(self) -> int:
        return self.table.count(INFO)

    def ok(self, strict: bool = False) -> bool:
        return self.errors == 0 and (not strict or self.warnings == 0)


def validate(path: str | Path, spec: Spec | None = None, sheet: str | int | None = None,
             specs: list[Spec] | None = None, progress: Progress | None = None) -> Report:
    """Load ``path`` with ``spec`` (or the matching one) and return the report of every problem.

    ``progress(rows read, rows in the sheet)`` is called while a large sheet is read."""
    return Report(load_table(path, spec, sheet, specs, progress))


def format_report(report: Report) -> str:
    """Plain Chinese text: the issues, one per line, then the summary."""
    t = report.table
    lines = [f"文件 {t.file} › 工作表 {t.sheet}：按数据规格「{t.spec.name}」检查，"
             f"表头在第{t.layout.start + 1}行" + ("（两行表头）" if t.layout.depth == 2 else "")]
    hinted: set[str] = set()
    for issue in t.issues:
        value = f"（值：{issue.value}）" if issue.value not in (None, "") and issue.value not in issue.message else ""
        lines.append(f"[{issue.level}] {issue.location}: {issue.message}{value}")
        if issue.hint and issue.hint not in hinted:  # the same advice once, at its first occurrence
            hinted.add(issue.hint)
            lines.append(f"    提示：{issue.hint}")
    kinds = Counter((i.level, i.location.column) for i in t.issues)
    lines.append("")
    lines.append(f"共 {len(t.rows)} 行数据；错误 {report.errors} 处，警告 {report.warnings} 处，提示 {report.notes} 处。")
    if kinds:
        lines.append("按列统计：" + "；".join(f"{col or '（表头）'} {level}{n}处" for (level, col), n in
                                         sorted(kinds.items(), key=lambda kv: -kv[1])))
    if t.error_rows:
        nums = [t.row_numbers[i] for i in sorted(t.error_rows)]
        shown = "、".join(str(n) for n in nums[:50]) + ("…" if len(nums) > 50 else "")
        lines.append(f"含错误的 {len(nums)} 行已保留，出错的单元格按空值处理；生成数字前请先修正：第 {shown} 行。")
    if t.extra:
        lines.append(f"规格未描述的 {len(t.extra)} 列已原样保留：{'、'.join(list(t.extra)[:20])}"
                     + ("…" if len(t.extra) > 20 else ""))
    return "\n".join(lines)
