"""结对帮扶 built-ins (seed 004): the 实施方案 issued by an 印发通知 with its 附件 结对安排表, and one
结对帮扶协议书 per pair.

The 通知 part is the 印发通知's (红头 for one or many agencies, 文号, red rule, 署名, 版记), built with
the same helpers. The figures in the 方案 are indicators of the 结对帮扶名单 (``结对帮扶.…``: counts,
shapes derived from the list, village coverage); the table and the 协议书 read ``结对安排`` (the pairs
ordered by 受扶乡镇, each with its derived 形态, and the villages without a pair).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.table import Table

from reportgen.builtin.compose import (
    blank,
    keep_together_before,
    para,
    paras,
    repeat_header,
    signature_table,
    table,
)
from reportgen.builtin.gongwen import new_document
from reportgen.builtin.notice import landscape_attachment, notice_cover, record_ending

H1, H2 = "一级标题", "二级标题"
P, A = "结对帮扶", "结对安排"
DATE_BLANK = "　　　　年　　月　　日"  # U+3000 blanks for a hand-written date

BASIS = (
    "为深入推进全域结对帮扶工作，巩固拓展脱贫攻坚成果，按照“机构对口、行业相近、优势互补”的原则，根据受扶地"
    "实际需求，采取“一对一”“多对一”“一对多”方式开展结对帮扶，结合我{{ 范围.级别 }}实际，制定本方案。"
)
# the derived figures: who is paired with whom, in which shape and form, and which villages are left
SHAPES = (
    f"经帮受双方对口帮扶工作领导小组研究确定，{{{{ {P}.帮扶单位数|num }}}}个帮扶单位与{{{{ 范围.全称 }}}}{{{{ {P}.受扶单位数|num }}}}个受扶单位"
    f"（其中行政村{{{{ {P}.结对村数|num }}}}个）结成帮扶对子{{{{ {P}.结对数|num }}}}对，其中一对一"
    f"{{{{ {P}.结对形态[0].对数|num }}}}对，多对一{{{{ {P}.结对形态[1].组数|num }}}}组"
    f"{{{{ {P}.结对形态[1].对数|num }}}}对，一对多{{{{ {P}.结对形态[2].组数|num }}}}组"
    f"{{{{ {P}.结对形态[2].对数|num }}}}对。按帮扶单位类型分，"
    f"{{% for t in {P}.单位类型 if t.对数 %}}{{{{ t.名称 }}}}{{{{ t.对数|num }}}}对{{{{ '、' if not loop.last }}}}"
    f"{{% endfor %}}。"
)
COVERAGE = (
    f"{{{{ 范围.全称 }}}}{{{{ {P}.行政村数|num }}}}个行政村中，已有{{{{ {P}.结对村数|num }}}}个村落实帮扶单位，"
    f"覆盖率{{{{ {P}.村覆盖率|pct(1) }}}}"
    f"{{% if {A}.未结对村 %}}；{{% for t in {A}.乡镇 if t.未结对村 %}}{{{{ t.名称 }}}}{{{{ t.未结对村|join('、') }}}}"
    f"{{{{ '，' if not loop.last }}}}{{% endfor %}}共{{{{ {A}.未结对村|length }}}}个村尚未结对，由{{{{ 公文.统筹单位 }}}}"
    f"会同所在乡镇于{{{{ 公文.补结时限 }}}}前落实帮扶单位{{% endif %}}。各结对的帮扶单位、受扶单位和结对形式见附件。"
)
FORMS = (
    ("区域内统筹结对", "按照对口帮扶结对关系，由帮受双方对口帮扶工作领导小组统筹辖区内各领域、各行业工作力量结成帮扶对子"),
    ("点对点全面结对", "帮受双方以“部门对部门”“乡镇对乡镇”“村对村”“学校对学校”“医院对医院”等方式开展，同时鼓励帮扶地"
                "企业、产业合作社和社会组织积极参与"),
    ("重点带动精准结对", "由帮扶地优选帮带能力强、帮扶资源多的单位参与结对帮扶，构建“强乡带弱乡”“富村带穷村”"
                  "“先进帮后进”的结对帮扶模式"),
)
TASKS = (
    ("推进产业发展", "结合受扶地产业发展需求，按照类型相似、产业相融的原则，优选企业、产业合作社参与帮扶，帮助改善产品"
               "结构、培育地方品牌，搭建帮受双方产品展销平台。"),
    ("加强智力支援", "突出干部、管理人才、专业人才的教育培养，有序选派受扶地专业人才到结对单位顶岗挂职、参加培训，培养"
               "本土专业骨干力量。"),
    ("强化社会帮扶", "鼓励引导帮扶地民营企业、社会组织和个人参与受扶地巩固拓展脱贫攻坚成果，开展捐资助学、医疗救助、"
               "爱心捐赠、志愿服务等活动。"),
    ("深化劳务协作", "建立劳务输出精准对接机制，共享就业扶持政策，通过送教上门、订单培训等形式开展劳动力转移培训。"),
    ("组织支部共建", "推进组织联建，协同受扶单位抓好基层党建和基础业务工作，鼓励党员结成互助对子，发展壮大村集体经济。"),
    ("开展群众工作", "抓好群众工作阵地建设、群众思想工作和群众内生动力激发，引导群众依靠双手增收致富。"),
)
TASK_WORDS = "产业发展、智力支援、社会帮扶、劳务协作、支部共建、群众工作"
# The table is set in 小四 (12 pt, 16 pt pitch): in 4号 every row took two or three lines and the first
# 乡镇 kept together did not fit under the 附件 title, which then stood alone on its page (measured).
# Widths in mm of the 225 mm landscape 版心: each column holds its usual longest entry on one line
# (4.23 mm a character plus 3.8 mm of cell margins); 重点任务 wraps after two tasks, at the 、.
TABLE_HEAD = ["受扶乡镇", "序号", "受扶单位", "帮扶单位", "结对形式", "形态", "重点任务"]
TABLE_WIDTHS = [21, 13, 34, 56, 38, 17, 46]
TABLE_SIZE, TABLE_PITCH = Pt(12), Pt(16)
_CELLS = ["{{ loop.index }}", "{{ r.受扶单位 }}{% vm %}", "{{ r.帮扶单位 }}", "{{ r.结对形式 }}", "{{ r.形态 }}",
          "{{ r.重点任务|join('、') }}"]
MERGED_ROW = ["{{ r.乡镇 }}{% vm %}", *_CELLS]  # 乡镇 merged down its rows
PLAIN_ROW = ["{{ r.乡镇 }}", *_CELLS]  # a long 乡镇: its name on every row
KEEP_TOWN = 8  # pairs of a 乡镇 that surely fit one landscape page (two-line rows, about 10 a page)
ROW_STYLES = ["表格文字", "表格文字", "表格文字", "表格文字左齐", "表格文字", "表格文字", "表格文字左齐"]


def build_pairing_plan() -> DocxDocument:
    """印发通知 + 结对帮扶实施方案 + 附件 结对安排表 (landscape) + 版记."""
    doc = new_document()
    notice_cover(doc)
    blank(doc)
    para(doc, BASIS)
    para(doc, "一、总体要求", H1)
    para(doc, "（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，把结对帮扶作为巩固拓展脱贫攻坚成果、"
              "推进乡村振兴的重要抓手，统筹帮受双方机关、乡镇、村、企业、学校、医院及社会组织力量，形成全域覆盖、"
              "上下联动的帮扶格局。")
    para(doc, "（二）工作目标。到{{ 年度 }}年底，实现结对帮扶对{{ 范围.全称 }}行政村全覆盖，每个结对都有明确的帮扶"
              "任务、帮扶期限和双方责任人，帮扶成效纳入年度考核。")
    para(doc, "二、结对安排", H1)
    para(doc, SHAPES)
    para(doc, COVERAGE)
    for n, (name, what) in enumerate(FORMS):
        para(doc, f"（{'一二三'[n]}）{name}。{what}，共{{{{ {P}.结对形式[{n}].对数|num }}}}对。")
    para(doc, "三、重点任务", H1)
    para(doc, f"各结对要突出抓好{TASK_WORDS}等六项重点任务，每个结对至少确定两项。")
    for n, (name, what) in enumerate(TASKS):
        para(doc, f"（{'一二三四五六'[n]}）{name}", H2)
        para(doc, f"{what}目前共有{{{{ {P}.重点任务[{n}].对数|num }}}}个结对把{name[2:]}列为重点任务。")
    para(doc, "四、保障措施", H1)
    para(doc, "（一）加强组织领导。{{ 公文.统筹单位 }}负责结对帮扶的统筹协调，各乡镇、各相关部门主要负责同志亲自抓，"
              "分管负责同志具体抓，确保结对关系落实到位。")
    para(doc, "（二）签订帮扶协议。各结对双方于{{ 公文.协议时限 }}前签订结对帮扶协议书，明确帮扶期限、重点任务和双方"
              "责任，协议书报{{ 公文.统筹单位 }}备案。")
    para(doc, "（三）强化督促考核。结对帮扶工作情况纳入帮受双方年度目标考核，对工作不力的单位予以通报。")
    landscape_attachment(doc, "结对安排表")
    _arrangement_table(doc)

    record_ending(doc)
    return doc


def _arrangement_table(doc) -> Table:
    """结对安排表: one row per pair; 受扶单位 merged down its 多对一 group, 受扶乡镇 down its 乡镇.

    Neither Word nor LibreOffice repeats a merged cell's text on the next page, and the layout check
    (续页首行组标签不空) refuses a page that starts inside a merged group. So a merged group is kept on one
    page (each row but the group's last is kept with the next): a 乡镇 with at most ``KEEP_TOWN`` pairs is
    merged and kept together; a longer one (it may not fit a page) prints its name on every row and may
    break between its 受扶单位. A 受扶单位's rows are always kept together.
    """
    last = "not loop.last and loop.nextitem.{0} == r.{0}"
    small = f"r.乡镇对数 <= {KEEP_TOWN}"
    rows = [TABLE_HEAD, _tag_row(f"{{%tr for r in {A}.对子 %}}"),
            _tag_row(f"{{%tr if {small} and {last.format('乡镇')} %}}"), MERGED_ROW,
            _tag_row(f"{{%tr elif {small} %}}"), MERGED_ROW,
            _tag_row(f"{{%tr elif {last.format('受扶单位')} %}}"), PLAIN_ROW,
            _tag_row("{%tr else %}"), PLAIN_ROW,
            _tag_row("{%tr endif %}"), _tag_row("{%tr endfor %}")]
    tbl = table(doc, rows, TABLE_WIDTHS, styles=["表头"] + [None] * (len(rows) - 1), width=12756)
    for index, keep in ((3, True), (5, False), (7, True), (9, False)):
        for cell, style in zip(tbl.rows[index].cells, ROW_STYLES, strict=True):
            cell.paragraphs[0].style = doc.styles[style]
            cell.paragraphs[0].paragraph_format.keep_with_next = keep
    for row in tbl.rows:
        for cell in row.cells:
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = TABLE_PITCH
            for run in paragraph.runs:
                run.font.size = TABLE_SIZE
    repeat_header(tbl)
    return tbl


def _tag_row(text: str) -> list[str]:
    """A row holding only a ``{%tr %}`` tag in its first cell."""
    return [text] + [""] * (len(TABLE_HEAD) - 1)


def build_pairing_agreement() -> DocxDocument:
    """结对帮扶协议书, one per pair (``对``: a row of ``结对安排.对子``)."""
    doc = new_document()
    para(doc, "结对帮扶协议书", "公文标题")
    blank(doc)
    para(doc, "甲方（帮扶单位）：{{ 对.帮扶单位 }}", "主送机关")
    para(doc, "乙方（受扶单位）：{{ 对.受扶单位 }}{% if 对.受扶单位类型 == '村' %}（{{ 县 }}{{ 对.乡镇 }}）{% endif %}",
         "主送机关")
    para(doc, "为深入推进全域结对帮扶工作，根据《{{ 公文.方案名称 }}》，甲乙双方按照“{{ 对.结对形式 }}”方式结成帮扶"
              "对子，经协商一致，签订本协议。")
    para(doc, "一、帮扶期限", H1)
    para(doc, "自{{ 公文.起始日期|cn_date }}起至{{ 公文.终止日期|cn_date }}止。期满后经双方协商可以续签。")
    para(doc, "二、重点任务", H1)
    para(doc, "双方围绕以下{{ 对.重点任务|length|cn_num }}项重点任务开展帮扶：")
    para(doc, "{%p for t in 对.重点任务 %}")
    para(doc, "{{ loop.index }}.{{ t }}。{{ 公文.任务内容[t] }}")
    para(doc, "{%p endfor %}")
    para(doc, "三、甲方责任", H1)
    paras(doc, None,
          "1.明确一名分管负责人和一名联系人，每季度至少到乙方开展一次实地帮扶。",
          "2.根据乙方需求制定年度帮扶计划，落实帮扶项目、资金和人员。",
          "3.每年12月底前向{{ 公文.统筹单位 }}报送帮扶工作情况。")
    para(doc, "四、乙方责任", H1)
    paras(doc, None,
          "1.如实提出帮扶需求，配合甲方制定和实施帮扶计划。",
          "2.管好用好帮扶项目和资金，建立帮扶工作台账。",
          "3.及时向甲方和所在乡镇反馈帮扶成效和存在的问题。")
    para(doc, "五、联络方式", H1)
    para(doc, "甲方联系人：{{ 对.联系人 }}，联系电话：{{ 对.电话 }}。")
    para(doc, "六、附则", H1)
    para(doc, "本协议一式{{ 公文.份数|cn_num }}份，甲乙双方各执一份，报{{ 公文.统筹单位 }}备案一份，自签订之日起生效。")
    blank(doc, 2)
    keep_together_before(doc, 2)
    signature_table(doc, [["甲方（盖章）：", "乙方（盖章）："],
                          ["负责人（签字）：", "负责人（签字）："],
                          [DATE_BLANK, DATE_BLANK]])
    return doc
