"""Use case ``reportgen sample-data``: write the synthetic registries of the fictional 青禾县."""

from __future__ import annotations

from pathlib import Path

from reportgen.samples import MESS_KINDS, SampleFiles, generate


def make_samples(out_dir: str | Path, *, persons: int = 3000, seed: int = 2024, year: int = 2024,
                 mess: str = "", wide: bool = False) -> SampleFiles:
    """``mess`` is a comma-separated list of :data:`MESS_KINDS`, or ``all``."""
    kinds = set(MESS_KINDS) if mess.strip() == "all" else {m.strip() for m in mess.split(",") if m.strip()}
    return generate(out_dir, persons=persons, seed=seed, year=year, mess=kinds, wide=wide)
