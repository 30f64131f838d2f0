"""Actor pages and the suggestions the actor field shows as you type."""
from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session

from app.db import get_session
from app.models import Actor
from app.profiles import actor_profile
from app.queries import cards, events_json, people_starting_with
from app.web.lookup import get_or_404
from app.web.render import language, render
from app.web.urls import narrowing
from app.web.worldmap import WorldMap, world_map

router = APIRouter()


@router.get("/actors/{actor_id}.json", include_in_schema=False)
def actor_json(actor_id: str, session: Annotated[Session, Depends(get_session)]):
    profile = actor_profile(session, get_or_404(session, Actor, actor_id, "actor"))
    actor = profile["actor"]
    return {
        "id": actor.id, "name": actor.name, "name_en": actor.name_en, "country": actor.country,
        "names": [n.name for n in profile["spellings"]],
        "offices": [{"title": o.title, "from": o.start.isoformat() if o.start else None,
                     "to": o.end.isoformat() if o.end else None} for o in profile["offices"]],
        "events": events_json(session, profile["events"]),
        "events_total": profile["total"],
        "per_year": {str(y): dict(kinds) for y, kinds in profile["per_year"]},
        "counterparts": None if profile["counterparts"] is None else
        [{"id": a.id, "name": a.name, "events": n,
          "per_year": {str(y): c for y, c in sorted(profile["by_year"][a.id].items())}}
         for a, n in profile["counterparts"]],
        "countries": profile["countries"],
        "trips": [{"event": t.event_id, "date": t.date, "type": t.type, "status": t.status,
                   "country": t.country, "place": t.place} for t in profile["trips"]],
        "trips_complete": profile["all_trips"],
    }


@router.get("/actors/{actor_id}", include_in_schema=False)
def actor_page(request: Request, actor_id: str, session: Annotated[Session, Depends(get_session)]):
    profile = actor_profile(session, get_or_404(session, Actor, actor_id, "actor"))
    rows = cards(session, profile["events"])
    return render(request, "actor.html", None, profile | {"rows": rows, "world": _map(request, profile)})


def _map(request: Request, profile: dict) -> WorldMap | None:
    """The countries the person met with or visited, each a link to their
    events with that country; None when counting them ran out of time."""
    actor = profile["actor"]
    if profile["countries"] is None:
        return None
    zh = language(request) == "zh"
    title = f"{actor.name}会见和到访的国家" if zh else f"Countries {actor.name_en or actor.name} met with or visited"
    visits = Counter(t.country for t in profile["trips"])
    if not profile["all_trips"]:  # only the newest trips were read: where he went, not how often
        visits = Counter(dict.fromkeys(visits, 0))
    return world_map(profile["countries"], narrowing(request, "country", add=(("actor", actor.id),)),
                     language(request), title, home=frozenset({actor.country} if actor.country else ()),
                     visits=visits)


@router.get("/suggest/actors", include_in_schema=False)
def suggest(request: Request, session: Annotated[Session, Depends(get_session)],
            actor: Annotated[str, Query(max_length=100)] = ""):
    """People whose any spelling or English name begins with what was typed,
    most active first; the fragment the actor field shows under itself."""
    typed = actor.split(",")[-1].strip()
    return render(request, "_suggestions.html", "_suggestions.html",
                  {"found": suggestions(session, typed) if typed else [], "typed": typed})


def suggestions(session: Session, typed: str, size: int = 8) -> list[tuple[Actor, int]]:
    return [(a, a.event_count) for a in people_starting_with(session, typed, size)]
