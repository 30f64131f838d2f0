"""Write one article and its mentions, then rebuild the events of the blocks
it touched. The caller commits: one article, one transaction."""
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, delete, select

from app.ingest.extract import ActorRef, Mention
from app.ingest.gazetteer import load
from app.ingest.merge import assign_ids, block_of, cluster
from app.ingest.read import RawArticle
from app.models import (Actor, ActorName, Article, Event, EventAlias, EventCountry, EventParticipant,
                        EventSource)


def find_article(session: Session, sha256: str) -> Article | None:
    return session.exec(select(Article).where(Article.sha256 == sha256)).first()


def find_by_path(session: Session, path: str) -> Article | None:
    return session.exec(select(Article).where(Article.path == path)).first()


def forget_article(session: Session, article: Article) -> set[str]:
    """Remove an article and its sources; the blocks to rebuild are returned."""
    sources = session.exec(select(EventSource).where(EventSource.article_id == article.id)).all()
    blocks = {s.block for s in sources}
    for source in sources:
        session.delete(source)
    session.flush()
    session.delete(article)
    session.flush()
    return blocks


def lock_for_writing(session: Session, raw: RawArticle, mentions: list[Mention], replaces: Article | None) -> None:
    """Several ingest processes may write to one PostgreSQL database at once.
    Before writing, take transaction-scoped advisory locks — in sorted order,
    so two writers never wait on each other in a cycle — on the article's
    content, the actors it names and the blocks (type and month) whose
    events it rebuilds. SQLite serializes writers itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = {f"article:{raw.sha256}", f"path:{raw.path}"}
    keys |= {f"actor:{a.id}" for m in mentions for a in m.actors}
    keys |= {f"block:{block_of(m.type, m.date)}" for m in mentions}
    if replaces is not None:
        keys |= {f"block:{b}" for b in session.exec(select(EventSource.block).where(EventSource.article_id == replaces.id))}
    for key in sorted(keys):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def store_article(session: Session, raw: RawArticle, mentions: list[Mention], replaces: Article | None = None) -> Article | None:
    """Store an article and its mentions and rebuild the events they touch;
    `replaces` is the older version of the same file, whose sources go.
    None when another writer stored the same content meanwhile."""
    lock_for_writing(session, raw, mentions, replaces)
    if find_article(session, raw.sha256) is not None:
        return None
    if replaces is not None and session.get(Article, replaces.id) is None:
        replaces = None  # another writer replaced it first
    blocks = forget_article(session, replaces) if replaces is not None else set()
    article = Article(id=raw.sha256[:16], name=raw.name, path=raw.path, sha256=raw.sha256, format=raw.format,
                      encoding=raw.encoding, title=raw.title, url=raw.url, author=raw.author,
                      published=_iso(raw.published), published_from=raw.published_from, text=raw.text)
    session.add(article)
    session.flush()
    for mention in mentions:
        for actor in mention.actors:
            _remember_actor(session, actor)
        block = block_of(mention.type, mention.date)
        blocks.add(block)
        session.add(EventSource(
            article_id=article.id, position=mention.position, block=block, type=mention.type,
            status=mention.status, date=mention.date, date_end=mention.date_end,
            date_precision=mention.precision, location=mention.location, evidence=mention.evidence,
            date_text=mention.date_text, confidence=mention.confidence, imprecise=mention.imprecise,
            actors=[_actor_json(a) for a in mention.actors], countries=mention.countries,
            trail=mention.trail))
    session.flush()
    rebuild_blocks(session, blocks)
    return article


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_json(actor: ActorRef) -> dict:
    return {"id": actor.id, "name": actor.name, "as_written": actor.as_written, "name_en": actor.name_en,
            "country": actor.country, "title": actor.title, "role": actor.role}


def _remember_actor(session: Session, ref: ActorRef) -> None:
    actor = session.get(Actor, ref.id)
    if actor is None:
        actor = Actor(id=ref.id, name=ref.name, name_en=ref.name_en, country=ref.country, in_gazetteer=ref.known)
        session.add(actor)
        person = load().people.get(ref.id) if ref.known else None
        for spelling in (person.all_spellings if person else (ref.name,)):
            session.add(ActorName(actor_id=ref.id, name=spelling, seen=False))
        session.flush()
    for spelling in {ref.name, ref.as_written}:
        known = session.get(ActorName, (ref.id, spelling))
        if known is None:
            session.add(ActorName(actor_id=ref.id, name=spelling, seen=True))
        elif not known.seen:
            known.seen = True
    session.flush()


def rebuild_blocks(session: Session, blocks: set[str]) -> None:
    """Forget the events of these blocks and cluster their sources afresh."""
    for block in sorted(blocks):
        sources = list(session.exec(select(EventSource).where(EventSource.block == block)))
        ids = {s.article_id for s in sources}
        names = dict(session.exec(select(Article.id, Article.name).where(Article.id.in_(ids))).all()) if ids else {}
        before = {source.id: source.event_id for source in sources}
        for source in sources:
            source.event_id = None
        session.flush()
        old = select(Event.id).where(Event.block == block)
        session.exec(delete(EventParticipant).where(EventParticipant.event_id.in_(old)))
        session.exec(delete(EventCountry).where(EventCountry.event_id.in_(old)))
        session.exec(delete(Event).where(Event.block == block))
        session.flush()
        for event_id, draft in assign_ids(cluster(sources, names)):
            _write_event(session, event_id, block, draft)
        session.flush()
        _remember_old_ids(session, before, sources)


def _remember_old_ids(session: Session, before: dict, sources: list[EventSource]) -> None:
    """An id that no longer names an event points to the event its sources
    went to, so a shared permalink keeps working (301)."""
    for source in sources:
        old, new = before.get(source.id), source.event_id
        if not old or old == new or session.get(Event, old) is not None:
            continue
        alias = session.get(EventAlias, old)
        if alias is None:
            session.add(EventAlias(old_id=old, event_id=new))
        else:
            alias.event_id = new
        for chained in session.exec(select(EventAlias).where(EventAlias.event_id == old)):
            chained.event_id = new
    for source in sources:  # an id that names an event again is no alias
        alias = session.get(EventAlias, source.event_id) if source.event_id else None
        if alias is not None:
            session.delete(alias)
    session.flush()


def _write_event(session: Session, event_id: str, block: str, draft) -> None:
    start = _first_day(draft.date)
    session.add(Event(id=event_id, type=draft.type, status=draft.status, date=draft.date, date_start=start,
                      date_end=date.fromisoformat(draft.date_end) if draft.date_end else None,
                      date_precision=draft.precision, location=draft.location,
                      confidence=draft.confidence, block=block))
    session.flush()
    for position, actor in enumerate(draft.actors):
        session.add(EventParticipant(event_id=event_id, actor_id=actor["id"], position=position,
                                     title=actor.get("title"), country=actor.get("country"),
                                     role=actor.get("role")))
    for position, code in enumerate(draft.countries):
        session.add(EventCountry(event_id=event_id, code=code, position=position))
    for source in draft.sources:
        source.event_id = event_id


def _first_day(value: str) -> date:
    return date.fromisoformat(value if len(value) == 10 else (value + "-01" if len(value) == 7 else value + "-01-01"))
