"""列名映射 on the check step: map an export's header onto a column its registry lacks, or remove a mapping.

HTTP only: the map is the project file's ``列名映射`` (kept per session, saved with the project), checked
by :func:`reportgen.app.columns.check_column_map` and then used to read every export again — the same
option ``reportgen build`` passes when it counts the figures.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reportgen.errors import ReportgenError
from reportgen.web import usecases
from reportgen.web.pages import back_to, checked_form, existing_session
from reportgen.web.routes_data import reread_exports
from reportgen.web.workspace import Session


def _text(form, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def headers_by_registry(session: Session) -> dict[str, list[str]]:
    """Registry → the headers of its uploaded exports (this year's and last year's)."""
    out: dict[str, list[str]] = {}
    for upload in [*session.exports.values(), *session.previous.values()]:
        if isinstance(upload.info, usecases.ExportInfo):
            out.setdefault(upload.info.spec, []).extend(upload.info.headers)
    return out


async def map_column(request: Request) -> Response:
    """对应到表中的列: ``header`` of the ``registry``'s export read as its spec's ``column``."""
    session = existing_session(request)
    form = await checked_form(request, session)
    registry, header, column = _text(form, "registry"), _text(form, "header"), _text(form, "column")
    if not header or not column:
        session.mapping_notes = [usecases.ProblemRow("错误", "请先在「对应到表中的列」中选择表头，再点「对应」")]
        return back_to("/check#mapping")
    changed = usecases.with_pair(session.column_map, registry, header, column)
    try:
        usecases.check_column_map(changed, headers_by_registry(session), session.spec_paths())
    except ReportgenError as exc:
        session.mapping_notes = usecases.problem_rows(exc, session.names())
        return back_to("/check#mapping")
    session.column_map = changed
    reread_exports(session)
    session.mapping_notes = [usecases.ProblemRow("提示", f"已把表头「{header}」对应到「{column}」，并重新检查了台账")]
    return back_to("/check#mapping")


async def unmap_column(request: Request) -> Response:
    """删除一项列名映射, then read the exports again without it."""
    session = existing_session(request)
    form = await checked_form(request, session)
    registry, header = _text(form, "registry"), _text(form, "header")
    session.column_map = usecases.with_pair(session.column_map, registry, header, None)
    reread_exports(session)
    session.mapping_notes = [usecases.ProblemRow("提示", f"已删除表头「{header}」的对应，并重新检查了台账")]
    return back_to("/check#mapping")


ROUTES = [
    Route("/columns", map_column, methods=["POST"]),
    Route("/columns/delete", unmap_column, methods=["POST"]),
]
