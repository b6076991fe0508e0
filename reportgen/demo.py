"""``reportgen demo``: the main job end to end on the embedded sample data.

sample registries → figures (data specs + measures) → county tables (.xlsx) → documents (.docx) → a batch
of 责任书 with one merged print file → PDFs when LibreOffice is installed. Each stage is called through its
public entry point, so the demo is also the integration check a newcomer runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.context import dump_figures, figures_for_exports
from reportgen.samples import generate
from reportgen.xlsx.builtin import render_builtin_tables


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
    return report
