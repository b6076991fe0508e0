"""Safety rules of the web page, as small ASGI middlewares and one CSRF check.

- ``BodyLimit``: a request body larger than the upload limit is refused (413) while it streams in.
- ``TokenGate``: with ``--token`` every request needs the token once (``?token=``), then a cookie.
- ``SecurityHeaders``: no framing, no sniffing, no referrer, scripts and styles only from the server.
- :func:`csrf_ok`: state-changing requests carry the session's CSRF token (form field or header); the
  session cookie is ``SameSite=Strict`` as a second line.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "rg_token"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (by Content-Length, and while streaming)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = Headers(scope=scope).get("content-length")
        if length and length.isdigit() and int(length) > self.limit:
            return await _too_large(self.limit)(scope, receive, send)
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(self.limit)(scope, receive, send)


def _too_large(limit: int) -> PlainTextResponse:
    return PlainTextResponse(f"上传内容太大（上限 {limit // 1048576} MB）。", status_code=413)


class TokenGate:
    """Require ``token`` on every request: from ``?token=`` (then set as a cookie) or the cookie."""

    def __init__(self, app: ASGIApp, token: str | None):
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        request = Request(scope)
        given = request.query_params.get("token")
        if given is not None and hmac.compare_digest(given, self.token):
            query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return await response(scope, receive, send)
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if not hmac.compare_digest(cookie, self.token):
            response = PlainTextResponse("需要访问令牌：请使用启动 reportgen serve 时显示的完整地址（含 ?token=…）。",
                                         status_code=401)
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                            (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_ok(request: Request, expected: str, form_value: str | None) -> bool:
    """True when the request carries the session's CSRF token and, if it says, comes from this page."""
    given = form_value or request.headers.get("x-csrf-token") or ""
    if not hmac.compare_digest(given, expected):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin.split("://", 1)[-1] == request.headers.get("host", "")
    return True
