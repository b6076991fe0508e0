"""Turn Jinja's errors into located messages a county clerk can act on.

Compile errors carry a line number; runtime errors are found in the (Jinja-rewritten) traceback. Each
generated line belongs to one tag (see ``CompiledSource.emission_at_line``), which knows its part,
paragraph, table/row/cell, the tag as written and the text around it.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar

from jinja2 import ChainableUndefined

from reportgen.docx.compiler import CompiledSource
from reportgen.errors import Location, ReportgenError
from reportgen.format.diagnostics import translate, undefined_error


def runtime_line(exc: BaseException, filename: str) -> int | None:
    """Template line of the innermost frame of ``filename`` in the traceback."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def located(exc: BaseException, source: CompiledSource, lineno: int | None, file: str | None) -> ReportgenError:
    message, hint = translate(exc)
    emission = source.emission_at_line(lineno)
    location = emission.location if emission is not None else Location(part=source.part)
    if isinstance(exc, ReportgenError) and exc.location != Location():
        location = exc.location
    return ReportgenError(message, location.with_(file=file), hint=hint)


UNDEFINED_SINK: ContextVar[list] = ContextVar("reportgen_docx_undefined_sink")


class CollectingUndefined(ChainableUndefined):
    """Undefined for ``all_errors``: records each use with its template line and renders as empty."""

    __slots__ = ()

    def _record(self) -> None:
        frame = sys._getframe(1)
        filename = line = None
        while frame is not None:
            template = frame.f_globals.get("__jinja_template__")
            if template is not None:
                filename, line = frame.f_code.co_filename, template.get_corresponding_lineno(frame.f_lineno)
                break
            frame = frame.f_back
        collected = UNDEFINED_SINK.get(None)
        if collected is not None:
            collected.append((filename, line, undefined_error(self)))

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self):
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False
