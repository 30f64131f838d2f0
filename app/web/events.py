"""Event permalinks: a page and its .json twin."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.db import get_session
from app.queries import event_json, get_event
from app.web.render import render

router = APIRouter()


def _event_or_404(session: Session, event_id: str):
    event = get_event(session, event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event with id {event_id!r}")
    return event


@router.get("/events/{event_id}.json", include_in_schema=False)
def event_page_json(event_id: str, session: Annotated[Session, Depends(get_session)]):
    return event_json(session, _event_or_404(session, event_id))


@router.get("/events/{event_id}", include_in_schema=False)
def event_page(request: Request, event_id: str, session: Annotated[Session, Depends(get_session)]):
    event = event_json(session, _event_or_404(session, event_id))
    return render(request, "event.html", None, {"event": event})
