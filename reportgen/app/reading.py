"""Reading progress as build messages: the reader's ``progress(file, rows read, rows in the sheet)``
(``context.FileProgress``, the callback ``reportgen figures`` draws its bar from) turned into
「读取 文件：已读 52,000 / 196,147 行」 lines for ``build_project``'s ``progress(message)``, so
``reportgen build`` and the web page's 生成 show a county export being read (10–60 s on an office PC).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from reportgen.context import FileProgress

INTERVAL = 0.25  # seconds between two messages of one file: at most ~4 a second, the last always sent


class ReadingMessage(str):
    """A reading message: the web page shows it without counting it as a step of the progress bar."""


def reading_messages(progress: Callable[[str], None], clock: Callable[[], float] = time.monotonic) -> FileProgress:
    """A reader callback sending throttled :class:`ReadingMessage` s to ``progress``."""
    last: dict[str, tuple[float, int]] = {}  # file → (when, rows read) of its last message

    def update(file: str, done: int, total: int) -> None:
        now, done = clock(), min(done, total)
        if file in last and (done == last[file][1] or (done < total and now - last[file][0] < INTERVAL)):
            return  # the reader repeats a count when a piece adds no rows: said once
        last[file] = (now, done)
        progress(ReadingMessage(f"读取 {file}：已读 {done:,} / {total:,} 行"))

    return update


__all__ = ["INTERVAL", "ReadingMessage", "reading_messages"]
