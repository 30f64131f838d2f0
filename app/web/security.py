"""Headers every response carries. The pages load scripts and styles only
from this site; nothing may frame them; browsers must not sniff types."""
from html import escape
from urllib.parse import unquote

from starlette.middleware.base import BaseHTTPMiddleware
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


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        raw = request.scope.get("raw_path", b"").decode("latin-1") + "?" + request.url.query
        if "\x00" in unquote(raw) or "\x00" in request.url.path:
            response = _refuse_nul(request)
        else:
            response = await call_next(request)
        headers = response.headers
        headers["Content-Security-Policy"] = DOCS_POLICY if request.url.path == "/docs" else POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
