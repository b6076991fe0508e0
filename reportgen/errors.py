"""Errors as values with a location.

Every stage raises :class:`ReportgenError` (or a subclass) carrying a :class:`Location` built where the
problem was seen: which file, sheet, row and column of an export, or which template part, paragraph,
table cell and tag. The CLI formats it once, at the edge, so a clerk can find and fix the problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

# Order and wording of location fields as a user reads them (outermost first).
_LABELS: tuple[tuple[str, str], ...] = (
    ("file", "文件"),
    ("sheet", "工作表"),
    ("part", "部件"),
    ("paragraph", "第{}段"),
    ("table", "表格{}"),
    ("row", "第{}行"),
    ("col", "第{}列"),
    ("column", "列「{}」"),
    ("cell", "单元格{}"),
    ("key", "键 {}"),
    ("option", "选项 {}"),
    ("tag", "标签 {}"),
)


@dataclass(frozen=True)
class Location:
    """Where a problem is: any subset of the fields may be set.

    ``row`` is the row number as Excel shows it (1-based, header rows counted) for exports, the
    table row (1-based) inside a docx table, or the line of a text file (YAML, JSON) with ``col``. ``cell`` is an Excel reference (``B7``) or a docx table
    column number. ``key`` is a YAML key path such as ``indicators.贫困发生率.denominator``.
    """

    file: str | None = None
    sheet: str | None = None
    part: str | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: str | None = None
    cell: str | int | None = None
    col: int | None = None  # character in the line, 1-based, when ``row`` is a line of a text file
    key: str | None = None
    option: str | None = None  # a command-line option (``--mess``) or the matching API argument
    tag: str | None = None
    context: str | None = None  # surrounding text, shown on its own line

    def with_(self, **changes: Any) -> Location:
        """A copy with some fields set (convenience for nested stages)."""
        return replace(self, **changes)

    def __str__(self) -> str:
        parts = []
        for name, label in _LABELS:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            parts.append(label.format(value) if "{}" in label else f"{label} {value}")
        return " › ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass
class ReportgenError(Exception):
    """A problem the user can act on: what is wrong, where, and (optionally) what to do."""

    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        lines = []
        where = str(self.location)
        lines.append(f"{where}: {self.message}" if where else self.message)
        if self.location.context:
            lines.append(f"  上下文：{self.location.context}")
        if self.hint:
            lines.append(f"  提示：{self.hint}")
        return "\n".join(lines)


class ErrorGroup(ReportgenError):
    """Several located errors collected in one run (``--all-errors``, validation)."""

    def __init__(self, errors: list[ReportgenError], message: str | None = None):
        self.errors = list(errors)
        super().__init__(message or f"共 {len(self.errors)} 处错误")

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"- {e}" for e in self.errors)])


class MissingDependencyError(ReportgenError):
    """An optional system tool (LibreOffice, fonts) is not installed; the hint says how to get it."""


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6,
                 normalise: Callable[[str], str] | None = None) -> str | None:
    """The candidate closest to ``word`` (difflib ratio ≥ ``cutoff``), for "是不是「…」？" hints.

    The one suggestion helper: header names, data-spec names, template filters and variables use it.
    ``normalise`` compares normalised forms (e.g. headers without spaces) but returns the candidate as given.
    """
    norm = normalise or (lambda s: s)
    forms: dict[str, str] = {}
    for c in candidates:
        forms.setdefault(norm(c), c)
    target = norm(word)
    if target in forms:
        return forms[target]
    best = difflib.get_close_matches(target, list(forms), n=1, cutoff=cutoff)
    return forms[best[0]] if best else None
