"""Fixtures for the data stage: exports with located bad values but text IDs (so each defect is checkable)."""

from __future__ import annotations

import json

import pytest

from reportgen.samples import SampleFiles, generate

BAD_MESS = {"bad-values", "header2", "brackets", "aliases", "gbk-csv"}


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    """Two-row headers, full-width brackets, alias headers, a GBK CSV and the deliberate bad values."""
    return generate(tmp_path_factory.mktemp("bad"), persons=1500, seed=7, mess=BAD_MESS)


@pytest.fixture(scope="session")
def defects(bad_files: SampleFiles) -> list[dict]:
    path = next(p for p in bad_files.extra if p.name == "_defects.json")
    return json.loads(path.read_text(encoding="utf-8"))
