"""工作总结 and its 报告 variant (seed 000 is the model): figures from the 建档立卡/监测 context."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from reportgen.builtin.compose import blank, flowing_table, para, paras
from reportgen.builtin.gongwen import new_document

H1, H2, H3 = "一级标题", "二级标题", "三级标题"

OVERVIEW = (
    "{{ 范围.全称 }}共有建档立卡贫困户{{ 建档立卡.户数|num }}户{{ 建档立卡.人数|num }}人，分布在"
    "{% if 范围.下级 == '乡镇' %}{{ 建档立卡.乡镇|length }}个乡镇{% endif %}{{ 建档立卡.合计.行政村数 }}个行政村。截至{{ 年度 }}年底，已脱贫"
    "{{ 建档立卡.已脱贫户数|num }}户{{ 建档立卡.已脱贫人数|num }}人，未脱贫{{ 建档立卡.未脱贫户数|num }}户"
    "{{ 建档立卡.未脱贫人数|num }}人，贫困发生率为{{ 建档立卡.贫困发生率|pct(2) }}（按农业户籍人口"
    "{{ 建档立卡.农业户籍人口|num }}人计），建档立卡户人均纯收入{{ 建档立卡.人均纯收入|num(0) }}元。"
    "{% if 同比 is defined and 同比.建档立卡 is defined %}与上年相比，未脱贫人口{{ 同比.建档立卡.未脱贫人数|增减 }}，"
    "贫困发生率{{ 同比.建档立卡.贫困发生率|增减 }}，人均纯收入{{ 同比.建档立卡.人均纯收入|增幅 }}。{% endif %}"
)
BY_YEAR = (
    "从脱贫年度看，{% for y in 建档立卡.脱贫年度 if y.人数 %}{{ y.年度 }}年脱贫{{ y.户数|num }}户"
    "{{ y.人数|num }}人{{ '；' if not loop.last else '。' }}{% endfor %}"
)
FIVE = (
    "按照“五个一批”要求分类施策，{% for x in 建档立卡.五个一批 %}{{ x.名称 }}{{ x.户数|num }}户"
    "{{ x.人数|num }}人{{ '，' if not loop.last else '。' }}{% endfor %}"
)
REASONS = (
    "从致贫原因看，{% for x in 建档立卡.致贫原因[:3] %}{{ x.名称 }}{{ x.户数|num }}户、占"
    "{{ x.占比|pct(1) }}{{ '，' if not loop.last else '' }}{% endfor %}，因病、因残仍是主要致贫原因。"
)
MONITOR = (
    "{{ 范围.全称 }}纳入防返贫动态监测对象{{ 监测.户数|num }}户{{ 监测.人数|num }}人，其中"
    "{% for k in 监测.类别 %}{{ k.名称 }}{{ k.户数|num }}户{{ k.人数|num }}人{{ '、' if not loop.last else '' }}"
    "{% endfor %}。已消除风险{{ 监测.风险已消除户数|num }}户{{ 监测.风险已消除人数|num }}人，风险消除率"
    "{{ 监测.风险消除率|pct(1) }}；尚未消除风险{{ 监测.风险未消除户数|num }}户{{ 监测.风险未消除人数|num }}人，"
    "均已落实针对性帮扶措施。{% if 同比 is defined and 同比.监测 is defined %}与上年相比，监测对象"
    "{{ 同比.监测.户数|增减 }}，风险消除率{{ 同比.监测.风险消除率|增减 }}。{% endif %}"
)
TOWN = (
    "{{ t.名称 }}共有建档立卡户{{ t.户数|num }}户{{ t.人数|num }}人，已脱贫{{ t.已脱贫户数|num }}户"
    "{{ t.已脱贫人数|num }}人，贫困发生率{{ t.贫困发生率|pct(2) }}。"
)
TABLE_HEAD = ["{{ 范围.下级 }}", "建档立卡户数", "建档立卡人数", "已脱贫人数", "监测户数", "风险已消除户数", "贫困发生率"]
TABLE_ROW = ["{{ r.名称 }}", "{{ r.建档立卡户数|num }}", "{{ r.建档立卡人数|num }}",
             "{{ r.已脱贫人数|num }}", "{{ r.监测户数|num }}", "{{ r.风险已消除户数|num }}",
             "{{ r.贫困发生率|pct(2) }}"]
TABLE_TOTAL = ["合计", "{{ 乡镇汇总合计.建档立卡户数|num }}", "{{ 乡镇汇总合计.建档立卡人数|num }}",
               "{{ 乡镇汇总合计.已脱贫人数|num }}", "{{ 乡镇汇总合计.监测户数|num }}",
               "{{ 乡镇汇总合计.风险已消除户数|num }}", "{{ 乡镇汇总合计.贫困发生率|pct(2) }}"]


def build_summary(report: bool = False) -> DocxDocument:
    """工作总结 (report=False) or 情况报告 (report=True: 主送机关 and 特此报告。)."""
    doc = new_document()
    kind = "情况报告" if report else "工作总结"
    para(doc, f"{{{{ (范围.名称 ~ 年度 ~ '年巩固拓展脱贫攻坚成果{kind}')|title_lines(范围.名称) }}}}", "公文标题")
    blank(doc)
    if report:
        para(doc, "{{ 公文.主送 }}：", "主送机关")
    para(doc, "{{ 年度 }}年，{{ 范围.名称 }}坚持把巩固拓展脱贫攻坚成果作为首要任务，严格落实“四个不摘”要求，"
              "守住不发生规模性返贫底线，各项工作取得明显成效。现将有关情况"
              + ("报告如下。" if report else "总结如下。"))
    para(doc, "一、基本情况", H1)
    paras(doc, None, OVERVIEW, REASONS)
    # the table breaks across pages (header repeated) and fills page 1; the chart follows its paragraph
    # after the table, so no page ends half empty before a chart that did not fit
    para(doc, "各{{ 范围.下级 }}建档立卡及监测情况见下表。").paragraph_format.keep_with_next = True
    flowing_table(doc, TABLE_HEAD, "r", "乡镇汇总", TABLE_ROW, TABLE_TOTAL, [22, 20, 20, 20, 18, 24, 20])
    para(doc, BY_YEAR)
    # native bar chart of 脱贫人数 by year (render.py puts 图表.脱贫人数 in the context from 建档立卡.脱贫年度)
    paras(doc, "图表", "{%p if 图表 is defined and 图表.脱贫人数 is defined %}", "{{p 图表.脱贫人数 }}", "{%p endif %}")
    para(doc, "二、主要工作及成效", H1)
    para(doc, "（一）分类施策巩固脱贫成果", H2)
    para(doc, FIVE)
    para(doc, "（二）健全防返贫动态监测帮扶机制", H2)
    para(doc, MONITOR)
    para(doc, "（三）压实{{ 范围.下级 }}{% if 范围.下级 == '村' %}级{% endif %}主体责任", H2)
    para(doc, "各{{ 范围.下级 }}对照目标任务逐户排查，具体情况如下：")
    paras(doc, None, "{%p for t in 建档立卡.乡镇 %}", f"{{{{ loop.index }}}}.{TOWN}", "{%p endfor %}")
    para(doc, "三、存在的问题", H1)
    para(doc, "一是部分脱贫户收入结构单一，工资性收入占比偏高，持续增收基础还不牢固；二是因病、因残返贫"
              "致贫风险依然存在，监测对象中仍有部分户风险未消除；三是帮扶产业规模小、链条短，带动能力有待提升。")
    para(doc, "四、下一步工作打算", H1)
    para(doc, "1.强化动态监测。", H3)
    para(doc, "坚持“应纳尽纳、应帮尽帮”，对风险未消除的监测户逐户落实帮扶措施，确保风险按期消除。")
    para(doc, "2.促进稳定增收。", H3)
    para(doc, "大力发展特色产业，扩大就业帮扶，推动脱贫群众收入持续较快增长。")
    para(doc, "3.压实工作责任。", H3)
    para(doc, "严格落实县乡村三级责任，层层签订目标责任书，确保各项政策落地见效。")
    if report:
        para(doc, "特此报告。")
    blank(doc, 2)
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.paragraphs[-2].paragraph_format.keep_with_next = True
    para(doc, "{{ 公文.落款 }}", "署名")
    para(doc, "{{ 公文.成文日期|cn_date }}", "成文日期")
    return doc
