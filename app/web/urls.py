"""Links that narrow or change the current view: the query string is the
state, so every link is the current query plus or minus one parameter."""
from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import Request

from app.config import get_settings


def narrowed(request: Request, path: str = "/", add: tuple = (), replace: dict | None = None,
             drop: tuple = ("cursor",)) -> str:
    """The current query with `add` pairs appended (when not already there)
    and `replace` keys set (None removes them)."""
    replace = replace or {}
    items = [(k, v) for k, v in request.query_params.multi_items()
             if k not in drop and k not in replace and v.strip()]
    for key, value in add:
        if (key, value) not in items:
            items.append((key, value))
    items += [(k, v) for k, v in replace.items() if v is not None]
    return path + (f"?{urlencode(items)}" if items else "")


def narrowing(request: Request, key: str, path: str = "/", add: tuple = ()) -> Callable[[str], str]:
    """The links of many values of one key (a map's hundred countries):
    `narrowed(request, path, add)` encoded once, then `key=value` appended
    for each value — what narrowed would give with the pair added, for a
    value the query does not hold yet (a map never links the filter's own
    countries)."""
    start = narrowed(request, path, add)
    joiner = "&" if "?" in start else "?"
    return lambda value: f"{start}{joiner}{urlencode({key: value})}"


def year_range(year: str) -> dict:
    return {"from": f"{year}-01-01", "to": f"{year}-12-31"}


def public_base(request: Request) -> str:
    """The start of every absolute link (canonical, og:url, feeds, the API's
    next): PUBLIC_URL, else the address the server listens on (the socket,
    never the client's Host header, which anyone can forge)."""
    configured = get_settings().public_url
    if configured:
        return configured
    scheme = request.scope.get("scheme", "http")
    host, port = request.scope.get("server") or (None, None)
    if not host or host.startswith("/"):  # no address, or a Unix socket's path: the configured one
        host, port = get_settings().host, get_settings().port
    host = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")


def absolute(request: Request, path: str) -> str:
    """A path of this site (/events/…) as an absolute link."""
    return public_base(request) + path
