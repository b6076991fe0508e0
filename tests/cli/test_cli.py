"""The CLI end to end: demo, sample-data, version/help and the error path."""

from __future__ import annotations

import subprocess
import sys

import docx
import openpyxl
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


def test_demo_runs_end_to_end_and_every_output_reopens(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path), "--persons", "300"])
    assert result.exit_code == 0, result.output
    assert "完成" in result.output
    docs = sorted(tmp_path.rglob("*.docx"))
    books = sorted(tmp_path.rglob("*.xlsx"))
    names = {p.name for p in docs}
    assert {"工作总结.docx", "情况报告.docx", "印发通知.docx", "责任书_合并打印.docx", "合同书_合并打印.docx"} <= names
    assert len(list((tmp_path / "责任书").glob("*_责任书.docx"))) >= 15  # one per 村
    assert len(list((tmp_path / "报表").glob("*.xlsx"))) == 4
    for path in docs:  # every document opens and has text
        assert any(p.text.strip() for p in docx.Document(path).paragraphs), path
    for path in books:
        assert openpyxl.load_workbook(path).worksheets[0].max_row > 1, path
    summary = docx.Document(tmp_path / "文档" / "工作总结.docx")
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "{{" not in text and "{%" not in text and "青禾县" in text


def test_error_is_one_clear_message_without_traceback(tmp_path):
    result = CliRunner().invoke(main, ["sample-data", "--out", str(tmp_path), "--mess", "bogus"])
    assert result.exit_code == 1
    assert "未知的 mess 选项" in result.output and "Traceback" not in result.output


def test_top_level_cli_py_delegates(repo_root):
    out = subprocess.run([sys.executable, str(repo_root / "cli.py"), "--help"], capture_output=True, text=True,
                         cwd=repo_root, check=True)
    assert "reportgen" in out.stdout


def test_demo_with_a_relative_output_folder(tmp_path, monkeypatch):
    """Regression: PDFs of a batch written under a relative --out crashed (relative vs absolute paths)."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", "--out", "rel-out", "--persons", "200"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "rel-out" / "责任书").glob("*_责任书.docx"))
