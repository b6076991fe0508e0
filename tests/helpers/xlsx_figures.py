"""Test data shaped like docs/figures.md, shared by the xlsx tests."""

from __future__ import annotations


def towns(n: int = 3) -> list[dict]:
    """乡镇 rows shaped like figures 建档立卡.乡镇 (docs/figures.md)."""
    out = []
    for i in range(n):
        villages = [
            {"名称": f"村{i}{j}", "户数": 10 + i + j, "人数": 30 + 3 * j + i, "已脱贫人数": 28 + j}
            for j in range(2 + i % 2)
        ]
        out.append({
            "名称": f"镇{i}",
            "户数": sum(v["户数"] for v in villages),
            "人数": sum(v["人数"] for v in villages),
            "农业户籍人口": 1000 + 100 * i,
            "村": villages,
        })
    return out


YEARS = list(range(2014, 2021))
GUARDIANS = ["（外）祖父母监护", "亲戚朋友监护", "无人监护", "一方外出务工另一方无监护能力"]
TOWN_NAMES = ["城关镇", "柳河乡", "石门镇", "青石乡", "白水镇"]


def figures() -> dict:
    """A small but complete figures dict (docs/figures.md) with consistent totals."""
    summary, poverty_towns, child_towns = [], [], []
    for i, name in enumerate(TOWN_NAMES):
        people = 300 + 37 * i
        exited = people - (3 + i)
        row = {"名称": name, "行政村数": 4 + i, "建档立卡户数": 80 + 9 * i, "建档立卡人数": people,
               "已脱贫户数": 78 + 9 * i, "已脱贫人数": exited, "监测户数": 5 + i, "监测人数": 17 + 2 * i,
               "风险已消除户数": 3 + i, "风险已消除人数": 10 + i, "农业户籍人口": 2000 + 350 * i}
        row["贫困发生率"] = (people - exited) / row["农业户籍人口"]
        summary.append(row)
        by_year = [{"年度": y, "户数": 2 + (i + y) % 5, "人数": 10 + (i * 7 + y) % 13} for y in YEARS]
        poverty_towns.append({"名称": name, "户数": row["建档立卡户数"], "人数": people, "脱贫年度": by_year})
        guard = {g: (i + k) % 4 for k, g in enumerate(GUARDIANS)}
        child_towns.append({"名称": name, "人数": sum(guard.values()), "监护类型": guard})
    total = {"名称": "合计"}
    for key in summary[0]:
        if key not in ("名称", "贫困发生率"):
            total[key] = sum(r[key] for r in summary)
    total["贫困发生率"] = (total["建档立卡人数"] - total["已脱贫人数"]) / total["农业户籍人口"]
    county_years, running = [], 0
    for k, y in enumerate(YEARS):
        persons = sum(t["脱贫年度"][k]["人数"] for t in poverty_towns)
        running += persons
        county_years.append({"年度": y, "户数": sum(t["脱贫年度"][k]["户数"] for t in poverty_towns),
                             "人数": persons, "累计户数": 0, "累计人数": running})
    guardian_totals = [{"名称": g, "人数": sum(t["监护类型"][g] for t in child_towns)} for g in GUARDIANS]
    tasks = [
        {"序号": 1, "工作任务": "建立防止返贫动态监测和帮扶机制", "牵头单位": "县乡村振兴局",
         "责任单位": "各乡镇人民政府", "完成时限": "2024年6月底前"},
        {"序号": 2, "工作任务": "落实监测对象帮扶措施", "牵头单位": "县乡村振兴局",
         "责任单位": "县直各部门", "完成时限": "长期坚持"},
        {"序号": 3, "工作任务": "开展农村留守儿童关爱服务", "牵头单位": "县民政局",
         "责任单位": "县教育局、各乡镇人民政府", "完成时限": "2024年12月底前"},
        {"序号": 4, "工作任务": "=HYPERLINK(\"http://example.invalid\",\"点我\")", "牵头单位": "县教育局",
         "责任单位": "各学校", "完成时限": "2024年9月"},
    ]
    return {
        "县": "青禾县", "年度": 2024,
        "建档立卡": {"户数": total["建档立卡户数"], "人数": total["建档立卡人数"], "脱贫年度": county_years,
                   "乡镇": poverty_towns},
        "留守儿童": {"人数": sum(t["人数"] for t in child_towns), "监护类型": guardian_totals,
                   "乡镇": child_towns},
        "乡镇汇总": summary, "乡镇汇总合计": total, "任务分工": tasks,
    }
