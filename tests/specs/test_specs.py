"""Data specs: the shipped ones load; a wrong spec is reported with file and key path."""

from __future__ import annotations

import pytest

from reportgen.errors import ErrorGroup, ReportgenError
from reportgen.specs import builtin_specs, load_spec, match_spec


def write(tmp_path, text):
    path = tmp_path / "规格.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(ErrorGroup) as exc:
        load_spec(path)
    return [(e.location.key, e.message) for e in exc.value.errors]


def test_builtin_specs_cover_every_registry():
    names = {s.name for s in builtin_specs()}
    assert names == {"建档立卡", "监测", "留守儿童", "流动人口", "村级基本情况", "任务分工", "责任书", "乡镇汇总",
                     "结对帮扶"}


def test_spec_errors_name_the_key_path(tmp_path):
    path = write(tmp_path, """
name: 测试
columns:
  - {name: 户编号, type: code}
  - {name: 证件号码, type: idcard}
  - {name: 原因, type: enum}
keys: {household: 户号}
indicators:
  户数: {count: households}
  比率: {ratio: [户数, 人数]}
  两种: {count: persons, sum: 户编号}
groups: {town: 乡镇, town_indicators: [户数, 没有]}
""")
    assert problems(path) == [
        ("columns[1].type", "不认识的类型「idcard」"),
        ("columns[2].enum", "枚举列必须列出可选值（enum: [甲, 乙]）"),
        ("keys.household", "列「户号」不在 columns 中"),
        ("indicators.比率.ratio", "分母「人数」不是本规格中的指标"),
        ("indicators.两种", "必须且只能有一种统计方式"),
        ("groups.town", "列「乡镇」不在 columns 中"),
        ("groups.town_indicators[1]", "「没有」不是本规格中的指标"),
    ]


def test_spec_error_message_shows_file_and_key(tmp_path):
    path = write(tmp_path, "name: 测试\ncolumns: [{name: 甲, typo: 1}]\n")
    with pytest.raises(ErrorGroup) as exc:
        load_spec(path)
    assert str(exc.value.errors[0]).startswith(f"文件 {path} › 键 columns[0].typo: 不认识的键「typo」")


def test_yaml_syntax_error_has_a_line(tmp_path):
    path = write(tmp_path, "name: 测试\ncolumns: [\n  - a: b\n")
    with pytest.raises(ReportgenError) as exc:
        load_spec(path)
    assert exc.value.message.startswith("YAML 格式错误") and exc.value.location.row is not None


def test_exports_are_matched_to_specs_by_headers():
    specs = builtin_specs()
    assert match_spec(["乡（镇）", "行政村", "户编号", "证件号码（身份证号）", "脱贫属性"], specs).name == "建档立卡"
    assert match_spec(["家庭成员/户编号", "证件号码", "监测对象类别"], specs).name == "监测"
    with pytest.raises(ReportgenError) as exc:
        match_spec(["甲", "乙"], specs)
    assert "无法判断这是哪种台账" in exc.value.message


def test_missing_builtin_specs_is_a_clear_error_not_a_recursion(monkeypatch, tmp_path):
    """Regression: an install without data_specs/ ended in "内部错误 … RecursionError"."""
    import pytest

    import reportgen.io.resources as resources
    from reportgen.errors import ReportgenError

    monkeypatch.setattr(resources, "_CHECKOUT_ROOT", tmp_path)
    with pytest.raises(ReportgenError, match="找不到 reportgen 自带的文件"):
        builtin_specs()


def test_pair_and_pairing_indicator_kinds_are_checked(tmp_path):
    path = write(tmp_path, """
name: 结对
pair: [帮扶单位]
columns:
  - {name: 帮扶单位}
  - {name: 受扶单位}
indicators:
  单位数: {distinct: 没有这列}
  形态: {shapes: [帮扶单位]}
""")
    with pytest.raises(ErrorGroup) as info:
        load_spec(path)
    keys = {e.location.key for e in info.value.errors}
    assert {"pair", "indicators.单位数.distinct", "indicators.形态.shapes"} <= keys
