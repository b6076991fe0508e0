"""Build the rows of every sample registry for one fictional county.

``build_county`` returns a :class:`SampleCounty` holding plain rows (lists in the column order of
:mod:`reportgen.samples.columns`); :mod:`reportgen.samples.writer` turns them into files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from reportgen.samples import names
from reportgen.samples.people import Household, PeopleFactory, Person

YEARS = list(range(2014, 2021))
YEAR_WEIGHTS = [10, 14, 18, 22, 16, 12, 8]
SIZES, SIZE_WEIGHTS = [1, 2, 3, 4, 5, 6], [8, 18, 24, 25, 15, 10]


@dataclass
class Village:
    town_index: int
    index: int
    town: str
    name: str
    weight: float
    director: str = ""
    secretary: str = ""
    phone: str = ""
    poor_persons: int = 0
    monitored: int = 0
    monitored_open: int = 0


@dataclass
class SampleCounty:
    year: int
    villages: list[Village]
    poverty: list[list] = field(default_factory=list)
    monitor: list[list] = field(default_factory=list)
    children: list[list] = field(default_factory=list)
    migrants: list[list] = field(default_factory=list)
    roster: list[list] = field(default_factory=list)
    tasks: list[list] = field(default_factory=list)
    parties: list[list] = field(default_factory=list)


def _yyyymm(rng: random.Random, first: int, last: int) -> str:
    year = rng.randint(first, last)
    return f"{year}{rng.randint(1, 12):02d}"


class _Builder:
    def __init__(self, persons: int, seed: int, year: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.target = persons
        self.year = year
        self.factory = PeopleFactory(self.rng, date(year, 12, 31))
        self.county = SampleCounty(year=year, villages=self._villages())

    def _villages(self) -> list[Village]:
        rng = self.rng
        pool = list(names.VILLAGE_NAMES)
        rng.shuffle(pool)
        villages = []
        for t, town in enumerate(names.TOWNS, start=1):
            for v in range(1, rng.randint(4, 6) + 1):
                villages.append(Village(t, v, town, pool.pop(), rng.uniform(0.6, 1.4)))
        for v in villages:
            v.director, v.secretary, v.phone = self.factory.name(), self.factory.name(), self.factory.phone()
        return villages

    # -- 建档立卡 ---------------------------------------------------------------------------------
    def poverty(self) -> list[Household]:
        rng, f = self.rng, self.factory
        villages = self.county.villages
        weights = [v.weight for v in villages]
        seq: dict[int, int] = {}
        households, persons = [], 0
        while persons < self.target:
            size = min(rng.choices(SIZES, SIZE_WEIGHTS)[0], self.target - persons)
            vi = rng.choices(range(len(villages)), weights)[0]
            v = villages[vi]
            seq[vi] = seq.get(vi, 0) + 1
            code = f"{names.COUNTY_CODE}{v.town_index:03d}{v.index:03d}{seq[vi]:04d}"
            natural = v.name.removesuffix("村") + rng.choice(names.NATURAL_VILLAGE_SUFFIXES)
            hh = Household(v.town, v.name, natural, code, f.family(size), f.phone())
            households.append(hh)
            persons += size
            self._poverty_rows(hh, v)
        return households

    def _poverty_rows(self, hh: Household, v: Village) -> None:
        rng = self.rng
        out = self.county.poverty
        lifted = rng.random() >= 0.03
        year = rng.choices(YEARS, YEAR_WEIGHTS)[0] if lifted else ""
        if lifted:
            attr = rng.choices(["一般脱贫户", "低保脱贫户", "特困供养脱贫户"], [70, 22, 8])[0]
            income = round(rng.uniform(6500, 18000), 2)
        else:
            attr = rng.choices(["一般贫困户", "低保贫困户", "特困供养贫困户"], [55, 35, 10])[0]
            income = round(rng.uniform(3000, 4500), 2)
            v.poor_persons += len(hh.members)
        cause = rng.choices(names.CAUSES, names.CAUSE_WEIGHTS)[0]
        batch = rng.choices(names.FIVE_BATCHES, names.FIVE_BATCH_WEIGHTS)[0] if lifted else ""
        first_id = _yyyymm(rng, 2014, int(year) if year else 2016)
        for i, p in enumerate(hh.members, start=1):
            age = self.factory.age(p)
            out.append([
                len(out) + 1, names.COUNTY, hh.town, hh.village, hh.natural_village, hh.code,
                f"{hh.code}{i:02d}", p.name, p.sex, p.id_number, len(hh.members), p.relation,
                rng.choice(names.ETHNICITIES), _education(rng, age), _schooling(age), _health(rng),
                *self._labour(age), "是" if rng.random() < 0.97 else "否", "已脱贫" if lifted else "未脱贫",
                year, attr, cause, batch, "否" if rng.random() < 0.96 else "是", "是", income, hh.phone, first_id,
            ])

    def _labour(self, age: int) -> tuple[str, str, int | str]:
        rng = self.rng
        if age < 16 or age > 64:
            return "无劳动力", "", ""
        skill = rng.choices(["普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力"], [60, 15, 15, 10])[0]
        if skill == "丧失劳动力" or rng.random() < 0.35:
            return skill, "", ""
        work = rng.choices(["乡（镇）内务工", "乡（镇）外县内务工", "县外省内务工", "省外务工", "其他"],
                           [25, 20, 25, 25, 5])[0]
        return skill, work, rng.randint(3, 12)

    # -- 防返贫监测 -------------------------------------------------------------------------------
    def monitor(self, households: list[Household]) -> None:
        rng = self.rng
        by_key = {(v.town, v.name): v for v in self.county.villages}
        lifted = [h for h in households if h.code in self._lifted_codes]
        chosen = rng.sample(lifted, k=max(1, len(lifted) * 7 // 100)) if lifted else []
        chosen.sort(key=lambda h: h.code)
        for hh in chosen:
            self._monitor_rows(hh, "脱贫户", "脱贫不稳定户", by_key[(hh.town, hh.village)])
        extra = max(1, len(households) * 3 // 100)
        for n in range(extra):
            v = rng.choices(self.county.villages, [x.weight for x in self.county.villages])[0]
            code = f"{names.COUNTY_CODE}{v.town_index:03d}{v.index:03d}{5000 + n:04d}"
            size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
            hh = Household(v.town, v.name, "", code, self.factory.family(size), self.factory.phone())
            kind = "边缘易致贫户" if rng.random() < 0.8 else "突发严重困难户"
            self._monitor_rows(hh, "一般农户", kind, v)

    def _monitor_rows(self, hh: Household, hh_type: str, kind: str, v: Village) -> None:
        rng = self.rng
        risks = rng.sample(names.RISKS, k=rng.choices([1, 2, 3], [60, 30, 10])[0]) + [""] * 5
        cleared = rng.random() < 0.65
        start = _yyyymm(rng, 2021, self.year)
        end = f"{min(int(start[:4]) + rng.randint(0, 2), self.year)}{rng.randint(1, 12):02d}" if cleared else ""
        if cleared and end < start:
            end = start
        v.monitored += 1
        v.monitored_open += 0 if cleared else 1
        wages, business = round(rng.uniform(0, 30000), 2), round(rng.uniform(0, 12000), 2)
        prop, transfer = round(rng.uniform(0, 1500), 2), round(rng.uniform(800, 9000), 2)
        cost = round(rng.uniform(0, business * 0.4), 2)
        net = round(wages + business + prop + transfer - cost, 2)
        per_capita = round(net / len(hh.members), 2)
        for i, p in enumerate(hh.members, start=1):
            self.county.monitor.append([
                len(self.county.monitor) + 1, names.COUNTY, hh.town, hh.village, hh.code, f"{hh.code}{i:02d}",
                p.name, p.sex, p.id_number, len(hh.members), p.relation, hh_type, kind, *risks[:5],
                "是" if cleared else "否", start, rng.choice(["帮扶消除", "自然消除"]) if cleared else "", end,
                wages, business, prop, transfer, cost, net, per_capita, hh.phone,
            ])

    @property
    def _lifted_codes(self) -> set[str]:
        if not hasattr(self, "_lifted"):
            self._lifted = {row[5] for row in self.county.poverty if row[20] == "已脱贫"}
        return self._lifted

    # -- 留守儿童, 流动人口 ---------------------------------------------------------------------
    def children(self) -> None:
        rng, f = self.rng, self.factory
        kinds = ["（外）祖父母监护", "亲戚朋友监护", "无人监护", "一方外出务工另一方无监护能力"]
        for _ in range(max(20, self.target // 35)):
            v = rng.choices(self.county.villages, [x.weight for x in self.county.villages])[0]
            age = rng.randint(3, 15)
            sex = rng.choice("男女")
            child = f.person(age, sex, "")
            surname = child.name[0]
            kind = rng.choices(kinds, [70, 12, 3, 15])[0]
            guardian = "" if kind == "无人监护" else f.name(surname if kind == "（外）祖父母监护" else None)
            relation = {"（外）祖父母监护": rng.choice(["祖父", "祖母", "外祖母"]), "亲戚朋友监护": rng.choice(["伯父", "姑母", "舅舅"]),
                        "一方外出务工另一方无监护能力": "母亲", "无人监护": ""}[kind]
            school = f"{v.town}中心小学" if age < 12 else f"{v.town}中学"
            grade = "" if age < 6 else ("一二三四五六七八九"[min(age - 6, 8)] + "年级")
            self.county.children.append([
                len(self.county.children) + 1, v.town, v.name, child.name, sex, child.id_number, child.birth,
                f.age(child), school if age >= 6 else "", grade, "是" if age >= 10 and rng.random() < 0.4 else "否",
                _health(rng), f.name(surname), rng.choice(names.EMPLOYERS), f.name(),
                rng.choice(names.EMPLOYERS) if kind != "一方外出务工另一方无监护能力" else "",
                kind, guardian, relation, f.phone() if guardian else "", date(self.year, 10, 15),
            ])

    def migrants(self) -> None:
        """流入 households (the original draws, so the other registries stay byte-identical), then 流出
        households from a second generator: 婚育证明, 签订合同 and 登记日期 never touch ``self.rng``."""
        rng, f = self.rng, self.factory
        origins = ["甘肃省定西市", "四川省南充市", "河南省周口市", "青海省海东市", "陕西省汉中市"]
        inflow = []
        for _ in range(max(10, self.target // 60)):
            v = rng.choices(self.county.villages, [x.weight for x in self.county.villages])[0]
            members = f.family(rng.choices([1, 2, 3, 4], [15, 25, 35, 25])[0], young=True)
            married = len(members) > 1
            arrived = date(rng.randint(2018, self.year), rng.randint(1, 12), rng.randint(1, 28))
            reason = rng.choices(["务工", "经商", "投靠亲友", "务农", "其他"], [60, 20, 10, 7, 3])[0]
            people = []
            for p in members:  # draws in the original order: 户籍地址, 从业状况, 联系电话
                relation = "子女" if p.relation.startswith("之") else p.relation
                adult = relation != "子女"
                home = rng.choice(origins)
                people.append((p, relation, ("已婚" if married else "未婚") if adult else "未婚", home,
                               rng.choice(["务工", "个体经营", "务农", "无业"]) if adult else "在校学生",
                               f.phone() if adult else ""))
            inflow.append((v, people, f"{names.COUNTY}{v.town}{v.name}", arrived, reason))
        flow = random.Random(self.seed * 7919 + 16)  # the 流动人口 additions draw from their own generator
        for v, people, lives, arrived, reason in inflow:
            self._migrant_household(flow, "流入", v, people, lives, arrived, reason)
        self._outflow(flow)

    def _outflow(self, flow: random.Random) -> None:
        """流出 households: registered in the county, living elsewhere; some with older members (> 49 岁)."""
        f = PeopleFactory(flow, self.factory.reference)
        f._sequence = self.factory._sequence  # one ID sequence: no two sample people share a number
        relations = {"之子": "子女", "之女": "子女", "之父": "父母", "之母": "父母", "之孙子": "孙子女", "之孙女": "孙子女"}
        for _ in range(max(6, self.target // 150)):
            v = flow.choices(self.county.villages, [x.weight for x in self.county.villages])[0]
            members = f.family(flow.choices([1, 2, 3, 4, 5], [15, 30, 30, 15, 10])[0], young=flow.random() < 0.6)
            couple = len(members) > 1
            people = []
            for p in members:
                relation = relations.get(p.relation, p.relation)
                age = f.age(p)
                if relation in ("户主", "配偶"):
                    status = "已婚" if couple else flow.choice(["未婚", "离婚"])
                elif relation == "父母":
                    status = flow.choice(["已婚", "丧偶"])
                else:
                    status = "已婚" if age >= 22 and flow.random() < 0.5 else "未婚"
                work = "在校学生" if age < 18 else flow.choice(["务工", "务工", "个体经营", "无业"])
                people.append((p, relation, status, f"{names.COUNTY}{v.town}{v.name}", work,
                               f.phone() if age >= 18 else ""))
            left = date(flow.randint(2016, self.year), flow.randint(1, 12), flow.randint(1, 28))
            reason = flow.choices(["务工", "经商", "投靠亲友", "其他"], [75, 12, 8, 5])[0]
            self._migrant_household(flow, "流出", v, people, flow.choice(names.EMPLOYERS[:4] + ["福建省厦门市"]),
                                    left, reason)

    def _migrant_household(self, flow: random.Random, kind: str, v: Village, people: list, lives: str,
                           moved: date, reason: str) -> None:
        rows = self.county.migrants
        number = len({r[3] for r in rows})
        code = f"LD{number + 1:06d}"
        unsigned = number % 10 == 3 or flow.random() < (0.06 if kind == "流入" else 0.03)  # every sample has some
        signed = "否" if unsigned else "是"
        registered = date(self.year, flow.randint(1, 11), flow.randint(1, 28))
        for p, relation, status, home, work, phone in people:
            age = self.factory.age(p)
            certificate = ""
            if p.sex == "女" and status == "已婚" and 15 <= age <= 49:
                done = flow.random() < (0.86 if kind == "流入" else 0.9)
                certificate = ("已查验" if kind == "流入" else "已办理") if done else "未办理"
            rows.append([
                len(rows) + 1, v.town, v.name, code, p.name, p.sex, relation, p.id_number, p.birth, status, kind,
                home, lives, moved, reason, work, certificate, signed, phone, registered,
            ])

    # -- 花名册, 任务分工, 责任书名单 ----------------------------------------------------------------
    def roster_tasks_parties(self) -> None:
        rng, county = self.rng, self.county
        persons_by_village: dict[tuple[str, str], int] = {}
        for row in county.poverty:
            key = (row[2], row[3])
            persons_by_village[key] = persons_by_village.get(key, 0) + 1
        heads = {t: self.factory.name() for t in names.TOWNS}
        for v in county.villages:
            registered = persons_by_village.get((v.town, v.name), 0)
            agri = max(int(registered / rng.uniform(0.14, 0.32)), registered + 50)
            total = int(agri * rng.uniform(1.03, 1.12))
            county.roster.append([
                names.COUNTY, v.town, v.name, f"{names.COUNTY_CODE}{v.town_index:03d}{v.index:03d}",
                "是" if registered / agri > 0.22 else "否", int(total / 3.1), total, agri, v.director,
                v.secretary, v.phone,
            ])
            fund = round(10000 + 850.5 * v.monitored + rng.choice([0, 0, 0.32, 0.05]), 2)
            county.parties.append([
                len(county.parties) + 1, v.town, v.name, f"{v.town}人民政府", heads[v.town],
                f"{v.name}村民委员会", v.director, v.monitored, v.monitored_open, fund, date(self.year, 3, 15),
            ])
        county.tasks = [[i, *task] for i, task in enumerate(names.TASKS, start=1)]


def _education(rng: random.Random, age: int) -> str:
    if age < 6:
        return "学龄前儿童"
    if age < 12:
        return "小学"
    if age < 15:
        return "初中"
    return rng.choices(["文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上"], [12, 30, 38, 13, 4, 3])[0]


def _schooling(age: int) -> str:
    if 3 <= age < 6:
        return "学前教育"
    if 6 <= age < 12:
        return "小学"
    if 12 <= age < 15:
        return ["七年级", "八年级", "九年级"][age - 12]
    if 15 <= age < 18:
        return ["高中一年级", "高中二年级", "高中三年级"][age - 15]
    return "非在校生"


def _health(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.78:
        return "健康"
    if r < 0.96:
        return rng.choice(["长期慢性病", "患有大病", "残疾"])
    return rng.choice(["残疾,长期慢性病", "患有大病,残疾", "长期慢性病，患有大病"])


def build_county(persons: int, seed: int, year: int = 2024) -> SampleCounty:
    """All registries for a county of about ``persons`` 建档立卡 people (deterministic per seed)."""
    b = _Builder(persons, seed, year)
    households = b.poverty()
    b.monitor(households)
    b.children()
    b.migrants()
    b.roster_tasks_parties()
    return b.county


__all__ = ["build_county", "SampleCounty", "Village", "Person"]
