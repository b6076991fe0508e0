"""Shared by the validity tests: the corpus folder and its contexts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "word_corpus"


def load_corpus_contexts():
    """tests/fixtures/word_corpus/contexts.py (a fixtures folder, not a package)."""
    spec = importlib.util.spec_from_file_location("word_corpus_contexts", CORPUS / "contexts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What the validity suite checks of a demo run: every single document and table, the sample exports, the
# first member of each batch and its merged print file (members differ only by their data; the merged
# file holds them all).
DEMO_KINDS = ["文档/工作总结.docx", "文档/情况报告.docx", "文档/印发通知.docx", "文档/流动人口情况汇报.docx",
              "报表/巩固拓展脱贫攻坚成果乡镇汇总表.xlsx", "报表/脱贫人口分年度统计表.xlsx",
              "报表/农村留守儿童监护情况统计表.xlsx", "报表/实施方案任务分工表.xlsx",
              "责任书/first", "责任书/责任书_合并打印.docx", "合同书/first", "合同书/合同书_合并打印.docx",
              "文档/结对帮扶实施方案.docx", "报表/结对帮扶情况统计表.xlsx", "结对帮扶协议书/first",
              "结对帮扶协议书/结对帮扶协议书_合并打印.docx",
              *(f"exports/{name}" for name in ("建档立卡人口.xlsx", "防返贫监测对象.xlsx", "农村留守儿童.xlsx",
                                               "流动人口.xlsx", "村级基本情况.xlsx", "实施方案任务分工.xlsx",
                                               "责任书签订名单.xlsx", "结对帮扶名单.xlsx"))]


def demo_file(out: Path, kind: str) -> Path:
    """``责任书/first`` → the first batch member by name; anything else is a path under ``out``."""
    folder, _, name = kind.partition("/")
    if name == "first":
        members = sorted(p for p in (out / folder).glob("*.docx") if "合并打印" not in p.name)
        assert members, f"the demo wrote no {folder}"
        return members[0]
    return out / kind
