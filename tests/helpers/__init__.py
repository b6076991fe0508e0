"""Shared test builders (imported as ``helpers.…``; ``tests/`` is on the pytest path)."""
