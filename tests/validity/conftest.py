"""Fixtures of the validity suite: the validator (skip, or fail under CI=true) and one demo run per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.ooxml_gate import prefetch, require_validator

from reportgen.cli import main


@pytest.fixture(scope="session")
def validator() -> Path:
    return require_validator()


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory, validator: Path) -> Path:
    """``reportgen demo --out`` once (no PDFs: REPORTGEN_SOFFICE points nowhere), every output prefetched."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "--persons", "400"],
                                env={"REPORTGEN_SOFFICE": str(out / "no-soffice")})
    assert result.exit_code == 0, result.output
    prefetch(demo_file(out, kind) for kind in DEMO_KINDS)
    return out


# What the validity suite checks of a demo run: every single document and table, the sample exports, the
# first and last member of each batch and its merged print file (members differ only by their data).
DEMO_KINDS = ["文档/工作总结.docx", "文档/情况报告.docx", "文档/印发通知.docx",
              "报表/巩固拓展脱贫攻坚成果乡镇汇总表.xlsx", "报表/脱贫人口分年度统计表.xlsx",
              "报表/农村留守儿童监护情况统计表.xlsx", "报表/实施方案任务分工表.xlsx",
              "责任书/first", "责任书/last", "责任书/责任书_合并打印.docx",
              "合同书/first", "合同书/last", "合同书/合同书_合并打印.docx",
              *(f"exports/{name}" for name in ("建档立卡人口.xlsx", "防返贫监测对象.xlsx", "农村留守儿童.xlsx",
                                               "流动人口.xlsx", "村级基本情况.xlsx", "实施方案任务分工.xlsx",
                                               "责任书签订名单.xlsx"))]


def demo_file(out: Path, kind: str) -> Path:
    """``责任书/first`` → the first batch member by name; anything else is a path under ``out``."""
    folder, _, name = kind.partition("/")
    if name in ("first", "last"):
        members = sorted(p for p in (out / folder).glob("*.docx") if "合并打印" not in p.name)
        assert members, f"the demo wrote no {folder}"
        return members[0] if name == "first" else members[-1]
    return out / kind
