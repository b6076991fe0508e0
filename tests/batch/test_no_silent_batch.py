"""Issue 22, batch side: a 合计 row is not a sixth 责任书; stale documents of a changed list are reported."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.batch import read_rows
from reportgen.cli import main


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A sample-data folder with the built-in 责任书 template exported next to the lists."""
    runner = CliRunner()
    made = runner.invoke(main, ["sample-data", "--out", str(tmp_path), "--persons", "60", "--mess", "total-row"])
    assert made.exit_code == 0, made.output
    exported = runner.invoke(main, ["templates", "export", "责任书", str(tmp_path)])
    assert exported.exit_code == 0, exported.output
    return tmp_path


def _keep_first(path: Path, n: int, out: Path) -> Path:
    """The list's first ``n`` parties, the blank row and the 合计 row the generator put at the bottom."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    last = ws.max_row  # the 合计 row; above it the blank row
    assert ws.cell(last, 1).value == "合计" and ws.cell(last - 1, 2).value is None
    ws.delete_rows(2 + n, last - 2 - (2 + n) + 1)
    wb.save(out)
    return out


def _batch(folder: Path, rows: Path, out: str, *extra: str):
    args = ["batch", str(folder / "责任书.docx"), "--rows", str(rows), "--as", "书", "--data",
            str(folder / "责任书.yaml"), "--set", "年度=2024", "--name", "{{乡镇}}_{{行政村}}_责任书.docx",
            "-o", str(folder / out), "-q", *extra]
    return CliRunner().invoke(main, args)


# -- 3. totals and blank rows ------------------------------------------------------------------------------
def test_a_total_row_is_not_a_sixth_document(folder: Path) -> None:
    rows = _keep_first(folder / "责任书签订名单.xlsx", 5, folder / "五个村.xlsx")
    result = _batch(folder, rows, "out", "--merge", "合并打印.docx")
    assert result.exit_code == 0, result.output
    assert "新生成 5 份" in result.output
    assert "注意：文件 五个村.xlsx › 第8行 是合计行（「合计」），未生成文档" in result.stderr
    assert "注意：文件 五个村.xlsx › 第7行 是空行，未生成文档" in result.stderr
    docs = sorted(p.name for p in (folder / "out").glob("*_责任书.docx"))
    assert len(docs) == 5 and not any(name.startswith("_") for name in docs)  # no blank 甲方/乙方 document
    entries = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))["entries"]
    assert [e["rows"] for e in entries] == ["2", "3", "4", "5", "6"]


def test_an_unlabelled_row_that_sums_the_rows_above_is_a_total(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("乙方,监测户数,工作经费\n甲村,2,100.5\n乙村,3,200\n丙村,1,50\n,6,350.5\n", encoding="utf-8")
    notes: list[str] = []
    rows = read_rows(path, notes=notes)
    assert [r["乙方"] for r in rows] == ["甲村", "乙村", "丙村"]
    assert notes == ["文件 名单.csv › 第5行 是合计行（文字列为空且数字等于上面各行之和），未生成文档"]
    kept = read_rows(tmp_path / _write(tmp_path / "b.csv", "乙方,户数\n甲村,2\n,5\n"), notes=[])
    assert len(kept) == 2  # 5 is not the sum above: a row with a number is kept (and fails visibly)


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return path.name


# -- 8. --resume reports documents the list no longer has ---------------------------------------------------
def test_resume_reports_documents_that_no_longer_belong_to_the_list(folder: Path) -> None:
    full = _keep_first(folder / "责任书签订名单.xlsx", 6, folder / "六个村.xlsx")
    first = _batch(folder, full, "out", "--merge", "合并打印.docx")
    assert first.exit_code == 0 and "新生成 6 份" in first.output, first.output
    fewer = _keep_first(folder / "责任书签订名单.xlsx", 4, folder / "四个村.xlsx")
    again = _batch(folder, fewer, "out", "--resume", "--merge", "合并打印.docx")
    assert again.exit_code == 0, again.output
    assert "跳过（已完成）4 份" in again.output
    docs = sorted(p.name for p in (folder / "out").glob("*_责任书.docx"))
    stale = [name for name in docs if name not in {e["file"] for e in json.loads(
        (folder / "out" / "manifest.json").read_text(encoding="utf-8"))["entries"]}]
    assert len(stale) == 2
    assert f"注意：输出文件夹中有 2 个文件不属于这次的名单（名单改过？）：{'、'.join(stale)}；它们没有被删除" in again.stderr
