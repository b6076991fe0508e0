"""What every page handler shares: the session from its cookie, CSRF checks, rendering, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from reportgen.web.security import csrf_ok
from reportgen.web.uploads import Limits
from reportgen.web.workspace import Session, SessionStore

SESSION_COOKIE = "rg_session"
HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
STEPS = (("upload", "上传台账"), ("check", "检查"), ("figures", "数字"), ("documents", "选择文档"),
         ("make", "生成"), ("download", "下载"))


@dataclass
class Settings:
    """Server options (``reportgen serve``); tests lower the limits."""

    host: str = "127.0.0.1"
    port: int = 8700
    token: str | None = None
    limits: Limits = field(default_factory=Limits)
    idle_seconds: float = 4 * 3600


def store(request: Request) -> SessionStore:
    return request.app.state.sessions


def session_for(request: Request) -> tuple[Session, bool]:
    """The request's session, or a new one (``True``) whose cookie the response must set."""
    session = store(request).get(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        return session, False
    return store(request).create(), True


def existing_session(request: Request) -> Session:
    """The session of a state-changing request; without one (or a stale cookie) the request is refused."""
    session = store(request).get(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise HTTPException(403, "会话已过期，请刷新页面后重试。")
    return session


async def checked_form(request: Request, session: Session) -> Any:
    """The request's form after the CSRF check (limits on parts and files come from the settings)."""
    limits: Limits = request.app.state.settings.limits
    form = await request.form(max_files=limits.max_files_per_request, max_fields=500)
    value = form.get("csrf")
    if not csrf_ok(request, session.csrf, value if isinstance(value, str) else None):
        raise HTTPException(403, "请求未通过安全校验（CSRF），请刷新页面后重试。")
    return form


async def removed_upload(request: Request, pick: Callable[[Session], dict]) -> tuple[Session, Any]:
    """A delete request's session and the upload it names, taken out of ``pick(session)`` with its file
    removed (None when the id is not there: a repeated click)."""
    session = existing_session(request)
    await checked_form(request, session)
    upload = pick(session).pop(request.path_params["id"], None)
    if upload is not None:
        upload.path.unlink(missing_ok=True)
    return session, upload


def with_cookie(response: Response, session: Session, new: bool) -> Response:
    if new:
        response.set_cookie(SESSION_COOKIE, session.id, httponly=True, samesite="strict")
    return response


def page(request: Request, name: str, step: str, **context: Any) -> Response:
    session, new = session_for(request)
    reached = _reached(session)
    response = TEMPLATES.TemplateResponse(request, name, {
        "session": session, "csrf": session.csrf, "steps": STEPS, "step": step, "reached": reached,
        "limits": request.app.state.settings.limits, **context})
    return with_cookie(response, session, new)


def _reached(session: Session) -> set[str]:
    """Steps the navigation links to: the next ones unlock as the user goes."""
    reached = {"upload"}
    if session.exports:
        reached |= {"check", "figures", "documents"}
    if session.documents_saved:
        reached.add("make")
    if session.outputs:
        reached.add("download")
    return reached


def back_to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)
