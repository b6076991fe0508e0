"""``--spec`` by name, user specs added to the built-ins (not replacing them), header suggestions, 列名映射."""

from __future__ import annotations

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import figures_for_exports
from reportgen.errors import ReportgenError, did_you_mean
from reportgen.ingest import validate
from reportgen.specs import BUILTIN_DIR, spec_ref, spec_set


def _rename_header(src, dst, old: str, new: str):
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    for cell in ws[1]:
        if cell.value == old:
            cell.value = new
    wb.save(dst)
    return dst


def test_spec_by_builtin_name_and_a_close_misspelling_is_suggested():
    assert spec_ref("建档立卡").name == "建档立卡"
    with pytest.raises(ReportgenError, match="是不是「建档立卡」"):
        spec_ref("建档立卡表")


def test_validate_takes_a_builtin_spec_name(sample_files):
    result = CliRunner().invoke(main, ["validate", str(sample_files.paths["poverty"]), "--spec", "建档立卡"])
    assert result.exit_code == 0, result.output


def test_user_spec_replaces_one_builtin_by_name_and_keeps_the_others(tmp_path, sample_files):
    data = yaml.safe_load((BUILTIN_DIR / "建档立卡.yaml").read_text(encoding="utf-8"))
    for col in data["columns"]:
        if col["name"] == "证件号码":
            col.setdefault("aliases", []).append("身份证号")
    mine = tmp_path / "建档立卡.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    specs = spec_set([mine])
    names = [s.name for s in specs]
    assert names.count("建档立卡") == 1 and "监测" in names and "村级基本情况" in names
    assert "身份证号" in next(s for s in specs if s.name == "建档立卡").column("证件号码").aliases

    renamed = _rename_header(sample_files.paths["poverty"], tmp_path / "建档立卡人口.xlsx", "证件号码", "身份证号")
    exports = [renamed, sample_files.paths["roster"], sample_files.paths["monitor"]]
    result = CliRunner().invoke(main, ["figures", *map(str, exports), "--spec", str(mine),
                                       "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 0, result.output
    figures = yaml.safe_load((tmp_path / "f.yaml").read_text(encoding="utf-8"))
    expected = figures_for_exports([sample_files.paths["poverty"], sample_files.paths["roster"],
                                    sample_files.paths["monitor"]])
    assert figures["建档立卡"]["人数"] == expected["建档立卡"]["人数"]
    assert figures["监测"]["户数"] == expected["监测"]["户数"]  # the built-in 监测 spec still matched


def test_unknown_required_header_suggests_the_close_one_and_the_column_map_fixes_it(tmp_path, sample_files):
    renamed = _rename_header(sample_files.paths["poverty"], tmp_path / "p.xlsx", "证件号码", "证件号码(身份证)")
    report = validate(renamed, spec_ref("建档立卡"))
    missing = [i for i in report.table.issues if "缺少必需的列「证件号码」" in i.message]
    assert missing and "是不是它" in missing[0].message and "证件号码(身份证)" in missing[0].message
    assert "列名映射" in missing[0].hint

    mapped = figures_for_exports([renamed, sample_files.paths["roster"]],
                                 column_map={"证件号码(身份证)": "证件号码"})
    plain = figures_for_exports([sample_files.paths["poverty"], sample_files.paths["roster"]])
    assert mapped["建档立卡"]["人数"] == plain["建档立卡"]["人数"]
    per_spec = figures_for_exports([renamed, sample_files.paths["roster"]],
                                   column_map={"建档立卡": {"证件号码(身份证)": "证件号码"}})
    assert per_spec["建档立卡"]["人数"] == plain["建档立卡"]["人数"]


def test_did_you_mean():
    assert did_you_mean("rmb_uper", ["rmb_upper", "num", "pct"]) == "rmb_upper"
    assert did_you_mean("完全不同", ["rmb_upper"]) is None
