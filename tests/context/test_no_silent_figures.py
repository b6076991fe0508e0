"""Issue 22, figures side: a clerk's ordinary mistakes end in a clear message, never a wrong figures.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import dump_figures, figures_for_exports
from reportgen.samples import generate


def _figures(args: list, cwd: Path | None = None):
    return CliRunner().invoke(main, ["figures", *map(str, args)])


def _rename_headers(path: Path, renames: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    for cell in wb.active[1]:
        if cell.value in renames:
            cell.value = renames[cell.value]
    wb.save(path)


# -- 1. --exclude-bad-rows: always counted, never all rows ------------------------------------------------
def test_ids_stored_as_numbers_give_the_right_counts_not_zeros(tmp_path):
    """The issue's case: every 证件号码/户编号 stored as a number used to give 户数/人数 0 with --exclude-bad-rows."""
    files = generate(tmp_path / "in", persons=60, seed=3, mess={"numeric-ids"}, only={"poverty", "roster"})
    clean = generate(tmp_path / "clean", persons=60, seed=3, only={"poverty", "roster"})
    out = tmp_path / "figures.yaml"
    result = _figures([files.paths["poverty"], files.paths["roster"], "--exclude-bad-rows", "-o", out])
    assert result.exit_code == 0, result.output
    assert "把该列设为“文本”格式后重新导出" in result.stderr and "排除了" not in result.stderr
    got = yaml.safe_load(out.read_text(encoding="utf-8"))["建档立卡"]
    want = figures_for_exports([clean.paths["poverty"], clean.paths["roster"]])["建档立卡"]
    assert got["户数"] == want["户数"] > 0 and got["人数"] == 60


def test_exclude_bad_rows_refuses_when_it_would_leave_out_every_row(tmp_path):
    files = generate(tmp_path / "in", persons=60, seed=3, only={"poverty", "roster"})
    wb = openpyxl.load_workbook(files.paths["poverty"])
    column = [c.value for c in wb.active[1]].index("脱贫年度") + 1
    for row in range(2, wb.active.max_row + 1):
        wb.active.cell(row, column).value = 2031
    wb.save(files.paths["poverty"])
    out = tmp_path / "figures.yaml"
    result = _figures([files.paths["poverty"], files.paths["roster"], "--exclude-bad-rows", "-o", out])
    assert result.exit_code == 1, result.output
    assert "排除含错误的行会排除全部数据行（60/60 行），统计出的数字将是错的，已停止；脱贫年度：" in result.output
    assert "超出范围 60 行" in result.output
    assert "只想排除少量出错的行时可用 --max-excluded 调整上限（当前 5%）" in result.output
    assert not out.exists()  # used to be written with the figures of no rows at all


def test_exclude_bad_rows_reports_each_file_and_respects_the_threshold(bad_files, tmp_path):
    out = tmp_path / "figures.yaml"
    paths = list(bad_files.paths.values())
    result = _figures([*paths, "--exclude-bad-rows", "-o", out])
    assert result.exit_code == 0, result.output
    assert "注意：建档立卡人口.xlsx：排除了 2 行（共 1500 行，0.1%）含错误的行" in result.stderr
    assert "证件号码（身份证号）：证件号码校验位错误 1 行" in result.stderr and "脱贫年度：超出范围 1 行" in result.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["建档立卡"]["人数"] == 1498
    out.unlink()
    strict = _figures([*paths, "--exclude-bad-rows", "--max-excluded", "0.1%", "-o", out])
    assert strict.exit_code == 1 and "会排除0.1% 的数据行（2/1500 行）" in strict.output
    assert "--max-excluded 调整上限（当前 0%）" in strict.output and not out.exists()
    bad_share = _figures([*paths, "--exclude-bad-rows", "--max-excluded", "abc", "-o", out])
    assert bad_share.exit_code == 1 and "--max-excluded 应为百分数，如 10%（收到「abc」）" in bad_share.output


# -- 2. a figure whose column is missing is an error, not 0 or null ----------------------------------------
@pytest.fixture()
def renamed(sample_files, tmp_path) -> Path:
    folder = tmp_path / "renamed"
    folder.mkdir()
    for p in (sample_files.paths["poverty"], sample_files.paths["roster"]):
        shutil.copy(p, folder / p.name)
    _rename_headers(folder / sample_files.paths["poverty"].name, {"脱贫年度": "脱贫年份", "人均纯收入": "人均纯收入（元）"})
    return folder


def test_renamed_optional_headers_warn_in_validate(renamed):
    result = CliRunner().invoke(main, ["validate", str(renamed / "建档立卡人口.xlsx")])
    assert result.exit_code == 0, result.output  # a warning; --strict makes it fail
    assert ("[警告] 文件 建档立卡人口.xlsx › 工作表 已脱贫人口名单 › 第1行 › 列「脱贫年度」: 缺少列「脱贫年度」，"
            "无法计算：脱贫年度（不能当作 0）；表中有「脱贫年份」，是不是它（脱贫年份 → 脱贫年度?）") in result.output
    assert "表中有「人均纯收入（元）」，是不是它（人均纯收入（元） → 人均纯收入?）" in result.output
    assert "aliases: [脱贫年份]（复制该文件修改后用 --spec 指定）" in result.output
    strict = CliRunner().invoke(main, ["validate", str(renamed / "建档立卡人口.xlsx"), "--strict"])
    assert strict.exit_code == 1


def test_renamed_optional_headers_stop_figures_and_a_user_spec_maps_them(renamed, sample_files, repo_root, tmp_path):
    out = tmp_path / "figures.yaml"
    exports = sorted(renamed.glob("*.xlsx"))
    result = _figures([*exports, "-o", out])
    assert result.exit_code == 1, result.output
    assert "导出表缺少 2 个计算数字所需的列，这些数字无法计算（不是 0）" in result.output
    assert "列「脱贫年度」: 缺少列「脱贫年度」，无法计算：脱贫年度（不能当作 0）" in result.output
    assert "列「人均纯收入」: 缺少列「人均纯收入」，无法计算：人均纯收入（不能当作 0）" in result.output
    assert not out.exists()  # used to hold every 脱贫年度 as 0 and 人均纯收入 as null
    # the fix the message gives: a copy of the spec with the header as an alias, passed with --spec
    spec = (repo_root / "data_specs" / "建档立卡.yaml").read_text(encoding="utf-8")
    spec = spec.replace("{name: 脱贫年度, type: int", "{name: 脱贫年度, aliases: [脱贫年份], type: int")
    spec = spec.replace("{name: 人均纯收入, type: decimal", "{name: 人均纯收入, aliases: [人均纯收入（元）], type: decimal")
    (tmp_path / "我的建档立卡.yaml").write_text(spec, encoding="utf-8")
    fixed = _figures([*exports, "--spec", tmp_path / "我的建档立卡.yaml", "-o", out])
    assert fixed.exit_code == 0, fixed.output
    got = yaml.safe_load(out.read_text(encoding="utf-8"))["建档立卡"]
    want = figures_for_exports([sample_files.paths["poverty"], sample_files.paths["roster"]])["建档立卡"]
    assert got["脱贫年度"] == want["脱贫年度"] and got["人均纯收入"] == want["人均纯收入"] is not None


# -- 9. figures.yaml for people, loading back exactly --------------------------------------------------------
def test_figures_yaml_is_readable_and_loads_back_exactly(sample_files, tmp_path):
    out = tmp_path / "figures.yaml"
    paths = list(sample_files.paths.values())
    result = _figures([*paths, "-o", out])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == figures_for_exports(paths)
    assert "&id" not in text and "*id" not in text
    for section in ("# 县名", "# 建档立卡：", "# 防返贫监测对象：", "# 乡镇汇总：", "# 责任书签订名单："):
        assert f"\n{section}" in text
    rate = yaml.safe_load(text)["建档立卡"]["贫困发生率"]
    assert f"  贫困发生率: {rate}  # {rate * 100:.2f}%\n" in text
    assert "占比: " in text and "}  # 占比 " in text  # flow rows get their percentages too


def test_dump_never_writes_anchors_for_shared_values(tmp_path):
    shared = [{"名称": "因病", "占比": 0.25}]
    figures = {"县": "青禾县", "甲": {"致贫原因": shared}, "乙": {"致贫原因": shared}}
    dump_figures(figures, tmp_path / "f.yaml")
    text = (tmp_path / "f.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text and "# 25.00%" in text or "# 占比 25.00%" in text
    assert yaml.safe_load(text) == figures
