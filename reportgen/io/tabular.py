"""The one CSV writer: every CSV reportgen writes is safe to double-click in Excel or WPS.

Text from registries (村名, 户主, a manifest's 数据键 and file names) may begin with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, which a spreadsheet program runs as a formula ("CSV injection",
OWASP). :func:`neutralize` prefixes such text with a single quote, as OWASP recommends: Excel shows the
text and never evaluates it. Numbers are left alone (a negative number is not a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportgen.io.files import atomic_write_bytes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """``value`` as a CSV cell that cannot become a formula (text starting with ``= + - @ \\t \\r`` gets ``'``)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]], encoding: str = "utf-8-sig") -> bytes:
    """The CSV text of ``rows`` (None → empty cell), every cell neutralized, encoded."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else neutralize(v) for v in row])
    return buffer.getvalue().encode(encoding)


def write_csv(path: str | Path, rows: Iterable[Iterable[Any]], encoding: str = "utf-8-sig") -> Path:
    """Write ``rows`` to ``path`` atomically (UTF-8 with BOM by default: Excel then reads Chinese right)."""
    return atomic_write_bytes(path, csv_bytes(rows, encoding))
