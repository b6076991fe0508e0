"""Ingest reads only the spec's columns and types each distinct value once: same table as a full read."""

from __future__ import annotations

import openpyxl
import pytest

from reportgen.ingest import load_table, read_sheet
from reportgen.ingest.bulk import convert_column
from reportgen.ingest.cells import converter_for
from reportgen.ingest.headers import detect
from reportgen.ingest.table import type_rows
from reportgen.specs import builtin_specs, find_spec


def spec(name):
    return find_spec(name, builtin_specs())


def full_read(path, sp):
    raw = read_sheet(path, sp.sheet)
    return type_rows(raw, sp, detect(raw.rows, raw.merged, sp))


def issues(table):
    return [(i.level, i.message, str(i.location), i.value, i.hint) for i in table.issues]


@pytest.mark.parametrize("name", ["poverty", "monitor", "children"])
def test_column_reads_equal_a_full_read_of_messy_exports(messy_files, name):
    path = messy_files.paths[name]
    fast = load_table(path)
    slow = full_read(path, fast.spec)
    assert fast.raw is None and slow.raw is not None  # the unspecified columns are not read up front
    assert fast.rows == slow.rows and fast.row_numbers == slow.row_numbers
    assert issues(fast) == issues(slow) and fast.error_rows == slow.error_rows
    assert fast.extra == slow.extra
    assert fast.records() == slow.records()  # extras read on demand


def test_offset_sheet_blank_rows_and_a_column_outside_the_used_range(tmp_path):
    path = tmp_path / "偏移.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D3"], ws["E3"], ws["F3"] = "乡(镇)", "行政村", "户编号", "证件号码"
    ws.append([None, None, "城关镇", "柳湾村", 990102001001.0, "11010519491231002X"])
    ws.append([])
    ws.append([None, None, "城关镇", None, "9901020010010002", "11010519491231002X"])
    wb.save(path)
    table = load_table(path, spec("监测"))
    assert table.row_numbers == [4, 6]
    assert [r[table.col("户编号")] for r in table.rows] == ["990102001001", "9901020010010002"]
    assert issues(table) == issues(full_read(path, spec("监测")))
    messages = {(i.location.row, i.location.column): i.message for i in table.issues}
    assert messages[(6, "行政村")] == "必填项为空"
    assert messages[(6, "证件号码")] == "证件号码与第4行重复，人数只计一次"
    assert (4, "监测对象类别") not in messages  # missing column: one header-level error only
    assert messages[(3, "监测对象类别")] == "缺少必需的列「监测对象类别」"


def test_equal_keys_of_different_types_are_converted_separately():
    col = spec("建档立卡").column("人数")
    values = [1, 1.0, True, "1", None, "  ", 2.5]
    out, problems = convert_column(values, converter_for(col))
    expected, bad = [], []
    conv = converter_for(col)
    for i, v in enumerate(values):
        try:
            expected.append(None if v is None or not str(v).strip() else conv(v))
        except Exception as exc:  # noqa: BLE001 - the same CellIssue, compared by message
            expected.append(exc.keep)
            bad.append((i, exc.message))
    assert out == expected
    assert [(i, exc.message) for i, _, exc in problems] == bad


def test_multi_values_are_separate_lists_per_cell():
    col = spec("建档立卡").column("健康状况")
    out, _ = convert_column(["残疾，长期慢性病", "残疾，长期慢性病"], converter_for(col))
    assert out[0] == out[1] == ["残疾", "长期慢性病"] and out[0] is not out[1]
