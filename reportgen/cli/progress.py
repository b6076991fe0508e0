"""A progress bar on stderr while large exports are read (rows read / rows in the sheet).

Shown only on a terminal and without ``--quiet``, so scripts and pipes get clean output; one bar per
file, started when the reader first reports. The callback is the app layer's ``progress(file, done, total)``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

MIN_ROWS = 10_000  # smaller sheets are read in a second or two: no bar


class ReadProgress:
    """Context manager giving :attr:`callback` (None when no bar is to be shown)."""

    def __init__(self, quiet: bool):
        self.show = not quiet and sys.stderr.isatty()
        self.bar: Any = None
        self.file: str | None = None
        self.done = 0

    @property
    def callback(self):
        return self.update if self.show else None

    def update(self, file: str, done: int, total: int) -> None:
        if file != self.file:
            self._close()
            self.file = file
            if total >= MIN_ROWS:
                self.bar = click.progressbar(length=total, label=f"读取 {file}", show_pos=True, show_eta=True,
                                             file=sys.stderr)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(min(done, self.bar.length) - self.done)
            self.done = min(done, self.bar.length)

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.bar, self.done = None, 0

    def __enter__(self) -> ReadProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()
