"""``age: [15, 49]`` (育龄妇女): 周岁 on the report date, the boundaries, the ID when 出生日期 is empty,
``年龄计算日期``, no 年度 → unknown, the reasons ``explain --row`` gives, and the spec checks."""

from __future__ import annotations

import pytest

from reportgen.cnid import age_on, birth_date, check_digit
from reportgen.context import compute_figures
from reportgen.context.explain import explain
from reportgen.errors import ErrorGroup
from reportgen.specs.loader import spec_from_dict

HEAD = "乡(镇),行政村,家庭编号,姓名,性别,身份证号,出生日期,婚姻状况,流动类型,流入时间,流入原因,婚育证明,签订合同"
PEOPLE = [  # (姓名, 性别, 出生日期 in the ID, 出生日期 column written or "" to leave it empty)
    ("十五岁", "女", "20091231", "2009-12-31"),  # 15 on 2024-12-31: counted
    ("十四岁", "女", "20100101", "2010-01-01"),  # 14: not
    ("四十九", "女", "19750101", "1975-01-01"),  # 49: counted
    ("五十岁", "女", "19741231", "1974-12-31"),  # 50: not
    ("无生日", "女", "19900505", ""),  # 出生日期 empty: the ID's date, 34: counted
    ("男性", "男", "19900505", "1990-05-05"),
]


def _id(birth: str, n: int, sex: str) -> str:
    first = f"990102{birth}{2 * n + (1 if sex == '男' else 2):03d}"
    return first + check_digit(first)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("age") / "流动人口.csv"
    lines = [HEAD] + [f"城关镇,柳湾村,LD{n:06d},{name},{sex},{_id(born, n, sex)},{column},已婚,流入,2023-05-01,务工,已查验,是"
                      for n, (name, sex, born, column) in enumerate(PEOPLE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_id_birth_date_and_age():
    assert birth_date("11010519491231002X").isoformat() == "1949-12-31"
    assert birth_date("110105194913310021") is None and birth_date("123") is None
    from datetime import date

    assert age_on(date(1975, 1, 1), date(2024, 12, 31)) == 49 and age_on(date(1974, 12, 31), date(2024, 12, 30)) == 49
    assert age_on(date(1974, 12, 31), date(2024, 12, 31)) == 50


def test_ages_on_the_last_day_of_the_year(export):
    fs = compute_figures([export], params={"年度": 2024})
    assert fs.figures["流动人口"]["育龄妇女人数"] == 3
    assert fs.figures["流动人口"]["已婚育龄妇女人数"] == 3
    why = {n: explain(fs, "流动人口.育龄妇女人数", row=n)[-1] for n in range(2, 8)}
    assert "计入" in why[2] and "不计入" not in why[2]
    assert "不计入：2024年12月31日时14周岁，不在15—49周岁之间" in why[3]
    assert "不计入：2024年12月31日时50周岁" in why[5]
    assert "计入" in why[6] and "不计入" not in why[6]  # 出生日期 empty: from the ID
    assert "不计入：性别是「男」" in why[7]


def test_the_report_date_can_be_set(export):
    fs = compute_figures([export], params={"年度": 2024, "年龄计算日期": "2024-06-30"})
    assert fs.figures["流动人口"]["育龄妇女人数"] == 3  # 十五岁 is 14 on 30 June, 五十岁 still 49
    assert "不计入：2024年6月30日时14周岁" in explain(fs, "流动人口.育龄妇女人数", row=2)[-1]
    assert "计入" in explain(fs, "流动人口.育龄妇女人数", row=5)[-1]


def test_without_a_year_the_age_figures_are_unknown_not_zero(export):
    fs = compute_figures([export])
    m = fs.figures["流动人口"]
    assert fs.figures["年度"] is None and m["育龄妇女人数"] is None and m["已婚育龄妇女人数"] is None
    assert m["人数"] == 6
    assert "按年龄统计需要知道年度" in explain(fs, "流动人口.育龄妇女人数")[1]


def test_spec_checks_the_age_filter():
    base = {"name": "x", "columns": [{"name": "姓名"}, {"name": "证件号码", "type": "id_card"}, {"name": "出生日期", "type": "date"}],
            "keys": {"person": "证件号码"}}
    spec_from_dict({**base, "indicators": {"n": {"count": "persons", "age": [15, 49]}}})  # the ID gives the date
    with pytest.raises(ErrorGroup) as bounds:
        spec_from_dict({**base, "indicators": {"n": {"count": "persons", "age": [49, 15]}}})
    assert "应为 [最小周岁, 最大周岁]" in str(bounds.value.errors[0])
    no_birth = {**base, "keys": {}, "indicators": {"n": {"count": "persons", "age": [15, 49]}}}
    with pytest.raises(ErrorGroup) as missing:
        spec_from_dict(no_birth)
    assert "按年龄统计需要出生日期" in str(missing.value.errors[0])
    spec_from_dict({**no_birth, "keys": {"birth": "出生日期"}})
