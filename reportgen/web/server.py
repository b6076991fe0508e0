"""The Starlette application of ``reportgen serve``: routes, middlewares, and workspace clean-up."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from reportgen.web.pages import HERE, TEMPLATES, Settings
from reportgen.web.security import BodyLimit, SecurityHeaders, TokenGate
from reportgen.web.workspace import SessionStore

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def create_app(settings: Settings | None = None) -> Starlette:
    """The web application; its temporary workspaces are deleted when it shuts down."""
    from reportgen.web import routes_columns, routes_data, routes_make, routes_project

    settings = settings or Settings()
    sessions = SessionStore(settings.idle_seconds)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            sessions.close()

    middleware = [Middleware(SecurityHeaders), Middleware(TokenGate, token=settings.token),
                  Middleware(BodyLimit, limit=settings.limits.max_request_bytes)]
    if settings.host in LOOPBACK:  # a page bound to loopback answers only to loopback names (DNS rebinding)
        middleware.insert(1, Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]"]))
    app = Starlette(routes=[*routes_data.ROUTES, *routes_columns.ROUTES, *routes_make.ROUTES, *routes_project.ROUTES,
                            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")],
                    middleware=middleware, lifespan=lifespan,
                    exception_handlers={403: _error_page, 404: _error_page, 405: _error_page})
    app.state.settings = settings
    app.state.sessions = sessions
    return app


async def _error_page(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "") or "出错了"
    return TEMPLATES.TemplateResponse(request, "error.html", {"status": status, "detail": detail},
                                      status_code=status)

