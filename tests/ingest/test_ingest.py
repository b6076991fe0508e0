"""Ingest: every messy case of the sample generator is reported with its exact place and message."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from reportgen.errors import ReportgenError
from reportgen.ingest import ERROR, INFO, WARNING, load_table, read_sheet, validate
from reportgen.specs import builtin_specs, find_spec

EXPECTED = {  # defect kind → (level, message as reported for the defect's value)
    "bad-check-digit": (ERROR, "证件号码校验位错误（应为 5）：{value}"),
    "enum-variant": (INFO, None),
    "unknown-enum": (WARNING, "「{value}」不是可选值"),
    "out-of-range": (ERROR, "「{value}」超出范围（2014–2020）"),
}
VARIANTS = {"缺劳动力": "缺劳力", "其它": "其他"}


def spec(name):
    return find_spec(name, builtin_specs())


def issue_at(table, row, column):
    found = [i for i in table.issues if i.location.row == row and i.location.column == column]
    assert len(found) == 1, f"expected one issue at row {row} column {column}, got {found}"
    return found[0]


def expected_message(d):
    level, template = EXPECTED[d["kind"]]
    if template is None:
        return level, f"已将「{d['value']}」规范为「{VARIANTS[d['value']]}」"
    return level, template.format(value=d["value"])


def test_every_defect_in_the_xlsx_is_reported_where_it_is(bad_files, defects):
    table = load_table(bad_files.paths["poverty"])
    assert table.spec.name == "建档立卡"
    assert len(defects) == 5
    for d in defects:
        issue = issue_at(table, d["row"], d["column"])
        level, message = expected_message(d)
        assert (issue.level, issue.message) == (level, message)
        assert issue.location.file == d["file"] and issue.location.sheet == d["sheet"]
    assert str(issue_at(table, defects[0]["row"], defects[0]["column"]).location) == (
        f"文件 建档立卡人口.xlsx › 工作表 已脱贫人口名单 › 第{defects[0]['row']}行 › 列「证件号码（身份证号）」")
    assert [i.level for i in table.issues].count(ERROR) == 2  # nothing else is wrong in the file


def test_gbk_csv_is_read_and_defects_are_one_row_up(bad_files, defects):
    csv_path = next(p for p in bad_files.extra if p.suffix == ".csv")
    assert read_sheet(csv_path).encoding == "gb18030"
    table = load_table(csv_path)
    assert table.spec.name == "建档立卡" and len(table.rows) == 1500
    for d in defects:  # the CSV has one header row, the xlsx two
        issue = issue_at(table, d["row"] - 1, d["column"])
        assert (issue.level, issue.message) == expected_message(d)


def test_rows_with_errors_are_kept_and_flagged(bad_files, defects):
    table = load_table(bad_files.paths["poverty"])
    assert len(table.rows) == 1500
    flagged = sorted(table.row_numbers[i] for i in table.error_rows)
    assert flagged == sorted(d["row"] for d in defects if EXPECTED[d["kind"]][0] == ERROR)
    unknown = next(d for d in defects if d["kind"] == "unknown-enum")
    i = table.row_numbers.index(unknown["row"])
    assert table.rows[i][table.col("主要致贫原因")] == "因懒致贫"  # a warning keeps the value as written


def test_two_row_header_brackets_and_aliases_map_every_column(bad_files):
    table = load_table(bad_files.paths["poverty"])
    assert (table.layout.start, table.layout.depth) == (0, 2)
    assert "家庭成员/户编号" in table.layout.headers
    assert len(table.layout.index) == len(table.spec.columns)  # 县（市、区、旗）, 致贫原因1, 户联系电话 …
    monitor = load_table(bad_files.paths["monitor"])
    assert len(monitor.layout.index) == len(monitor.spec.columns)  # 致贫/返贫风险1 has a slash of its own
    assert monitor.issues == [] or all(i.level == INFO for i in monitor.issues)


def test_float_ids_that_lost_digits_are_errors_per_cell(messy_files):
    table = load_table(messy_files.paths["poverty"])
    issue = issue_at(table, 3, "户编号")
    assert issue.level == ERROR
    assert issue.message == "编码被存成了数字（9901020010030000.0），超过15位的数字已丢失"
    ids = [i for i in table.issues if i.location.column == "证件号码（身份证号）"]
    assert ids and all(i.message.startswith("编码被存成了数字（9.90102") for i in ids)
    # the 12-digit 区划代码 survives a float (below 15 digits): no error, exact text
    roster = load_table(messy_files.paths["roster"])
    assert roster.count(ERROR) == 0
    assert roster.rows[0][roster.col("区划代码")] == "990102001001"


def test_missing_required_column_is_named(tmp_path):
    path = tmp_path / "缺列.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["乡(镇)", "行政村", "户编号", "脱贫属性", "姓名"])
    ws.append(["城关镇", "柳湾村", "9901020010010001", "已脱贫", "张三"])
    wb.save(path)
    table = load_table(path, spec("建档立卡"))
    errors = [i for i in table.issues if i.level == ERROR]
    assert [(str(e.location), e.message) for e in errors] == [
        ("文件 缺列.xlsx › 工作表 名单 › 第1行 › 列「证件号码」", "缺少必需的列「证件号码」")]


def test_title_row_utf8_bom_csv_text_ids_months_and_multi_values(tmp_path):
    path = tmp_path / "名单.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["青禾县建档立卡人口名单", ""])
        w.writerow(["乡（镇）", "行政村", "户编号", "证件号码", "脱贫属性", "健康状况", "首次识别时间", "自定义列"])
        w.writerow(["城关镇", "柳湾村", "9901020010010001", "11010519491231002X", "已脱贫", "残疾，长期慢性病", "201502.0", "x"])
        w.writerow(["城关镇", "柳湾村", "9901020010010001", "990102199001011234.0", "已脱贫", "健康", "2015-3", ""])
    table = load_table(path, spec("建档立卡"))
    assert read_sheet(path).encoding == "utf-8-sig"
    assert table.row_numbers == [3, 4]
    rec = table.records()[0]
    assert rec["证件号码"] == "11010519491231002X"
    assert rec["健康状况"] == ["残疾", "长期慢性病"]
    assert rec["首次识别时间"] == "201502" and table.records()[1]["首次识别时间"] == "201503"
    assert rec["自定义列"] == "x"  # extra columns are kept
    issue = issue_at(table, 4, "证件号码")
    assert issue.message == "编码被存成了数字「990102199001011234.0」，超过15位的数字已丢失"


def test_sheet_by_name_and_index_and_unknown_sheet(sample_files):
    path = sample_files.paths["roster"]
    assert read_sheet(path, "行政村").sheet == read_sheet(path, 0).sheet == "行政村"
    with pytest.raises(ReportgenError) as exc:
        read_sheet(path, "不存在")
    assert exc.value.message == "找不到工作表「不存在」"
    assert "行政村" in exc.value.hint


def test_clean_exports_validate_without_errors(sample_files):
    for key, path in sample_files.paths.items():
        report = validate(path)
        assert report.errors == 0, (key, [str(i) for i in report.table.issues[:3]])
