"""Write ``templates/docx/*.docx`` from code: ``python -m reportgen.builtin.build [OUT_DIR]``.

The templates are source: this script is what reviewers read, and re-running it reproduces the files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

from reportgen.builtin import BUILTINS, TEMPLATE_DIR
from reportgen.builtin.agreements import build_contract, build_responsibility
from reportgen.builtin.gongwen import normalize
from reportgen.builtin.migrant_report import build_migrant_report
from reportgen.builtin.notice import build_notice
from reportgen.builtin.pairing import build_pairing_agreement, build_pairing_plan
from reportgen.builtin.summary import build_summary
from reportgen.io.files import atomic_writer

BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "工作总结": lambda: build_summary(report=False),
    "情况报告": lambda: build_summary(report=True),
    "印发通知": build_notice,
    "责任书": build_responsibility,
    "合同书": build_contract,
    "结对帮扶实施方案": build_pairing_plan,
    "结对帮扶协议书": build_pairing_agreement,
    "流动人口情况汇报": build_migrant_report,
}


def build_all(out_dir: str | Path = TEMPLATE_DIR) -> list[Path]:
    """Build every built-in template into ``out_dir`` (the parameters YAMLs are hand-written source)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILTINS:
        path = out / f"{name}.docx"
        doc = BUILDERS[name]()
        normalize(doc)
        with atomic_writer(path) as stream:
            doc.save(stream)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in build_all(sys.argv[1] if len(sys.argv) > 1 else TEMPLATE_DIR):
        print(p)
