"""check-layout's 字体 row (汉字不由后备字体绘出) passes on Traditional renders of the demo's documents: every
character of a line comes from the line's own face, on Linux through the aliases of reportgen.layout.fonts."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import dump_figures, figures_for_exports

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def figures_file(sample_files, tmp_path_factory):
    path = tmp_path_factory.mktemp("fig") / "figures.yaml"
    dump_figures(figures_for_exports(list(sample_files.paths.values())), path)
    return path


def _require_soffice() -> None:
    from helpers.ooxml_gate import in_ci

    if shutil.which("soffice") is None:
        message = "需要 LibreOffice（soffice）：make system-deps"
        if in_ci():
            pytest.fail(f"{message} (CI=true: a missing LibreOffice is a failure, not a skip)", pytrace=False)
        pytest.skip(message)


@pytest.mark.parametrize(("template", "script"), [("工作总结", "traditional"), ("工作总结", "hk"),
                                                  ("印发通知", "tw"), ("印发通知", "traditional")])
def test_traditional_render_draws_no_character_from_a_fallback_font(figures_file, tmp_path, template, script):
    _require_soffice()
    from reportgen.app.layout import check_layout

    out = tmp_path / f"{template}-{script}.docx"
    result = CliRunner().invoke(main, ["render", template, "--script", script, "--data", str(figures_file),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = check_layout(out, tmp_path / "pdf")
    fonts = next(c for c in report.checks if c.name == "字体")
    assert fonts.ok, report.table()
    assert "cwTeXFangSong" not in fonts.measured and "FandolFang" not in fonts.measured  # GB2312 faces
    lines = next(c for c in report.checks if c.name == "满行字数")
    assert lines.ok, report.table()  # still 28 字 a line
