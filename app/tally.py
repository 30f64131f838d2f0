"""Event counts kept as events are written, so that the totals, histogram
and facets of the common views — everything, one person or one country,
any types and statuses, whole months — are read from a few hundred rows
instead of being counted over a million events.

One row per (dimension, key, month, type, status): dimension "all" (key
""), "actor" (an actor id) or "country" (a code)."""
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.ingest.bulk import add_rows
from app.models import Event, EventCountry, EventParticipant, EventTally
from app.queries import EventFilter, actor_ids_for


def _key(dimension: str, key: str, day: date, kind: str, status: str) -> tuple:
    return (dimension, key, day.isoformat()[:7], kind, status)


def of_drafts(events: list[dict], participants: list[dict], countries: list[dict]) -> Counter:
    """What newly written events add (rows as store.py writes them)."""
    by_id = {e["id"]: e for e in events}
    counts: Counter = Counter()
    for e in events:
        counts[_key("all", "", e["date_start"], e["type"], e["status"])] += 1
    for p in participants:
        e = by_id[p["event_id"]]
        counts[_key("actor", p["actor_id"], e["date_start"], e["type"], e["status"])] += 1
    for c in countries:
        e = by_id[c["event_id"]]
        counts[_key("country", c["code"], e["date_start"], e["type"], e["status"])] += 1
    return counts


def of_stored(session: Session, ids: set[str]) -> Counter:
    """What stored events count for (to subtract before they are deleted)."""
    counts: Counter = Counter()
    if not ids:
        return counts
    facts = select(Event.date_start, Event.type, Event.status)
    for day, kind, status in session.exec(facts.where(Event.id.in_(ids))):
        counts[_key("all", "", day, kind, status)] += 1
    for actor_id, day, kind, status in session.exec(
            select(EventParticipant.actor_id, Event.date_start, Event.type, Event.status)
            .join(Event, Event.id == EventParticipant.event_id).where(Event.id.in_(ids))):
        counts[_key("actor", actor_id, day, kind, status)] += 1
    for code, day, kind, status in session.exec(
            select(EventCountry.code, Event.date_start, Event.type, Event.status)
            .join(Event, Event.id == EventCountry.event_id).where(Event.id.in_(ids))):
        counts[_key("country", code, day, kind, status)] += 1
    return counts


def apply(session: Session, deltas: Counter) -> None:
    """Add the changes to the tally's rows (straight to the driver: an
    upsert a row, thousands of them a rebuild)."""
    rows = [{"dimension": d, "key": k, "month": m, "type": t, "status": s, "n": n}
            for (d, k, m, t, s), n in sorted(deltas.items()) if n]
    add_rows(session.connection(), EventTally.__table__, rows, key=_KEY, counter="n")


_KEY = ("dimension", "key", "month", "type", "status")


@dataclass(frozen=True)
class Scope:
    """The tally rows a filter reads: a dimension and one key of it."""
    dimension: str
    key: str


def scope_of(session: Session, f: EventFilter) -> Scope | None:
    """None when the tally cannot answer: text search, several people or
    countries, a person whose name means several actors, or dates that cut
    a month in two."""
    if f.q or len(f.actor) + len(f.country) > 1 or not _whole_months(f):
        return None
    if f.actor:
        ids = actor_ids_for(session, f.actor[0])
        return Scope("actor", next(iter(ids))) if len(ids) == 1 else None
    if f.country:
        return Scope("country", f.country[0])
    return Scope("all", "")


def _whole_months(f: EventFilter) -> bool:
    starts = f.date_from is None or f.date_from.day == 1
    ends = f.date_to is None or (f.date_to + timedelta(days=1)).day == 1
    return starts and ends


def _where(f: EventFilter) -> list:
    where = []
    if f.type:
        where.append(EventTally.type.in_(f.type))
    if f.status:
        where.append(EventTally.status.in_(f.status))
    if f.date_from:
        where.append(EventTally.month >= f.date_from.isoformat()[:7])
    if f.date_to:
        where.append(EventTally.month <= f.date_to.isoformat()[:7])
    return where


def by_month_and_type(session: Session, scope: Scope, f: EventFilter) -> list[tuple[str, str, int]]:
    return session.exec(select(EventTally.month, EventTally.type, func.sum(EventTally.n))
                        .where(EventTally.dimension == scope.dimension, EventTally.key == scope.key, *_where(f))
                        .group_by(EventTally.month, EventTally.type)).all()


def top(session: Session, dimension: str, f: EventFilter, size: int | None) -> list[tuple[str, int]]:
    """The most frequent actors or countries under a filter of scope "all";
    every one of them with size None."""
    total = func.sum(EventTally.n)
    return session.exec(select(EventTally.key, total).where(EventTally.dimension == dimension, *_where(f))
                        .group_by(EventTally.key).having(total > 0)
                        .order_by(total.desc(), EventTally.key).limit(size)).all()
