"""The CLI end to end: demo, sample-data, version/help and the error path."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from reportgen import __version__
from reportgen.cli import main


def test_version_and_help():
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "demo" in result.output and "sample-data" in result.output


def test_sample_data_command_writes_files(tmp_path):
    result = CliRunner().invoke(main, ["sample-data", "--out", str(tmp_path), "--persons", "200", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "建档立卡人口.xlsx").stat().st_size > 0
    assert "已生成" in result.output


def test_error_is_one_clear_message_without_traceback(tmp_path):
    result = CliRunner().invoke(main, ["sample-data", "--out", str(tmp_path), "--mess", "bogus"])
    assert result.exit_code == 1
    assert "未知的 mess 选项" in result.output and "Traceback" not in result.output


def test_top_level_cli_py_delegates(repo_root):
    out = subprocess.run([sys.executable, str(repo_root / "cli.py"), "--help"], capture_output=True, text=True,
                         cwd=repo_root, check=True)
    assert "reportgen" in out.stdout
