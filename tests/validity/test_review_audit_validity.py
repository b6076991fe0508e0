"""The review copy (comments part, ranges, references, highlight) and the audit workbook (formulas,
internal links, many sheets) pass the Open XML SDK and the gate's own checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.ooxml_gate import assert_word_valid, prefetch

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.app.figures import figure_set
from reportgen.app.review import review_path
from reportgen.builtin import BUILTINS
from reportgen.cli import main
from reportgen.samples import generate

pytestmark = pytest.mark.validator


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, validator: Path) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("review-audit")
    now = generate(base / "2024", persons=200, seed=31, year=2024)
    before = generate(base / "2023", persons=190, seed=32, year=2023)
    fs = figure_set(list(now.paths.values()), previous=list(before.paths.values()))
    files = {}
    for name in ("工作总结", "情况报告", "结对帮扶实施方案", "流动人口情况汇报"):
        context = deep_merge(fs.figures, load_params(BUILTINS[name]))
        files[name] = review_path(render_builtin(name, context, base / f"{name}.docx", review=fs))
    audit = base / "核对底稿.xlsx"
    result = CliRunner().invoke(main, ["figures", *map(str, now.paths.values()), "-o", str(base / "f.yaml"),
                                       "--audit", str(audit)])
    assert result.exit_code == 0, result.output
    files["核对底稿"] = audit
    prefetch(files.values())
    return files


@pytest.mark.parametrize("name", ["工作总结", "情况报告", "结对帮扶实施方案", "流动人口情况汇报", "核对底稿"])
def test_review_copy_and_audit_workbook_are_valid(outputs, name):
    assert_word_valid(outputs[name])
