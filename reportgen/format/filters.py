"""Jinja filters and globals registered in every reportgen environment (filled in by the formatting work)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FILTERS: dict[str, Callable[..., Any]] = {}
GLOBALS: dict[str, Any] = {}
