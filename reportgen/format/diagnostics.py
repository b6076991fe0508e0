"""Jinja's errors in words a county clerk can act on, for both engines (Word and Excel templates).

A misspelt name gets "是不是「人数」？": strict rendering uses ``NamingUndefined``, whose error carries the
names that do exist where the missing one was looked up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.utils import missing

from reportgen.errors import ReportgenError, did_you_mean

_HINT_UNDEFINED = ("检查数据文件里的名称是否与模板中的完全一致（包括全角/半角、空格）；"
                   "可有可无的值写成 {{ 名称|default('') }}，或渲染时加 --lenient")
_PATTERNS: list[tuple[re.Pattern, str, str | None]] = [
    (re.compile(r"^'([^']+)' is undefined$"), "数据中没有「{0}」（变量未定义）", _HINT_UNDEFINED),
    (re.compile(r"^'[^']+ object' has no attribute '([^']+)'$"), "数据中没有「{0}」这一项", _HINT_UNDEFINED),
    (re.compile(r"^'([^']+)' has no attribute '([^']+)'$"), "「{0}」中没有「{1}」这一项", _HINT_UNDEFINED),
    (re.compile(r"^'NoneType' object is not iterable$"), "要循环的数据是空值（None），无法逐项循环",
     "在数据中给出一个列表，或写成 {% for x in (列表 or []) %}"),
    (re.compile(r"^'(\w+)' object is not iterable$"), "要循环的数据不是列表（而是 {0}）", "检查 for 标签中 in 后面的名称"),
    (re.compile(r"^No filter named '([^']+)'\.?$"), "未知的过滤器「{0}」", "检查过滤器名称是否拼写正确（见 docs/docx.md 的过滤器列表）"),
    (re.compile(r"^No test named '([^']+)'\.?$"), "未知的测试「{0}」", None),
    (re.compile(r"^Encountered unknown tag '([^']+)'\.?"), "未知的标签「{0}」",
     "块标签只能是 if/elif/else/endif、for/endfor、set、with 等；检查是否拼错或少了 end"),
    (re.compile(r"^unexpected end of template"), "标签不完整", "检查括号、引号是否成对"),
    (re.compile(r"^unexpected '(.+)'$"), "标签中有多余的「{0}」", "检查括号、引号、运算符是否成对"),
    (re.compile(r"^expected token '([^']+)', got '([^']+)'$"), "标签语法错误：这里应为「{0}」，却是「{1}」",
     "检查标签写法，例如 {% for x in 列表 %}、{% if a > 1 %}"),
]


def translate(exc: BaseException) -> tuple[str, str | None]:
    """(Chinese message, hint) for an exception raised while compiling or rendering."""
    if isinstance(exc, ReportgenError):
        return exc.message, exc.hint
    text = exc.message if isinstance(exc, TemplateSyntaxError) and exc.message else str(exc)
    for pattern, message, hint in _PATTERNS:
        match = pattern.search(text)
        if match:
            return message.format(*match.groups()) + _filter_guess(pattern, match) + _name_guess(exc, match), hint
    if isinstance(exc, SecurityError):
        return "模板试图访问不允许的内容（安全限制）", "模板里只能使用数据、过滤器和基本运算"
    if isinstance(exc, TemplateSyntaxError):
        return f"标签语法错误：{text}", "检查标签写法是否符合 Jinja 语法（见 docs/docx.md）"
    if isinstance(exc, UndefinedError):
        return f"数据缺失：{text}", _HINT_UNDEFINED
    if isinstance(exc, ValueError | TypeError | ArithmeticError | KeyError | IndexError):
        return f"计算出错（{type(exc).__name__}）：{text}", "检查数据的类型和取值是否符合模板的用法"
    return f"渲染出错（{type(exc).__name__}）：{text}", None


def _filter_guess(pattern: re.Pattern, match: re.Match) -> str:
    """"；是不是「rmb_upper」？" for a misspelt filter (the closest of reportgen's and Jinja's filters)."""
    if not pattern.pattern.startswith("^No filter named"):
        return ""
    from jinja2.filters import FILTERS as JINJA_FILTERS

    from reportgen.format.filters import FILTERS

    guess = did_you_mean(match.group(1), [*FILTERS, *JINJA_FILTERS, "range"])
    return f"；是不是「{guess}」？" if guess else ""


def _name_guess(exc: BaseException, match: re.Match) -> str:
    """"；是不是「人数」？" when the error knows the names next to the missing one."""
    names = getattr(exc, "known_names", None)
    if not names or not match.groups():
        return ""
    guess = did_you_mean(match.groups()[-1], names, cutoff=0.5)  # 户树 → 户数: short Chinese names
    return f"；是不是「{guess}」？" if guess else ""


def undefined_error(undefined: Undefined) -> UndefinedError:
    """The error for using ``undefined``, carrying the names its container does have (for the guess)."""
    exc = undefined._undefined_exception(undefined._undefined_message)
    container = undefined._undefined_obj
    if container is missing:
        exc.top_level = True  # type: ignore[attr-defined]  # names come from the context: see with_context_names
    elif isinstance(container, Mapping):
        exc.known_names = [str(k) for k in container]  # type: ignore[attr-defined]
    return exc


def with_context_names(exc: BaseException, context: object) -> BaseException:
    """Give a top-level undefined name's error the context's names (Undefined cannot see the context)."""
    if getattr(exc, "top_level", False) and isinstance(context, Mapping):
        exc.known_names = [str(k) for k in context]  # type: ignore[attr-defined]
    return exc


def undefined_message(undefined: Undefined, context: object = None) -> tuple[str, str | None]:
    """(message, hint) for an undefined value met without an exception (Excel's typed cells)."""
    return translate(with_context_names(undefined_error(undefined), context))


class NamingUndefined(StrictUndefined):
    """``StrictUndefined`` whose error says which names exist, so the message can guess the intended one."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise undefined_error(self)


# Undefined binds its dunder methods to the base function at class creation: rebind them to ours.
for _cls in (Undefined, StrictUndefined):
    for _name, _value in vars(_cls).items():
        if _value is Undefined._fail_with_undefined_error and _name != "_fail_with_undefined_error":
            setattr(NamingUndefined, _name, NamingUndefined._fail_with_undefined_error)
