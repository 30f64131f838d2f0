"""The FastAPI application: routers, static files, and errors that speak
the client's language (a page for browsers, JSON for the API)."""
import gc
import logging
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app.config import get_settings, resource, version
from app.ingest.gazetteer import load
from app.queries import FilterError
from app.web import about, actors, api, articles, countries, docs, events, feeds, language, timeline
from app.web.events import Moved, moved_response
from app.web.exports import ExportGate
from app.web.geo import world
from app.web.head import HeadAsGet
from app.web.security import SecurityHeaders, with_headers
from app.web.render import language as chosen_language, render

log = logging.getLogger(__name__)


@asynccontextmanager
async def _warm_up(_app: FastAPI):
    """Load the gazetteer and make the world map's shapes (half a second)
    before the first request, then freeze what is alive: the garbage
    collector stops walking the gazetteer and templates on every full
    collection, which were the slowest requests' pauses. Requests run in
    a few threads (THREADS, 4): they are CPU-bound Python, and forty
    threads fighting for one interpreter lock made each request twice as
    costly under load, while two let one slow export hold every page
    behind it. Scale with server processes (`--workers`) instead."""
    load()
    world()
    gc.freeze()
    to_thread.current_default_thread_limiter().total_tokens = get_settings().threads
    yield


def create_app() -> FastAPI:
    application = FastAPI(
        title="Diplomatic timeline",
        description="Calls, talks and visits extracted from Chinese-language news. "
                    "Every event has a permalink id; the filters are the same as the pages'.",
        version=version(),
        docs_url=None, redoc_url=None,  # /docs is served from vendored files below: no CDN
        lifespan=_warm_up,
    )
    settings = get_settings()
    application.state.exports = ExportGate(settings.export_slots, settings.export_wait_ms)
    # Added innermost first: SecurityHeaders wraps the others, so a refused
    # Host (400) and a HEAD carry the headers too.
    application.add_middleware(HeadAsGet)
    application.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts(), www_redirect=False)
    application.add_middleware(SecurityHeaders)
    application.mount("/static", StaticFiles(directory=str(resource("static"))), name="static")
    application.include_router(timeline.router)
    application.include_router(events.router)
    application.include_router(actors.router)
    application.include_router(countries.router)
    application.include_router(articles.router)
    application.include_router(feeds.router)
    application.include_router(language.router)
    application.include_router(docs.router)
    application.include_router(about.router)
    application.include_router(api.router)
    application.add_exception_handler(FilterError, _filter_error)
    application.add_exception_handler(Moved, moved_response)
    application.add_exception_handler(RequestValidationError, _validation_error)
    application.add_exception_handler(StarletteHTTPException, _http_error)
    application.add_exception_handler(Exception, _server_error)
    return application


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def _error(request: Request, status: int, message: str):
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", "_error.html", {"status": status, "message": message}, status_code=status)


async def _filter_error(request: Request, exc: FilterError):
    return _error(request, 400, str(exc))


async def _validation_error(request: Request, exc: RequestValidationError):
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
    if _wants_json(request):
        return JSONResponse({"detail": exc.errors()}, status_code=422)
    return _error(request, 400, f"invalid parameter — {problems}")


async def _http_error(request: Request, exc: StarletteHTTPException):
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    response = _error(request, exc.status_code, message)
    response.headers.update(exc.headers or {})  # Retry-After of a busy export, Allow of a 405
    return response


SERVER_ERROR = {"zh": "服务器内部出错，已记入日志", "en": "something went wrong on our side; it has been logged"}


async def _server_error(request: Request, exc: Exception):
    """Any exception no other handler took: a 500 in the client's format,
    with the security headers (Starlette answers it outside every
    middleware), and no traceback — the server logs that (uvicorn prints it
    as "Exception in ASGI application" when the exception goes on up)."""
    log.error("500 on %s %s: %s", request.method, request.url.path, exc.__class__.__name__)
    message = SERVER_ERROR["en" if _wants_json(request) else chosen_language(request)]
    try:
        response = _error(request, 500, message)
    except Exception:  # noqa: BLE001 — the error page itself failed (a template, the gazetteer)
        response = HTMLResponse('<!doctype html><title>500</title><div role="alert"><h1>500</h1>'
                                f'<p>{message}</p><p><a href="/">←</a></p></div>', status_code=500)
    return with_headers(response)


app = create_app()
