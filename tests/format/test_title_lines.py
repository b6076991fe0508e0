"""Title line breaking (GB/T 9704 §7.3.1): at word boundaries, within 156 mm at 22 pt, no stub last line."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.format import make_environment
from reportgen.format.titles import TYPE_WIDTH_PT, text_width, title_lines, words

COUNTIES = ["青禾县", "高台县", "云岭市青禾县", "阿克塞哈萨克族自治县", "城关镇", "石门村"]
YEARS = ["2024年", "2025年度", "2021—2025年", ""]
TOPICS = ["巩固拓展脱贫攻坚成果", "农村留守儿童和困境儿童关爱服务质量提升三年行动", "防返贫动态监测集中排查",
          "巩固拓展脱贫攻坚成果同乡村振兴有效衔接", "流动人口计划生育服务管理", "乡村振兴", "高标准农田建设"]
KINDS = ["工作总结", "情况报告", "实施方案", "目标责任书", "合同书", "工作要点"]


@st.composite
def titles(draw) -> tuple[str, str]:
    county = draw(st.sampled_from(COUNTIES))
    body = county + draw(st.sampled_from(YEARS)) + "".join(draw(st.lists(st.sampled_from(TOPICS), min_size=1,
                                                                         max_size=3)))
    body += draw(st.sampled_from(KINDS))
    if draw(st.booleans()):
        body = f"关于印发《{body}》的通知"
    return body, county


def _breaks(lines: list[str]) -> set[int]:
    return set(itertools.accumulate(len(line) for line in lines[:-1]))


def _boundaries(text: str, keep: str) -> set[int]:
    return set(itertools.accumulate(len(w) for w in words(text, [keep])))


@settings(max_examples=150, deadline=None)
@given(titles())
def test_breaks_fall_between_words_lines_fit_and_no_stub(title):
    text, county = title
    lines = title_lines(text, county)
    assert "".join(lines) == text
    assert _breaks(lines) <= _boundaries(text, county)  # never inside a word
    assert all(text_width(line) <= TYPE_WIDTH_PT for line in lines)
    if len(lines) > 1:
        assert len(lines[-1]) >= 3
        assert county not in text or any(county in line for line in lines)  # the county stays whole


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Lo", "Nd", "Po", "Ps", "Pe"]), max_size=80))
def test_any_text_comes_back_whole_and_within_the_width(text):
    lines = title_lines(text)
    assert "".join(lines) == text.strip()
    assert all(text_width(line) <= TYPE_WIDTH_PT + 0.01 for line in lines)


def test_the_titles_the_issue_showed_break_at_sense_boundaries():
    assert title_lines("青禾县2024年巩固拓展脱贫攻坚成果工作总结", "青禾县") == [
        "青禾县2024年", "巩固拓展脱贫攻坚成果工作总结"]
    assert title_lines("关于印发《青禾县2024年巩固拓展脱贫攻坚成果实施方案》的通知", "青禾县") == [
        "关于印发《青禾县2024年", "巩固拓展脱贫攻坚成果实施方案》的通知"]
    assert title_lines("高台县农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案", "高台县") == [
        "高台县农村留守儿童和困境儿童", "关爱服务质量提升三年行动实施方案"]
    assert title_lines("2024年度巩固拓展脱贫攻坚成果目标责任书") == ["2024年度巩固拓展脱贫攻坚成果目标责任书"]


def test_the_filter_writes_line_breaks():
    env = make_environment()
    out = env.from_string("{{ (县 ~ 年度 ~ '年巩固拓展脱贫攻坚成果工作总结')|title_lines(县) }}").render(
        县="青禾县", 年度=2024)
    assert out == "青禾县2024年\n巩固拓展脱贫攻坚成果工作总结"
