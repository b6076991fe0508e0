"""印发通知 + 实施方案 (seed 003 is the model): 红头 (one or many agencies), 文号, red rule, 通知,
then the 方案 on a new page, its 任务分工 table on a landscape page, and the 版记 on the last page."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from reportgen.builtin.compose import (
    blank,
    last_section,
    new_section,
    para,
    record,
    red_head,
    red_rule_number,
    repeat_header,
    signatures,
    table,
)
from reportgen.builtin.gongwen import new_document

H1, H2 = "一级标题", "二级标题"
PLAN = "{{ 公文.方案名称 }}"
COUNTY = "县|default('')"  # kept whole when a title is broken into lines
NOTICE_TITLE = f"{{{{ ('关于印发《' ~ 公文.方案名称 ~ '》的通知')|title_lines({COUNTY}) }}}}"
ADDRESSEE_FITS = "(公文.主送|join('、'))|length < 2 * 28 or 公文.发文机关|length <= 3"
PLAN_TITLE = f"{{{{ 公文.方案名称|title_lines({COUNTY}) }}}}"

GOALS = (
    "（二）工作目标。到{{ 年度 }}年底，{{ 范围.全称 }}{{ 监测.风险未消除户数|num }}户尚未消除风险的监测对象全部落实帮扶"
    "措施，监测对象风险消除率由目前的{{ 监测.风险消除率|pct(1) }}进一步提高；{{ 建档立卡.已脱贫人数|num }}名"
    "脱贫人口收入持续增长，坚决守住不发生规模性返贫的底线。"
)
BASIS = (
    "{{ 范围.全称 }}现有建档立卡脱贫户{{ 建档立卡.已脱贫户数|num }}户{{ 建档立卡.已脱贫人数|num }}人，纳入防返贫监测对象"
    "{{ 监测.户数|num }}户{{ 监测.人数|num }}人，农村留守儿童{{ 留守儿童.人数|num }}人。为扎实做好{{ 年度 }}年"
    "巩固拓展脱贫攻坚成果工作，结合我{{ 范围.级别 }}实际，制定本方案。"
)
TASK_HEAD = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
TASK_FOR = ["{%tr for t in 任务分工 %}", "", "", "", ""]
# 牵头单位 is printed in every row, not merged down its group: neither Word nor LibreOffice repeats a
# vertically merged cell's text on the next page (measured: the continued cell is empty), and where the
# page breaks is only known after layout, so a merge cannot be split there in advance
TASK_ROW = ["{{ t.序号 }}", "{{ t.工作任务 }}", "{{ t.牵头单位 }}", "{{ t.责任单位 }}", "{{ t.完成时限 }}"]
TASK_END = ["{%tr endfor %}", "", "", "", ""]


def notice_cover(doc: DocxDocument) -> None:
    """The 印发通知 page (红头, 文号, title, 主送, the 印发 sentence, 署名, 成文日期) and the 方案's title
    on the next page: the same for every 实施方案 issued this way (任务分工, 结对帮扶)."""
    red_head(doc, "公文.发文机关", "机关")
    blank(doc)
    red_rule_number(doc, "{{ 公文.机关代字|wenhao(公文.年份, 公文.序号) }}")
    blank(doc)
    para(doc, "{%p if 公文.发文机关|length <= 3 %}")  # a joint issue's taller 标志 takes this line back
    blank(doc)
    para(doc, "{%p endif %}")
    para(doc, NOTICE_TITLE, "公文标题")
    blank(doc)
    # §7.3.2: when the 主送 would take more than two lines (many agencies), it moves to the 版记 so page 1
    # keeps room for the body
    para(doc, f"{{%p if {ADDRESSEE_FITS} %}}")
    para(doc, "{{ 公文.主送|join('、') }}：", "主送机关")
    para(doc, "{%p endif %}")
    # the body's last lines, the blank line, 署名 and 成文日期 form one keep-with-next chain: the
    # signature never stands on a page without body text (§7.3.5)
    para(doc, f"现将《{PLAN}》印发给你们，请结合实际认真贯彻执行。").paragraph_format.keep_with_next = True
    signatures(doc, "公文.署名")
    para(doc, "{{ 公文.成文日期|cn_date }}", "成文日期").paragraph_format.keep_with_next = True
    para(doc, "（此件公开发布）")
    para(doc, PLAN_TITLE, "公文标题").paragraph_format.page_break_before = True


def landscape_attachment(doc: DocxDocument, title: str) -> None:
    """The 附件说明 under the body, then the 附件 on a landscape page: its label and title (§7.3.4, §8)."""
    blank(doc)
    para(doc, f"附件：{title}")
    new_section(doc, landscape=True)
    para(doc, "附件", "附件标注")
    blank(doc)
    para(doc, title, "公文标题")
    blank(doc)


def record_ending(doc: DocxDocument) -> None:
    """The last section with the 版记 (主送 moved there when long, 抄送, 印发机关 and 印发日期)."""
    last_section(doc)
    blank(doc)
    record(doc, [f"{{%tr if not ({ADDRESSEE_FITS}) %}}", "主送：{{ 公文.主送|join('、') }}。", "{%tr endif %}",
                 "抄送：{{ 公文.抄送|join('，') }}。",
                 "{{ 公文.印发机关 }}\t{{ 公文.印发日期|cn_date }}印发"])
    _record_tab(doc)
    para(doc, "", "版记")  # the body must end with a paragraph


def build_notice() -> DocxDocument:
    doc = new_document()
    notice_cover(doc)
    blank(doc)
    para(doc, BASIS)
    para(doc, "一、总体要求", H1)
    para(doc, "（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，全面落实党中央、国务院关于巩固拓展"
              "脱贫攻坚成果同乡村振兴有效衔接的决策部署，把增加脱贫群众收入作为根本要求，把促进脱贫县加快发展"
              "作为主攻方向，持续巩固拓展脱贫攻坚成果。")
    para(doc, GOALS)
    para(doc, "二、重点任务", H1)
    para(doc, "（一）健全防止返贫动态监测和帮扶机制", H2)
    para(doc, "坚持事前预防与事后帮扶相结合，对脱贫不稳定户、边缘易致贫户和突发严重困难户开展常态化监测，"
              "做到早发现、早干预、早帮扶。各乡镇每月开展一次集中排查，县乡村振兴局每季度开展一次数据比对。")
    para(doc, "（二）促进脱贫人口稳定增收", H2)
    para(doc, "深入推进产业帮扶和就业帮扶，扶持发展特色种养业，开发乡村公益性岗位，确保有劳动能力的脱贫户"
              "和监测户至少有一人稳定就业。")
    para(doc, "（三）关爱农村留守儿童", H2)
    para(doc, "全面摸清农村留守儿童底数，落实监护责任，开展关爱服务，防止因学返贫致贫。")
    para(doc, "三、保障措施", H1)
    para(doc, "（一）加强组织领导。各乡镇、各相关部门要把巩固拓展脱贫攻坚成果列入重要议事日程，主要负责同志"
              "亲自抓，分管负责同志具体抓，按照任务分工（见附件）抓好落实。")
    para(doc, "（二）强化督促检查。县乡村振兴局会同相关部门对工作落实情况开展督查，督查结果纳入年度考核。")
    landscape_attachment(doc, "任务分工表")
    tbl = table(doc, [TASK_HEAD, TASK_FOR, TASK_ROW, TASK_END], [16, 95, 45, 70, 30],
                styles=["表头", None, "表格文字左齐", None], width=12756)
    repeat_header(tbl)

    record_ending(doc)
    return doc


def _record_tab(doc) -> None:
    """Right tab stop for the 印发日期, 1 字 from the 版心's right edge (the cell has no margins, and tab
    positions count from the cell's left edge)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Twips

    from reportgen.builtin.compose import RECORD_CHAR, TEXT_WIDTH

    last = doc.tables[-1].rows[-1].cells[0].paragraphs[0]
    last.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH - RECORD_CHAR), WD_TAB_ALIGNMENT.RIGHT)
