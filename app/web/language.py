"""The Chinese/English switch, remembered in a cookie for a year."""
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, HTTPException
from fastapi.responses import RedirectResponse

from app.web.render import LANGUAGES

router = APIRouter()


@router.get("/lang/{code}", include_in_schema=False)
def switch(code: str, next: str = "/"):
    if code not in LANGUAGES:
        raise HTTPException(status_code=404, detail=f"no language {code!r}; use zh or en")
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(_without_lang(target), status_code=303)
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax")
    return response


def _without_lang(target: str) -> str:
    """The page switched from, without a `?lang=` that would overrule the
    choice just made."""
    path, _, query = target.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    return path + (f"?{urlencode(kept)}" if kept else "")
