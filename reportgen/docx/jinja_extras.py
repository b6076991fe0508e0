"""A caller's own Jinja filters, tests, globals and extensions, added to reportgen's sandboxed environment.

docxtpl scripts pass ``jinja_env=Environment(...)`` with their filters; rendering must still happen in
reportgen's sandbox with its escaping, so only what the caller *added* to Jinja's defaults is carried over
(``from_environment``). Equality is by identity of the functions, so a compiled template stays cached as
long as the same functions are passed (the cache entry keeps them alive, so an id is never reused).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS


@dataclass(frozen=True, eq=False)
class JinjaExtras:
    """Filters, tests and globals by name, and extension classes, to add to a template's environment."""

    filters: tuple[tuple[str, Callable[..., Any]], ...] = ()
    tests: tuple[tuple[str, Callable[..., Any]], ...] = ()
    globals: tuple[tuple[str, Any], ...] = ()
    extensions: tuple[type, ...] = ()

    @classmethod
    def from_environment(cls, env: Environment) -> JinjaExtras:
        """What ``env`` has beyond a plain ``jinja2.Environment`` (its own filters, tests, globals)."""
        return cls(filters=_added(env.filters, DEFAULT_FILTERS), tests=_added(env.tests, DEFAULT_TESTS),
                   globals=_added(env.globals, DEFAULT_NAMESPACE),
                   extensions=tuple(sorted((type(e) for e in env.extensions.values()), key=_qualname)))

    def _key(self) -> tuple:
        return tuple(tuple((name, id(value)) for name, value in group)
                     for group in (self.filters, self.tests, self.globals)) + (self.extensions,)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JinjaExtras) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def apply(self, env: Environment) -> Environment:
        """An overlay of ``env`` with the extras (reportgen's ``_rg_*`` emitters are never replaced)."""
        env = env.overlay(extensions=list(self.extensions))
        env.filters = {**env.filters, **{k: v for k, v in self.filters if not k.startswith("_rg")}}
        env.tests = {**env.tests, **dict(self.tests)}
        env.globals = {**env.globals, **{k: v for k, v in self.globals if not k.startswith("_rg")}}
        return env


def _added(current: Mapping[str, Any], defaults: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(((k, v) for k, v in current.items() if defaults.get(k) is not v), key=lambda kv: kv[0]))


def _qualname(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"
