"""What the pages beyond the timeline show: facets and a histogram under the
current filter, an actor's and a country's record, an article with the
sentences that produced events, the events related to one event."""
from collections import Counter
from dataclasses import dataclass
from datetime import date

import time
from contextlib import contextmanager

from sqlalchemy import String, cast, func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from app.ingest.gazetteer import load
from app.models import Actor, ActorName, Article, Event, EventCountry, EventParticipant, EventSource
from app.queries import EventFilter, filtered_query


@dataclass
class Facet:
    value: str
    label: str
    count: int


def _ids(f: EventFilter, session: Session):
    return filtered_query(session, f).with_only_columns(Event.id).subquery()


class Unavailable(Exception):
    """A count took longer than its budget; the page says so instead of waiting."""


@contextmanager
def time_budget(session: Session, milliseconds: int):
    """Interrupt the queries inside after `milliseconds`: SQLite through a
    progress handler, PostgreSQL through a statement timeout inside a
    savepoint (a cancelled statement must not spoil the page's transaction)."""
    if milliseconds <= 0:
        raise Unavailable()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        savepoint = connection.begin_nested()
        try:
            connection.execute(text(f"SET LOCAL statement_timeout = {int(milliseconds)}"))
            yield
        except DBAPIError as exc:
            savepoint.rollback()
            raise Unavailable() from exc
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        savepoint.commit()
        return
    raw = connection.connection.dbapi_connection
    deadline = time.monotonic() + milliseconds / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1_000)
    try:
        yield
    except DBAPIError as exc:
        raise Unavailable() from exc
    finally:
        raw.set_progress_handler(None, 0)


def _month_key():
    return func.substr(cast(Event.date_start, String), 1, 7)


def facets(session: Session, f: EventFilter, size: int = 12) -> dict[str, list[Facet]]:
    """Counts under the current filter: types, countries, actors, years."""
    ids = _ids(f, session)
    gz = load()
    types = session.exec(select(Event.type, func.count()).where(Event.id.in_(select(ids.c.id)))
                         .group_by(Event.type).order_by(func.count().desc())).all()
    countries = session.exec(select(EventCountry.code, func.count()).where(EventCountry.event_id.in_(select(ids.c.id)))
                             .group_by(EventCountry.code).order_by(func.count().desc(), EventCountry.code).limit(size)).all()
    actors = session.exec(select(Actor.id, Actor.name, Actor.name_en, func.count())
                          .join(EventParticipant, EventParticipant.actor_id == Actor.id)
                          .where(EventParticipant.event_id.in_(select(ids.c.id)))
                          .group_by(Actor.id, Actor.name, Actor.name_en)
                          .order_by(func.count().desc(), Actor.id).limit(size)).all()
    years: Counter = Counter()
    for month, n in _per_month(session, ids):
        years[int(month[:4])] += n
    return {
        "type": [Facet(t, t, n) for t, n in types],
        "country": [Facet(c, gz.country_name(c) if c in gz.countries else c, n) for c, n in countries],
        "actor": [Facet(i, f"{name}" + (f" {en}" if en else ""), n) for i, name, en, n in actors],
        "year": [Facet(str(y), f"{y}年", n) for y, n in sorted(years.items(), reverse=True)],
    }


@dataclass
class Bar:
    month: date
    count: int
    height: int  # percent of the busiest month


def _per_month(session: Session, ids) -> list[tuple[str, int]]:
    key = _month_key()
    return session.exec(select(key, func.count()).where(Event.id.in_(select(ids.c.id))).group_by(key)).all()


def histogram(session: Session, f: EventFilter) -> list[Bar]:
    """Events per month, every month from the first to the last shown."""
    ids = _ids(f, session)
    months = {date.fromisoformat(month + "-01"): n for month, n in _per_month(session, ids)}
    if not months:
        return []
    first, last = min(months), max(months)
    busiest = max(months.values())
    bars, current = [], first
    while current <= last:
        bars.append(Bar(current, months.get(current, 0), round(100 * months.get(current, 0) / busiest)))
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return bars


def related(session: Session, event: Event, size: int = 5) -> tuple[list[Event], list[Event]]:
    """Events of the same people (or, with none named, the same countries)
    before and after this one."""
    people = select(EventParticipant.actor_id).where(EventParticipant.event_id == event.id)
    if session.exec(people).first() is not None:
        same = select(EventParticipant.event_id).where(EventParticipant.actor_id.in_(people))
    else:
        codes = select(EventCountry.code).where(EventCountry.event_id == event.id)
        same = select(EventCountry.event_id).where(EventCountry.code.in_(codes))
    base = select(Event).where(Event.id.in_(same), Event.id != event.id)
    earlier = session.exec(base.where(Event.date_start <= event.date_start)
                           .order_by(Event.date_start.desc(), Event.id).limit(size)).all()
    later = session.exec(base.where(Event.date_start > event.date_start)
                         .order_by(Event.date_start, Event.id).limit(size)).all()
    return list(earlier), list(later)


def actor_profile(session: Session, actor: Actor) -> dict:
    spellings = session.exec(select(ActorName).where(ActorName.actor_id == actor.id)
                             .order_by(ActorName.seen.desc(), ActorName.name)).all()
    person = load().people.get(actor.id)
    events = session.exec(select(Event).join(EventParticipant, EventParticipant.event_id == Event.id)
                          .where(EventParticipant.actor_id == actor.id)
                          .order_by(Event.date_start.desc(), Event.id)).all()
    counterparts = session.exec(
        select(Actor, func.count()).join(EventParticipant, EventParticipant.actor_id == Actor.id)
        .where(EventParticipant.event_id.in_([e.id for e in events]), Actor.id != actor.id)
        .group_by(Actor.id).order_by(func.count().desc(), Actor.id).limit(10)).all()
    return {"actor": actor, "spellings": spellings, "offices": person.offices if person else (),
            "events": list(events), "counterparts": counterparts}


def country_profile(session: Session, code: str) -> dict:
    """A country's events, and its partners year by year."""
    events = session.exec(select(Event).join(EventCountry, EventCountry.event_id == Event.id)
                          .where(EventCountry.code == code).order_by(Event.date_start.desc(), Event.id)).all()
    partners: Counter = Counter()
    by_year: dict[str, Counter] = {}
    rows = session.exec(select(EventCountry.code, Event.date_start).join(Event, Event.id == EventCountry.event_id)
                        .where(EventCountry.event_id.in_([e.id for e in events]), EventCountry.code != code)).all()
    for partner, day in rows:
        partners[partner] += 1
        by_year.setdefault(partner, Counter())[day.year] += 1
    years = sorted({day.year for _, day in rows}, reverse=True)
    return {"code": code, "events": list(events), "partners": partners.most_common(),
            "by_year": by_year, "years": years}


@dataclass
class Segment:
    text: str
    event_id: str | None = None


def article_view(session: Session, article: Article) -> list[list[Segment]]:
    """The text as written, paragraph by paragraph, the sentences that
    produced events marked with the event they produced."""
    marks = {}
    for evidence, event_id in session.exec(select(EventSource.evidence, EventSource.event_id)
                                           .where(EventSource.article_id == article.id)):
        marks.setdefault(evidence, event_id)
    paragraphs = []
    for paragraph in article.text.split("\n"):
        if not paragraph.strip():
            continue
        segments = [Segment(paragraph)]
        for evidence, event_id in sorted(marks.items(), key=lambda kv: -len(kv[0])):
            segments = _split(segments, evidence, event_id)
        paragraphs.append(segments)
    return paragraphs


def _split(segments: list[Segment], needle: str, event_id: str) -> list[Segment]:
    out = []
    for segment in segments:
        if segment.event_id is not None or needle not in segment.text:
            out.append(segment)
            continue
        before, _, after = segment.text.partition(needle)
        out += [s for s in (Segment(before), Segment(needle, event_id), Segment(after)) if s.text]
    return out


def in_context(text: str, evidence: str, width: int = 80) -> tuple[str, str]:
    """The words around a sentence in its paragraph, cut to `width` characters
    a side: shown around the highlighted evidence on a permalink page."""
    for paragraph in text.split("\n"):
        at = paragraph.find(evidence)
        if at < 0:
            continue
        end = at + len(evidence)
        before = ("…" if at > width else "") + paragraph[max(0, at - width):at].lstrip()
        after = paragraph[end:end + width].rstrip() + ("…" if len(paragraph) - end > width else "")
        return before, after
    return "", ""
