"""``reportgen demo``: the main job end to end on the embedded sample data.

sample registries → figures (data specs + measures) → county tables (.xlsx) → documents (.docx) → a batch
of 责任书 with one merged print file → PDFs when LibreOffice is installed. Each stage is called through its
public entry point, so the demo is also the integration check a newcomer runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.builtin import BUILTINS
from reportgen.builtin.render import deep_merge, load_params, render_builtin
from reportgen.context import dump_figures, figures_for_exports
from reportgen.output.pdf import PdfConverter, find_soffice
from reportgen.samples import generate
from reportgen.xlsx.builtin import render_builtin_tables

# Built-in documents rendered once from the whole figures context (per-party ones go through batch).
SINGLE_DOCUMENTS = ("工作总结", "情况报告", "印发通知")


@dataclass
class DemoReport:
    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_demo(out_dir: str | Path, persons: int = 3000, seed: int = 2024,
             progress: Callable[[str], None] = lambda _msg: None) -> DemoReport:
    """Write sample exports and every document reportgen can make into ``out_dir``."""
    out = Path(out_dir)
    report = DemoReport()
    progress("生成样例台账 …")
    samples = generate(out / "exports", persons=persons, seed=seed)
    report.paths += samples.all()

    progress("读取台账、校验并计算指标 …")
    figures = figures_for_exports(list(samples.paths.values()))
    figures_path = out / "figures.yaml"
    dump_figures(figures, figures_path)
    report.paths.append(figures_path)

    progress("填写县级统计报表（.xlsx）…")
    report.paths += render_builtin_tables(figures, out / "报表")

    progress("生成公文（工作总结、情况报告、印发通知 + 实施方案）…")
    documents = []
    for name in SINGLE_DOCUMENTS:
        context = deep_merge(figures, load_params(BUILTINS[name]))
        documents.append(render_builtin(name, context, out / "文档" / f"{name}.docx"))
    report.paths += documents

    if find_soffice() is None:
        report.notes.append("未安装 LibreOffice，跳过 PDF 输出（安装：make system-deps 或 "
                            "sudo apt-get install libreoffice-writer-nogui）")
    else:
        progress("转换 PDF（LibreOffice）…")
        with PdfConverter() as converter:
            report.paths += list(converter.convert(documents, out / "文档" / "pdf").values())
    return report
