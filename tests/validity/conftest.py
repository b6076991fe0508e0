"""Fixtures of the validity suite: the validator (skip, or fail under CI=true) and one demo run per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.ooxml_gate import prefetch, require_validator
from validity_cases import DEMO_KINDS, demo_file

from reportgen.cli import main


@pytest.fixture(scope="session")
def validator() -> Path:
    return require_validator()


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory, validator: Path) -> Path:
    """``reportgen demo --out`` once (no PDFs: REPORTGEN_SOFFICE points nowhere), every output prefetched."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "--persons", "400"],
                                env={"REPORTGEN_SOFFICE": str(out / "no-soffice")})
    assert result.exit_code == 0, result.output
    prefetch(demo_file(out, kind) for kind in DEMO_KINDS)
    return out
