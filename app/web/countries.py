"""Country pages: a country's events by partner over time."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.db import get_session
from app.ingest.gazetteer import load
from app.profiles import country_profile
from app.queries import cards, events_json
from app.web.render import language, render
from app.web.urls import narrowing
from app.web.worldmap import WorldMap, world_map

router = APIRouter()


def _profile_or_404(session: Session, code: str) -> dict:
    profile = country_profile(session, code.upper())
    if not profile["events"] and code.upper() not in load().countries:
        raise HTTPException(status_code=404, detail=f"no country with code {code!r}")
    return profile


@router.get("/countries/{code}.json", include_in_schema=False)
def country_json(code: str, session: Annotated[Session, Depends(get_session)]):
    profile = _profile_or_404(session, code)
    return {"code": profile["code"], "name": load().country_name(profile["code"]),
            "events_total": profile["total"],
            "partners": None if profile["partners"] is None else
            [{"code": c, "events": n, "by_year": dict(profile["by_year"][c])} for c, n in profile["partners"]],
            "events": events_json(session, profile["events"])}


@router.get("/countries/{code}", include_in_schema=False)
def country_page(request: Request, code: str, session: Annotated[Session, Depends(get_session)]):
    profile = _profile_or_404(session, code)
    rows = cards(session, profile["events"])
    return render(request, "country.html", None, profile | {"rows": rows, "world": _map(request, profile)})


def _map(request: Request, profile: dict) -> WorldMap | None:
    """The country's partners, each a link to the events of the two; None
    when counting them ran out of time."""
    if profile["partners"] is None:
        return None
    code, lang = profile["code"], language(request)
    name = load().country_in(code, lang)
    title = f"{name}的伙伴国家" if lang == "zh" else f"Partner countries of {name}"
    return world_map(dict(profile["partners"]), narrowing(request, "country", add=(("country", code),)),
                     lang, title, home=frozenset({code}))
