"""Helpers for the xlsx engine tests: templates are built in code with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest


@pytest.fixture
def save(tmp_path: Path):
    """Save an openpyxl workbook as a template file and return its path."""

    def _save(wb: openpyxl.Workbook, name: str = "template.xlsx") -> Path:
        path = tmp_path / name
        wb.save(path)
        return path

    return _save


@pytest.fixture
def reopen():
    def _reopen(path: Path, **kwargs) -> openpyxl.Workbook:
        return openpyxl.load_workbook(path, **kwargs)

    return _reopen
