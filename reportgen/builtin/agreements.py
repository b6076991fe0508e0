"""责任书 (one per row of the 责任书签订名单) and 合同书 (one per 流动人口 household, seed 002's model).

Both are rendered once per party: the row is in the context as ``书`` (责任书) or ``户`` (合同书).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from reportgen.builtin.compose import blank, keep_together_before, para, paras, signature_table
from reportgen.builtin.gongwen import new_document

H1 = "一级标题"
DATE_BLANK = "　　　　年　　月　　日"  # U+3000 blanks for a hand-written date


def build_responsibility() -> DocxDocument:
    doc = new_document()
    para(doc, "{{ (年度 ~ '年度巩固拓展脱贫攻坚成果目标责任书')|title_lines }}", "公文标题")
    blank(doc)
    para(doc, "甲方：{{ 书.甲方 }}", "主送机关")
    para(doc, "乙方：{{ 书.乙方 }}", "主送机关")
    para(doc, "为压紧压实巩固拓展脱贫攻坚成果工作责任，守住不发生规模性返贫底线，经甲乙双方协商，签订本责任书。")
    para(doc, "一、责任目标", H1)
    paras(doc, None,
          "1.{{ 书.行政村 }}现有防返贫监测对象{{ 书.监测户数|num }}户，其中尚未消除风险{{ 书.未消除风险户数|num }}户。"
          "乙方确保{{ 年度 }}年12月底前对未消除风险户全部落实帮扶措施，风险消除率达到100%。",
          "2.辖区内不发生规模性返贫，脱贫人口人均纯收入增幅不低于全县平均水平。",
          "3.监测对象信息录入准确率达到100%，帮扶措施落实率达到100%。")
    para(doc, "二、工作任务", H1)
    paras(doc, None,
          "1.每月开展一次防返贫动态监测排查，做到应纳尽纳、应帮尽帮。",
          "2.落实产业、就业、教育、医疗、住房等帮扶政策，建立帮扶台账。",
          "3.配合甲方做好资金项目管理和各类检查考核工作。")
    para(doc, "三、经费保障", H1)
    para(doc, "甲方安排乙方工作经费{{ 书.工作经费|rmb_contract }}，专项用于监测帮扶工作，乙方须专款专用。")
    para(doc, "四、考核奖惩", H1)
    para(doc, "甲方按季度对乙方履行本责任书情况进行考核。考核结果作为评先选优和经费安排的重要依据；"
              "因工作不力发生返贫致贫的，依规依纪追究相关人员责任。")
    para(doc, "五、附则", H1)
    para(doc, "本责任书一式{{ 公文.份数|cn_num }}份，甲乙双方各执{{ 公文.各执|cn_num }}份，自签订之日起生效，"
              "有效期至{{ 年度 }}年12月31日。")
    blank(doc, 2)
    keep_together_before(doc, 2)
    signature_table(doc, [["甲方（盖章）：", "乙方（盖章）："],
                          ["负责人（签字）：", "负责人（签字）："],
                          [DATE_BLANK, DATE_BLANK]])
    return doc


def build_contract() -> DocxDocument:
    doc = new_document()
    para(doc, "流动人口计划生育服务管理合同书", "公文标题")
    blank(doc)
    para(doc, "订立合同双方：{{ 户.行政村 }}村民委员会（简称甲方）；{{ 户.行政村 }}{{ 户.夫 or 户.户主 }}"
              "{{ '、' ~ 户.妻 if 户.妻 }}夫妇（简称乙方）。家庭编号：{{ 户.家庭编号 }}，家庭成员{{ 户.人数 }}人，"
              "现居住地：{{ 户.现居住地址 }}。", "主送机关")
    para(doc, "为做好流动人口计划生育服务管理工作，维护育龄群众的合法权益，根据《中华人民共和国人口与计划生育法》"
              "《流动人口计划生育工作条例》及本村《村规民约》等规定，经甲、乙双方协商同意，签订本合同。")
    para(doc, "一、甲方的权利和义务", H1)
    paras(doc, None,
          "1.及时向乙方宣传国家人口与计划生育法律法规和政策，讲清服务与管理的内容、要求和程序。",
          "2.按规定为乙方办理生育登记服务，为乙方提供避孕节育、优生优育、生殖健康等免费技术服务。",
          "3.按规定为乙方落实各项奖励扶助和优惠政策，帮助乙方解决生产生活中的实际困难。",
          "4.为乙方出具外出所需的婚育情况证明，及时与流入地交流乙方服务管理信息。")
    para(doc, "二、乙方的权利和义务", H1)
    paras(doc, None,
          "1.依法享受计划生育基本公共服务和各项奖励优惠政策。",
          "2.外出或者迁入时主动向甲方报告，按规定办理登记，如实提供婚育情况。",
          "3.参加甲方组织的人口与计划生育政策法规及生殖健康知识培训。",
          "4.对甲方的计划生育工作提出意见和建议，监督甲方履行本合同。")
    para(doc, "三、争议处理", H1)
    para(doc, "甲、乙双方因履行本合同发生争议时，先由双方协商解决；协商不成的，由{{ 户.乡镇 }}人民政府协调处理。")
    para(doc, "四、附则", H1)
    paras(doc, None,
          "1.本合同自双方签字或盖章之日起生效，乙方户籍或居住地迁离甲方管辖地时自行终止。",
          "2.本合同未尽事宜，经双方协商一致后可签订补充协议；如遇国家政策调整，相关条款相应变更。",
          "3.本合同一式三份，由甲乙双方、鉴证机关各留存一份。")
    blank(doc, 2)
    keep_together_before(doc, 2)
    signature_table(doc, [["甲方：{{ 户.行政村 }}村民委员会（盖章）", "乙方（夫）：{{ 户.夫 }}"],
                          ["法定代表人（签字）：", "乙方（妻）：{{ 户.妻 }}"],
                          ["鉴证机关：{{ 户.乡镇 }}人民政府（盖章）", "法定代表人（签字）："],
                          [DATE_BLANK, DATE_BLANK]])
    return doc
