"""The one Jinja environment factory both engines (docx, xlsx) use.

Templates are shared between offices, so they render in Jinja's ``SandboxedEnvironment`` (no access to
Python internals such as ``__class__`` or ``__globals__``). Undefined variables are errors by default;
``undefined="lenient"`` renders them empty. A ``None`` printed by ``{{ }}`` is treated the same way (Jinja
would print the text "None": "青禾县None年"): an error in strict mode, located by the engine like an
undefined variable; empty with a :class:`MissingValueWarning` in lenient mode. Filters, tests and
globals are registered here, once, from ``reportgen.format.filters``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Literal

from jinja2 import ChainableUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from reportgen.errors import ReportgenError
from reportgen.format import script as script_mod
from reportgen.format.diagnostics import NamingUndefined
from reportgen.format.filters import FILTERS, GLOBALS, LOCALE_FILTERS, TESTS

Script = Literal["simplified", "traditional", "tw", "hk"]
_NONE_HINT = ("在数据中给出这个值；可以没有的值写成 {{ 名称 or '' }}（或 {{ 名称|default('', true) }}）；"
              "或渲染时加 --lenient（留空并给出警告）")


class NoneValueError(ReportgenError):
    """A ``{{ }}`` printed ``None`` in strict mode; the engine adds where (paragraph/cell and tag)."""


class MissingValueWarning(UserWarning):
    """Lenient mode left a ``None`` value empty."""


def none_value(strict: bool) -> Callable[[Any], Any]:
    """What ``{{ }}`` prints for ``None``: an error (strict) or empty text with a warning (lenient)."""

    def handle(value: Any) -> Any:
        if value is not None:
            return value
        if strict:
            raise NoneValueError("要填入的值是空值（None），文档中会印出“None”", hint=_NONE_HINT)
        warnings.warn(MissingValueWarning("要填入的值是空值（None），已留空"), stacklevel=2)
        return ""

    return handle


def make_environment(
    *,
    undefined: Literal["strict", "lenient"] = "strict",
    script: Script | None = None,
    autoescape: bool | Callable[[str | None], bool] = False,
    finalize: Callable[[Any], Any] | None = None,
    extra_filters: dict[str, Callable[..., Any]] | None = None,
    locale: str | None = None,
) -> SandboxedEnvironment:
    """A sandboxed environment with reportgen's filters.

    ``script`` converts every value a template outputs (``{{ … }}``) to Traditional Chinese with OpenCC
    (``traditional`` s2tw, ``tw`` s2twp with Taiwan vocabulary, ``hk`` s2hk; see ``script.py``);
    numbers, IDs and 〔〕 are left as they are.
    Engines convert the template's own text with ``convert_text(text, env.reportgen_script)``.
    ``finalize`` runs after the script conversion (an engine's own escaping goes there).
    ``locale`` sets the default locale of the Babel filters (``fmt_date`` …; default zh_CN).
    """
    env = SandboxedEnvironment(
        undefined=NamingUndefined if undefined == "strict" else ChainableUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        finalize=_compose_finalize(script, finalize, none_value(undefined == "strict")),
    )
    env.filters.update(FILTERS)
    env.tests.update(TESTS)
    env.globals.update(GLOBALS)
    if locale is not None:
        from reportgen.format.localized import resolve_locale, with_default_locale

        resolve_locale(locale)  # fail early on a typo
        env.filters.update({name: with_default_locale(FILTERS[name], locale) for name in LOCALE_FILTERS})
    if extra_filters:
        env.filters.update(extra_filters)
    env.reportgen_script = script  # type: ignore[attr-defined]  # engines read it to convert template text
    return env


def _compose_finalize(script: Script | None, finalize: Callable[[Any], Any] | None,
                      on_none: Callable[[Any], Any]):
    convert = script_mod.converter(script)

    def _finalize(value: Any) -> Any:
        if value is None:
            value = on_none(value)
        if convert is not None:
            value = _convert_value(value, convert)
        return finalize(value) if finalize is not None else value

    return _finalize


def _convert_value(value: Any, convert: Callable[[str], str]) -> Any:
    """Convert what ``{{ }}`` prints: text (Markup stays Markup), and the text form of lists/dicts;
    numbers, None and booleans pass through untouched."""
    if isinstance(value, Markup):
        return Markup(convert(str(value)))
    if isinstance(value, str):
        return convert(value)
    if value is None or isinstance(value, int | float | Undefined):
        return value
    return convert(str(value))
