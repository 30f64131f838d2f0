"""Event permalinks: a page and its .json twin."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import bindparam
from sqlmodel import Session, select

from app.db import quick_session
from app.models import Article, Event, EventAlias
from app.profiles import in_context, related
from app.queries import event_json, events_json
from app.web.render import render

router = APIRouter()


class Moved(Exception):
    """The event now lives under another id: answer 301."""

    def __init__(self, new_id: str):
        self.new_id = new_id


_EVENT = Event.__table__.select().where(Event.__table__.c.id == bindparam("id"))
_ALIAS = select(EventAlias.event_id).where(EventAlias.old_id == bindparam("id"))


def event_or_404(session: Session, event_id: str):
    """The event (a plain row: building an ORM object cost more than the
    query), or Moved when the id is an old one, or a 404."""
    event = session.execute(_EVENT, {"id": event_id}).first()
    if event is not None:
        return event
    new_id = session.execute(_ALIAS, {"id": event_id}).scalar()
    if new_id is not None:
        raise Moved(new_id)
    raise HTTPException(status_code=404, detail=f"no event with id {event_id!r}")


def moved_response(request: Request, exc: Moved) -> RedirectResponse:
    head, _, last = request.url.path.rpartition("/")
    suffix = ".json" if last.endswith(".json") else ""
    return RedirectResponse(f"{head}/{exc.new_id}{suffix}", status_code=301)


@router.get("/events/{event_id}.json", include_in_schema=False)
async def event_page_json(event_id: str, session: Annotated[Session, Depends(quick_session)]):
    return event_json(session, event_or_404(session, event_id))


_TEXTS = select(Article.id, Article.text).where(Article.id.in_(bindparam("ids", expanding=True)))


@router.get("/events/{event_id}", include_in_schema=False)
async def event_page(request: Request, event_id: str, session: Annotated[Session, Depends(quick_session)]):
    event = event_or_404(session, event_id)
    earlier, later = related(session, event)
    data, *around = events_json(session, [event, *earlier, *later])  # one batch of queries for all three
    texts = dict(session.execute(_TEXTS, {"ids": [s["article_id"] for s in data["sources"]]}).all())
    for source in data["sources"]:
        text = texts.get(source["article_id"])
        source["before"], source["after"] = in_context(text, source["evidence"]) if text else ("", "")
    data["sources"].sort(key=_by_publication)  # the first report first
    return render(request, "event.html", None, {
        "event": data, "earlier": around[:len(earlier)], "later": around[len(earlier):],
    })


def _by_publication(source: dict) -> tuple:
    """Sources in the order they were published; undated ones last."""
    published = source.get("published")
    return (published is None, str(published or "")[:10], source["article_id"])
