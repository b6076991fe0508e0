"""What a data spec says, as plain dataclasses (built and checked by :mod:`reportgen.specs.loader`).

A spec describes one registry export: its columns (name, aliases, type, required, enumeration,
privacy class, template key), its keys (户编号 for households, 证件号码 for persons), how its rows group
by 乡镇/村, and the indicators computed from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Column types a spec may declare, with what ingest does for each (shown in errors and docs).
COLUMN_TYPES: dict[str, str] = {
    "text": "文本（原样保留）",
    "code": "编码（数字串，按文本读取；丢失精度的数字报错）",
    "id_card": "公民身份号码（18位，校验 GB 11643 校验位）",
    "int": "整数",
    "decimal": "金额/小数（元，保留两位）",
    "yyyymm": "年月（如 202304）",
    "date": "日期",
    "bool": "是/否",
    "enum": "枚举（取值见 enum）",
    "phone": "电话号码",
}
PRIVACY_CLASSES: dict[str, str] = {
    "id": "证件号码",
    "phone": "联系电话",
    "bank": "银行账号",
    "health": "健康状况",
    "name": "姓名",
    "none": "不敏感",
}
# Classes masked by ``public`` output unless a caller says otherwise (公示不得公开的敏感信息).
PUBLIC_MASKED = frozenset({"id", "phone", "bank", "health"})


@dataclass
class ColumnSpec:
    """One column of an export, matched by name or alias (brackets and spaces normalised)."""

    name: str
    key: str
    type: str = "text"
    aliases: list[str] = field(default_factory=list)
    required: bool = False
    enum: list[str] = field(default_factory=list)
    normalise: dict[str, str] = field(default_factory=dict)
    strict_enum: bool = False  # unknown value is an error (else a warning, kept as written)
    multi: bool = False
    minimum: float | None = None
    maximum: float | None = None
    privacy: str = "none"


@dataclass
class Indicator:
    """One named figure: ``kind`` is the main key of its YAML mapping (count, sum, ratio, series…)."""

    name: str
    kind: str
    options: dict[str, Any]
    key_path: str


@dataclass
class Groups:
    """How rows group into 乡镇 and 村, and which indicators each group row carries."""

    town: str  # column key of 乡镇
    village: str | None  # column key of 村
    order_from: str | None  # spec name whose rows give the order (the roster)
    town_indicators: list[tuple[str, str]]  # (output name, indicator name)
    village_indicators: list[tuple[str, str]]


@dataclass
class Spec:
    """A whole data spec (one registry)."""

    name: str
    path: str
    title: str = ""
    sheet: str | int | None = None
    columns: list[ColumnSpec] = field(default_factory=list)
    household_key: str | None = None
    person_key: str | None = None
    birth_key: str | None = None  # 出生日期 column for ``age`` filters (else the ID's birth date)
    match: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    groups: Groups | None = None
    output: str = "figures"  # figures | rows (任务分工, 责任书: rows as they are) | summary
    summary: dict[str, str] = field(default_factory=dict)  # for output == summary: 列 → 登记.指标
    year_column: str | None = None
    pair: tuple[str, str] | None = None  # (帮扶单位, 受扶单位): each row is one pair (self-pairs, duplicates checked)

    def column(self, key: str) -> ColumnSpec | None:
        for c in self.columns:
            if c.key == key or c.name == key:
                return c
        return None

    def indicator_columns(self, name: str) -> list[ColumnSpec]:
        """The columns an indicator reads (its own column, ``where``, ``weight``, the household key).

        A figure whose column is absent from an export is unknown, not zero (see ``Table.missing``).
        """
        o, kind = self.indicators[name].options, self.indicators[name].kind
        refs: list[str] = []
        if kind in ("sum", "mean", "first", "series", "shares", "breakdown", "distinct", "shapes"):
            refs += o[kind] if isinstance(o[kind], list) else [o[kind]]
        refs += list((o.get("where") or {}).keys())
        if o.get("age"):
            refs += [k for k in (self.birth_key, self.person_key) if k]
        if o.get("weight"):
            refs.append(o["weight"])
        wants = [o.get("count"), *(o.get("measures") or {"": "households"} if kind in ("series", "shares") else {}).values()]
        if (o.get("per") == "household" or "households" in wants) and self.household_key:
            refs.append(self.household_key)
        found = [self.column(r) for r in refs]
        return list({id(c): c for c in found if c is not None}.values())
