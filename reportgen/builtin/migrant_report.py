"""流动人口情况汇报 (seed 002, the 汇报 beside the 合同书): the 流动人口 figures in prose, and a table by 乡镇.

Every number comes from ``流动人口`` in the figures context (流入/流出 户数 and 人数, 育龄妇女, 已婚育龄妇女,
签订合同, 婚育证明; docs/figures.md); with ``同比`` (``figures --previous``) the sentences add the change on
last year. The sentences without figures are plain template text a clerk edits in the .docx.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from reportgen.builtin.compose import blank, flowing_table, para, paras
from reportgen.builtin.gongwen import new_document

H1, H2 = "一级标题", "二级标题"
M = "流动人口"
HAS_PREVIOUS = "同比 is defined and 同比.流动人口 is defined"

OPENING = (
    "{{ 年度 }}年，{{ 范围.名称 or ('我' ~ 范围.级别) }}坚持以人为本、依法管理、公平对待、优质服务的原则，围绕“掌握百分之百信息、"
    "提供百分之百服务”的目标，健全流入地与流出地协作机制，扎实推进流动人口计划生育服务管理工作。"
    "现将有关情况汇报如下："
)
OVERVIEW = (
    f"截至{{{{ 年度 }}}}年底，{{{{ 范围.全称 }}}}共登记流动人口{{{{ {M}.户数|num }}}}户{{{{ {M}.人数|num }}}}人，"
    f"其中流入人口{{{{ {M}.流入户数|num }}}}户{{{{ {M}.流入人数|num }}}}人，流出人口{{{{ {M}.流出户数|num }}}}户"
    f"{{{{ {M}.流出人数|num }}}}人。{{% if {HAS_PREVIOUS} %}}与上年相比，流入人口{{{{ 同比.{M}.流入人数|增减 }}}}，"
    f"流出人口{{{{ 同比.{M}.流出人数|增减 }}}}。{{% endif %}}"
)
REASONS = (
    f"{{% if {M}.流入原因 %}}从流入原因看，{{% for x in {M}.流入原因[:3] %}}{{{{ x.名称 }}}}{{{{ x.人数|num }}}}人、"
    f"占{{{{ x.占比|pct(1) }}}}{{{{ '，' if not loop.last else '' }}}}{{% endfor %}}，"
    f"{{{{ {M}.流入原因[0].名称 }}}}是人口流入的主要原因。{{% endif %}}"
)
WOMEN = (
    f"流动人口中有育龄妇女{{{{ {M}.育龄妇女人数|num }}}}人，其中已婚育龄妇女{{{{ {M}.已婚育龄妇女人数|num }}}}人"
    f"{{% if {M}.流入已婚育龄妇女人数 and {M}.流出已婚育龄妇女人数 %}}（流入{{{{ {M}.流入已婚育龄妇女人数|num }}}}人、"
    f"流出{{{{ {M}.流出已婚育龄妇女人数|num }}}}人）{{% elif {M}.已婚育龄妇女人数 %}}"
    f"（均为{{{{ '流入' if {M}.流入已婚育龄妇女人数 else '流出' }}}}人口）{{% endif %}}，是服务管理的重点对象。"
    f"{{% if {HAS_PREVIOUS} %}}已婚育龄妇女较上年{{{{ 同比.{M}.已婚育龄妇女人数|增减 }}}}。{{% endif %}}"
)
BIGGEST = (
    f"{{% set top = ({M}.乡镇|sort(attribute='流入人数', reverse=true))[0] %}}流入人口最多的是{{{{ top.名称 }}}}"
    f"（{{{{ top.流入户数|num }}}}户{{{{ top.流入人数|num }}}}人），各{{{{ 范围.下级 }}}}分布情况见下表。"
)
RECORDS = (
    "依托全员流动人口信息系统，对流动人口实行“一人一档、一户一帐”动态管理，做到随时清理、随时登记、随时建档。"
    f"全年登记流入人口{{{{ {M}.流入人数|num }}}}人、流出人口{{{{ {M}.流出人数|num }}}}人，信息全部录入系统，"
    "与户籍人口信息同步核对。"
)
CONTRACTS = (
    "按照“流入地管理为主、流出地配合”的原则，以户为单位签订流动人口计划生育服务管理合同书，明确村民委员会和"
    f"流动人口家庭双方的权利义务。全年签订合同{{{{ {M}.签订合同户数|num }}}}户，合同签订率{{{{ {M}.合同签订率|pct(1) }}}}"
    f"{{% if {HAS_PREVIOUS} %}}，较上年{{{{ 同比.{M}.合同签订率|增减 }}}}{{% endif %}}。"
)
CERTIFICATES = (
    f"{{% if {M}.流出已婚育龄妇女人数 %}}为流出已婚育龄妇女办理《流动人口婚育证明》{{{{ {M}.办理婚育证明人数|num }}}}人，"
    f"办证率{{{{ {M}.婚育证明办证率|pct(1) }}}}；{{% endif %}}{{% if {M}.流入已婚育龄妇女人数 %}}查验流入已婚育龄妇女"
    f"婚育证明{{{{ {M}.查验婚育证明人数|num }}}}人，验证率{{{{ {M}.婚育证明验证率|pct(1) }}}}；{{% endif %}}"
    "推行“一站式”免费办证和查验，方便群众办事。"
)
SERVICES = (
    "对流入人口与户籍人口同宣传、同服务、同管理，免费提供避孕节育、优生优育、生殖健康等基本公共服务，"
    "在就业、就医、子女入学等方面帮助流动人口解决实际困难。"
)
PLACE = (
    "{{ loop.index }}.{{ t.名称 }}：{% if t.流入人数 %}流入人口{{ t.流入户数|num }}户{{ t.流入人数|num }}人，{% endif %}"
    "{% if t.流出人数 %}流出人口{{ t.流出户数|num }}户{{ t.流出人数|num }}人，{% endif %}已婚育龄妇女{{ t.已婚育龄妇女人数|num }}人，签订合同{{ t.签订合同户数|num }}户"
    "{% if t.户数 %}，签订率{{ t.合同签订率|pct(1) }}{% endif %}"
    "{% if t.村 is defined %}{% set busy = (t.村|selectattr('流入人数')|sort(attribute='流入人数', reverse=true))[:2] %}"
    "{% if busy %}；流入人口较多的是{% for v in busy %}{{ v.名称 }}（{{ v.流入人数|num }}人）"
    "{{ '、' if not loop.last else '' }}{% endfor %}{% endif %}{% endif %}。"
)
PROBLEMS = (
    "一是流动人口流动频繁、居住分散，部分人员信息采集和更新不够及时；二是"
    f"{{% if {M}.户数 > {M}.签订合同户数 %}}仍有{{{{ ({M}.户数 - {M}.签订合同户数)|num }}}}户流动人口家庭未签订服务管理合同"
    "{% else %}合同签订后的跟踪服务还不够经常{% endif %}；三是"
    f"{{% set unissued = ({M}.流出已婚育龄妇女人数 or 0) - ({M}.办理婚育证明人数 or 0) %}}"
    f"{{% set unchecked = ({M}.流入已婚育龄妇女人数 or 0) - ({M}.查验婚育证明人数 or 0) %}}"
    "{% if unissued > 0 or unchecked > 0 %}{% if unissued > 0 %}流出已婚育龄妇女中有{{ unissued|num }}人未办理婚育证明"
    "{{ '，' if unchecked > 0 else '' }}{% endif %}{% if unchecked > 0 %}流入已婚育龄妇女中有{{ unchecked|num }}人婚育证明"
    "未查验{% endif %}，{% endif %}流入地与流出地信息协查反馈还不够及时。"
)
PLANS = [
    ("1.强化信息动态管理。", "坚持“以房管人”，落实全员包干责任，及时采集、更新流动人口信息，确保数据准确、一一对应。"),
    ("2.提高合同签订率。",
     f"{{% if {M}.户数 > {M}.签订合同户数 %}}对尚未签订合同的{{{{ ({M}.户数 - {M}.签订合同户数)|num }}}}户逐户上门签订，"
     "{% endif %}力争合同签订率达到100%。"),
    ("3.深化区域协作。", "加强与流入地、流出地的信息互通，及时接收、核实、反馈协查信息，规范婚育证明办理和查验。"),
    ("4.落实均等化服务。", "把流动人口纳入基本公共服务范围，持续开展“关怀关爱”活动，切实维护流动人口合法权益。"),
]
CLOSING = "以上是我{{ 范围.级别 }}流动人口计划生育服务管理工作情况。我们将总结经验、查找不足，再接再厉，把工作做得更好。"

TABLE_WIDTHS = [24, 17, 17, 17, 17, 22, 22, 20]
TABLE_HEAD = ["{{ 范围.下级 }}", "流入户数", "流入人数", "流出户数", "流出人数", "已婚育龄妇女", "签订合同户数", "合同签订率"]
COLUMNS = ["流入户数", "流入人数", "流出户数", "流出人数", "已婚育龄妇女人数", "签订合同户数"]
TABLE_ROW = ["{{ r.名称 }}"] + [f"{{{{ r.{c}|num }}}}" for c in COLUMNS] + ["{{ r.合同签订率|pct(1) }}"]
TABLE_TOTAL = ["合计"] + [f"{{{{ {M}.合计.{c}|num }}}}" for c in COLUMNS] + [f"{{{{ {M}.合计.合同签订率|pct(1) }}}}"]


def build_migrant_report() -> DocxDocument:
    """流动人口情况汇报: 主送, 基本情况 (with the table by 乡镇), 主要做法, 存在问题, 下步打算, 落款."""
    doc = new_document()
    para(doc, "{{ ((范围.名称 or '') ~ 年度 ~ '年流动人口计划生育服务管理情况汇报')|title_lines(范围.名称 or None) }}",
         "公文标题")
    blank(doc)
    para(doc, "{{ 公文.主送 }}：", "主送机关")
    para(doc, OPENING)
    para(doc, "一、基本情况", H1)
    paras(doc, None, OVERVIEW, REASONS, WOMEN, BIGGEST)
    doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the lead-in stays with the table's head
    flowing_table(doc, TABLE_HEAD, "r", f"{M}.乡镇", TABLE_ROW, TABLE_TOTAL, TABLE_WIDTHS)
    para(doc, "二、主要做法", H1)
    para(doc, "（一）健全信息管理", H2)
    para(doc, RECORDS)
    para(doc, "（二）落实合同管理", H2)
    para(doc, CONTRACTS)
    para(doc, "（三）规范婚育证明办理和查验", H2)
    para(doc, CERTIFICATES)
    para(doc, "（四）推进均等化服务", H2)
    para(doc, SERVICES)
    para(doc, "（五）压实{{ 范围.下级 }}{% if 范围.下级 == '村' %}级{% endif %}属地责任", H2)
    para(doc, "各{{ 范围.下级 }}按照属地管理要求，把流动人口服务管理纳入目标责任，具体情况如下：")
    paras(doc, None, f"{{%p for t in {M}.乡镇 if t.户数 %}}", PLACE, "{%p endfor %}")
    para(doc, "三、存在问题", H1)
    para(doc, PROBLEMS)
    para(doc, "四、下步打算", H1)
    for head, text in PLANS:  # run-in 三级标题: 「1.强化信息动态管理。」 then the text, one paragraph
        para(doc, head + text)
    para(doc, CLOSING)
    blank(doc, 2)
    for p in doc.paragraphs[-3:]:  # the 署名 never opens a page without body text (GB/T 9704 7.3.5.5)
        p.paragraph_format.keep_with_next = True
    para(doc, "{{ 公文.落款 }}", "署名")
    para(doc, "{{ 公文.成文日期|cn_date }}", "成文日期")
    return doc
