"""About the data: what the database holds, how events are made, how
accurate they measured, what the tool does not do — so a reader can judge
what the timeline shows."""
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import func
from sqlmodel import Session, select

from app.db import get_session
from app.ingest.gazetteer import load_data
from app.models import Article, Event
from app.web.render import render

router = APIRouter()


@cache
def about_data() -> dict:
    """app/data/about.yaml, read once per process."""
    return load_data("about.yaml")


def holdings(session: Session) -> dict:
    """What is stored: articles, outlets, events by type, the span of days."""
    by_type = dict(session.exec(select(Event.type, func.count()).group_by(Event.type)).all())
    first, last = session.exec(select(func.min(Event.date_start), func.max(Event.date_start))).one()
    articles, outlets = session.exec(select(func.count(), func.count(func.distinct(Article.outlet)))
                                     .select_from(Article)).one()
    top = session.exec(select(Article.outlet, func.count()).where(Article.outlet.is_not(None))
                       .group_by(Article.outlet).order_by(func.count().desc(), Article.outlet).limit(10)).all()
    return {"articles": articles, "outlets": outlets, "top_outlets": top, "events": sum(by_type.values()),
            "by_type": by_type, "first": first, "last": last}


@router.get("/about", include_in_schema=False)
def about(request: Request, session: Annotated[Session, Depends(get_session)]):
    return render(request, "about.html", None, {"held": holdings(session), **about_data()})
