"""`fill --script`: the template's own text is converted with the values (no mixed-script table); the tags
still find their data; `--values-only` leaves the template's text as written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from reportgen.cli import main

FIGURES = "县: 青禾县\n建档立卡:\n  户数: 859\n"


def _fill(tmp_path: Path, *extra: str) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "汇总"
    ws["A1"] = "{{ 县 }}建档立卡户数统计表"
    ws["A2"] = "填报单位：{{ 县 }}乡村振兴局"
    ws["B2"] = "{{ 建档立卡.户数 }}"
    ws["C2"] = "=B2*2"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    template, data, out = tmp_path / "t.xlsx", tmp_path / "f.yaml", tmp_path / "out.xlsx"
    book.save(template)
    data.write_text(FIGURES, encoding="utf-8")
    result = CliRunner().invoke(main, ["fill", str(template), "--data", str(data), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def test_script_converts_template_text_and_keeps_tags_working(tmp_path):
    ws = _fill(tmp_path, "--script", "traditional").active
    assert ws["A1"].value == "青禾縣建檔立卡戶數統計表"
    assert ws["A2"].value == "填報單位：青禾縣鄉村振興局"
    assert ws["B2"].value == 859
    assert ws["C2"].value == "=B2*2"
    assert ws.oddFooter.center.text == "第 &P 頁，共 &N 頁"
    assert ws.title == "汇总"  # formulas of other sheets refer to it by name


def test_values_only_keeps_template_text(tmp_path):
    ws = _fill(tmp_path, "--script", "traditional", "--values-only").active
    assert ws["A1"].value == "青禾縣建档立卡户数统计表"
    assert ws["A2"].value == "填报单位：青禾縣乡村振兴局"


def test_builtin_county_table_in_traditional_has_no_simplified_heading(tmp_path):
    data = tmp_path / "f.yaml"
    CliRunner().invoke(main, ["sample-data", "--out", str(tmp_path / "台账")])
    exports = sorted(str(p) for p in (tmp_path / "台账").glob("*.xlsx"))
    result = CliRunner().invoke(main, ["figures", *exports, "-o", str(data)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "tw.xlsx"
    result = CliRunner().invoke(main, ["fill", "乡镇汇总", "--data", str(data), "-o", str(out), "--script", "traditional"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    texts = [c.value for row in ws.iter_rows(max_row=4) for c in row if isinstance(c.value, str)]
    assert any("彙總表" in t for t in texts)
    assert not any(ch in t for t in texts for ch in "汇总乡镇户数脱贫")
