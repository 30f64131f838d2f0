"""The JSON API: the same filters as the pages, events in EVENT_FORMAT.md."""
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlmodel import Session

from app.db import get_session
from app.queries import EventFilter, event_json, events_json, find_events
from app.web.events import event_or_404
from app.web.params import event_filter

router = APIRouter(prefix="/api", tags=["events"])


class EventPage(BaseModel):
    total: int
    count: int
    offset: int
    next: str | None
    events: list[dict]


@router.get("/events", response_model=EventPage, summary="Events matching the filters, newest first")
def list_events(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
                session: Annotated[Session, Depends(get_session)],
                limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    events, total = find_events(session, f, limit=limit, offset=offset)
    next_url = None
    if offset + limit < total:
        next_url = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return EventPage(total=total, count=len(events), offset=offset, next=next_url,
                     events=events_json(session, events))


@router.get("/events/{event_id}", summary="One event by its permalink id")
def one_event(event_id: str, session: Annotated[Session, Depends(get_session)]) -> dict:
    return event_json(session, event_or_404(session, event_id))
