"""The read progress bar: on stderr, only on a terminal, never with --quiet, one bar per large file."""

from __future__ import annotations

import io

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.cli import progress as progress_module
from reportgen.cli.progress import MIN_ROWS, ReadProgress


def test_quiet_and_piped_output_have_no_progress(sample_files, tmp_path):
    path = str(sample_files.paths["monitor"])
    plain = CliRunner().invoke(main, ["validate", path])
    quiet = CliRunner().invoke(main, ["validate", path, "--quiet"])
    assert plain.exit_code == quiet.exit_code == 0
    assert plain.output == quiet.output and "读取" not in plain.output  # stdout is not a terminal here
    out = tmp_path / "f.yaml"
    result = CliRunner().invoke(main, ["figures", path, "-o", str(out), "-q"])
    assert result.exit_code == 0 and out.exists()


def test_one_bar_per_large_file_none_for_small_ones(monkeypatch):
    stderr = io.StringIO()
    monkeypatch.setattr(progress_module.sys, "stderr", stderr)
    with ReadProgress(quiet=False) as bar:
        assert bar.callback is None  # StringIO is not a terminal
        bar.show = True
        bar.callback("小.xlsx", 10, 100)
        for done in (MIN_ROWS // 2, MIN_ROWS, MIN_ROWS):
            bar.callback("大.xlsx", done, MIN_ROWS)
    text = stderr.getvalue()
    assert "读取 大.xlsx" in text and "小.xlsx" not in text
    assert ReadProgress(quiet=True).callback is None
