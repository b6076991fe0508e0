"""Typed cell conversion, one converter per column type of a spec.

A converter takes the raw value (already known not to be blank) and returns the typed value, or raises
:class:`CellIssue`. An ``error`` issue leaves the cell empty; a ``warning`` or ``info`` issue keeps
``issue.keep`` (the value as written, or the normalised one), so nothing is lost silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from itertools import repeat
from operator import mul
from typing import Any

from reportgen.cnid import check_digit, is_valid_id
from reportgen.specs.model import ColumnSpec

ERROR, WARNING, INFO = "错误", "警告", "提示"
_TEXT_ID_HINT = "在导出系统或 Excel 中把该列设为“文本”格式后重新导出（超过15位的数字无法存为数值）"
_FLOAT_TEXT = re.compile(r"^\d+\.0+$")
_SCI = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_SPLIT = re.compile(r"[,，、;；]")
# a time after the date is ignored, as for a datetime cell ("2023-05-01 00:00:00" from a CSV export)
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                      r"(?:[ T]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$")
_MONEY_STRIP = str.maketrans("", "", ",，元 ")
_TRUE = {"是", "y", "yes", "true", "1", "√", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无"}
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643
_CHECK = "10X98765432"
_ZERO_SUM = 48 * sum(_WEIGHTS[:17])  # ASCII "0" is 48: digits' bytes weighted, minus this, are the digits weighted


class CellIssue(Exception):
    """A problem with one cell: ``level`` (错误/警告/提示), message, hint, and the value to keep."""

    def __init__(self, level: str, message: str, keep: Any = None, hint: str | None = None):
        super().__init__(message)
        self.level, self.message, self.keep, self.hint = level, message, keep, hint

    def __reduce__(self) -> tuple:  # pickled whole: the reader's helper process sends issues back
        return CellIssue, (self.level, self.message, self.keep, self.hint)


def shown(value: Any) -> str:
    """How a raw value is quoted in a message (a float ID as Excel would store it)."""
    if isinstance(value, float):
        return repr(value) if abs(value) >= 1e15 else (str(int(value)) if value.is_integer() else str(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)


def to_text(v: Any) -> str:
    if type(v) is str:
        return v.strip()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip()


def to_code(v: Any) -> str:
    """Digit strings (户编号, 证件号码, 区划代码) as text; a number that lost digits is an error."""
    if type(v) is str:
        s = v.strip()
        if s.isdigit() and s.isascii():  # the usual code: neither scientific notation nor a float's text
            return s
        if _SCI.match(s):
            raise CellIssue(ERROR, f"编码被写成了科学计数法「{s}」，后面的数字已丢失", hint=_TEXT_ID_HINT)
        if _FLOAT_TEXT.match(s):
            digits = s.split(".")[0]
            if len(digits.lstrip("0")) > 15:
                raise CellIssue(ERROR, f"编码被存成了数字「{s}」，超过15位的数字已丢失", hint=_TEXT_ID_HINT)
            return digits
        return s
    if isinstance(v, bool):
        raise CellIssue(ERROR, f"编码应为数字串，实际是「{v}」")
    if isinstance(v, int | float):
        if isinstance(v, float) and not v.is_integer():
            raise CellIssue(ERROR, f"编码应为数字串，实际是小数「{v}」")
        if abs(v) >= 1e15:
            raise CellIssue(ERROR, f"编码被存成了数字（{shown(v)}），超过15位的数字已丢失", hint=_TEXT_ID_HINT)
        return str(int(v))
    return to_text(v)


def to_id_card(v: Any) -> str:
    """公民身份号码: 18 characters with a right GB 11643 check digit (lower-case x made upper)."""
    s = to_code(v).upper()
    if len(s) == 20 and is_valid_id(s[:18]):  # 残疾证号 = 身份证号 + 2 digits
        return s
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        if len(s) == 15 and s.isdigit():
            raise CellIssue(WARNING, f"「{s}」是15位旧身份证号，未能校验", keep=s)
        raise CellIssue(ERROR, f"证件号码「{s}」格式不对：应为18位，前17位是数字，末位是数字或X")
    if _CHECK[(sum(map(mul, s[:17].encode(), _WEIGHTS)) - _ZERO_SUM) % 11] != s[17]:  # as cnid.is_valid_id, faster
        raise CellIssue(ERROR, f"证件号码校验位错误（应为 {check_digit(s[:17])}）：{s}",
                        hint="核对证件号码是否录错（GB 11643 校验）")
    return s


def to_int(v: Any) -> int:
    if isinstance(v, bool):
        raise CellIssue(ERROR, f"应为整数，实际是「{v}」")
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    s = to_text(v).replace(",", "")
    if s.isdigit() or (s[:1] == "-" and s[1:].isdigit()):
        return int(s)
    if _FLOAT_TEXT.match(s):
        return int(s.split(".")[0])
    raise CellIssue(ERROR, f"应为整数，实际是「{shown(v)}」")


def to_decimal(v: Any) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return round(float(v), 2)
    s = to_text(v).translate(_MONEY_STRIP)
    try:
        return round(float(s), 2)
    except ValueError:
        raise CellIssue(ERROR, f"应为金额（元），实际是「{shown(v)}」") from None


# Whole-column forms of the converters above, for the streaming reader's new values of one column: each
# returns exactly what the converter gives value by value, or None (then the reader converts one by one)
# when a value is of another type, blank, or could raise an issue.
def _text_all(values: list) -> list | None:
    if set(map(type, values)) != {str}:
        return None
    stripped = list(map(str.strip, values))
    return None if "" in stripped else stripped


def _code_all(values: list) -> list | None:
    stripped = _text_all(values)
    ok = stripped is not None and all(map(str.isdigit, stripped)) and all(map(str.isascii, stripped))
    return stripped if ok else None


def _int_all(values: list) -> list | None:
    ok = set(map(type, values)) == {float} and all(map(float.is_integer, values))
    return list(map(int, values)) if ok else None


def _decimal_all(values: list) -> list | None:
    return list(map(round, values, repeat(2))) if set(map(type, values)) == {float} else None


def _id_card_all(values: list) -> list | None:
    ids = _text_all(values)
    if ids is None:
        return None
    ids = list(map(str.upper, ids))
    for s in ids:  # the 18-character form with a right check digit, as to_id_card accepts it
        if len(s) != 18 or not s.isascii() or not s[:17].isdigit() or \
                _CHECK[(sum(map(mul, s[:17].encode(), _WEIGHTS)) - _ZERO_SUM) % 11] != s[17]:
            return None
    return ids


WHOLE_COLUMN = {to_text: _text_all, to_code: _code_all, to_int: _int_all, to_decimal: _decimal_all,
                to_id_card: _id_card_all}


def to_yyyymm(v: Any) -> str:
    """``202304``, ``202304.0``, ``2023-04``, ``2023年4月`` or a date → ``"202304"``."""
    if isinstance(v, datetime | date):
        return f"{v.year}{v.month:02d}"
    s = to_text(v)
    if _FLOAT_TEXT.match(s):
        s = s.split(".")[0]
    m = _MONTH_RE.match(s)
    if m and 1900 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}{int(m.group(2)):02d}"
    raise CellIssue(ERROR, f"应为年月（如 202304），实际是「{shown(v)}」")


def to_date(v: Any) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    s = to_text(v)
    if len(s) == 8 and s.isdigit():
        s = f"{s[:4]}-{s[4:6]}-{s[6:]}"
    m = _DATE_RE.match(s)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellIssue(ERROR, f"应为日期（如 2024-03-15），实际是「{shown(v)}」")


def to_bool(v: Any) -> bool:
    s = to_text(v).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellIssue(ERROR, f"应为“是”或“否”，实际是「{shown(v)}」")


def make_enum(col: ColumnSpec) -> Callable[[Any], Any]:
    """Converter for an enumeration: normalise variants (told as 提示), unknown values warn (or error)."""
    allowed = set(col.enum)
    variants = {unicodedata.normalize("NFKC", k): v for k, v in col.normalise.items()}
    variants.update({unicodedata.normalize("NFKC", e): e for e in col.enum})
    level = ERROR if col.strict_enum else WARNING
    choices = "、".join(col.enum)

    def one(s: str, notes: list[str]) -> str:
        if s in allowed:
            return s
        target = variants.get(unicodedata.normalize("NFKC", s))
        if target is not None:
            if target != s:
                notes.append(f"已将「{s}」规范为「{target}」")
            return target
        raise CellIssue(level, f"「{s}」不是可选值", keep=None if level == ERROR else s, hint=f"可选值：{choices}")

    def convert(v: Any) -> Any:
        s = to_text(v)
        notes: list[str] = []
        if col.multi:
            out, problems = [], []
            for part in (p.strip() for p in _SPLIT.split(s)):
                if not part:
                    continue
                try:
                    out.append(one(part, notes))
                except CellIssue as exc:
                    problems.append(exc)
                    out.append(part)
            if problems:
                raise CellIssue(problems[0].level, problems[0].message, keep=out, hint=problems[0].hint)
            value: Any = out
        else:
            value = one(s, notes)
        if notes:
            raise CellIssue(INFO, "；".join(notes), keep=value)
        return value

    return convert


def make_multi_text() -> Callable[[Any], list[str]]:
    def convert(v: Any) -> list[str]:
        return [p.strip() for p in _SPLIT.split(to_text(v)) if p.strip()]

    return convert


def converter_for(col: ColumnSpec) -> Callable[[Any], Any]:
    """The converter for a column, with the spec's range check wrapped around numbers."""
    if col.type == "enum":
        return make_enum(col)
    if col.multi and col.type == "text":
        return make_multi_text()
    base = {
        "text": to_text, "phone": to_code, "code": to_code, "id_card": to_id_card, "int": to_int,
        "decimal": to_decimal, "yyyymm": to_yyyymm, "date": to_date, "bool": to_bool,
    }[col.type]
    if col.minimum is None and col.maximum is None:
        return base
    lo, hi = col.minimum, col.maximum

    def ranged(v: Any) -> Any:
        x = base(v)
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            if lo is not None and hi is not None:
                span = f"{lo:g}–{hi:g}"
            else:
                span = f"不小于 {lo:g}" if lo is not None else f"不大于 {hi:g}"
            raise CellIssue(ERROR, f"「{shown(v)}」超出范围（{span}）")
        return x

    return ranged
