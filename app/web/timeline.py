"""The timeline: newest first, grouped by month, filtered by the query string."""
from itertools import groupby
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session, select

from app.config import get_settings
from app.db import get_session
from app.models import EventCountry
from app.profiles import Unavailable, facets, histogram, time_budget
from app.queries import STATUSES, TYPES, EventFilter, cards, find_events
from app.web.params import event_filter
from app.web.render import render, wants_fragment
from app.web.urls import narrowed

router = APIRouter()


@router.get("/", include_in_schema=False)
def timeline(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
             session: Annotated[Session, Depends(get_session)],
             page: Annotated[int, Query(ge=1, le=100000)] = 1):
    canonical = _canonical_url(request)
    if canonical and not wants_fragment(request):
        return RedirectResponse(canonical, status_code=302)
    size = get_settings().page_size
    events, total = find_events(session, f, limit=size, offset=(page - 1) * size)
    rows = cards(session, events)
    months = [(key, list(group)) for key, group in groupby(rows, key=lambda r: r["date_start"].replace(day=1))]
    context = {"filter": f, "months": months, "total": total, "page": page, "page_size": size,
               "next_url": narrowed(request, replace={"page": str(page + 1)}) if page * size < total else None}
    if page > 1 and wants_fragment(request):  # infinite scroll: only the next cards
        return render(request, "_months.html", "_months.html", context)
    context |= {"types": TYPES, "statuses": STATUSES, "countries": _country_codes(session)}
    context |= _counts(session, f)
    response = render(request, "index.html", "_results.html", context)
    if canonical:
        response.headers["HX-Push-Url"] = canonical
    return response


def _counts(session: Session, f: EventFilter) -> dict:
    """Facets and histogram within a time budget: a slow count degrades to
    "counts unavailable" rather than stalling the page."""
    try:
        with time_budget(session, get_settings().facet_budget_ms):
            return {"facets": facets(session, f), "bars": histogram(session, f), "counts_unavailable": False}
    except Unavailable:
        return {"facets": {"type": [], "country": [], "actor": [], "year": []}, "bars": [], "counts_unavailable": True}


def _country_codes(session: Session) -> list[str]:
    return list(session.exec(select(EventCountry.code).distinct().order_by(EventCountry.code)))


def _canonical_url(request: Request) -> str | None:
    """The same view without empty fields (a GET form sends them all):
    the URL people share stays short. None when the URL is already so."""
    items = request.query_params.multi_items()
    kept = [(k, v) for k, v in items if v.strip() and not (k == "page" and v == "1")]
    if kept == items:
        return None
    return "/" + (f"?{urlencode(kept)}" if kept else "")
