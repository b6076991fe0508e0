"""Declarative data specs (``data_specs/*.yaml``): columns, keys, groupings and indicators of a registry.

``load_spec(path)`` reads and validates one spec; ``builtin_specs()`` loads the shipped ones;
``match_spec(headers, specs)`` picks the spec whose columns an export's headers carry, so ``figures``
can take several exports without naming specs.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportgen.errors import Location, ReportgenError
from reportgen.specs.loader import load_spec
from reportgen.specs.model import ColumnSpec, Spec

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "data_specs"
_SPACES = re.compile(r"\s+")


def normalise_header(text: object) -> str:
    """The comparable form of a header: NFKC (full-width → half-width brackets), no spaces or line breaks."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return _SPACES.sub("", s)


def builtin_specs() -> list[Spec]:
    """The specs shipped in ``data_specs/`` (sorted by file name)."""
    return load_specs(sorted(BUILTIN_DIR.glob("*.yaml")))


def load_specs(paths: list[str | Path] | None) -> list[Spec]:
    """Load the given spec files, or the built-in ones when ``paths`` is empty."""
    if not paths:
        return builtin_specs()
    return [load_spec(p) for p in paths]


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

