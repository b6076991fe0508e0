"""Deterministic synthetic people: names, ID numbers, phones, households.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same seed and size give
the same people, byte for byte.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from reportgen.cnid import age_on, check_digit
from reportgen.samples import names


@dataclass
class Person:
    name: str
    sex: str  # 男/女
    id_number: str
    birth: date
    relation: str  # 与户主关系


@dataclass
class Household:
    town: str
    village: str
    natural_village: str
    code: str  # 户编号
    members: list[Person] = field(default_factory=list)
    phone: str = ""


class PeopleFactory:
    """Makes people with unique, checksum-valid synthetic IDs."""

    def __init__(self, rng: random.Random, reference: date):
        self.rng = rng
        self.reference = reference
        self._sequence: dict[str, int] = {}

    def name(self, surname: str | None = None) -> str:
        rng = self.rng
        surname = surname or rng.choice(names.SURNAMES)
        given = rng.choice(names.GIVEN_CHARS)
        if rng.random() < 0.7:
            given += rng.choice(names.GIVEN_CHARS)
        return surname + given

    def id_number(self, birth: date, sex: str) -> str:
        stem = names.COUNTY_CODE + birth.strftime("%Y%m%d")
        key = stem + sex
        n = self._sequence.get(key, 0)
        if n >= 499:
            raise ValueError(f"too many synthetic people born on {birth} ({sex})")
        self._sequence[key] = n + 1
        # 3-digit order code: odd for men (001…997), even for women (002…998), as GB 11643 says.
        order = 2 * n + (1 if sex == "男" else 2)
        first17 = stem + f"{order:03d}"
        return first17 + check_digit(first17)

    def birth_for_age(self, age: int) -> date:
        start = date(self.reference.year - age, 1, 1)
        return start + timedelta(days=self.rng.randrange(365))

    def person(self, age: int, sex: str, relation: str, surname: str | None = None) -> Person:
        birth = self.birth_for_age(max(age, 0))
        return Person(self.name(surname), sex, self.id_number(birth, sex), birth, relation)

    def phone(self) -> str:
        return "1" + self.rng.choice("35789") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def family(self, size: int, young: bool = False) -> list[Person]:
        """A household of ``size`` people: 户主 first, then spouse, children, parents, grandchildren."""
        rng = self.rng
        head_age = rng.randint(25, 45) if young else rng.randint(32, 78)
        head_sex = "男" if rng.random() < 0.82 else "女"
        surname = rng.choice(names.SURNAMES)
        members = [self.person(head_age, head_sex, "户主", surname)]
        if size >= 2:
            other = "女" if head_sex == "男" else "男"
            members.append(self.person(head_age + rng.randint(-5, 4), other, "配偶"))
        slots = ["之子", "之女", "之子", "之女", "之父", "之母", "之孙子", "之孙女"]
        for relation in slots[: max(size - 2, 0)]:
            if relation in ("之子", "之女"):
                age = max(head_age - rng.randint(22, 34), rng.randint(1, 17))
            elif relation in ("之父", "之母"):
                age = head_age + rng.randint(22, 30)
            else:
                age = rng.randint(1, 12)
            sex = "男" if relation in ("之子", "之父", "之孙子") else "女"
            members.append(self.person(age, sex, relation, surname if sex == "男" else None))
        return members

    def age(self, person: Person) -> int:
        return age_on(person.birth, self.reference)
