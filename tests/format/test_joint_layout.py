"""joint_layout: how many agency names a row and at what size, so that no name breaks in its cell."""

from __future__ import annotations

import pytest

from reportgen.format.joint import FIT, ISSUER, ISSUER_STACKED, SIGNATURE, joint_layout
from reportgen.format.titles import text_width

A14 = ["高台县民政局", "中共高台县委网信办", "高台县人民法院", "高台县人民检察院", "高台县教育局", "高台县公安局",
       "高台县司法局", "高台县财政局", "高台县人力资源和社会保障局", "高台县卫生健康局", "高台县应急管理局",
       "高台县水务局", "高台县妇女联合会", "共青团高台县委"]
LONG = ["中国共产党高台县委员会宣传部", "高台县乡村振兴局（扶贫开发办公室）"]
CASES = {2: LONG, 3: [LONG[0], "高台县人力资源和社会保障局", LONG[1]], 5: [*A14[:3], *LONG],
         9: [*A14[:7], *LONG], 14: A14, 15: [*A14[:13], *LONG]}


def _fits(layout: dict, shape) -> bool:
    room = (shape.width_pt / layout["列"] - shape.cell_margin_pt) * FIT
    return all(text_width(n, layout["字号"], shape.spacing) <= room for row in layout["行"] for n in row)


@pytest.mark.parametrize("count", list(CASES))
def test_every_name_fits_its_cell(count):
    names = CASES[count]
    kinds = [("标志竖排", ISSUER_STACKED)] if count <= 3 else [("标志", ISSUER), ("署名", SIGNATURE)]
    for kind, shape in kinds:
        layout = joint_layout(names, kind)
        assert _fits(layout, shape), (kind, layout)
        assert layout["列"] in shape.columns and shape.min_size <= layout["字号"] <= shape.max_size
        assert [n for row in layout["行"] for n in row if n] == names  # issuing order, lead agency first
        assert all(len(row) == layout["列"] for row in layout["行"])


def test_short_names_keep_three_a_row_at_full_size():
    short = ["高台县民政局", "高台县教育局", "高台县公安局", "高台县司法局", "高台县财政局"]
    assert joint_layout(short, "标志") == {"列": 3, "字号": 14.0, "行数": 2,
                                          "行": [short[:3], [*short[3:], ""]]}
    assert joint_layout(short, "署名")["列"] == 3 and joint_layout(short, "署名")["字号"] == 16.0


def test_seed_003s_fourteen_agencies():
    """The names that wrapped before (中共高台县委网信 / 办, 高台县人力资源和 / 社会保障局)."""
    issuer, signature = joint_layout(A14, "标志"), joint_layout(A14, "署名")
    assert (issuer["列"], issuer["字号"], issuer["行数"]) == (2, 12.5, 7)
    assert (signature["列"], signature["字号"]) == (2, 16.0)  # 3号 kept, two a row


def test_very_long_names_stack_the_signature_or_shrink_it_when_many():
    nine, fifteen = joint_layout(CASES[9], "署名"), joint_layout(CASES[15], "署名")
    assert (nine["列"], nine["字号"]) == (1, 16.0)  # stacked like a single agency's, 3号
    assert fifteen["列"] == 2 and fifteen["字号"] < 16  # 15 stacked rows would push the body off page 1
    assert joint_layout(LONG, "标志竖排")["字号"] < 24


def test_a_few_very_long_names_stack_in_the_issuer_at_full_size():
    five, nine = joint_layout(CASES[5], "标志"), joint_layout(CASES[9], "标志")
    assert (five["列"], five["字号"]) == (1, 14.0)  # not 9.5 pt in two columns
    assert nine["列"] == 2  # nine stacked rows would make the 标志 too tall for page 1


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="标志"):
        joint_layout(A14, "落款")
