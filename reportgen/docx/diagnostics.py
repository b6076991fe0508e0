"""Turn Jinja's errors into located messages a county clerk can act on.

Compile errors carry a line number; runtime errors are found in the (Jinja-rewritten) traceback. Each
generated line belongs to one tag (see ``CompiledSource.emission_at_line``), which knows its part,
paragraph, table/row/cell, the tag as written and the text around it.
"""

from __future__ import annotations

import re
import sys
from contextvars import ContextVar

from jinja2 import ChainableUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from reportgen.docx.compiler import CompiledSource
from reportgen.errors import Location, ReportgenError, did_you_mean

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
            return message.format(*match.groups()) + _filter_guess(pattern, match), hint
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


def runtime_line(exc: BaseException, filename: str) -> int | None:
    """Template line of the innermost frame of ``filename`` in the traceback."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def located(exc: BaseException, source: CompiledSource, lineno: int | None, file: str | None) -> ReportgenError:
    message, hint = translate(exc)
    emission = source.emission_at_line(lineno)
    location = emission.location if emission is not None else Location(part=source.part)
    if isinstance(exc, ReportgenError) and exc.location != Location():
        location = exc.location
    return ReportgenError(message, location.with_(file=file), hint=hint)


UNDEFINED_SINK: ContextVar[list] = ContextVar("reportgen_docx_undefined_sink")


class CollectingUndefined(ChainableUndefined):
    """Undefined for ``all_errors``: records each use with its template line and renders as empty."""

    __slots__ = ()

    def _record(self) -> None:
        frame = sys._getframe(1)
        filename = line = None
        while frame is not None:
            template = frame.f_globals.get("__jinja_template__")
            if template is not None:
                filename, line = frame.f_code.co_filename, template.get_corresponding_lineno(frame.f_lineno)
                break
            frame = frame.f_back
        collected = UNDEFINED_SINK.get(None)
        if collected is not None:
            collected.append((filename, line, UndefinedError(self._undefined_message)))

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self):
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False
