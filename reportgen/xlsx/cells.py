"""Compiling one template cell's text into something fast to evaluate per generated row.

A cell holding only ``{{ expr }}`` keeps the value's type (so 合计 formulas and number formats work);
any other text renders to a string. Plain dotted names (``t.户数``) on dicts are looked up directly,
which is what makes a 50,000-row list fast; everything else goes through the sandboxed Jinja
environment. Rendered strings are always stored as text: data never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jinja2 import TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reportgen.errors import Location, ReportgenError
from reportgen.format.diagnostics import translate, undefined_message, with_context_names
from reportgen.format.environment import NoneValueError

_SINGLE_EXPR_RE = re.compile(r"^\s*\{\{-?(?P<expr>(?:(?!\}\}|\{\{|\{%).)*?)-?\}\}\s*$", re.S)
_DOTTED_RE = re.compile(r"^\s*[^\W\d]\w*(?:\.[^\W\d]\w*)*\s*$")
_PLAIN_TYPES = (int, float, bool, dt.date, dt.datetime, dt.time, Decimal)


class LoopInfo:
    """What ``loop`` means inside a repeated block (same names as Jinja's loop variable)."""

    __slots__ = ("index0", "length")

    def __init__(self, index0: int, length: int) -> None:
        self.index0 = index0
        self.length = length

    @property
    def index(self) -> int:
        return self.index0 + 1

    @property
    def revindex(self) -> int:
        return self.length - self.index0

    @property
    def first(self) -> bool:
        return self.index0 == 0

    @property
    def last(self) -> bool:
        return self.index0 == self.length - 1


def clean_text(value: str) -> str:
    """Strip the control characters Excel refuses (they come from copy-pasted registry cells)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def to_cell_value(value: Any) -> Any:
    """Turn a rendered value into something a cell can hold (numbers, dates, bools stay typed)."""
    if value is None or isinstance(value, Undefined):
        return None
    if isinstance(value, _PLAIN_TYPES):
        return value
    if isinstance(value, str):
        return clean_text(str(value))
    return clean_text(str(value))


class Expression:
    """A compiled cell: ``evaluate(ctx)`` returns the cell value."""

    __slots__ = ("text", "typed", "_path", "_compiled", "_finalize", "_strict", "_where")

    def __init__(self, text: str, env: SandboxedEnvironment, strict: bool, where: Location) -> None:
        self.text = text
        self._finalize: Callable[[Any], Any] | None = env.finalize
        self._strict = strict
        self._where = where
        self._path: list[str] | None = None
        single = _SINGLE_EXPR_RE.match(text)
        try:
            if single:
                self.typed = True
                expr = single.group("expr").strip()
                if _DOTTED_RE.match(expr):
                    self._path = [p.strip() for p in expr.split(".")]
                self._compiled = env.compile_expression(expr, undefined_to_none=False)
            else:
                self.typed = False
                self._compiled = env.from_string(text)
        except TemplateError as exc:
            raise ReportgenError(
                f"模板语法错误：{exc}", where.with_(tag=text),
                hint="检查 {{ }} 和 {% %} 是否成对、过滤器名称是否正确。",
            ) from exc

    def evaluate(self, ctx: dict[str, Any]) -> Any:
        try:
            if self.typed:
                value = self._fast(ctx) if self._path is not None else _MISSING
                if value is _MISSING:
                    value = self._compiled(**ctx)
                if isinstance(value, Undefined):
                    if self._strict:
                        message, hint = undefined_message(value, ctx)
                        raise ReportgenError(message, self._where.with_(tag=self.text), hint=hint)
                    return None
                if isinstance(value, str) and self._finalize is not None:
                    value = self._finalize(value)
                return to_cell_value(value)  # a typed cell: None is an empty cell, never the text "None"
            return clean_text(self._compiled.render(ctx))
        except NoneValueError as exc:  # "共{{ n }}人" with n None: located like an undefined variable
            raise ReportgenError(exc.message, self._where.with_(tag=self.text), hint=exc.hint) from None
        except ReportgenError:
            raise
        except Exception as exc:  # Jinja raises many kinds (UndefinedError, TypeError in filters …)
            message, hint = translate(with_context_names(exc, ctx))
            raise ReportgenError(message, self._where.with_(tag=self.text), hint=hint) from exc

    def _fast(self, ctx: dict[str, Any]) -> Any:
        path = self._path
        assert path is not None
        value = ctx.get(path[0], _MISSING)
        for part in path[1:]:
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, LoopInfo) and part in ("index", "index0", "first", "last", "length"):
                value = getattr(value, part)
            else:
                return _MISSING
        return value


_MISSING = object()


def render_text(text: str, env: SandboxedEnvironment, ctx: dict[str, Any], where: Location) -> str:
    """Render a piece of text that is not a cell (sheet name, header/footer)."""
    if "{{" not in text and "{%" not in text:
        return text
    try:
        return env.from_string(text).render(ctx)
    except Exception as exc:
        message, hint = translate(with_context_names(exc, ctx))
        raise ReportgenError(message, where.with_(tag=text), hint=hint) from exc
