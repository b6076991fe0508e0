"""The one data-file loader, through every command that reads a YAML/JSON mapping: each mistake is a
located message in Chinese with the fix, exit 1 (never "内部错误", exit 2)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from helpers.docx_builders import to_bytes

from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.io.data import load_mapping, parse_mapping
from reportgen.xlsx.build_templates import TEMPLATES_DIR

BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 9 if p else ['x'] * 9)}]\n"
               for p, a in zip(["", *"abcdefgh"], "abcdefghi", strict=True))

# (file text, suffix, what the message must say, line, column)
MISTAKES = {
    "full-width colon": ("县: 青禾县\n落款：城关镇人民政府\n", ".yaml", "把全角冒号「：」改成半角「: 」", 2, 3),
    "full-width colon, whole file": ("落款：城关镇人民政府\n", ".yaml", "把全角冒号「：」改成半角「: 」", 1, None),
    "full-width colon under a key": ("公文:\n  落款：城关镇人民政府\n", ".yaml", "把全角冒号「：」改成半角「: 」", 2, 3),
    "impossible date": ("县: 青禾县\n成文日期: 2025-02-30\n", ".yaml", "日期「2025-02-30」不存在", 2, 7),
    "tab indentation": ("公文:\n\t落款: 县政府\n", ".yaml", "Tab", 2, 1),
    "bad indentation": ("公文:\n  发文机关: 县政府\n   落款: 县政府\n", ".yaml", "缩进或冒号有误", 3, 6),
    "full-width quotes": ("县: “青禾县: 城关”\n", ".yaml", "全角引号", 1, None),
    "custom tag": ("县: !!python/object/apply:os.system [ls]\n", ".yaml", "不支持标签", 1, 4),
    "alias bomb": (BOMB, ".yaml", "别名", None, None),
    "json syntax": ('{\n  "县": "青禾县",\n}\n', ".json", "JSON 格式错误", 3, 1),
    "json full-width colon": ('{"县"："青禾县"}\n', ".json", "全角标点", 1, 5),
    "top level is a list": ("- 青禾县\n- 2024\n", ".yaml", "最外层应是「名称: 值」的映射", None, None),
}


def _check(output: str, exit_code: int, expected: str, line: int | None, col: int | None) -> None:
    assert exit_code == 1, output
    assert "内部错误" not in output and "Traceback" not in output
    assert expected in output
    if line is not None:
        assert f"第{line}行" in output
    if col is not None:
        assert f"第{col}列" in output


@pytest.fixture
def template(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("{{ 县 }}{{ 行政村 if 行政村 is defined else '' }}")
    path = tmp_path / "模板.docx"
    path.write_bytes(to_bytes(document))
    return path


@pytest.mark.parametrize("case", MISTAKES)
def test_render_data_file(case: str, template: Path, tmp_path: Path) -> None:
    text, suffix, expected, line, col = MISTAKES[case]
    data = tmp_path / f"数据{suffix}"
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(template), "--data", str(data), "-o", str(out)])
    _check(result.output, result.exit_code, expected, line, col)
    assert str(data) in result.output and not out.exists()


@pytest.mark.parametrize("case", ["full-width colon", "impossible date", "bad indentation", "alias bomb"])
def test_render_data_from_stdin(case: str, template: Path, tmp_path: Path) -> None:
    text, _suffix, expected, line, col = MISTAKES[case]
    result = CliRunner().invoke(main, ["render", str(template), "--data", "-", "-o", str(tmp_path / "o.docx")],
                                input=text)
    _check(result.output, result.exit_code, expected, line, col)


@pytest.mark.parametrize("case", MISTAKES)
def test_batch_shared_data_file(case: str, template: Path, tmp_path: Path) -> None:
    """Regression (#13, #22): a YAML typo in ``batch --data`` was "内部错误", exit 2."""
    text, suffix, expected, line, col = MISTAKES[case]
    data = tmp_path / f"共用{suffix}"
    data.write_text(text, encoding="utf-8")
    rows = tmp_path / "名单.csv"
    rows.write_text("行政村\n东村\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(template), "--rows", str(rows), "--data", str(data),
                                       "-o", str(out), "--quiet"])
    _check(result.output, result.exit_code, expected, line, col)
    assert not out.exists()


@pytest.mark.parametrize("case", MISTAKES)
def test_fill_data_file(case: str, tmp_path: Path) -> None:
    text, suffix, expected, line, col = MISTAKES[case]
    data = tmp_path / f"数据{suffix}"
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["fill", str(TEMPLATES_DIR / "乡镇汇总.xlsx"), "--data", str(data),
                                       "-o", str(out)])
    _check(result.output, result.exit_code, expected, line, col)
    assert not out.exists()


@pytest.mark.parametrize("case", ["full-width colon", "impossible date", "tab indentation", "custom tag"])
def test_data_spec_file(case: str, sample_files, tmp_path: Path) -> None:
    text, _suffix, expected, line, col = MISTAKES[case]
    spec = tmp_path / "规格.yaml"
    spec.write_text("name: 测试\n" + text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(sample_files.paths["children"]), "--spec", str(spec)])
    _check(result.output, result.exit_code, expected, line + 1 if line else None, col)


def test_empty_file_is_an_empty_mapping(template: Path, tmp_path: Path) -> None:
    data = tmp_path / "空.yaml"
    data.write_text("\n  \n", encoding="utf-8")
    assert load_mapping(data) == {}
    assert load_mapping(tmp_path / "空.yaml") == parse_mapping("", name="x", json_format=True) == {}
    result = CliRunner().invoke(main, ["render", str(template), "--data", str(data), "-o",
                                       str(tmp_path / "o.docx"), "--lenient"])
    assert result.exit_code == 0, result.output


def test_values_keep_their_full_width_colons_and_shared_anchors_still_load() -> None:
    assert parse_mapping("备注: 甲方：张三\n", name="x") == {"备注": "甲方：张三"}
    assert parse_mapping("a: &x [1, 2]\nb: *x\n", name="x") == {"a": [1, 2], "b": [1, 2]}


def test_missing_and_non_utf8_files_are_located(tmp_path: Path) -> None:
    with pytest.raises(ReportgenError) as exc:
        load_mapping(tmp_path / "无.yaml")
    assert "找不到数据文件" in str(exc.value)
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("县: 青禾县\n".encode("gbk"))
    with pytest.raises(ReportgenError) as exc:
        load_mapping(gbk)
    assert "不是 UTF-8 编码" in str(exc.value) and str(gbk) in str(exc.value)
