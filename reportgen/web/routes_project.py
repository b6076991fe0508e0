"""「打开 reportgen.yaml」 and 「上年台账」: a saved project file back into the page, last year's exports.

HTTP only: the file is screened like every upload, read by :func:`reportgen.app.plan.reopen_project`
(the project's one data loader) and its choices put back into the session.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reportgen.errors import Location, ReportgenError
from reportgen.web import usecases
from reportgen.web.pages import back_to, checked_form, existing_session
from reportgen.web.routes_data import accept_export, reread_exports
from reportgen.web.uploads import EXPORT_SUFFIXES, clean_name, suffix_of
from reportgen.web.workspace import Session

PROJECT_SUFFIXES = (".yaml", ".yml")
MAX_PROJECT_BYTES = 1024 * 1024  # a project file is a few hundred lines at most


async def _files(form, field: str, limit: int) -> list[tuple[str, bytes]]:
    out = []
    for item in [f for f in form.getlist(field) if hasattr(f, "read")][:limit]:
        data = await item.read()
        await item.close()
        if data or item.filename:
            out.append((clean_name(item.filename), data))
    return out


async def upload_previous(request: Request) -> Response:
    """上年台账（可选）: last year's exports; the documents then carry 同比 sentences."""
    session = existing_session(request)
    form = await checked_form(request, session)
    limits = request.app.state.settings.limits
    session.rejected.clear()
    for name, data in await _files(form, "previous", limits.max_files_per_request):
        accept_export(session, name, data, limits, session.previous)
    return back_to("/upload#previous")


async def delete_previous(request: Request) -> Response:
    session = existing_session(request)
    await checked_form(request, session)
    upload = session.previous.pop(request.path_params["id"], None)
    if upload is not None:
        upload.path.unlink(missing_ok=True)
    return back_to("/upload#previous")


async def open_project(request: Request) -> Response:
    """打开 reportgen.yaml (with the exports it names, this year's and last year's, if chosen too)."""
    session = existing_session(request)
    form = await checked_form(request, session)
    limits = request.app.state.settings.limits
    session.rejected.clear()
    session.project_notes = []
    for name, data in await _files(form, "project_files", limits.max_files_per_request):
        accept_export(session, name, data, limits, session.exports)
    for name, data in await _files(form, "previous", limits.max_files_per_request):
        accept_export(session, name, data, limits, session.previous)
    session.figures_cache = None
    projects = await _files(form, "project", 1)
    if not projects:
        session.project_notes = [usecases.ProblemRow("错误", "没有选择 reportgen.yaml 文件")]
        return back_to("/upload#project")
    name, data = projects[0]
    try:
        text = _project_text(name, data)
        reopened = usecases.reopen(text, name, session)
    except ReportgenError as exc:
        session.project_notes = usecases.problem_rows(exc, {})
        return back_to("/upload#project")
    _apply(session, reopened)
    return back_to("/upload#project")


def _project_text(name: str, data: bytes) -> str:
    where = Location(file=name)
    if suffix_of(name) not in PROJECT_SUFFIXES:
        raise ReportgenError("这不是 reportgen.yaml 项目文件", where, hint="请选择网页「保存为 reportgen.yaml」保存的文件。")
    if len(data) > MAX_PROJECT_BYTES:
        raise ReportgenError(f"项目文件太大（上限 {MAX_PROJECT_BYTES // 1024} KB）", where,
                             hint="项目文件只写设置；请选择网页保存的 reportgen.yaml。")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReportgenError("项目文件不是 UTF-8 文本", where, hint="请用记事本另存为 UTF-8 编码后再打开。") from None


def _apply(session: Session, reopened) -> None:
    session.documents = list(reopened.documents)
    session.params = dict(reopened.params)  # what the file holds; everything else back to the defaults
    by_name = {u.name: u for u in session.templates.values()}
    session.chosen_templates = [by_name[n].id for n in reopened.templates if n in by_name]
    session.params.update({by_name[n].id: p for n, p in reopened.templates.items() if n in by_name})
    session.pdf, session.exclude_bad_rows, session.review = reopened.pdf, reopened.exclude_bad_rows, reopened.review
    session.column_map, session.scope, session.county = dict(reopened.column_map), reopened.scope, reopened.county
    reread_exports(session)  # with the project's 列名映射
    session.documents_saved = True
    notes = [usecases.ProblemRow("提示", "已按项目文件恢复选择：" + ("、".join(reopened.documents) or "（没有文档）")
                                 + "。请在第 4 步核对后生成。")]
    if reopened.missing:
        notes.insert(0, usecases.ProblemRow("错误", "项目文件写的以下文件还没有上传：" + "；".join(reopened.missing),
                                            hint="请上传这些文件（上年台账在「上年台账（可选）」中上传），"
                                                 "或把文件和 reportgen.yaml 一起选择后再打开一次。"))
    if reopened.ignored:
        notes.append(usecases.ProblemRow("提示", "网页不使用这些设置，已忽略：" + "、".join(reopened.ignored),
                                         hint="需要时用命令行 reportgen build 运行该项目文件。"))
    session.project_notes = notes


ROUTES = [
    Route("/previous", upload_previous, methods=["POST"]),
    Route("/previous/{id:str}/delete", delete_previous, methods=["POST"]),
    Route("/project", open_project, methods=["POST"]),
]
__all__ = ["ROUTES", "EXPORT_SUFFIXES"]
