"""Shared fixtures: sample registries generated once per test session (deterministic)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

from reportgen.samples import SampleFiles, generate

# Hypothesis: deterministic in CI (same examples every run, no example database written into the
# checkout, no per-example deadline on a loaded 2-core machine). ``HYPOTHESIS_PROFILE=fuzz`` explores
# freshly with many more examples (docs/security.md).
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.register_profile("fuzz", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    """Clean sample exports for a county of 1,500 建档立卡 persons (seed 7)."""
    return generate(tmp_path_factory.mktemp("samples"), persons=1500, seed=7)


@pytest.fixture(scope="session")
def messy_files(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    """The same county with every kind of export mess and a ``_defects.json`` list."""
    from reportgen.samples import MESS_KINDS

    return generate(tmp_path_factory.mktemp("messy"), persons=1500, seed=7, mess=set(MESS_KINDS))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


BAD_MESS = {"bad-values", "header2", "brackets", "aliases", "gbk-csv"}


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    """Two-row headers, full-width brackets, alias headers, a GBK CSV and the deliberate bad values."""
    return generate(tmp_path_factory.mktemp("bad"), persons=1500, seed=7, mess=BAD_MESS)


@pytest.fixture(scope="session")
def defects(bad_files: SampleFiles) -> list[dict]:
    path = next(p for p in bad_files.extra if p.name == "_defects.json")
    return json.loads(path.read_text(encoding="utf-8"))
