"""Headers every response carries. The pages load scripts and styles only
from this site; nothing may frame them; browsers must not sniff types."""
from html import escape
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes in its markup; /docs alone allows inline styles (never scripts).
DOCS_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


NUL_MESSAGE = "the address contains a NUL character"


def _refuse_nul(request):
    """No name, code or date contains a NUL; PostgreSQL refuses them in text,
    so they are stopped here, before any route, with a clear 400."""
    if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
        return JSONResponse({"detail": NUL_MESSAGE}, status_code=400)
    return HTMLResponse(f'<!doctype html><title>400</title><div role="alert"><h1>400</h1><p>{escape(NUL_MESSAGE)}</p>'
                        '<p><a href="/">←</a></p></div>', status_code=400)


class SecurityHeaders:
    """Plain ASGI middleware (BaseHTTPMiddleware would wrap every response in
    an extra task and stream): adds the headers as the response starts."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        raw = scope.get("raw_path", b"").decode("latin-1") + "?" + scope.get("query_string", b"").decode("latin-1")
        if "\x00" in unquote(raw) or "\x00" in scope["path"]:
            return await with_headers(_refuse_nul(request))(scope, receive, send)
        policy = (DOCS_POLICY if scope["path"] == "/docs" else POLICY).encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_fixed_headers(policy)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _fixed_headers(policy: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", policy), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"), (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin")]


def with_headers(response):
    """A response made outside this middleware (a refused NUL, a 500) with the same headers."""
    response.raw_headers += _fixed_headers(POLICY.encode())
    return response
