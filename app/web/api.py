"""The JSON API: the same filters as the pages, events in EVENT_FORMAT.md."""
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from app import profiles
from app.config import get_settings
from app.db import get_session, quick_session
from app.queries import Cursor, EventFilter, event_json, events_json, find_page
from app.web.events import event_or_404
from app.web.params import event_filter
from app.web.urls import absolute

router = APIRouter(prefix="/api", tags=["events"])


class EventPage(BaseModel):
    total: int | None = Field(description="Events matching the filters; null when counting took longer than its budget")
    count: int
    next: str | None = Field(description="The next page (keyset cursor); null on the last page")
    searched_to: str | None = Field(None, description=(
        "Set when a text search (q) ran out of time before filling the page: every event down to this day "
        "was looked at, and `next` goes on searching from there; the page may hold fewer than `limit` events"))
    events: list[dict]


@router.get("/events", response_model=EventPage, summary="Events matching the filters, newest first")
def list_events(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
                session: Annotated[Session, Depends(get_session)],
                limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                cursor: Annotated[str | None, Query(max_length=300, description="Where the previous page ended (its `next` link carries it)")] = None):
    settings = get_settings()
    page = find_page(session, f, limit, Cursor.parse(cursor), budget_ms=settings.search_budget_ms)
    next_url = _next_url(request, page.next, limit) if page.next else None
    return EventPage(total=profiles.total(session, f, settings.facet_budget_ms), count=len(page.events), next=next_url,
                     searched_to=page.searched_to.isoformat() if page.searched_to else None,
                     events=events_json(session, page.events))


def _next_url(request: Request, cursor: Cursor, limit: int) -> str:
    """This page's query with the next cursor, under the public address
    (PUBLIC_URL), never the Host the client sent."""
    url = request.url.include_query_params(cursor=str(cursor), limit=limit)
    return absolute(request, f"{url.path}?{url.query}")


@router.get("/events/{event_id}", summary="One event by its permalink id")
async def one_event(event_id: str, session: Annotated[Session, Depends(quick_session)]) -> dict:
    return event_json(session, event_or_404(session, event_id))
