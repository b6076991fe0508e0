"""CLI commands for the xlsx stage (each command parses options and calls one library function)."""

from __future__ import annotations

COMMANDS: list = []
