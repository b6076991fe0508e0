"""The audit workbook (figures --audit) and reportgen explain, through the CLI on real sample exports.

LibreOffice recalculates every formula of the 指标 sheet (cached results removed first, so it has to)
and must get exactly the figures; data cells stay text even when they look like formulas."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.samples import generate


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    files = generate(tmp_path_factory.mktemp("audit"), persons=300, seed=5)
    book = openpyxl.load_workbook(files.paths["poverty"])
    sheet = book.worksheets[0]
    name = [c.value for c in sheet[1]].index("姓名") + 1
    for row, text in ((2, '=HYPERLINK("http://x","点我")'), (3, "@SUM(1+1)")):  # hostile text stays text
        cell = sheet.cell(row, name)
        cell.value = text
        cell.data_type = "s"  # text in the export, as a registry system would write it
    book.save(files.paths["poverty"])
    return files


@pytest.fixture(scope="module")
def audited(exports, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    runs = {}
    for label, extra in (("plain", []), ("public", ["--public"])):
        args = ["figures", *map(str, exports.paths.values()), "-o", str(out / f"{label}.yaml"),
                "--audit", str(out / f"{label}.xlsx"), *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "已写出核对底稿" in result.output
        runs[label] = (out / f"{label}.yaml", out / f"{label}.xlsx")
    return runs


def _summary(path):
    return openpyxl.load_workbook(path)["指标"]


def test_summary_lists_every_figure_with_definition_source_and_link(audited):
    figures_file, book_file = audited["plain"]
    sheet = _summary(book_file)
    head = [c.value for c in sheet[1]]
    assert head[:5] == ["指标（模板中的写法）", "数值", "Excel 复算", "核对", "行数"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert len(rows) > 500
    figures = yaml.safe_load(figures_file.read_text(encoding="utf-8"))
    town = figures["建档立卡"]["乡镇"][0]
    row = rows[f"建档立卡.乡镇[{town['名称']}].已脱贫人数"]
    assert row[1].value == town["已脱贫人数"]
    assert row[2].value.startswith("=SUMPRODUCT(") and "MATCH(" in row[2].value
    assert row[5].value == f"「建档立卡」台账中乡(镇)为「{town['名称']}」、脱贫属性为「已脱贫」的行，按「证件号码」去重计人数（同一人只计一次）"
    assert row[7].value.startswith("建档立卡人口.xlsx › ")
    link = row[8].hyperlink
    target = link.location or link.target
    sheet_name, first = re.match(r"'(.+)'!A(\d+)", target).groups()
    detail = openpyxl.load_workbook(book_file)[sheet_name]
    last = int(re.search(r"–(\d+)行", row[8].value).group(1))
    numbers = [detail.cell(n, 1).value for n in range(int(first), last + 1)]
    assert len(numbers) == row[4].value
    poverty = openpyxl.load_workbook(audited_exports_path(figures_file)).worksheets[0]
    header = [c.value for c in poverty[1]]
    for n in numbers[:20]:  # the Excel row numbers point at rows of the export that fit the definition
        assert poverty.cell(n, header.index("乡(镇)") + 1).value == town["名称"]
        assert poverty.cell(n, header.index("脱贫属性") + 1).value == "已脱贫"


def audited_exports_path(figures_file):
    line = next(x for x in figures_file.read_text(encoding="utf-8").splitlines() if "建档立卡人口" in x)
    return line.split("：", 1)[1]


def test_data_never_becomes_a_formula(audited):
    _, book_file = audited["plain"]
    with zipfile.ZipFile(book_file) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        formulas = {n: z.read(n).decode().count("<f>") for n in sheets}
        shared = z.read("xl/sharedStrings.xml").decode()
    assert formulas["xl/worksheets/sheet1.xml"] > 500  # the 指标 sheet
    assert all(count == 0 for name, count in formulas.items() if name != "xl/worksheets/sheet1.xml")
    assert "=HYPERLINK(&quot;http://x&quot;" in shared or '=HYPERLINK("http://x"' in shared
    assert "@SUM(1+1)" in shared


def test_public_masks_ids_and_counts_with_a_stand_in_key(audited):
    _, book_file = audited["public"]
    book = openpyxl.load_workbook(book_file)
    detail = book["明细-建档立卡"]
    head = [c.value for c in detail[2]]
    ids = head.index("证件号码")
    assert "去重编号（代替已隐去的证件号码）" in head
    value = detail.cell(3, ids + 1).value
    assert "****" in value
    row = next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "建档立卡.人数")
    column = openpyxl.utils.get_column_letter(head.index("去重编号（代替已隐去的证件号码）") + 1)
    assert f"${column}$" in row[2].value


def _without_cached_results(src, dst):
    """The workbook with every formula's cached value removed, so LibreOffice must compute it."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<c [^>]*?)(?: t="\w+")?>(<f>.*?</f>)<v>.*?</v>', rb"\1>\2", data)
            out.writestr(item, data)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装，无法重算公式")
def test_libreoffice_recalculates_every_figure(audited, tmp_path):
    inputs = []
    for label, (_, book_file) in audited.items():
        stripped = tmp_path / f"{label}.xlsx"
        _without_cached_results(book_file, stripped)
        inputs.append(stripped)
    assert "<v>" not in zipfile.ZipFile(inputs[0]).read("xl/worksheets/sheet1.xml").decode().split("<f>")[1]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "calc"), *map(str, inputs)],
                   check=True, capture_output=True, timeout=300)
    for label in audited:
        sheet = openpyxl.load_workbook(tmp_path / "calc" / f"{label}.xlsx", data_only=True)["指标"]
        checked = 0
        for path, value, recalculated, verdict in sheet.iter_rows(min_row=2, max_col=4, values_only=True):
            if isinstance(value, float):
                assert recalculated == pytest.approx(value, abs=1e-9), (label, path)
            else:
                assert (recalculated if recalculated not in ("", None) else None) == value, (label, path)
            assert verdict == "一致", (label, path)
            checked += 1
        assert checked > 500


def test_explain_from_the_figures_file(audited):
    figures_file, _ = audited["plain"]
    figures = yaml.safe_load(figures_file.read_text(encoding="utf-8"))
    town = figures["建档立卡"]["乡镇"][0]["名称"]
    path = f"建档立卡.乡镇[{town}].已脱贫户数"
    result = CliRunner().invoke(main, ["explain", str(figures_file), path])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{path} = {figures['建档立卡']['乡镇'][0]['已脱贫户数']}"
    assert lines[1].startswith("定义：「建档立卡」台账中乡(镇)为")
    assert any(line.startswith("来源：建档立卡人口.xlsx › ") for line in lines)
    first = next(line for line in lines if line.startswith("  第"))
    number = int(re.match(r"  第(\d+)行", first).group(1))
    counted = CliRunner().invoke(main, ["explain", str(figures_file), path, "--row", str(number)])
    assert f"第{number}行：计入" in counted.output


def test_explain_says_why_a_row_is_not_counted(exports):
    poverty = openpyxl.load_workbook(exports.paths["poverty"]).worksheets[0]
    header = [c.value for c in poverty[1]]
    town_col, status_col = header.index("乡(镇)") + 1, header.index("脱贫属性") + 1
    towns = [poverty.cell(n, town_col).value for n in range(2, poverty.max_row + 1)]
    other = next(n for n in range(2, poverty.max_row + 1) if towns[n - 2] != towns[0])
    done = next(n for n in range(2, poverty.max_row + 1) if poverty.cell(n, status_col).value == "已脱贫")
    sources = [str(exports.paths["poverty"]), str(exports.paths["roster"])]
    out = CliRunner().invoke(main, ["explain", *sources, f"建档立卡.乡镇[{towns[0]}].人数", "--row", str(other)])
    assert f"第{other}行：不计入：乡(镇)是「{towns[other - 2]}」，不是「{towns[0]}」" in out.output
    out = CliRunner().invoke(main, ["explain", *sources, "建档立卡.贫困发生率", "--row", str(done)])
    assert f"第{done}行：不计入：脱贫属性是「已脱贫」，不是「未脱贫」" in out.output
    out = CliRunner().invoke(main, ["explain", *sources, "建档立卡.人数", "--row", "99999"])
    assert "第99999行：不是「建档立卡」台账的数据行" in out.output


def test_explain_unknown_figure_is_a_located_user_error(exports):
    result = CliRunner().invoke(main, ["explain", str(exports.paths["poverty"]), "建档立卡.不存在"])
    assert result.exit_code == 1
    assert "「建档立卡.不存在」不是一个数字" in result.output
