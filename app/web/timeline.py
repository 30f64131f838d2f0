"""The timeline: newest first, grouped by month, filtered by the query string."""
from itertools import groupby
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session, select

from app.config import get_settings
from app.db import get_session
from app.models import Actor, EventCountry
from app.queries import STATUSES, TYPES, EventFilter, event_json, find_events
from app.web.params import event_filter
from app.web.render import render

router = APIRouter()


@router.get("/", include_in_schema=False)
def timeline(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
             session: Annotated[Session, Depends(get_session)],
             page: Annotated[int, Query(ge=1, le=100000)] = 1):
    size = get_settings().page_size
    events, total = find_events(session, f, limit=size, offset=(page - 1) * size)
    rows = [event_json(session, e) | {"date_start": e.date_start} for e in events]
    months = [(key, list(group)) for key, group in groupby(rows, key=lambda r: r["date_start"].replace(day=1))]
    context = {
        "filter": f, "months": months, "total": total, "page": page,
        "next_url": _page_url(request, page + 1) if page * size < total else None,
        "types": TYPES, "statuses": STATUSES,
        "countries": sorted(set(session.exec(select(EventCountry.code)))),
        "actors": session.exec(select(Actor).order_by(Actor.name)).all(),
    }
    return render(request, "index.html", "_results.html", context)


def _page_url(request: Request, page: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"] + [("page", str(page))]
    return "/?" + urlencode(params)
