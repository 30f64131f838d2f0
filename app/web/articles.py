"""The article view: the text as written, with the sentences that produced
events highlighted and linked to them — or, for an article held out of the
timeline (it states no year), why, with the sentences it would have given."""
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from app.db import get_session
from app.ingest.document import held_out_reason
from app.models import Article
from app.profiles import article_view
from app.web.lookup import get_or_404
from app.web.render import render

router = APIRouter()


@router.get("/articles/{article_id}.json", include_in_schema=False)
def article_json(article_id: str, session: Annotated[Session, Depends(get_session)]):
    article = get_or_404(session, Article, article_id, "article")
    return {"id": article.id, "name": article.name, "title": article.title, "url": article.url,
            "author": article.author, "outlet": article.outlet, "published": article.published, "published_from": article.published_from,
            "format": article.format, "encoding": article.encoding, "text": article.text,
            "events": sorted({s.event_id for p in article_view(session, article) for s in p if s.event_id}),
            "held_out": article.held_out,
            "held_out_reason": held_out_reason(article.held_out) if article.held_out else None,
            "held_reports": article.held_reports or []}


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, article_id: str, session: Annotated[Session, Depends(get_session)]):
    article = get_or_404(session, Article, article_id, "article")
    return render(request, "article.html", None, {"article": article, "paragraphs": article_view(session, article)})
