"""The timeline: newest first, grouped by month, filtered by the query
string, a page at a time from a cursor. Its counts (total, histogram,
facets) are a view of their own, /counts, which the page loads after it
shows the events, so a slow count never holds the events back."""
import time
from calendar import monthrange
from dataclasses import replace
from datetime import date
from hashlib import sha1
from itertools import groupby
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import text
from sqlmodel import Session

from app import profiles
from app.config import get_settings
from app.db import get_session
from app.queries import STATUSES, TYPES, Cursor, EventFilter, cards, find_events, find_page
from app.readings import readings
from app.web.chart import Lane, Span, timeline_svg
from app.web.params import event_filter
from app.web.render import language, render, wants_fragment
from app.web.titles import person_labels, view_title
from app.web.urls import narrowed, narrowing
from app.web.worldmap import WorldMap, world_map

router = APIRouter()


@router.get("/", include_in_schema=False)
def timeline(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
             session: Annotated[Session, Depends(get_session)],
             cursor: Annotated[str | None, Query(max_length=300)] = None):
    canonical = _canonical_url(request)
    if canonical and not wants_fragment(request):
        return RedirectResponse(canonical, status_code=302)
    after = Cursor.parse(cursor)
    settings = get_settings()
    page = find_page(session, f, settings.page_size, after, budget_ms=settings.search_budget_ms)
    rows = cards(session, page.events)
    months = [(key, list(group)) for key, group in groupby(rows, key=lambda r: r["date_start"].replace(day=1))]
    context = {"filter": f, "months": months, "readings": readings(session, f), "part": sha1(str(after).encode()).hexdigest()[:8] if after else "1",
               "next_url": narrowed(request, replace={"cursor": str(page.next)}) if page.next else None,
               "searched_to": page.searched_to}
    if after and wants_fragment(request):  # infinite scroll: only the next cards, under the headings shown
        return render(request, "_months.html", "_months.html", context | {"continues": after.day.replace(day=1)})
    context |= {"types": TYPES, "statuses": STATUSES, "countries": country_codes(session),
                "view_title": view_title(session, f, dict(request.query_params), language(request))}
    response = render(request, "index.html", "_results.html", context)
    if canonical:
        response.headers["HX-Push-Url"] = canonical
    return response


@router.get("/counts", include_in_schema=False)
def counts(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
           session: Annotated[Session, Depends(get_session)]):
    """The number of events, the month histogram and the facets of a view:
    the fragment the timeline loads into its aside, or a page without
    JavaScript."""
    return render(request, "counts.html", "_counts.html", {"filter": f} | _counts(session, f, request))


@router.get("/counts.json", include_in_schema=False)
def counts_json(f: Annotated[EventFilter, Depends(event_filter)], session: Annotated[Session, Depends(get_session)]):
    """The same counts as data: null where a count did not finish in time;
    the months that have events, in order."""
    found = _counts(session, f)
    facets = {name: None if items is None else [{"value": i.value, "label": i.label, "count": i.count} for i in items]
              for name, items in found["facets"].items()}
    return {"total": found["total"], "complete": not found["counts_unavailable"],
            "months": [{"month": m.isoformat()[:7], "count": sum(kinds.values())} for m, kinds in sorted(found["months"].items())],
            "facets": facets}


def _counts(session: Session, f: EventFilter, request: Request | None = None) -> dict:
    found = profiles.counts(session, f, get_settings().facet_budget_ms)
    out = {"total": found["total"], "facets": found["facets"], "months": found["months"] or {},
           "counts_unavailable": found["unavailable"]}
    if request is not None:
        out["chart"] = _chart(request, session, f, found["months"])
        out["world"] = _world(request, f, found["countries"], found["total"])
    return out


def _world(request: Request, f: EventFilter, countries: dict | None, total: int | None) -> WorldMap | None:
    """The countries of the view's events, each a link to the view narrowed
    to it. The filter's countries, and any in every event of the view (a
    person's own), are marked instead: shaded, they would be the darkest
    and pale the rest, and narrowing to them changes nothing. None when
    they were not counted in time."""
    if countries is None:
        return None
    zh = language(request) == "zh"
    everywhere = {code for code, n in countries.items() if total and n == total}
    return world_map(countries, narrowing(request, "country"), language(request),
                     "这一视图中事件的国家" if zh else "Countries of the events in this view",
                     home=frozenset(f.country) | everywhere)


def _chart(request: Request, session: Session, f: EventFilter, months: dict | None):
    """The drawn timeline: one lane, or one per person when several people
    are compared (each counted as the view is, within the budget)."""
    if months is None:
        return None
    zh = language(request) == "zh"
    lanes = [Lane(None, months, _visit_spans(session, f, months, zh))]
    if len(f.actor) > 1:
        ones = [replace(f, actor=[name], match="all") for name in f.actor]
        each = [profiles.counts(session, one, get_settings().facet_budget_ms)["months"] for one in ones]
        if all(found is not None for found in each):
            labels = person_labels(session, f.actor, zh)
            lanes = [Lane(label, found, _visit_spans(session, one, found, zh))
                     for label, one, found in zip(labels, ones, each)]
    title = "每月事件数，按类型" if zh else "Events per month, by type"
    return timeline_svg(lanes, lambda year: narrowed(request, replace={"from": str(year), "to": str(year)}), title)


MAX_SPANS = 40  # visits a lane draws as spans; more read better as the bars alone


def _visit_spans(session: Session, f: EventFilter, months: dict, zh: bool) -> list[Span]:
    """A lane's visits as spans, when the month counts say there are few
    (so a view of thousands costs no query)."""
    visits = sum(kinds.get("visit", 0) for kinds in months.values())
    if not visits or visits > MAX_SPANS or (f.type and "visit" not in f.type):
        return []
    events, _ = find_events(session, replace(f, type=["visit"]), limit=MAX_SPANS)
    return [_span(card, zh) for card in cards(session, events) if card["date_precision"] in ("day", "month")]


def _span(card: dict, zh: bool) -> Span:
    """A visit known only to its month covers the month (drawn hollow)."""
    start = card["date_start"]
    precise = card["date_precision"] == "day"
    end = date.fromisoformat(card["date_end"]) if card["date_end"] else start
    if not precise:
        end = start.replace(day=monthrange(start.year, start.month)[1])
    when = card["date"] + (f"/{card['date_end']}" if card["date_end"] else "")
    return Span(start, max(end, start), card["url"], f"{when} {card['headline' if zh else 'headline_en']}", not precise)


_COUNTRIES: dict[str, tuple[float, list[str]]] = {}


_DISTINCT_CODES = text("""
    WITH RECURSIVE seen(code) AS (
        SELECT min(code) FROM event_country
        UNION ALL
        SELECT (SELECT min(code) FROM event_country WHERE code > seen.code) FROM seen WHERE seen.code IS NOT NULL)
    SELECT code FROM seen WHERE code IS NOT NULL""")


def country_codes(session: Session, max_age: float = 60.0) -> list[str]:
    """The countries the country menu offers: every one that has an event,
    found by hopping along the country index from one code to the next (a
    loose index scan: one seek per country, not a read of every event's
    countries), and kept for a minute per database."""
    key = str(session.get_bind().url)
    cached = _COUNTRIES.get(key)
    if cached is None or time.monotonic() - cached[0] > max_age:
        codes = [code for (code,) in session.execute(_DISTINCT_CODES)]
        cached = _COUNTRIES[key] = (time.monotonic(), codes)
    return cached[1]


def _canonical_url(request: Request) -> str | None:
    """The same view without empty fields (a GET form sends them all):
    the URL people share stays short. None when the URL is already so."""
    items = request.query_params.multi_items()
    kept = [(k, v) for k, v in items if v.strip()]
    if kept == items:
        return None
    return "/" + (f"?{urlencode(kept)}" if kept else "")
