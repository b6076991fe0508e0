"""Filters through make_environment() templates (sandboxed, strict), and Traditional-script output."""

from __future__ import annotations

from datetime import date

import pytest
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from reportgen.errors import ReportgenError
from reportgen.format import convert_text, make_environment
from reportgen.format.environment import MissingValueWarning, NoneValueError
from reportgen.format.filters import FILTERS

SEED_000 = "建档立卡贫困户2751户，贫困人口8072人，贫困发生率22.6%"

CONTEXT = {
    "amount": 12000,
    "d": date(2024, 4, 18),
    "rate": 0.2257,
    "poor": 8072,
    "zero": 0,
    "id": "410102199001011234",
    "phone": "13812345678",
    "name": "欧阳娜娜",
}

TEMPLATES = [
    ("{{ amount|rmb_upper }}", "壹万贰仟元整"),
    ("{{ amount|rmb_upper(prefix=True) }}", "人民币壹万贰仟元整"),
    ("{{ amount|rmb_contract }}", "人民币壹万贰仟元整（¥12,000.00）"),
    ("{{ 101|cn_num }}", "一百零一"),
    (
        "{% for x in [1, 2] %}{{ loop.index|heading(1) }}{{ loop.index|heading(2) }}{% endfor %}",
        "一、（一）二、（二）",
    ),
    ("{{ 3|heading(3) }}{{ 4|heading(4) }}", "3.（4）"),
    ("{{ 2024|cn_year }}", "二〇二四"),
    ("{{ d|cn_date }} {{ d|cn_date(upper=True) }}", "2024年4月18日 二〇二四年四月十八日"),
    ("{{ 202304.0|cn_date }}", "2023年4月"),
    ("{{ 12345|wan(2) }} {{ 12345|wan(2, unit='万元') }} {{ 345000000|yi(2) }}", "1.23万 1.23万元 3.45亿"),
    ("{{ rate|pct(1) }} {{ poor|pct(1, of=35717) }} {{ poor|pct(1, of=zero) }}", "22.6% 22.6% —"),
    ("{{ none_rate|pct(1) }}", "—"),
    ("{{ 2748456|num }} {{ 1234.5|num(2) }}", "2,748,456 1234.50"),
    ("{{ 15|span(30, '%') }} {{ 3|span(5, '万元') }}", "15%～30% 3万～5万元"),
    ("{{ '高民发'|wenhao(2024, 10) }}", "高民发〔2024〕10号"),
    ("{{ '高民发〔2024〕10号' is wenhao }} {{ is_wenhao('高民发[2024]10号') }}", "True False"),
    ("{{ id|mask_id }} {{ phone|mask_phone }} {{ name|mask_name }}", "410102********1234 138****5678 欧阳**"),
    ("{{ '6222020200112233445'|mask_bank }}", "***************3445"),
    ("{{ ('青禾县2024年巩固拓展脱贫攻坚成果工作总结'|title_lines('青禾县')).split('\\n')|join('/') }}",
     "青禾县2024年/巩固拓展脱贫攻坚成果工作总结"),
    ("{% set l = ['高台县民政局', '中共高台县委网信办', '高台县人力资源和社会保障局', '高台县教育局']|joint_layout %}"
     "{{ l.列 }}/{{ l.字号 }}/{{ l.行|length }}", "1/14.0/4"),
    ("{{ 1234567.891|fmt_decimal(2) }}", "1,234,567.89"),
    (
        "{{ d|fmt_date }} {{ 0.0523|fmt_percent(2) }} {{ 12000|fmt_currency }}",
        "2024年4月18日 5.23% ¥12,000.00",
    ),
    (
        "{{ {'增减': 35, '单位': '人'}|增减 }} {{ {'增减': -0.0512, '单位': '个百分点'}|增减 }} "
        "{{ {'增减': 0, '单位': '户'}|增减 }} {{ {'增幅': 0.0169}|增幅 }} {{ none_rate|增幅 }}",
        "增加35人 下降0.05个百分点 持平 增长1.7% —",
    ),
]


@pytest.mark.parametrize(("source", "expected"), TEMPLATES, ids=[s for s, _ in TEMPLATES])
def test_filters_in_templates(source, expected):
    env = make_environment()
    assert env.from_string(source).render(**CONTEXT, none_rate=None) == expected


def test_every_registered_filter_is_exercised_by_a_template():
    used = {name for source, _ in TEMPLATES for name in FILTERS if f"|{name}" in source}
    assert used >= set(FILTERS) - {"rmb", "range"}
    assert make_environment().from_string("{{ 2.675|rmb }}").render() == "¥2.68"


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing|rmb_upper }}",
        "{{ missing|pct(1) }}",
        "{{ 1|pct(1, of=missing) }}",
        "{{ missing|num }}",
        "{{ missing|mask_id }}",
        "{{ missing|cn_date(missing='') }}",
        "{{ missing|fmt_date }}",
    ],
)
def test_strict_undefined_is_an_error_not_a_dash(source):
    with pytest.raises(UndefinedError):
        make_environment().from_string(source).render()


def test_lenient_mode_still_prints_missing_text_for_pct():
    env = make_environment(undefined="lenient")
    assert env.from_string("{{ x|pct(1) }}|{{ 1|pct(1, of=y) }}").render() == "—|—"


def test_filter_errors_reach_the_engine_as_reportgen_errors():
    with pytest.raises(ReportgenError, match="金额"):
        make_environment().from_string("{{ '十二'|rmb_upper }}").render()


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ amount.__class__.__base__ }}",
        "{{ (1).real.__class__ }}",
    ],
)
def test_sandbox_blocks_python_internals(source):
    env = make_environment()
    with pytest.raises((SecurityError, UndefinedError)):
        env.from_string(source).render(**CONTEXT)


def test_sandbox_blocks_unsafe_calls_in_lenient_mode_too():
    env = make_environment(undefined="lenient")
    out = env.from_string("{{ ''.__class__ }}").render()
    assert "class" not in out
    with pytest.raises(SecurityError):
        env.from_string("{{ d.__class__.__subclasses__() }}").render(**CONTEXT)


def test_range_filter_alias_does_not_shadow_the_range_global():
    out = (
        make_environment()
        .from_string("{% for i in range(2) %}{{ i }}{% endfor %} {{ 15|range(30, '%') }}")
        .render()
    )
    assert out == "01 15%～30%"


def test_unknown_filter_is_a_template_error():
    with pytest.raises(TemplateSyntaxError):
        make_environment().from_string("{{ 1|no_such_filter }}")


# ---- Traditional script -------------------------------------------------------------------------


@pytest.mark.parametrize("script", ["traditional", "tw"])
def test_seed_000_sentence_in_traditional_keeps_numbers(script):
    env = make_environment(script=script)
    out = env.from_string("{{ s }}").render(s=SEED_000)
    assert out == "建檔立卡貧困戶2751戶，貧困人口8072人，貧困發生率22.6%"
    assert [c for c in out if c.isascii()] == [c for c in SEED_000 if c.isascii()]


# Simplified sentences → the wording of seed 001 (a real Traditional 工作總結 from the mainland).
SEED_001 = [
    ("截至目前，共争取项目资金50.3万元", "截至目前，共爭取項目資金50.3萬元"),
    ("为驻村工作队配备一台专车，全力做好后勤保障工作", "為駐村工作隊配備一臺專車，全力做好後勤保障工作"),
    ("充分利用政协组织优势，积极争取协调资金", "充分利用政協組織優勢，積極爭取協調資金"),
    ("选派第一书记和驻村工作人员", "選派第一書記和駐村工作人員"),
]


@pytest.mark.parametrize(("simplified", "traditional"), SEED_001)
def test_traditional_keeps_mainland_wording_like_seed_001(simplified, traditional):
    assert convert_text(simplified, "traditional") == traditional


@pytest.mark.parametrize(("simplified", "tw"), [
    ("监测对象和帮扶对象", "監測對象和幫扶對象"),  # s2twp alone: 監測物件
    ("高台县人民政府文件", "高臺縣人民政府文件"),  # s2twp alone: 人民政府檔案
    ("按照文件精神和工作程序推进项目", "按照文件精神和工作程序推進專案"),  # 程式 / 檔案 精神 alone
])
def test_tw_keeps_official_terms_that_s2twp_turns_into_computing_words(simplified, tw):
    assert convert_text(simplified, "tw") == tw


def test_tw_uses_taiwan_vocabulary_and_hk_keeps_its_own_hu():
    assert convert_text("项目 支持 信息 软件 里面 头发 发展", "tw") == "專案 支援 資訊 軟體 裡面 頭髮 發展"
    assert (
        convert_text("项目 支持 信息 软件 里面 头发 发展", "traditional")
        == "項目 支持 信息 軟件 裡面 頭髮 發展"
    )
    assert convert_text("贫困户", "hk") == "貧困户"  # HK standard glyph 户, not 戶 (documented gotcha)
    assert convert_text("贫困户", "traditional") == "貧困戶"


def test_ids_wenhao_and_money_unchanged_by_conversion():
    env = make_environment(script="tw")
    source = "{{ '高民发'|wenhao(2024, 10) }} {{ id }} {{ amount|rmb_contract }} {{ d|cn_date(upper=True) }} {{ 3|span(5, '万元') }}"
    out = env.from_string(source).render(**CONTEXT)
    assert (
        out
        == "高民發〔2024〕10號 410102199001011234 人民幣壹萬貳仟元整（¥12,000.00） 二〇二四年四月十八日 3萬～5萬元"
    )


def test_template_text_is_left_to_the_engine():
    env = make_environment(script="tw")
    assert env.reportgen_script == "tw"
    assert env.from_string("发展{{ s }}").render(s="发展") == "发展發展"
    assert convert_text("发展", env.reportgen_script) == "發展"
    assert convert_text("发展", None) == "发展"
    assert convert_text("发展", "simplified") == "发展"


def test_round_trip_back_to_simplified():
    import opencc

    traditional = convert_text(SEED_000, "traditional")
    assert opencc.OpenCC("tw2sp.json").convert(traditional) == SEED_000


def test_conversion_is_safe_on_odd_values():
    # None is never printed as "None" (issue 22): empty with a warning in lenient mode, an error in strict
    env = make_environment(script="tw", undefined="lenient")
    with pytest.warns(MissingValueWarning, match="空值"):
        out = env.from_string("{{ a }}|{{ b }}|{{ c }}|{{ n }}|{{ f }}|{{ none }}").render(
            a="", b="a\x00b后面", c=["发展"], n=8072, f=22.6, none=None
        )
    assert out == "|a\x00b後面|['發展']|8072|22.6|"
    with pytest.raises(NoneValueError, match="None"):
        make_environment(script="tw").from_string("青禾县{{ none }}年").render(none=None)


def test_markup_stays_markup_under_autoescape():
    env = make_environment(script="tw", autoescape=True)
    out = env.from_string("{{ m }}{{ s }}").render(m=Markup("<b>发展</b>"), s="<发展>")
    assert out == "<b>發展</b>&lt;發展&gt;"


def test_engine_finalize_runs_after_conversion():
    env = make_environment(script="tw", finalize=lambda v: f"[{v}]")
    assert env.from_string("{{ s }}").render(s="发展") == "[發展]"


def test_unknown_script_fails_when_the_environment_is_made():
    with pytest.raises(ReportgenError, match="script"):
        make_environment(script="klingon")  # type: ignore[arg-type]


def test_environment_locale_sets_babel_default_but_templates_can_override():
    env = make_environment(locale="zh_Hant_HK")
    source = "{{ d|fmt_date('short') }} {{ d|fmt_date('short', 'zh_CN') }} {{ d|fmt_date('short', locale='zh_CN') }}"
    assert env.from_string(source).render(d=date(2024, 4, 18)) == "18/4/2024 2024/4/18 2024/4/18"
    assert make_environment().from_string("{{ 1|fmt_currency }}").render() == "¥1.00"
    with pytest.raises(ReportgenError):
        make_environment(locale="xx_YY")


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (None, "项目 支持 信息 贫困户 群众"),
        ("simplified", "项目 支持 信息 贫困户 群众"),
        ("traditional", "項目 支持 信息 貧困戶 群眾"),
        ("tw", "專案 支援 資訊 貧困戶 群眾"),
        ("hk", "項目 支持 信息 貧困户 羣眾"),
    ],
)
def test_script_table_in_docs(script, expected):
    env = make_environment(script=script)
    assert env.from_string("{{ s }}").render(s="项目 支持 信息 贫困户 群众") == expected
