"""The other files reportgen writes: the built-in templates themselves, ``reportgen fill`` and ``render``
output, and ``reportgen sample-data`` exports with every kind of mess and the 170-column width
(the clean exports are those of the demo)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.ooxml_gate import assert_word_valid, prefetch
from validity_cases import CORPUS

from reportgen.cli import main

pytestmark = pytest.mark.validator
REPO = Path(__file__).resolve().parents[2]
BUILTIN_TEMPLATES = sorted(p.relative_to(REPO).as_posix() for p in [*(REPO / "templates" / "docx").glob("*.docx"),
                                                                     *(REPO / "templates" / "xlsx").glob("*.xlsx")])



def _invoke(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_builtin_template_file_is_valid(validator, template):
    assert_word_valid(REPO / template)


@pytest.fixture(scope="module")
def sample_exports(tmp_path_factory: pytest.TempPathFactory, validator: Path) -> list[Path]:
    out = tmp_path_factory.mktemp("exports")
    _invoke("sample-data", "--out", str(out), "--persons", "200", "--mess", "all", "--wide")
    paths = sorted(out.rglob("*.xlsx"))
    prefetch(paths)
    return paths


def test_sample_data_exports_are_valid(sample_exports):
    assert len(sample_exports) >= 7
    for path in sample_exports:
        assert_word_valid(path)


def test_fill_output_is_valid(demo_out, tmp_path):
    out = tmp_path / "汇总.xlsx"
    _invoke("fill", str(REPO / "templates" / "xlsx" / "乡镇汇总.xlsx"), "--data", str(demo_out / "figures.yaml"),
            "-o", str(out))
    assert_word_valid(out, baseline=REPO / "templates" / "xlsx" / "乡镇汇总.xlsx")
    assert_word_valid(out)


def test_render_command_output_is_valid(validator, tmp_path):
    data = tmp_path / "数据.yaml"
    data.write_text("县: 青禾县\n户主: 张伟\n日期: 2024-03-01\n措施: 产业帮扶\n标题: 报告\n乡镇: []\n", encoding="utf-8")
    out = tmp_path / "fields.docx"
    _invoke("render", str(CORPUS / "fields.docx"), "--data", str(data), "-o", str(out))
    assert_word_valid(out, baseline=CORPUS / "fields.docx")
