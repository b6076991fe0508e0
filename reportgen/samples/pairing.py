"""The sample 结对帮扶名单: units of a fictional 帮扶 district (松阳区) paired with 青禾县's villages and units.

Deterministic for a seed and independent of the other registries' random stream (its own generator),
so adding it changed no other sample file. The list has every shape the 实施方案 talks about: mostly
一对一 (a 区直部门 with a village), 多对一 (an enterprise, 社会组织 or 社区 joining a village's 部门), one 一对多
(an enterprise helping several villages), 乡镇对乡镇, 学校对学校, 医院对医院 — and two villages left
without a partner, which the figures and notes must show.
"""

from __future__ import annotations

import random
from datetime import date

from reportgen.samples import names
from reportgen.samples.people import PeopleFactory
from reportgen.samples.registries import SampleCounty

HELPER_AREA = "松阳区"
HEADERS = ["序号", "帮扶单位", "单位类型", "帮扶地", "受扶单位", "受扶单位类型", "受扶乡镇", "受扶村", "结对形式",
           "联系人", "电话", "重点任务", "签订日期"]
AGENCIES = ["发展和改革局", "教育局", "科学技术局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局",
            "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化广电旅游局", "卫生健康局",
            "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "生态环境局", "机关事务管理局",
            "总工会", "妇女联合会", "工商业联合会", "科学技术协会", "残疾人联合会", "档案馆", "融媒体中心"]
STREETS = ["城北街道", "东湖街道", "西山街道", "南苑街道", "桂花镇"]
JOINERS = [("松阳绿源农业发展有限公司", "企业"), ("松阳区慈善总会", "社会组织"), ("松阳区东湖街道桂花社区", "村"),
           ("松阳惠民劳务服务有限公司", "企业")]
ONE_TO_MANY = ("松阳区供销合作社联合社", "企业")
TASKS = ["产业发展", "智力支援", "社会帮扶", "劳务协作", "支部共建", "群众工作"]


def pairing_rows(county: SampleCounty, seed: int) -> list[list]:
    """The rows of the sample 结对帮扶名单 for ``county`` (column order: :data:`HEADERS`)."""
    rng = random.Random(f"结对帮扶-{seed}")
    people = PeopleFactory(rng, date(county.year, 12, 31))
    villages = list(county.villages)
    left_out = set(rng.sample(range(len(villages)), 2))
    rest = [v for i, v in enumerate(villages) if i not in left_out]
    many = rest[-3:]  # 一对多: one helper, several villages, nobody else
    rows: list[list] = []

    def add(helper: str, kind: str, area: str, helped: str, helped_kind: str, town: str, village: str,
            form: str, tasks: list[str]) -> None:
        day = date(county.year, 3, 1 + len(rows) % 28)
        rows.append([len(rows) + 1, helper, kind, area, helped, helped_kind, town, village, form,
                     people.name(), people.phone(), "、".join(tasks), day])

    def tasks(*first: str) -> list[str]:
        extra = rng.sample([t for t in TASKS if t not in first], rng.randint(1, 2))
        return sorted({*first, *extra}, key=TASKS.index)

    for n, v in enumerate(rest[:-3]):
        add(f"{HELPER_AREA}{AGENCIES[n % len(AGENCIES)]}", "机关", HELPER_AREA, v.name, "村", v.town, v.name,
            "点对点全面结对" if n % 3 else "区域内统筹结对", tasks("支部共建"))
    for (helper, kind), v in zip(JOINERS, rest[1:-3:4], strict=False):  # a second helper: 多对一
        add(helper, kind, HELPER_AREA, v.name, "村", v.town, v.name, "重点带动精准结对", tasks("产业发展"))
    for v in many:
        add(ONE_TO_MANY[0], ONE_TO_MANY[1], HELPER_AREA, v.name, "村", v.town, v.name, "重点带动精准结对",
            tasks("产业发展", "劳务协作"))
    for street, town in zip(STREETS, names.TOWNS, strict=True):  # 乡镇对乡镇
        add(f"{HELPER_AREA}{street}{'办事处' if street.endswith('街道') else '人民政府'}", "乡镇",
            f"{HELPER_AREA}{street}", f"{town}人民政府", "乡镇", town, "", "区域内统筹结对", tasks("群众工作"))
    for helper, town in ((f"{HELPER_AREA}实验小学", names.TOWNS[0]), (f"{HELPER_AREA}第二中学", names.TOWNS[1])):
        add(helper, "学校", HELPER_AREA, f"{town}中心学校", "学校", town, "", "点对点全面结对", tasks("智力支援"))
    for helper, town in ((f"{HELPER_AREA}人民医院", names.TOWNS[2]), (f"{HELPER_AREA}中医医院", names.TOWNS[3])):
        add(helper, "医院", HELPER_AREA, f"{town}卫生院", "医院", town, "", "点对点全面结对", tasks("智力支援"))
    return rows
