"""A misspelt name in a Word or Excel template gets "是不是「…」？" with the name that exists (both engines)."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.cli import main

FIGURES = "县: 青禾县\n建档立卡:\n  户数: 859\n  人数: 3012\n"


def _run(tmp_path: Path, template: Path, *extra: str) -> tuple[int, str]:
    data = tmp_path / "figures.yaml"
    data.write_text(FIGURES, encoding="utf-8")
    command = "render" if template.suffix == ".docx" else "fill"
    out = tmp_path / f"out{template.suffix}"
    result = CliRunner().invoke(main, [command, str(template), "--data", str(data), "-o", str(out), *extra])
    return result.exit_code, result.output


def _docx(tmp_path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    path = tmp_path / "t.docx"
    document.save(path)
    return path


def _xlsx(tmp_path: Path, text: str, title: str = "表") -> Path:
    book = openpyxl.Workbook()
    book.active["A1"] = text
    book.active.title = title
    path = tmp_path / "t.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("make", [_docx, _xlsx])
@pytest.mark.parametrize(("tag", "message"), [
    ("{{ 建档立卡.人口数 }}", "数据中没有「人口数」这一项；是不是「人数」？"),
    ("共{{ 建档立卡.户树 }}户", "数据中没有「户树」这一项；是不是「户数」？"),
    ("{{ 建挡立卡.户数 }}", "数据中没有「建挡立卡」（变量未定义）；是不是「建档立卡」？"),
    ("共{{ 县名 }}", "数据中没有「县名」（变量未定义）；是不是「县」？"),
])
def test_misspelt_name_is_located_with_the_closest_existing_name(tmp_path, make, tag, message):
    code, output = _run(tmp_path, make(tmp_path, tag))
    assert code == 1
    assert message in output
    assert "标签 " in output and "{{" in output.split("标签 ", 1)[1]
    assert not (tmp_path / f"out{'.docx' if make is _docx else '.xlsx'}").exists()


@pytest.mark.parametrize("make", [_docx, _xlsx])
def test_no_guess_when_nothing_is_close(tmp_path, make):
    code, output = _run(tmp_path, make(tmp_path, "{{ 建档立卡.监测对象 }}"))
    assert code == 1
    assert "数据中没有「监测对象」这一项" in output
    assert "是不是" not in output


def test_sheet_name_tag_gets_the_guess(tmp_path):
    code, output = _run(tmp_path, _xlsx(tmp_path, "x", title="{{ 县名 }}"))
    assert code == 1
    assert "工作表名称" in output and "是不是「县」？" in output


def test_lenient_still_renders_empty(tmp_path):
    code, _ = _run(tmp_path, _docx(tmp_path, "{{ 建挡立卡.户数 }}"), "--lenient")
    assert code == 0
