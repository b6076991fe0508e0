"""Read a data spec YAML (through the one data-file loader) and check every part, naming the key path of each problem.

All problems of one file are collected and raised together (:class:`~reportgen.errors.ErrorGroup`), so a
clerk editing a spec fixes them in one pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.errors import ErrorGroup, Location, ReportgenError
from reportgen.io.data import load_mapping
from reportgen.specs.model import COLUMN_TYPES, PRIVACY_CLASSES, ColumnSpec, Groups, Indicator, Spec

MEASURES = ("households", "persons", "rows")
INDICATOR_KINDS: dict[str, set[str]] = {
    "count": {"where", "age"},
    "sum": {"where", "per"},
    "mean": {"where", "per", "weight"},
    "ratio": set(),
    "from": set(),
    "param": set(),
    "first": set(),
    "series": {"where", "age", "range", "measures", "cumulative", "label"},
    "shares": {"where", "age", "measures", "share_of", "sort", "label"},
    "breakdown": {"where", "age", "measure"},
    "distinct": {"where"},  # how many different values a column has (帮扶单位数, 结对村数)
    "shapes": set(),  # [帮扶单位, 受扶单位]: 一对一 / 多对一 / 一对多, derived from the pairs (measures.pairs)
}
_TOP_KEYS = {"name", "title", "sheet", "keys", "match", "parameters", "columns", "indicators", "groups",
             "output", "summary", "year_column", "pair"}
_COLUMN_KEYS = {"name", "key", "type", "aliases", "required", "enum", "normalise", "strict_enum", "multi",
                "min", "max", "privacy"}
_GROUP_KEYS = {"town", "village", "order_from", "town_indicators", "village_indicators"}


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.errors: list[ReportgenError] = []

    def error(self, key: str, message: str, hint: str | None = None) -> None:
        self.errors.append(ReportgenError(message, Location(file=self.path, key=key), hint=hint))

    def unknown_keys(self, data: dict, allowed: set[str], key: str) -> None:
        for k in data:
            if k not in allowed:
                where = f"{key}.{k}" if key else str(k)
                self.error(where, f"不认识的键「{k}」", hint=f"可用的键：{'、'.join(sorted(allowed))}")

    def text(self, value: Any, key: str, required: bool = True) -> str | None:
        if value is None or value == "":
            if required:
                self.error(key, "缺少必填项")
            return None
        if not isinstance(value, str | int):
            self.error(key, f"应为文字，实际是 {type(value).__name__}")
            return None
        return str(value)

    def text_list(self, value: Any, key: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.error(key, "应为文字列表（如 [甲, 乙]）")
            return []
        return [str(v) for v in value]


def load_spec(path: str | Path) -> Spec:
    """Load and validate one spec file; raise :class:`ErrorGroup` listing every problem with its key path."""
    return spec_from_dict(load_mapping(path, what="数据规格文件"), str(path))


def spec_from_dict(data: Any, path: str = "<spec>") -> Spec:
    """Build a :class:`Spec` from parsed YAML, checking structure and cross references."""
    ck = _Checker(path)
    if not isinstance(data, dict):
        raise ReportgenError("数据规格应为键值映射（name: …, columns: …）", Location(file=path))
    ck.unknown_keys(data, _TOP_KEYS, "")
    spec = Spec(name=ck.text(data.get("name"), "name") or Path(path).stem, path=path)
    spec.title = str(data.get("title") or "")
    spec.sheet = data.get("sheet")
    spec.output = str(data.get("output") or "figures")
    if spec.output not in ("figures", "rows", "summary"):
        ck.error("output", f"不认识的输出方式「{spec.output}」", hint="可选：figures、rows、summary")
    spec.parameters = data.get("parameters") or {}
    if not isinstance(spec.parameters, dict):
        ck.error("parameters", "应为键值映射")
        spec.parameters = {}
    if spec.output == "summary":
        _summary(ck, spec, data.get("summary"))
        return _finish(ck, spec)
    _columns(ck, spec, data.get("columns"))
    keys = data.get("keys") or {}
    if not isinstance(keys, dict):
        ck.error("keys", "应为键值映射（household: 户编号, person: 证件号码）")
        keys = {}
    ck.unknown_keys(keys, {"household", "person", "birth"}, "keys")
    spec.household_key = _column_ref(ck, spec, keys.get("household"), "keys.household")
    spec.person_key = _column_ref(ck, spec, keys.get("person"), "keys.person")
    spec.birth_key = _column_ref(ck, spec, keys.get("birth"), "keys.birth")
    spec.year_column = _column_ref(ck, spec, data.get("year_column"), "year_column")
    spec.match = ck.text_list(data.get("match"), "match")
    for i, name in enumerate(spec.match):
        _column_ref(ck, spec, name, f"match[{i}]")
    if not spec.match:
        spec.match = [c.key for c in spec.columns if c.required]
    if data.get("pair") is not None:
        pair = ck.text_list(data["pair"], "pair")
        refs = [_column_ref(ck, spec, name, f"pair[{i}]") for i, name in enumerate(pair)]
        if len(refs) != 2:
            ck.error("pair", "应为 [帮扶方列, 受扶方列] 两列")
        elif all(refs):
            spec.pair = (refs[0], refs[1])
    _indicators(ck, spec, data.get("indicators") or {})
    if data.get("groups") is not None:
        _groups(ck, spec, data["groups"])
    return _finish(ck, spec)


def _finish(ck: _Checker, spec: Spec) -> Spec:
    if ck.errors:
        raise ErrorGroup(ck.errors, f"数据规格 {ck.path} 有 {len(ck.errors)} 处问题")
    return spec


def _column_ref(ck: _Checker, spec: Spec, name: Any, key: str) -> str | None:
    if name is None:
        return None
    col = spec.column(str(name))
    if col is None:
        ck.error(key, f"列「{name}」不在 columns 中")
        return None
    return col.key


def _columns(ck: _Checker, spec: Spec, raw: Any) -> None:
    if not isinstance(raw, list) or not raw:
        ck.error("columns", "应为非空列表，每项描述一列（name, type, …）")
        return
    seen: set[str] = set()
    for i, item in enumerate(raw):
        key = f"columns[{i}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            ck.error(key, "应为键值映射（name: 列名, type: …）")
            continue
        ck.unknown_keys(item, _COLUMN_KEYS, key)
        name = ck.text(item.get("name"), f"{key}.name")
        if name is None:
            continue
        col = ColumnSpec(name=name, key=str(item.get("key") or name))
        col.type = str(item.get("type") or "text")
        if col.type not in COLUMN_TYPES:
            ck.error(f"{key}.type", f"不认识的类型「{col.type}」", hint=f"可选：{'、'.join(COLUMN_TYPES)}")
        col.aliases = ck.text_list(item.get("aliases"), f"{key}.aliases")
        col.enum = ck.text_list(item.get("enum"), f"{key}.enum")
        if col.type == "enum" and not col.enum:
            ck.error(f"{key}.enum", "枚举列必须列出可选值（enum: [甲, 乙]）")
        normalise = item.get("normalise") or {}
        if not isinstance(normalise, dict):
            ck.error(f"{key}.normalise", "应为键值映射（写法: 规范写法，如 缺劳动力: 缺劳力）")
            normalise = {}
        col.normalise = {str(k): str(v) for k, v in normalise.items()}
        for variant, target in col.normalise.items():
            if col.enum and target not in col.enum:
                ck.error(f"{key}.normalise.{variant}", f"规范写法「{target}」不在 enum 中")
        for flag in ("required", "strict_enum", "multi"):
            value = item.get(flag, False)
            if not isinstance(value, bool):
                ck.error(f"{key}.{flag}", "应为 true 或 false")
            else:
                setattr(col, flag, value)
        for yaml_key, attr in (("min", "minimum"), ("max", "maximum")):
            value = item.get(yaml_key)
            if value is not None and not isinstance(value, int | float):
                ck.error(f"{key}.{yaml_key}", "应为数字")
            else:
                setattr(col, attr, value)
        col.privacy = str(item.get("privacy") or "none")
        if col.privacy not in PRIVACY_CLASSES:
            ck.error(f"{key}.privacy", f"不认识的隐私类别「{col.privacy}」", hint=f"可选：{'、'.join(PRIVACY_CLASSES)}")
        if col.key in seen:
            ck.error(f"{key}.key", f"键「{col.key}」重复")
        seen.add(col.key)
        spec.columns.append(col)


def _indicators(ck: _Checker, spec: Spec, raw: Any) -> None:
    if not isinstance(raw, dict):
        ck.error("indicators", "应为键值映射（指标名: {count: persons, …}）")
        return
    for name, item in raw.items():
        key = f"indicators.{name}"
        if not isinstance(item, dict):
            ck.error(key, "应为键值映射，如 {count: persons, where: {脱贫属性: 已脱贫}}")
            continue
        kinds = [k for k in item if k in INDICATOR_KINDS]
        if len(kinds) != 1:
            ck.error(key, "必须且只能有一种统计方式", hint=f"可选：{'、'.join(INDICATOR_KINDS)}")
            continue
        kind = kinds[0]
        ck.unknown_keys(item, INDICATOR_KINDS[kind] | {kind}, key)
        ind = Indicator(str(name), kind, dict(item), key)
        _check_indicator(ck, spec, ind, set(raw))
        spec.indicators[ind.name] = ind


def _check_indicator(ck: _Checker, spec: Spec, ind: Indicator, names: set) -> None:
    o, key, kind = ind.options, ind.key_path, ind.kind
    main = o[kind]
    if kind == "count" and main not in MEASURES:
        ck.error(f"{key}.count", f"应为 {'、'.join(MEASURES)} 之一（户、人、行）")
    if kind in ("sum", "mean", "first", "series", "breakdown", "distinct"):
        _column_ref(ck, spec, main, f"{key}.{kind}")
    if kind == "shapes":
        cols = ck.text_list(main, f"{key}.shapes")
        if len(cols) != 2:
            ck.error(f"{key}.shapes", "应为 [帮扶方列, 受扶方列] 两列")
        for i, col in enumerate(cols):
            _column_ref(ck, spec, col, f"{key}.shapes[{i}]")
    if kind == "shares":
        for i, col in enumerate(ck.text_list(main, f"{key}.shares")):
            _column_ref(ck, spec, col, f"{key}.shares[{i}]")
    if "weight" in o:
        _column_ref(ck, spec, o["weight"], f"{key}.weight")
    if o.get("per", "household") != "household":
        ck.error(f"{key}.per", "只支持 household（户级字段每户取一次）")
    if "per" in o and not spec.household_key:
        ck.error(f"{key}.per", "需要在 keys.household 中声明户编号列")
    if kind == "ratio":
        if not (isinstance(main, list) and len(main) == 2):
            ck.error(f"{key}.ratio", "应为 [分子指标, 分母指标]")
        else:
            for part, ref in zip(("分子", "分母"), main, strict=True):
                if ref not in names:
                    ck.error(f"{key}.ratio", f"{part}「{ref}」不是本规格中的指标")
    if kind == "param" and main not in spec.parameters:
        ck.error(f"{key}.param", f"参数「{main}」未在 parameters 中声明")
    if kind == "from" and (not isinstance(main, str) or "." not in main):
        ck.error(f"{key}.from", "应写成 规格名.指标名（如 村级基本情况.农业户籍人口）")
    if kind == "from" and isinstance(main, str):
        try:
            main.format_map(spec.parameters)
        except (KeyError, ValueError) as exc:
            ck.error(f"{key}.from", f"引用了未声明的参数 {exc}")
    measures = o.get("measures", {"户数": "households", "人数": "persons"})
    if kind in ("series", "shares"):
        if not isinstance(measures, dict) or not all(v in MEASURES for v in measures.values()):
            ck.error(f"{key}.measures", f"应为 输出名: {'/'.join(MEASURES)} 的映射，如 {{户数: households}}")
        elif "share_of" in o and o["share_of"] not in measures:
            ck.error(f"{key}.share_of", f"「{o['share_of']}」不在 measures 中")
    if kind == "breakdown" and o.get("measure", "persons") not in MEASURES:
        ck.error(f"{key}.measure", f"应为 {'、'.join(MEASURES)} 之一")
    if kind == "series":
        rng = o.get("range")
        if not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(x, int) for x in rng)):
            ck.error(f"{key}.range", "应为 [起始年, 截止年]，如 [2014, 2020]")
    where = o.get("where") or {}
    if not isinstance(where, dict):
        ck.error(f"{key}.where", "应为 列名: 取值 的映射")
    else:
        for col in where:
            _column_ref(ck, spec, col, f"{key}.where.{col}")
    if "age" in o:
        _check_age(ck, spec, o["age"], f"{key}.age")
    if o.get("sort", "desc") not in ("desc", "enum"):
        ck.error(f"{key}.sort", "可选：desc（按数量降序）、enum（按 enum 顺序）")


def _check_age(ck: _Checker, spec: Spec, bounds: Any, key: str) -> None:
    """``age: [15, 49]``: whole years, low ≤ high, and a column the birth date comes from."""
    if not (isinstance(bounds, list) and len(bounds) == 2 and all(type(b) is int and b >= 0 for b in bounds)
            and bounds[0] <= bounds[1]):
        ck.error(key, "应为 [最小周岁, 最大周岁]（含两端），如 [15, 49]")
    id_col = spec.column(spec.person_key) if spec.person_key else None
    if spec.birth_key is None and (id_col is None or id_col.type != "id_card"):
        ck.error(key, "按年龄统计需要出生日期", hint="在 keys 中写 birth: 出生日期列，或把 keys.person 设为 id_card 类型的证件号码列")


def _groups(ck: _Checker, spec: Spec, raw: Any) -> None:
    if not isinstance(raw, dict):
        ck.error("groups", "应为键值映射（town: 乡镇列, village: 村列, …）")
        return
    ck.unknown_keys(raw, _GROUP_KEYS, "groups")
    town = _column_ref(ck, spec, raw.get("town"), "groups.town")
    if raw.get("town") is None:
        ck.error("groups.town", "缺少必填项")
    village = _column_ref(ck, spec, raw.get("village"), "groups.village")
    lists: dict[str, list[tuple[str, str]]] = {}
    for k in ("town_indicators", "village_indicators"):
        items = raw.get(k) or []
        lists[k] = []
        if not isinstance(items, list):
            ck.error(f"groups.{k}", "应为指标名列表（可写 {输出名: 指标名} 改名）")
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict) and len(item) == 1:
                out, name = next(iter(item.items()))
            elif isinstance(item, str):
                out = name = item
            else:
                ck.error(f"groups.{k}[{i}]", "应为指标名，或 {输出名: 指标名}")
                continue
            if name not in spec.indicators:
                ck.error(f"groups.{k}[{i}]", f"「{name}」不是本规格中的指标")
            lists[k].append((str(out), str(name)))
    order_from = raw.get("order_from")
    spec.groups = Groups(town or "", village, str(order_from) if order_from else None,
                         lists["town_indicators"], lists["village_indicators"])


def _summary(ck: _Checker, spec: Spec, raw: Any) -> None:
    if not isinstance(raw, dict) or not raw:
        ck.error("summary", "应为 输出列名: 规格名.指标名 的映射")
        return
    for k, v in raw.items():
        if not isinstance(v, str) or "." not in v:
            ck.error(f"summary.{k}", "应写成 规格名.指标名（如 建档立卡.户数）")
        else:
            spec.summary[str(k)] = v
