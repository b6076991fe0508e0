"""Data never becomes a formula in a CSV or workbook reportgen writes, and data-derived names stay inside
the output folder — both through the CLI, with registry values a hostile (or careless) clerk could type."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.hostile_files import docx_template, write, xlsx_template

from reportgen.cli import main
from reportgen.io.tabular import FORMULA_STARTS, csv_bytes, neutralize

FORMULAS = ["=1+1", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", '=HYPERLINK("http://evil","点我")',
            "=cmd|' /C calc'!A0"]


def _run(*argv: str):
    result = CliRunner().invoke(main, list(argv))
    assert "内部错误" not in result.output and "Traceback" not in result.output, result.output
    return result


def _rows_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    return write(path, buffer.getvalue().encode("utf-8-sig"))


def _formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_manifest_csv_never_holds_a_live_formula(tmp_path):
    """数据键 (from --per) and 输出文件 (from --name) come from the data; each is prefixed with ' (OWASP)."""
    rows = _rows_csv(tmp_path / "名单.csv", ["户号", "名称"], [[v, v] for v in FORMULAS])
    template = write(tmp_path / "t.docx", docx_template("{{ 名称 }}"))
    out = tmp_path / "out"
    result = _run("batch", str(template), "--rows", str(rows), "--per", "户号", "--name", "{{ 名称 }}.docx",
                  "-o", str(out), "-q", "--jobs", "1")
    assert result.exit_code == 0, result.output
    text = (out / "manifest.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert _formula_cells(table) == []
    keys = [row[0] for row in table[1:]]
    assert keys == [neutralize(f"户号={v}") for v in FORMULAS]  # "户号=…" is safe as it is
    files = [row[2] for row in table[1:]]
    assert any(f.startswith("'") for f in files)  # a file name that began with = + - @ is quoted
    assert all(f.lstrip("'") in {p.name for p in out.iterdir()} for f in files)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # the JSON keeps the truth
    assert {e["file"] for e in manifest["entries"]} == {f.lstrip("'") for f in files}


def test_neutralize_follows_owasp():
    assert [neutralize(v)[0] for v in FORMULAS] == ["'"] * len(FORMULAS)
    assert neutralize("张三") == "张三" and neutralize(-5) == -5 and neutralize(None) is None
    assert csv_bytes([["=1+1", 3]], "utf-8") == b"'=1+1,3\r\n"


def _cell_kinds(path: Path) -> list[tuple[str, str, object]]:
    wb = openpyxl.load_workbook(path)
    return [(c.coordinate, c.data_type, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None]


def test_excel_cells_filled_from_data_are_text_not_formulas(tmp_path):
    template = write(tmp_path / "模板.xlsx", xlsx_template({
        "A1": "{{ 单个 }}", "A2": "前缀{{ 单个 }}", "B1": "=1+1",
        "A4": "{%tr for v in 列表 %}", "A5": "{{ v }}", "A6": "{%tr endfor %}"}))
    data = write(tmp_path / "d.json", json.dumps({"单个": FORMULAS[0], "列表": FORMULAS}, ensure_ascii=False))
    out = tmp_path / "out.xlsx"
    result = _run("fill", str(template), "--data", str(data), "-o", str(out))
    assert result.exit_code == 0, result.output
    kinds = _cell_kinds(out)
    formulas = [(ref, value) for ref, kind, value in kinds if kind == "f"]
    assert formulas == [("B1", "=1+1")]  # only the template's own formula
    texts = {value for _, kind, value in kinds if kind == "s"}
    assert {"=1+1", "前缀=1+1", '=HYPERLINK("http://evil","点我")'} <= texts
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<f>") == 1


def test_sample_data_writes_text_cells_and_safe_csv(tmp_path):
    out = tmp_path / "s"
    assert _run("sample-data", "--out", str(out), "--persons", "30", "--mess", "gbk-csv").exit_code == 0
    for path in out.glob("*.xlsx"):
        assert all(kind != "f" for _, kind, _ in _cell_kinds(path)), path
    for path in out.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("gb18030"), newline="")))
        assert _formula_cells(rows) == []


HOSTILE_NAMES = ["/etc/passwd", "../../逃出", "..\\..\\逃出", "C:\\Windows\\x", "CON", "nul.txt", "COM1",
                 "尾点...", "尾空格   ", "a\x00b", "\x1b[31m红", ".", "..", "", "~/x", "//server/share/x"]


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def test_data_derived_names_stay_inside_the_output_folder(tmp_path):
    rows = _rows_csv(tmp_path / "名单.csv", ["序号", "名称"], [[str(i), f"村{i}"] for i in range(len(HOSTILE_NAMES))])
    shared = write(tmp_path / "共用.json", json.dumps({"后缀": HOSTILE_NAMES}, ensure_ascii=False))
    template = write(tmp_path / "t.docx", docx_template("{{ 名称 }}"))
    out = tmp_path / "work" / "out"
    before = _tree(tmp_path)
    result = _run("batch", str(template), "--rows", str(rows), "--data", str(shared),
                  "--name", "{{ 后缀[loop_index - 1] }}", "--merge", "../../../合并.docx",
                  "-o", str(out), "-q", "--jobs", "1")
    assert result.exit_code == 0, result.output
    created = _tree(tmp_path) - before
    assert created and all(p.parts[:2] == ("work", "out") or p == Path("work") for p in created), created
    names = sorted(p.name for p in out.iterdir())
    assert "合并.docx" in names and len([n for n in names if n.endswith(".docx")]) == len(HOSTILE_NAMES) + 1
    for name in names:
        stem = name.rsplit(".", 1)[0].upper()
        assert "\x00" not in name and "\\" not in name and not name.endswith((" ", "."))
        assert stem not in {"CON", "NUL", "COM1", "", ".", ".."}


@pytest.mark.parametrize("merge", ["/tmp/合并.docx", "..\\..\\合并.docx", "C:\\合并", "子目录/../../合并.docx"])
def test_merge_name_stays_inside(tmp_path, merge):
    rows = _rows_csv(tmp_path / "名单.csv", ["名称"], [["甲"], ["乙"]])
    template = write(tmp_path / "t.docx", docx_template("{{ 名称 }}"))
    out = tmp_path / "out"
    result = _run("batch", str(template), "--rows", str(rows), "--merge", merge, "-o", str(out), "-q", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"名单.csv", "t.docx", "out"}
    assert any(p.name.endswith("合并.docx") for p in out.iterdir())
