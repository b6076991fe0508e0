"""``reportgen demo`` (reportgen.app.demo): the whole job on sample data, every output reopens."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from reportgen.app.demo import demo_outputs
from reportgen.batch import read_rows
from reportgen.cli import main


def test_demo_runs_end_to_end_and_every_output_reopens(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path), "--persons", "300"])
    assert result.exit_code == 0, result.output
    assert "完成" in result.output
    docs = sorted(tmp_path.rglob("*.docx"))
    books = sorted(tmp_path.rglob("*.xlsx"))
    names = {p.name for p in docs}
    assert {"工作总结.docx", "情况报告.docx", "印发通知.docx", "责任书_合并打印.docx", "合同书_合并打印.docx"} <= names
    assert len(list((tmp_path / "责任书").glob("*_责任书.docx"))) >= 15  # one per 村
    assert len(list((tmp_path / "报表").glob("*.xlsx"))) == 5
    assert {"结对帮扶实施方案.docx", "结对帮扶实施方案（核对稿）.docx", "结对帮扶协议书_合并打印.docx"} <= names
    pairs = read_rows(tmp_path / "exports" / "结对帮扶名单.xlsx")
    assert len(list((tmp_path / "结对帮扶协议书").glob("*_协议书.docx"))) == len(pairs)  # one per pair
    assert {"工作总结（核对稿）.docx", "情况报告（核对稿）.docx", "印发通知（核对稿）.docx"} <= names
    audit = openpyxl.load_workbook(tmp_path / "核对底稿.xlsx")
    assert audit.sheetnames[0] == "指标" and "明细-建档立卡" in audit.sheetnames
    for path in docs:  # every document opens and has text
        assert any(p.text.strip() for p in docx.Document(path).paragraphs), path
    for path in books:
        assert openpyxl.load_workbook(path).worksheets[0].max_row > 1, path
    summary = docx.Document(tmp_path / "文档" / "工作总结.docx")
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "{{" not in text and "{%" not in text and "青禾县" in text


def test_demo_with_a_relative_output_folder(tmp_path, monkeypatch):
    """Regression: PDFs of a batch written under a relative --out crashed (relative vs absolute paths)."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", "--out", "rel-out", "--persons", "200"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "rel-out" / "责任书").glob("*_责任书.docx"))


def test_demo_outputs_with_the_builtin_template(sample_files, tmp_path: Path, repo_root: Path) -> None:
    template = repo_root / "templates" / "docx" / "责任书.docx"
    if not template.is_file():
        pytest.skip("built-in 责任书 template not present")
    result = demo_outputs(sample_files.paths["parties"].parent, template, tmp_path / "责任书", pdf=False, jobs=2)
    rows = read_rows(sample_files.paths["parties"])
    assert result.ok, result.failed[:1]
    assert len(result.outputs) == len(rows)
    assert result.merged and len(Document(result.merged).sections) >= len(rows)
    text = "\n".join(p.text for p in Document(result.outputs[0]).paragraphs)
    assert rows[0]["乙方"] in text
