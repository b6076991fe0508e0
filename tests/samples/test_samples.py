"""Sample registries: deterministic, checksum-valid IDs, realistic structure and mess."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict

import openpyxl
import pytest

from reportgen.cnid import check_digit, is_valid_id
from reportgen.errors import ReportgenError
from reportgen.samples import FILES, generate
from reportgen.samples.columns import POVERTY


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a = generate(tmp_path / "a", persons=300, seed=11)
    b = generate(tmp_path / "b", persons=300, seed=11)
    c = generate(tmp_path / "c", persons=300, seed=12)
    assert _digest(a.all()) == _digest(b.all())
    assert _digest(a.all())["建档立卡人口.xlsx"] != _digest(c.all())["建档立卡人口.xlsx"]


def test_check_digit_known_example():
    # The worked example of GB 11643 (11010519491231002X).
    assert check_digit("11010519491231002") == "X"
    assert is_valid_id("11010519491231002x")
    assert not is_valid_id("110105194912310021")


def _rows(path):
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_poverty_export_columns_ids_and_households(sample_files):
    header, rows = _rows(sample_files.paths["poverty"])
    assert list(header) == POVERTY
    col = {h: i for i, h in enumerate(header)}
    assert len(rows) == 1500
    ids = [r[col["证件号码"]] for r in rows]
    assert all(isinstance(i, str) and len(i) == 18 and is_valid_id(i) for i in ids)
    assert len(set(ids)) == len(ids)
    households = defaultdict(list)
    for r in rows:
        households[r[col["户编号"]]].append(r)
    for members in households.values():
        # 人数 repeats on every member row and equals the number of members; one 户主 per household.
        assert {m[col["人数"]] for m in members} == {len(members)}
        assert [m[col["与户主关系"]] for m in members].count("户主") == 1
        assert len({m[col["脱贫年度"]] for m in members}) == 1
    years = {r[col["脱贫年度"]] for r in rows if r[col["脱贫属性"]] == "已脱贫"}
    assert years <= set(range(2014, 2021)) and len(years) == 7
    assert {r[col["脱贫属性"]] for r in rows} == {"已脱贫", "未脱贫"}


def test_county_shape(sample_files):
    _, roster = _rows(sample_files.paths["roster"])
    towns = {r[1] for r in roster}
    assert len(towns) >= 3 and len(roster) >= 15
    _, monitor = _rows(sample_files.paths["monitor"])
    assert {r[12] for r in monitor} <= {"脱贫不稳定户", "边缘易致贫户", "突发严重困难户"}
    assert all(len(str(r[19])) == 6 for r in monitor)  # 识别监测时间 yyyymm
    for key in ("children", "migrants", "tasks", "parties"):
        _, rows = _rows(sample_files.paths[key])
        assert rows, key


def test_messy_exports_have_two_row_header_numeric_ids_and_gbk_csv(messy_files):
    wb = openpyxl.load_workbook(messy_files.paths["poverty"])
    ws = wb.worksheets[0]
    assert ws["B1"].value == "地址" and "B1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == "序号" and "A1:A2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["B2"].value == "县（市、区、旗）"  # full-width brackets
    assert isinstance(ws["J3"].value, float)  # 证件号码 stored as a number: digits lost
    csv_path = messy_files.paths["poverty"].parent / "建档立卡人口_GBK.csv"
    with open(csv_path, encoding="gbk") as fh:
        head = next(csv.reader(fh))
    assert "致贫原因1" in head
    defects = json.loads((csv_path.parent / "_defects.json").read_text(encoding="utf-8"))
    kinds = {d["kind"] for d in defects}
    assert kinds == {"bad-check-digit", "enum-variant", "unknown-enum", "out-of-range"}
    for d in defects:  # every defect is where the list says it is
        header_row = [c.value for c in ws[2]]
        value = ws.cell(d["row"], header_row.index(d["column"]) + 1).value
        if isinstance(value, float):  # an ID column stored as a number (mess numeric-ids): digits are gone
            assert d["kind"] == "bad-check-digit"
        else:
            assert str(value) == d["value"]


def test_unknown_mess_kind_is_a_clear_error(tmp_path):
    with pytest.raises(ReportgenError, match="未知的 mess 选项"):
        generate(tmp_path, persons=50, mess={"nonsense"})


def test_files_are_named_as_documented(sample_files):
    assert {p.name for p in sample_files.paths.values()} == {name for name, _ in FILES.values()}
