"""A small figures context with the structure of docs/figures.md (for template tests)."""

from __future__ import annotations

from datetime import date

import pytest

TOWNS = ["城关镇", "河西镇", "东岭乡", "南坪乡", "北川镇"]
VILLAGES = {"城关镇": ["柳湾村", "石门村"], "河西镇": ["杏林村", "红旗村"], "东岭乡": ["新庄村"],
            "南坪乡": ["上坪村", "下河村"], "北川镇": ["松岗村"]}


def _years(scale: int) -> list[dict]:
    rows, total_h, total_p = [], 0, 0
    for i, year in enumerate(range(2014, 2021)):
        h, p = scale * (i + 2), scale * (i + 2) * 3
        total_h, total_p = total_h + h, total_p + p
        rows.append({"年度": year, "户数": h, "人数": p, "累计户数": total_h, "累计人数": total_p})
    return rows


def _migrants() -> dict:
    """流动人口 figures (docs/figures.md) with 乡镇 rows whose sums are the county's."""
    towns = []
    for n, name in enumerate(TOWNS):
        row = {"名称": name, "流入户数": 12 - n, "流入人数": 35 - 2 * n, "流出户数": 3 + n, "流出人数": 8 + 3 * n,
               "育龄妇女人数": 14 - n, "已婚育龄妇女人数": 12 - n, "签订合同户数": 14 - n}
        row.update(户数=row["流入户数"] + row["流出户数"], 人数=row["流入人数"] + row["流出人数"])
        row["合同签订率"] = row["签订合同户数"] / row["户数"]
        row["村"] = [{**row, "名称": VILLAGES[name][0], "村": None}]
        del row["村"][0]["村"]
        towns.append(row)
    total = {k: sum(t[k] for t in towns) for k in towns[0] if k not in ("名称", "合同签订率", "村")}
    total.update(名称="合计", 合同签订率=total["签订合同户数"] / total["户数"])
    figures = {k: v for k, v in total.items() if k != "名称"}
    figures.update(流入已婚育龄妇女人数=44, 流出已婚育龄妇女人数=total["已婚育龄妇女人数"] - 44, 办理婚育证明人数=5,
                   查验婚育证明人数=36)
    figures.update(婚育证明办证率=5 / figures["流出已婚育龄妇女人数"], 婚育证明验证率=36 / 44,
                   流入原因=[{"名称": "务工", "人数": 87, "占比": 0.6126}, {"名称": "经商", "人数": 29, "占比": 0.2042},
                         {"名称": "投靠亲友", "人数": 17, "占比": 0.1197}, {"名称": "其他", "人数": 9, "占比": 0.0634}],
                   乡镇=towns, 合计=total)
    return figures


def sample_figures() -> dict:
    towns = []
    for n, name in enumerate(TOWNS):
        towns.append({"名称": name, "行政村数": len(VILLAGES[name]), "户数": 160 - n * 10, "人数": 600 - n * 30,
                      "已脱贫户数": 155 - n * 10, "已脱贫人数": 580 - n * 30, "未脱贫户数": 5, "未脱贫人数": 20,
                      "农业户籍人口": 3000, "贫困发生率": 20 / 3000, "脱贫年度": _years(2), "村": []})
    summary = [{"名称": t["名称"], "行政村数": t["行政村数"], "建档立卡户数": t["户数"], "建档立卡人数": t["人数"],
                "已脱贫户数": t["已脱贫户数"], "已脱贫人数": t["已脱贫人数"], "监测户数": 12, "监测人数": 40,
                "风险已消除户数": 8, "风险已消除人数": 27, "农业户籍人口": 3000, "贫困发生率": t["贫困发生率"]}
               for t in towns]
    parties = []
    for n, (town, villages) in enumerate(VILLAGES.items()):
        for v in villages:
            parties.append({"序号": len(parties) + 1, "乡镇": town, "行政村": v, "甲方": f"{town}人民政府",
                            "甲方负责人": "王建国", "乙方": f"{v}村民委员会", "乙方负责人": "李明", "监测户数": 3 + n,
                            "未消除风险户数": 1, "工作经费": 12551.5 + n, "签订日期": date(2024, 3, 15)})
    return {
        "县": "青禾县", "年度": 2024,
        "建档立卡": {
            "户数": 700, "人数": 2700, "已脱贫户数": 675, "已脱贫人数": 2600, "未脱贫户数": 25, "未脱贫人数": 100,
            "农业户籍人口": 15000, "贫困发生率": 100 / 15000, "人均纯收入": 11234.56, "脱贫年度": _years(10),
            "致贫原因": [{"名称": "因病", "户数": 230, "人数": 850, "占比": 0.328},
                     {"名称": "因残", "户数": 150, "人数": 500, "占比": 0.214},
                     {"名称": "缺技术", "户数": 100, "人数": 400, "占比": 0.143}],
            "五个一批": [{"名称": "发展生产脱贫", "户数": 400, "人数": 1500},
                     {"名称": "易地搬迁脱贫", "户数": 50, "人数": 200},
                     {"名称": "社会保障兜底", "户数": 225, "人数": 900}],
            "乡镇": towns,
            "合计": {"名称": "合计", "行政村数": 8, "户数": 700, "人数": 2700},
        },
        "监测": {"户数": 60, "人数": 220, "风险已消除户数": 40, "风险已消除人数": 150, "风险未消除户数": 20,
               "风险未消除人数": 70, "风险消除率": 40 / 60,
               "类别": [{"名称": "脱贫不稳定户", "户数": 40, "人数": 150}, {"名称": "边缘易致贫户", "户数": 15, "人数": 50},
                      {"名称": "突发严重困难户", "户数": 5, "人数": 20}]},
        "留守儿童": {"人数": 85, "寄宿人数": 12},
        "流动人口": {**_migrants(), "家庭": [
            {"家庭编号": "LD000001", "乡镇": "城关镇", "行政村": "柳湾村", "户主": "张伟", "夫": "张伟", "妻": "刘芳",
             "人数": 3, "户籍地址": "甘肃省定西市", "现居住地址": "青禾县城关镇柳湾村"},
            {"家庭编号": "LD000002", "乡镇": "河西镇", "行政村": "杏林村", "户主": "赵强", "夫": "赵强", "妻": "",
             "人数": 1, "户籍地址": "四川省南充市", "现居住地址": "青禾县河西镇杏林村"}]},
        "乡镇汇总": summary,
        "乡镇汇总合计": {"名称": "合计", "建档立卡户数": 700, "建档立卡人数": 2700, "已脱贫人数": 2600, "监测户数": 60,
                   "风险已消除户数": 40, "贫困发生率": 100 / 15000},
        "任务分工": [
            {"序号": 1, "工作任务": "建立健全农村留守儿童信息台账，实行动态管理、精准施策", "牵头单位": "县民政局",
             "责任单位": "各乡镇人民政府、县教育局", "完成时限": "2024年6月底前"},
            {"序号": 2, "工作任务": "落实困境儿童分类保障政策，按时足额发放基本生活费", "牵头单位": "县民政局",
             "责任单位": "县财政局、各乡镇人民政府", "完成时限": "长期坚持"},
            {"序号": 3, "工作任务": "开展防返贫动态监测集中排查", "牵头单位": "县乡村振兴局",
             "责任单位": "各乡镇人民政府", "完成时限": "2024年9月底前"},
        ],
        "责任书": parties,
        **_pairing(),
    }


FORMS = ["区域内统筹结对", "点对点全面结对", "重点带动精准结对"]
TASKS = ["产业发展", "智力支援", "社会帮扶", "劳务协作", "支部共建", "群众工作"]
KINDS = ["机关", "乡镇", "村", "学校", "医院", "企业", "社会组织"]


def _pairing() -> dict:
    """结对帮扶 figures and 结对安排 for the villages above (the last village has no pair): a 多对一 group
    on 柳湾村, a 一对多 helper of 上坪村 and 下河村, a 乡镇 pair; shapes as measures.pairs derives them."""
    plan = [("松阳区教育局", "机关", "城关镇", "柳湾村", "多对一"), ("松阳绿源农业有限公司", "企业", "城关镇", "柳湾村", "多对一"),
            ("松阳区财政局", "机关", "城关镇", "石门村", "一对一"), ("松阳区城北街道办事处", "乡镇", "城关镇", "", "一对一"),
            ("松阳区商务局", "机关", "河西镇", "杏林村", "一对一"), ("松阳区水务局", "机关", "河西镇", "红旗村", "一对一"),
            ("松阳区林业局", "机关", "东岭乡", "新庄村", "一对一"), ("松阳区供销合作社", "企业", "南坪乡", "上坪村", "一对多"),
            ("松阳区供销合作社", "企业", "南坪乡", "下河村", "一对多")]
    pairs = []
    for n, (helper, kind, town, village, shape) in enumerate(plan, start=1):
        helped = village or f"{town}人民政府"
        pairs.append({"序号": n, "帮扶单位": helper, "单位类型": kind, "帮扶地": "松阳区", "受扶单位": helped,
                      "受扶单位类型": "村" if village else "乡镇", "乡镇": town, "受扶村": village or None,
                      "结对形式": FORMS[n % 3], "联系人": "王建国", "电话": "13800000000",
                      "重点任务": TASKS[n % 6:n % 6 + 2] or TASKS[:2], "签订日期": date(2024, 3, n), "形态": shape,
                      "乡镇对数": sum(p[2] == town for p in plan)})
    villages = {(p["乡镇"], p["受扶村"]) for p in pairs if p["受扶村"]}
    missing = {t: [v for v in vs if (t, v) not in villages] for t, vs in VILLAGES.items()}

    def town_row(town: str, rows: list[dict]) -> dict:
        return {"名称": town, "结对数": len(rows), "帮扶单位数": len({r["帮扶单位"] for r in rows}),
                "受扶单位数": len({r["受扶单位"] for r in rows}),
                "结对村数": len({r["受扶村"] for r in rows if r["受扶村"]}),
                "行政村数": len(VILLAGES.get(town, sum(VILLAGES.values(), []))), "村覆盖率": 0.875}

    def shares(column: str, names: list[str]) -> list[dict]:
        return [{"名称": k, "对数": sum(k in (p[column] if isinstance(p[column], list) else [p[column]]) for p in pairs),
                 "占比": 0.1} for k in names]

    figures = {**town_row("合计", pairs), "单位类型": shares("单位类型", KINDS), "受扶单位类型": shares("受扶单位类型", KINDS),
               "结对形式": shares("结对形式", FORMS), "重点任务": shares("重点任务", TASKS),
               "结对形态": [{"名称": "一对一", "组数": 5, "对数": 5}, {"名称": "多对一", "组数": 1, "对数": 2},
                        {"名称": "一对多", "组数": 1, "对数": 2}],
               "乡镇": [town_row(t, [p for p in pairs if p["乡镇"] == t]) for t in TOWNS]}
    figures["行政村数"] = sum(len(v) for v in VILLAGES.values())
    figures["合计"] = {**town_row("合计", pairs), "行政村数": figures["行政村数"]}
    del figures["名称"]
    return {"结对帮扶": figures,
            "结对安排": {"对子": pairs, "未结对村": [v for vs in missing.values() for v in vs],
                     "乡镇": [{"名称": t, "未结对村": missing[t]} for t in TOWNS],
                     "下级": [{"名称": t, "未结对村": missing[t]} for t in TOWNS]}}


@pytest.fixture
def figures() -> dict:
    return sample_figures()
