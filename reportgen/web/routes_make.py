"""Steps 4–6: choose documents and fill their parameters, make them, download them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from reportgen.errors import ReportgenError
from reportgen.web import jobs, usecases
from reportgen.web.pages import (
    SESSION_COOKIE,
    back_to,
    checked_form,
    existing_session,
    page,
    session_for,
    store,
)
from reportgen.web.routes_data import towns_of
from reportgen.web.uploads import TEMPLATE_SUFFIXES, clean_name, screen
from reportgen.web.workspace import Session, Upload, new_id


def _available(session: Session) -> set[str]:
    return {u.info.spec for u in session.exports.values() if isinstance(u.info, usecases.ExportInfo)}


def _defaults() -> dict[str, Any]:
    """Every built-in's parameters merged: the defaults of a custom template's fields (公文.落款 …)."""
    merged: dict[str, Any] = {}
    for name, _d, _n in usecases.builtin_documents():
        merged.update(dict(usecases.flatten(usecases.builtin_parameters(name))))
    return merged


def _fields(defaults: list[tuple[str, Any]], saved: dict[str, Any]) -> list[dict[str, Any]]:
    values = dict(usecases.flatten(saved))
    out = []
    for key, default in defaults:
        value = values.get(key, default)
        kind = "list" if isinstance(default, list) else "date" if isinstance(default, dt.date) else "text"
        shown = "\n".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
        out.append({"key": key, "label": key.split(".", 1)[-1] if key.startswith("公文.") else key,
                    "kind": kind, "value": shown})
    return out


def _builtin_rows(session: Session) -> list[dict[str, Any]]:
    have = _available(session)
    rows = []
    for name, description, needs in usecases.builtin_documents():
        missing = [n for n in needs if n not in have]
        chosen = name in session.documents if session.documents_saved else not missing
        rows.append({"name": name, "description": description, "missing": missing, "chosen": chosen and not missing,
                     "fields": _fields(usecases.flatten(usecases.builtin_parameters(name)), session.params.get(name, {}))})
    tables = usecases.TABLES
    chosen = tables in session.documents if session.documents_saved else bool(have)
    rows.append({"name": tables, "description": "县级统计报表（乡镇汇总表、分年度脱贫统计表、留守儿童监护情况表、任务分工表；"
                 "缺少数据的表自动跳过）", "missing": [] if have else ["任意台账"], "chosen": chosen and bool(have),
                 "fields": _fields(usecases.flatten(usecases.builtin_parameters(tables)), session.params.get(tables, {}))})
    return rows


def _template_rows(session: Session) -> list[dict[str, Any]]:
    defaults = _defaults()
    rows = []
    for upload in session.templates.values():
        info = upload.info
        names = usecases.parameter_names(info.variables) if isinstance(info, usecases.TemplateInfo) else []
        rows.append({"upload": upload, "info": info, "chosen": upload.id in session.chosen_templates,
                     "fields": _fields([(n, defaults.get(n, "")) for n in names], session.params.get(upload.id, {}))})
    return rows


async def documents_page(request: Request) -> Response:
    session, _ = session_for(request)
    towns, named = towns_of(session) if session.exports else ([], False)
    return page(request, "documents.html", "documents", builtins=_builtin_rows(session),
                templates=_template_rows(session), soffice=usecases.soffice_available(),
                accept=",".join(TEMPLATE_SUFFIXES), towns=towns, county_named=named)


async def save_documents(request: Request) -> Response:
    session = existing_session(request)
    form = await checked_form(request, session)
    session.documents = [d for d in form.getlist("doc") if isinstance(d, str)]
    session.chosen_templates = [t for t in form.getlist("tpl") if t in session.templates]
    session.pdf = form.get("pdf") == "1"
    if form.get("scope_shown") == "1":  # 范围 and 县 (a form without them keeps the settings)
        scope, county = form.get("scope"), form.get("county")
        towns, _named = towns_of(session)
        session.scope = scope if isinstance(scope, str) and (scope in towns or scope == session.scope) else ""
        session.county = county.strip()[:40] if isinstance(county, str) else session.county
    if form.get("review_shown") == "1":  # the page's checkbox (a form without it keeps the setting)
        session.review = form.get("review") == "1"
    for row in _builtin_rows(session):
        session.params[row["name"]] = _read_fields(form, row["name"], usecases.builtin_parameters(row["name"]))
    defaults = _defaults()
    for row in _template_rows(session):
        upload = row["upload"]
        wanted = {f["key"]: defaults.get(f["key"], "") for f in row["fields"]}
        session.params[upload.id] = _read_fields(form, upload.id, usecases.nest(list(wanted.items())))
    session.documents_saved = True
    return back_to("/make")


def _read_fields(form, owner: str, defaults: dict[str, Any]) -> dict[str, Any]:
    pairs = []
    for key, default in usecases.flatten(defaults):
        value = form.get(f"p|{owner}|{key}")
        pairs.append((key, usecases.parse_param(value, default) if isinstance(value, str) else default))
    return usecases.nest(pairs)


async def upload_template(request: Request) -> Response:
    session = existing_session(request)
    form = await checked_form(request, session)
    limits = request.app.state.settings.limits
    for item in [f for f in form.getlist("template") if hasattr(f, "read")][:limits.max_files_per_request]:
        name, data = clean_name(item.filename), await item.read()
        await item.close()
        if len(session.templates) >= limits.max_files_per_session:
            break
        try:
            upload = session.store(name, screen(name, data, TEMPLATE_SUFFIXES, limits), data)
        except ReportgenError as exc:
            upload = Upload(new_id(), name, session.inputs / "-", len(data), None, usecases.problem_rows(exc, {}))
            session.templates[upload.id] = upload
            continue
        session.templates[upload.id] = upload
        upload.info = usecases.inspect_template(upload.path, session.names())
        if upload.info.ok:
            session.chosen_templates.append(upload.id)
    return back_to("/documents#templates")


async def delete_template(request: Request) -> Response:
    session = existing_session(request)
    await checked_form(request, session)
    upload = session.templates.pop(request.path_params["id"], None)
    if upload is not None and upload.path.name != "-":
        upload.path.unlink(missing_ok=True)
    session.chosen_templates = [t for t in session.chosen_templates if t in session.templates]
    return back_to("/documents#templates")


async def make_page(request: Request) -> Response:
    session, _ = session_for(request)
    plan = jobs.plan_for(session)
    return page(request, "make.html", "make", plan=plan, job=session.job, soffice=usecases.soffice_available(),
                review=session.review_files())


async def make(request: Request) -> Response:
    session = existing_session(request)
    await checked_form(request, session)
    if not session.running():
        jobs.start(session)
    return back_to("/make")


async def make_status(request: Request) -> Response:
    session, _ = session_for(request)
    return JSONResponse(session.job.as_dict() if session.job else {"state": "idle"})


async def download_page(request: Request) -> Response:
    session, _ = session_for(request)
    base = session.out
    files = [{"id": i, "path": p.relative_to(base).as_posix(), "size": p.stat().st_size}
             for i, p in session.outputs.items() if p.exists()]
    return page(request, "download.html", "download", files=files, review=session.review_files())


def _by_id(table: dict, request: Request):
    path = table.get(request.path_params["id"])
    if path is None or not path.is_file():
        raise HTTPException(404, "没有这个文件（可能已清除），请重新生成。")
    return path


async def file_download(request: Request) -> Response:
    session, _ = session_for(request)
    path = _by_id(session.outputs, request)
    return FileResponse(path, filename=path.name, media_type=_media_type(path.suffix))


async def preview(request: Request) -> Response:
    session, _ = session_for(request)
    return FileResponse(_by_id(session.previews, request), media_type="image/png")


async def project_download(request: Request) -> Response:
    """保存为 reportgen.yaml: the page's choices as a project file, for ``reportgen build`` next time."""
    session, _ = session_for(request)
    text = usecases.project_file(jobs.plan_for(session), session.file_names())
    return Response(text.encode("utf-8"), media_type="text/yaml; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=\"reportgen.yaml\""})


async def zip_download(request: Request) -> Response:
    session, _ = session_for(request)
    if not session.outputs:
        return back_to("/download")
    target = usecases.zip_folder(session.out, session.folder / "reportgen.zip")
    return FileResponse(target, filename="reportgen.zip", media_type="application/zip")


async def reset(request: Request) -> Response:
    session = existing_session(request)
    await checked_form(request, session)
    if session.running():
        return back_to("/make")
    store(request).drop(session)
    response = back_to("/upload")
    response.delete_cookie(SESSION_COOKIE)
    return response


_MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8", ".json": "application/json",
          ".yaml": "text/yaml; charset=utf-8"}


def _media_type(suffix: str) -> str:
    return _MEDIA.get(suffix.lower(), "application/octet-stream")


ROUTES = [
    Route("/documents", documents_page, methods=["GET"]),
    Route("/documents", save_documents, methods=["POST"]),
    Route("/templates", upload_template, methods=["POST"]),
    Route("/templates/{id:str}/delete", delete_template, methods=["POST"]),
    Route("/make", make_page, methods=["GET"]),
    Route("/make", make, methods=["POST"]),
    Route("/make/status", make_status),
    Route("/download", download_page),
    Route("/files/{id:str}", file_download),
    Route("/previews/{id:str}", preview),
    Route("/download.zip", zip_download),
    Route("/project.yaml", project_download),
    Route("/reset", reset, methods=["POST"]),
]
