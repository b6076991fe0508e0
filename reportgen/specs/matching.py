"""Declarative data specs (``data_specs/*.yaml``): columns, keys, groupings and indicators of a registry.

``load_spec(path)`` reads and validates one spec; ``builtin_specs()`` loads the shipped ones;
``match_spec(headers, specs)`` picks the spec whose columns an export's headers carry, so ``figures``
can take several exports without naming specs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportgen.errors import Location, ReportgenError, did_you_mean
from reportgen.io.resources import require_resource_dir, resource_dir
from reportgen.specs.loader import load_spec
from reportgen.specs.model import ColumnSpec, Spec

BUILTIN_DIR = resource_dir("data_specs")
_SPACES = re.compile(r"\s+")


def normalise_header(text: object) -> str:
    """The comparable form of a header: NFKC (full-width → half-width brackets), no spaces or line breaks."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return _SPACES.sub("", s)


def builtin_specs() -> list[Spec]:
    """The specs shipped in ``data_specs/`` (sorted by file name)."""
    return [load_spec(p) for p in sorted(require_resource_dir("data_specs", pattern="*.yaml").glob("*.yaml"))]


def load_specs(paths: list[str | Path] | None) -> list[Spec]:
    """Load the given spec files, or the built-in ones when ``paths`` is empty."""
    if not paths:
        return builtin_specs()
    return [load_spec(p) for p in paths]


def spec_ref(ref: str | Path, builtins: list[Spec] | None = None) -> Spec:
    """One spec from ``--spec``: a YAML file, or the name of a built-in (``建档立卡``)."""
    text = str(ref)
    if Path(text).suffix.lower() in (".yaml", ".yml") or Path(text).is_file():
        return load_spec(text)
    builtins = builtin_specs() if builtins is None else builtins
    found = find_spec(text, builtins)
    if found is None:
        names = [s.name for s in builtins]
        guess = did_you_mean(text, names)
        raise ReportgenError(f"没有名为「{text}」的数据规格，也没有这个文件" + (f"；是不是「{guess}」？" if guess else ""),
                             Location(file=text), hint=f"自带的数据规格：{'、'.join(names)}；或给出自己的规格文件路径（.yaml）")
    return found


def spec_set(refs: list[str | Path] | None = None, column_map: dict[str, Any] | None = None) -> list[Spec]:
    """The built-in specs, with the user's (``--spec``, by path or name) added or replacing by ``name``.

    A copied ``建档立卡.yaml`` with one more alias replaces the built-in 建档立卡 only; the other exports
    still match theirs. ``column_map`` (the project file's ``列名映射``) adds headers as aliases.
    """
    builtins = builtin_specs()
    specs = {s.name: s for s in builtins}
    user = [spec_ref(r, builtins) for r in refs or []]
    for s in user:
        specs.pop(s.name, None)
    ordered = [*user, *specs.values()]  # the user's first: they win ties when matching headers
    return with_column_map(ordered, column_map) if column_map else ordered


def with_column_map(specs: list[Spec], column_map: dict[str, Any]) -> list[Spec]:
    """Copies of ``specs`` where each mapped export header is an alias of its column.

    ``column_map`` is ``{表头: 规格中的列名}`` for every spec, or ``{规格名: {表头: 列名}}`` for one.
    """
    out = []
    for spec in specs:
        pairs = {h: c for h, c in column_map.items() if not isinstance(c, dict)}
        own = column_map.get(spec.name)
        if isinstance(own, dict):
            pairs.update(own)
        if not pairs:
            out.append(spec)
            continue
        columns = []
        for col in spec.columns:
            extra = [str(h) for h, c in pairs.items() if str(c) in (col.name, col.key)]
            columns.append(replace(col, aliases=[*col.aliases, *extra]) if extra else col)
        out.append(replace(spec, columns=columns))
    return out


def closest_header(col: ColumnSpec, headers: list[str]) -> str | None:
    """The export header most like ``col``'s name or an alias (a renamed or misspelt header), if any."""
    own = [h.split("/", 1)[-1] for h in headers if h]
    for name in (col.name, *col.aliases):
        guess = did_you_mean(name, own, normalise=normalise_header)
        if guess:
            return guess
    return None


def column_names(col: ColumnSpec) -> list[str]:
    """Normalised names a header may carry for ``col``."""
    return [normalise_header(n) for n in (col.name, *col.aliases)]


def match_score(spec: Spec, headers: list[str]) -> int:
    """How many of the spec's ``match`` columns appear in ``headers`` (0 if any is missing).

    ``headers`` may be flattened ``组/列`` names (the part after the group also counts).
    """
    present = {normalise_header(h) for h in headers}
    present |= {h.split("/", 1)[-1] for h in present}
    hits = 0
    for key in spec.match:
        col = spec.column(key)
        if col is None or not present.intersection(column_names(col)):
            return 0
        hits += 1
    known = sum(1 for c in spec.columns if present.intersection(column_names(c)))
    return hits * 1000 + known


def match_spec(headers: list[str], specs: list[Spec], where: Location | None = None) -> Spec:
    """The spec that fits ``headers`` best; a clear error naming the candidates when none fits."""
    scored = sorted(((match_score(s, headers), i) for i, s in enumerate(specs) if s.output != "summary"),
                    reverse=True)
    if not scored or scored[0][0] == 0:
        names = "、".join(s.name for s in specs if s.output != "summary")
        raise ReportgenError("无法判断这是哪种台账：表头与任何数据规格都不匹配", where or Location(),
                             hint=f"用 --spec 指定数据规格；已有规格：{names}")
    return specs[scored[0][1]]


def find_spec(name: str, specs: list[Spec]) -> Spec | None:
    for s in specs:
        if s.name == name:
            return s
    return None

