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
from reportgen.web.pages import back_to, checked_form, existing_session, removed_upload
from reportgen.web.routes_data import accept_export, reread_exports
from reportgen.web.uploads import EXPORT_SUFFIXES, clean_name, screen, suffix_of
from reportgen.web.workspace import Session, Upload

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
    await removed_upload(request, lambda session: session.previous)
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
    specs = await _files(form, "spec_files", limits.max_files_per_request)
    for name, data in specs:
        _accept_spec(session, name, data, limits)
    if specs:
        reread_exports(session)  # read with the own spec files, even if the project file is refused below
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


def _accept_spec(session: Session, name: str, data: bytes, limits) -> None:
    """An own spec file (数据规格): screened, read as a spec, then used for every export; else refused."""
    try:
        if name.lower() in ("reportgen.yaml", "reportgen.yml"):
            raise ReportgenError("这是项目文件，不是数据规格", Location(file=name),
                                 hint="项目文件请在「项目文件」中选择；数据规格是描述导出表各列的 .yaml 文件。")
        if len(session.specs) >= limits.max_files_per_session:
            raise ReportgenError(f"每次最多使用 {limits.max_files_per_session} 个数据规格文件", Location(file=name))
        upload = session.store(name, screen(name, data, PROJECT_SUFFIXES, limits), data)
    except ReportgenError as exc:
        session.rejected.append(Upload("", name, session.inputs / "-", len(data), None, usecases.problem_rows(exc, {})))
        return
    try:
        usecases.spec_file_name(upload.path)
    except ReportgenError as exc:
        upload.path.unlink(missing_ok=True)
        names = {upload.path.name: name, str(upload.path): name}
        session.rejected.append(Upload("", name, session.inputs / "-", len(data), None, usecases.problem_rows(exc, names)))
        return
    old = next((u for u in session.specs.values() if u.name == name), None)
    if old is not None:  # the same file again: the new one replaces it
        session.specs.pop(old.id)
        old.path.unlink(missing_ok=True)
    session.specs[upload.id] = upload


async def delete_spec(request: Request) -> Response:
    session, upload = await removed_upload(request, lambda session: session.specs)
    if upload is not None:
        reread_exports(session)
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
    Route("/specs/{id:str}/delete", delete_spec, methods=["POST"]),
]
__all__ = ["ROUTES", "EXPORT_SUFFIXES"]
