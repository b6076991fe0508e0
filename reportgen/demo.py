"""``reportgen demo``: the main job end to end on the embedded sample data.

Each stage adds the documents it can make; the demo is the integration check a newcomer runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.samples import generate


@dataclass
class DemoReport:
    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_demo(out_dir: str | Path, persons: int = 3000, seed: int = 2024,
             progress: Callable[[str], None] = lambda _msg: None) -> DemoReport:
    """Write sample exports and every document reportgen can make into ``out_dir``."""
    out = Path(out_dir)
    report = DemoReport()
    progress("1/1 生成样例台账 …")
    samples = generate(out / "exports", persons=persons, seed=seed)
    report.paths += samples.all()
    return report
