"""Issue 22, templates: None is never printed as "None"; check catches block tags that leave empty rows,
and the missing end-tag hint, when followed, gives a template that passes."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import yaml
from click.testing import CliRunner

from reportgen.cli import main


def _invoke(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def _doc(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(path)
    return path


# -- 4. None never reaches a document ---------------------------------------------------------------------
def test_none_is_an_error_in_strict_mode_and_empty_with_a_warning_in_lenient(tmp_path: Path) -> None:
    template = _doc(tmp_path / "总结.docx", ["{{ 县 }}{{ 年度 }}年工作总结"])
    data = tmp_path / "data.yaml"
    data.write_text(yaml.safe_dump({"县": "青禾县", "年度": None}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.docx"
    strict = _invoke("render", template, "--data", data, "-o", out)
    assert strict.exit_code == 1, strict.output
    assert ("错误：文件 " in strict.output and "› 部件 word/document.xml › 第1段 › 标签 {{ 年度 }}: "
            "要填入的值是空值（None），文档中会印出“None”") in strict.output
    assert "{{ 名称 or '' }}" in strict.output
    assert not out.exists()  # used to print 青禾县None年工作总结
    lenient = _invoke("render", template, "--data", data, "-o", out, "--lenient")
    assert lenient.exit_code == 0, lenient.output
    assert "注意：要填入的值是空值（None），已留空" in lenient.stderr
    assert [p.text for p in docx.Document(str(out)).paragraphs] == ["青禾县年工作总结"]


def test_none_in_an_excel_text_cell_is_located(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["B2"] = "{{ 县 }}{{ 年度 }}年报表"
    wb.active["B3"] = "{{ 年度 }}"  # a typed cell: None is an empty cell, never the text "None"
    wb.save(tmp_path / "表.xlsx")
    data = tmp_path / "data.json"
    data.write_text('{"县": "青禾县", "年度": null}', encoding="utf-8")
    out = tmp_path / "out.xlsx"
    strict = _invoke("fill", tmp_path / "表.xlsx", "--data", data, "-o", out)
    assert strict.exit_code == 1, strict.output
    assert "› 单元格B2 › 标签 {{ 县 }}{{ 年度 }}年报表: 要填入的值是空值（None）" in strict.output
    assert not out.exists()
    lenient = _invoke("fill", tmp_path / "表.xlsx", "--data", data, "-o", out, "--lenient")
    assert lenient.exit_code == 0, lenient.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet["B2"].value == "青禾县年报表" and sheet["B3"].value is None


# -- 7. block tags without tr alone in a table row; where the missing end tag goes -----------------------
def test_check_warns_about_a_for_loop_row_without_tr_and_the_fix_renders_right(tmp_path: Path) -> None:
    rows = [["{% for x in 列表 %}", ""], ["{{ x.名称 }}", "{{ x.数 }}"], ["{% endfor %}", ""]]
    bad = _doc(tmp_path / "bad.docx", ["名单"], rows)
    checked = _invoke("check", bad)
    assert checked.exit_code == 1
    assert ("› 表格1 › 第1行 › 单元格1 › 标签 {% for x in 列表 %}: {% for x in 列表 %} 单独占了一个表格行却没有写 tr，"
            "生成的表格会多出空行（循环时每项后面一行）") in checked.output
    assert "提示：改为 {%tr for x in 列表 %}，整行随块重复或删除" in checked.output
    assert "提示：改为 {%tr endfor %}" in checked.output
    fixed = _doc(tmp_path / "fixed.docx", ["名单"], [["{%tr for x in 列表 %}", ""], rows[1], ["{%tr endfor %}", ""]])
    assert _invoke("check", fixed).exit_code == 0
    data = tmp_path / "d.yaml"
    data.write_text(yaml.safe_dump({"列表": [{"名称": "甲", "数": 1}, {"名称": "乙", "数": 2}]}, allow_unicode=True),
                    encoding="utf-8")
    assert _invoke("render", fixed, "--data", data, "-o", tmp_path / "o.docx").exit_code == 0
    table = docx.Document(str(tmp_path / "o.docx")).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [["甲", "1"], ["乙", "2"]]


def test_missing_endfor_hint_followed_literally_passes_check(tmp_path: Path) -> None:
    broken = _doc(tmp_path / "broken.docx", ["开始", "{%p for x in 列表 %}", "{{ x }}", "结束"])
    checked = _invoke("check", broken)
    assert checked.exit_code == 1
    assert ("提示：在要重复的最后一个段落之后另起一段（开始标签在第2段），该段只写 {%p endfor %}；"
            "不要写在表格里或其他段落的文字中") in checked.output
    fixed = _doc(tmp_path / "fixed.docx", ["开始", "{%p for x in 列表 %}", "{{ x }}", "{%p endfor %}", "结束"])
    result = _invoke("check", fixed)
    assert result.exit_code == 0 and "不在同一层级" not in result.output, result.output
    inline = _invoke("check", _doc(tmp_path / "inline.docx", ["{% for x in 列表 %}{{ x }}、", "结束"]))
    assert "提示：在第1段里、{% for x in 列表 %} 之后的文字中写 {% endfor %}（同一段落内）" in inline.output
    fixed_inline = _doc(tmp_path / "fixed_inline.docx", ["{% for x in 列表 %}{{ x }}、{% endfor %}", "结束"])
    assert _invoke("check", fixed_inline).exit_code == 0
    in_row = _invoke("check", _doc(tmp_path / "row.docx", [], [["{%tr for x in 列表 %}"], ["{{ x }}"]]))
    assert "提示：在表格1中要重复的最后一行之后另起一行（开始标签在第1行），该行只写 {%tr endfor %}" in in_row.output
    fixed_row = _doc(tmp_path / "fixed_row.docx", [], [["{%tr for x in 列表 %}"], ["{{ x }}"], ["{%tr endfor %}"]])
    assert _invoke("check", fixed_row).exit_code == 0
