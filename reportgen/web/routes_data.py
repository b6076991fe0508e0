"""Steps 1–3: upload exports, check them, read the figures."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from reportgen.errors import ReportgenError
from reportgen.web import usecases
from reportgen.web.pages import back_to, checked_form, existing_session, page, removed_upload, session_for
from reportgen.web.uploads import EXPORT_SUFFIXES, clean_name, screen
from reportgen.web.workspace import Session, Upload


async def home(request: Request) -> Response:
    return RedirectResponse("/upload", status_code=303)


async def upload_page(request: Request) -> Response:
    return page(request, "upload.html", "upload", accept=",".join(EXPORT_SUFFIXES))


async def upload(request: Request) -> Response:
    session = existing_session(request)
    form = await checked_form(request, session)
    files = [f for f in form.getlist("files") if hasattr(f, "read")]
    limits = request.app.state.settings.limits
    session.rejected.clear()
    if len(session.exports) + len(files) > limits.max_files_per_session:
        return page(request, "upload.html", "upload", accept=",".join(EXPORT_SUFFIXES),
                    refused=f"每次最多处理 {limits.max_files_per_session} 个台账文件；请先删除不需要的文件。")
    for item in files:
        name = clean_name(item.filename)
        data = await item.read()
        await item.close()
        if not data and not item.filename:
            continue  # the form was sent without choosing a file
        accept_export(session, name, data, limits, session.exports)
    session.figures_cache = None
    return back_to("/upload")


def accept_export(session: Session, name: str, data: bytes, limits, table: dict[str, Upload]) -> None:
    """Screen and recognise one export into ``table`` (this year's or 上年); a refusal is listed."""
    if len(session.exports) + len(session.previous) >= limits.max_files_per_session:
        session.rejected.append(Upload("", name, session.inputs / "-", len(data), None, [usecases.ProblemRow(
            "错误", f"每次最多处理 {limits.max_files_per_session} 个台账文件", file=name,
            hint="请先删除不需要的文件。")]))
        return
    try:
        suffix = screen(name, data, EXPORT_SUFFIXES, limits)
    except ReportgenError as exc:
        upload = Upload("", name, session.inputs / "-", len(data), None, usecases.problem_rows(exc, {}))
        session.rejected.append(upload)
        return
    upload = session.store(name, suffix, data)
    _recognise(session, upload)
    table[upload.id] = upload


def _recognise(session: Session, upload: Upload) -> None:
    upload.error = []
    try:
        upload.info = usecases.inspect_export(upload.path, {**session.names(), upload.path.name: upload.name,
                                                            str(upload.path): upload.name}, session.column_map,
                                              session.spec_paths())
    except ReportgenError as exc:
        upload.error = usecases.problem_rows(exc, {upload.path.name: upload.name, str(upload.path): upload.name})


async def samples(request: Request) -> Response:
    session = existing_session(request)
    await checked_form(request, session)
    folder = session.folder / "samples"
    for path in usecases.sample_exports(folder):
        upload = session.store(path.name, path.suffix, path.read_bytes())
        _recognise(session, upload)
        session.exports[upload.id] = upload
    session.figures_cache = None
    return back_to("/upload")


async def delete_export(request: Request) -> Response:
    session, _ = await removed_upload(request, lambda session: session.exports)
    session.rejected.clear()
    session.figures_cache = None
    return back_to("/upload")


async def check_page(request: Request) -> Response:
    session, _ = session_for(request)
    exports = list(session.exports.values())
    errors = sum(u.info.errors for u in exports if u.info) + sum(len(u.error) for u in exports)
    warnings = sum(u.info.warnings for u in exports if u.info)
    return page(request, "check.html", "check", exports=exports, errors=errors, warnings=warnings,
                left_out=export_notes(session) if exports else {},
                mappings=usecases.map_pairs(session.column_map))


def reread_exports(session: Session) -> None:
    """Read every export again (after the 列名映射 changed): recognition, problems and figures follow it."""
    for upload in [*session.exports.values(), *session.previous.values()]:
        if upload.path.is_file():
            _recognise(session, upload)
    session.figures_cache = session.towns_cache = None


def _figures_key(session: Session, scope: str) -> tuple:
    return (tuple(session.exports), session.exclude_bad_rows, repr(session.column_map), scope, tuple(session.specs))


def figures_of(session: Session) -> tuple[dict[str, Any] | None, list[usecases.ProblemRow]]:
    """The session's figures (cached until the exports or the options change), or the errors."""
    key = _figures_key(session, session.scope)
    if session.figures_cache is None or session.figures_cache[0] != key:
        paths = [u.path for u in session.exports.values() if u.info]
        notes: list[str] = []
        try:
            result = (usecases.compute_figures(paths, session.exclude_bad_rows, notes, session.column_map,
                                               session.scope, session.spec_paths()), [])
        except ReportgenError as exc:
            result = (None, usecases.problem_rows(exc, session.names()))
        session.figures_cache = (key, *result, notes)
    return session.figures_cache[1], session.figures_cache[2]


def towns_of(session: Session) -> tuple[list[str], bool]:
    """(the 乡镇 of the whole county, whether the exports name the 县) — what 范围 and 县 offer."""
    if not session.scope:
        figures, _problems = figures_of(session)
        return usecases.town_names(figures or {}), bool((figures or {}).get("县"))
    key = _figures_key(session, "")
    if session.towns_cache is None or session.towns_cache[0] != key:
        paths = [u.path for u in session.exports.values() if u.info]
        try:
            figures = usecases.compute_figures(paths, session.exclude_bad_rows, [], session.column_map,
                                               specs=session.spec_paths())
        except ReportgenError:
            figures = {}
        session.towns_cache = (key, usecases.town_names(figures), bool(figures.get("县")))
    return session.towns_cache[1], session.towns_cache[2]


def export_notes(session: Session) -> dict[str, list[str]]:
    """Upload id → what counting the figures left out of that file and why (rows with errors when
    排除含错误的行 is on; problems that touch no figure), in the user's file names."""
    figures_of(session)
    notes = session.figures_cache[3]
    names = session.names()
    found: dict[str, list[str]] = {}
    for upload in session.exports.values():
        mine = [n for n in notes if str(upload.path) in n or upload.path.name in n]
        if mine:
            found[upload.id] = [usecases.relabel(n, names) for n in mine]
    return found


async def figures_page(request: Request) -> Response:
    session, _ = session_for(request)
    figures, problems = figures_of(session) if session.exports else (None, [])
    left_out = export_notes(session) if session.exports else {}
    return page(request, "figures.html", "figures", sections=sections(figures or {}), problems=problems,
                has_figures=figures is not None,
                left_out=[(session.exports[i].name, notes) for i, notes in left_out.items()])


async def figures_options(request: Request) -> Response:
    session = existing_session(request)
    form = await checked_form(request, session)
    session.exclude_bad_rows = form.get("exclude_bad_rows") == "1"
    return back_to("/figures")


async def figures_yaml(request: Request) -> Response:
    session, _ = session_for(request)
    figures, _problems = figures_of(session)
    if figures is None:
        return back_to("/figures")
    path = usecases.write_figures(figures, session.folder / "figures.yaml")
    return FileResponse(path, filename="figures.yaml", media_type="text/yaml; charset=utf-8")


def sections(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures laid out for reading: one section per registry, its numbers, then its tables."""
    overview = [(k, usecases.show_value(k, v)) for k, v in figures.items() if not isinstance(v, dict | list)]
    out = [{"title": "概况", "pairs": overview, "tables": []}] if overview else []
    for key, value in figures.items():
        if isinstance(value, dict):
            pairs = [(k, usecases.show_value(k, v)) for k, v in value.items() if not isinstance(v, dict | list)]
            tables = [_table(k, v) for k, v in value.items() if _is_rows(v)]
            tables += [_table(k, [v]) for k, v in value.items() if isinstance(v, dict)]
            out.append({"title": key, "pairs": pairs, "tables": tables})
        elif _is_rows(value):
            out.append({"title": key, "pairs": [], "tables": [_table(key, value)]})
    return out


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k, v in row.items() if k not in columns and not isinstance(v, dict | list)]
    body = [[usecases.show_value(c, row.get(c)) for c in columns] for row in rows]
    return {"title": title, "columns": columns, "rows": body}


ROUTES = [
    Route("/", home),
    Route("/upload", upload_page, methods=["GET"]),
    Route("/upload", upload, methods=["POST"]),
    Route("/samples", samples, methods=["POST"]),
    Route("/exports/{id:str}/delete", delete_export, methods=["POST"]),
    Route("/check", check_page),
    Route("/figures", figures_page, methods=["GET"]),
    Route("/figures", figures_options, methods=["POST"]),
    Route("/figures.yaml", figures_yaml),
]
