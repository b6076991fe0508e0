"""Age filters of an indicator (``age: [15, 49]``): 周岁 on the report date, from the birth date.

育龄妇女 are women aged 15–49 *on the report date*, not on the day the export was made. The report date
is the spec parameter ``年龄计算日期``: a date (``2024-06-30``), or ``年末`` (the default) for 31 December
of 年度. A row's birth date is its birth-date column (``keys.birth``) or, when that cell is empty, the
date written in its ID number (``keys.person`` of type id_card). With no 年度 known the filter cannot be
applied and the figure is unknown (None), never a count over the wrong people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportgen.cnid import age_on, birth_date
from reportgen.errors import Location, ReportgenError
from reportgen.format.dates import parse_date
from reportgen.specs import Spec

DATE_PARAM = "年龄计算日期"
YEAR_END = "年末"


@dataclass(frozen=True)
class AgeTest:
    """Keep the rows whose age in 周岁 on ``on`` is within [low, high] (both ends included)."""

    low: int
    high: int
    on: date
    birth_key: str | None  # the birth-date column key
    id_key: str | None  # the ID column key (its digits 7–14 when the birth date is empty)
    birth_at: int | None
    id_at: int | None

    def birth(self, row: Sequence[Any]) -> date | None:
        value = row[self.birth_at] if self.birth_at is not None else None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return birth_date(row[self.id_at]) if self.id_at is not None and row[self.id_at] else None

    def age(self, row: Sequence[Any]) -> int | None:
        born = self.birth(row)
        return None if born is None else age_on(born, self.on)

    def passes(self, row: Sequence[Any]) -> bool:
        age = self.age(row)
        return age is not None and self.low <= age <= self.high

    def keep(self, rows: Sequence[list]) -> list[list]:
        return [r for r in rows if self.passes(r)]

    def words(self, name_of) -> str:
        """「年龄（按出生日期，空则按身份证号，计至2024年12月31日）在 15—49 周岁」 for definitions."""
        source = "、".join(name_of(k) for k in (self.birth_key, self.id_key) if k)
        source = source.replace("、", "，为空时按", 1) if self.birth_key and self.id_key else source
        when = f"{self.on.year}年{self.on.month}月{self.on.day}日"
        return f"年龄（按{source}，计至{when}）在{self.low}—{self.high}周岁"


def report_date(params: dict[str, Any]) -> date | None:
    """The day ages are computed on: ``年龄计算日期`` or 31 December of ``年度`` (None if neither is known)."""
    on = params.get(DATE_PARAM)
    if on in (None, "", YEAR_END):
        year = params.get("年度")
        try:
            return date(int(year), 12, 31) if year not in (None, "") else None
        except (TypeError, ValueError):
            return None
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    try:
        return parse_date(on).as_date()
    except ReportgenError as exc:
        raise ReportgenError(f"参数「{DATE_PARAM}」不是日期：{on}", Location(key=DATE_PARAM),
                             hint="写成 2024-12-31，或写「年末」（年度的 12 月 31 日）") from exc


def age_test(spec: Spec, positions: dict[str, int], bounds: Sequence[int], params: dict[str, Any]) -> AgeTest | None:
    """The :class:`AgeTest` for an indicator's ``age: [low, high]`` (None when no report date is known)."""
    on = report_date(params)
    if on is None:
        return None
    id_col = spec.column(spec.person_key) if spec.person_key else None
    id_key = id_col.key if id_col is not None and id_col.type == "id_card" else None
    birth_key = spec.birth_key
    low, high = bounds
    return AgeTest(int(low), int(high), on, birth_key, id_key,
                   positions.get(birth_key) if birth_key else None, positions.get(id_key) if id_key else None)
