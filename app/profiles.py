"""What the pages beyond the timeline show: facets and a histogram under the
current filter, an actor's and a country's record, an article with the
sentences that produced events, the events related to one event."""
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import String, bindparam, cast, func, union_all
from sqlmodel import Session, select

from app import tally
from app.budget import Unavailable, time_budget
from app.config import get_settings
from app.ingest.gazetteer import load
from app.models import Actor, ActorName, Article, Event, EventCountry, EventParticipant, EventSource
from app.queries import EventFilter, count_events, filtered_query, find_events
from app.trips import trips


@dataclass
class Facet:
    value: str
    label: str
    count: int


def _ids(f: EventFilter, session: Session):
    return filtered_query(session, f).with_only_columns(Event.id).subquery()


def _month_key():
    return func.substr(cast(Event.date_start, String), 1, 7)


def counts(session: Session, f: EventFilter, budget_ms: int, size: int = 12) -> dict:
    """The total, the month histogram and the facets of a view. The common
    views read them from the tally; the rest are counted live, within one
    time budget for the whole view — a part past it is None ("counts
    unavailable"), the parts already counted are kept."""
    scope = tally.scope_of(session, f)
    out: dict = {"total": None, "months": None, "countries": None,
                 "facets": {"type": None, "country": None, "actor": None, "year": None}}
    if scope is not None:
        _from_months(out, tally.by_month_and_type(session, scope, f))
        if scope.dimension == "all":
            _from_countries(out, tally.top(session, "country", f, None), size)
            out["facets"]["actor"] = _actor_facet(session, tally.top(session, "actor", f, size))
    missing = [part for part in ("months", "country", "actor")
               if (out["total"] if part == "months" else out["facets"][part]) is None]
    if missing:
        _count_live(session, f, out, missing, time.monotonic() + budget_ms / 1000, size)
    out["unavailable"] = out["total"] is None or any(v is None for v in out["facets"].values())
    return out


def _count_live(session: Session, f: EventFilter, out: dict, parts: list[str], deadline: float, size: int) -> None:
    """Each part within what is left of the view's budget; one that runs out stays None."""
    ids = _ids(f, session)
    count = {"months": lambda: _from_months(out, _per_month_and_type(session, ids)),
             "country": lambda: _from_countries(out, _top_countries(session, ids, None), size),
             "actor": lambda: out["facets"].update(actor=_actor_facet(session, _top_actors(session, ids, size)))}
    for part in parts:
        try:
            with time_budget(session, int((deadline - time.monotonic()) * 1000)):
                count[part]()
        except Unavailable:
            continue


def total(session: Session, f: EventFilter, budget_ms: int) -> int | None:
    """The number of events a filter matches: from the tally when it can
    answer, else counted within the budget (None past it)."""
    scope = tally.scope_of(session, f)
    if scope is not None:
        return sum(n for _, _, n in tally.by_month_and_type(session, scope, f))
    try:
        with time_budget(session, budget_ms):
            return count_events(session, f)
    except Unavailable:
        return None




def _from_countries(out: dict, rows, size: int) -> None:
    """Events per country of the view, busiest first: all of them for the
    map, the first `size` for the facet."""
    out["countries"] = dict(rows)
    out["facets"]["country"] = _country_facet(rows[:size])


def _from_months(out: dict, rows) -> None:
    """Total, events per month and type (the drawn timeline), type and year
    facets from (month, type, n) rows."""
    months: Counter = Counter()
    types: Counter = Counter()
    years: Counter = Counter()
    by_type: dict[date, Counter] = {}
    for month, kind, n in rows:
        if n:
            months[month] += n
            types[kind] += n
            years[int(month[:4])] += n
            by_type.setdefault(date.fromisoformat(month + "-01"), Counter())[kind] += n
    out["months"] = by_type
    out["total"] = sum(months.values())
    out["facets"]["type"] = [Facet(t, t, n) for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))]
    out["facets"]["year"] = [Facet(str(y), f"{y}年", n) for y, n in sorted(years.items(), reverse=True)]


def _per_month_and_type(session: Session, ids):
    key = _month_key()
    return session.exec(select(key, Event.type, func.count()).where(Event.id.in_(select(ids.c.id)))
                        .group_by(key, Event.type)).all()


def _top_countries(session: Session, ids, size: int | None):
    """Countries by their events, most first; all of them with size None."""
    return session.exec(select(EventCountry.code, func.count()).where(EventCountry.event_id.in_(select(ids.c.id)))
                        .group_by(EventCountry.code).order_by(func.count().desc(), EventCountry.code).limit(size)).all()


def _top_actors(session: Session, ids, size: int):
    return session.exec(select(EventParticipant.actor_id, func.count())
                        .where(EventParticipant.event_id.in_(select(ids.c.id)))
                        .group_by(EventParticipant.actor_id)
                        .order_by(func.count().desc(), EventParticipant.actor_id).limit(size)).all()


def _country_facet(rows) -> list[Facet]:
    gz = load()
    return [Facet(c, gz.country_name(c) if c in gz.countries else c, n) for c, n in rows]


def _actor_facet(session: Session, rows) -> list[Facet]:
    names = {a.id: a for a in session.exec(select(Actor).where(Actor.id.in_([i for i, _ in rows])))} if rows else {}
    return [Facet(i, names[i].name + (f" {names[i].name_en}" if names[i].name_en else ""), n)
            for i, n in rows if i in names]


def related(session: Session, event: Event, size: int = 5) -> tuple[list, list]:
    """Events of the same people (or, with none named, the same countries)
    before and after this one: for each of them the nearest few from their
    timeline index, merged — never the list of all their events. One query
    for all of them (a UNION ALL of index walks), prebuilt for each number
    of people; the events come back as plain rows."""
    keys = list(session.execute(_PEOPLE_OF, {"event": event.id}).scalars())
    by_actor = bool(keys)
    if not by_actor:
        keys = list(session.execute(_COUNTRIES_OF, {"event": event.id}).scalars())
    if not keys:
        return [], []
    params = {"event": event.id, "day": event.date_start} | {f"k{n}": key for n, key in enumerate(keys)}
    found = set(session.execute(_walks(by_actor, len(keys), size), params).all())
    earlier = sorted((r for r in found if r[0] <= event.date_start), key=lambda r: (-r[0].toordinal(), r[1]))
    later = sorted(r for r in found if r[0] > event.date_start)
    before, after = [i for _, i in earlier[:size]], [i for _, i in later[:size]]
    events = _events_in_order(session, before + after)
    return events[:len(before)], events[len(before):]


_PEOPLE_OF = select(EventParticipant.actor_id).where(EventParticipant.event_id == bindparam("event"))
_COUNTRIES_OF = select(EventCountry.code).where(EventCountry.event_id == bindparam("event"))
_EVENTS = Event.__table__
_EVENTS_BY_ID = _EVENTS.select().where(_EVENTS.c.id.in_(bindparam("ids", expanding=True)))


@lru_cache(maxsize=64)
def _walks(by_actor: bool, count: int, size: int):
    """For each of `count` people (countries), the `size` nearest events
    before and after the day in its timeline index."""
    table = EventParticipant if by_actor else EventCountry
    key = table.actor_id if by_actor else table.code
    walks = []
    for n in range(count):
        near = select(table.date_start, table.event_id).where(key == bindparam(f"k{n}"),
                                                              table.event_id != bindparam("event"))
        walks.append(near.where(table.date_start <= bindparam("day"))
                     .order_by(table.date_start.desc(), table.event_id).limit(size).subquery().select())
        walks.append(near.where(table.date_start > bindparam("day"))
                     .order_by(table.date_start, table.event_id.desc()).limit(size).subquery().select())
    return union_all(*walks)


def _events_in_order(session: Session, ids: list[str]) -> list:
    found = {e.id: e for e in session.execute(_EVENTS_BY_ID, {"ids": ids})} if ids else {}
    return [found[i] for i in ids if i in found]


PROFILE_EVENTS = 100  # the newest events a profile lists; the timeline filter has them all


def actor_profile(session: Session, actor: Actor) -> dict:
    """An actor's spellings, offices, newest events, events per year and
    type (from the tally), and most frequent counterparts year by year
    (within the time budget; None past it)."""
    spellings = session.exec(select(ActorName).where(ActorName.actor_id == actor.id)
                             .order_by(ActorName.seen.desc(), ActorName.name)).all()
    person = load().people.get(actor.id)
    events, _ = find_events(session, EventFilter(actor=[actor.id]), limit=PROFILE_EVENTS)
    budget = get_settings().facet_budget_ms
    travels, all_trips = trips(session, actor, budget)
    return {"actor": actor, "spellings": spellings, "offices": person.offices if person else (),
            "events": events, "total": actor.event_count, "per_year": _actor_years(session, actor.id),
            "countries": _actor_countries(session, actor.id, budget), "trips": travels, "all_trips": all_trips,
            **_counterparts_by_year(session, actor.id)}


def _actor_countries(session: Session, actor_id: str, budget_ms: int) -> dict[str, int] | None:
    """The person's events per country taking part — their own, those they
    met with, those they visited — for the map; None past the budget."""
    try:
        with time_budget(session, budget_ms):
            return dict(session.execute(ACTOR_COUNTRIES, {"actor": actor_id}).all())
    except Unavailable:
        return None


# From the person's timeline index to each event's countries: as many reads as they have events.
ACTOR_COUNTRIES = (select(EventCountry.code, func.count())
                   .join(EventParticipant, EventParticipant.event_id == EventCountry.event_id)
                   .where(EventParticipant.actor_id == bindparam("actor")).group_by(EventCountry.code))


def _actor_years(session: Session, actor_id: str) -> list[tuple[int, Counter]]:
    """(year, events per type), newest first."""
    years: dict[int, Counter] = {}
    for month, kind, n in tally.by_month_and_type(session, tally.Scope("actor", actor_id), EventFilter()):
        if n:
            years.setdefault(int(month[:4]), Counter())[kind] += n
    return sorted(years.items(), reverse=True)


def _counterparts_by_year(session: Session, actor_id: str, size: int = 10) -> dict:
    mine = select(EventParticipant.event_id).where(EventParticipant.actor_id == actor_id)
    year = func.substr(cast(EventParticipant.date_start, String), 1, 4)
    try:
        with time_budget(session, get_settings().facet_budget_ms):
            rows = session.exec(select(EventParticipant.actor_id, year, func.count())
                                .where(EventParticipant.event_id.in_(mine), EventParticipant.actor_id != actor_id)
                                .group_by(EventParticipant.actor_id, year)).all()
    except Unavailable:
        return {"counterparts": None, "by_year": {}, "years": []}
    totals: Counter = Counter()
    by_year: dict[str, Counter] = {}
    for other, y, n in rows:
        totals[other] += n
        by_year.setdefault(other, Counter())[int(y)] += n
    top = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    actors = {a.id: a for a in session.exec(select(Actor).where(Actor.id.in_([i for i, _ in top])))}
    years = sorted({y for other, _ in top for y in by_year[other]}, reverse=True)
    return {"counterparts": [(actors[i], n) for i, n in top if i in actors], "by_year": by_year, "years": years,
            "busiest": _busiest(by_year)}


def _busiest(by_year: dict[str, Counter]) -> int:
    """The largest count of one partner in one year: the darkest cell."""
    return max((n for counts in by_year.values() for n in counts.values()), default=0)


def country_profile(session: Session, code: str) -> dict:
    """A country's newest events, and its partners year by year (within the
    time budget; None past it)."""
    events, _ = find_events(session, EventFilter(country=[code]), limit=PROFILE_EVENTS)
    mine = select(EventCountry.event_id).where(EventCountry.code == code)
    year = func.substr(cast(EventCountry.date_start, String), 1, 4)
    try:
        with time_budget(session, get_settings().facet_budget_ms):
            rows = session.exec(select(EventCountry.code, year, func.count())
                                .where(EventCountry.event_id.in_(mine), EventCountry.code != code)
                                .group_by(EventCountry.code, year)).all()
    except Unavailable:
        rows = None
    count = total(session, EventFilter(country=[code]), get_settings().facet_budget_ms)
    if rows is None:
        return {"code": code, "events": events, "total": count, "partners": None, "by_year": {}, "years": []}
    partners: Counter = Counter()
    by_year: dict[str, Counter] = {}
    for partner, y, n in rows:
        partners[partner] += n
        by_year.setdefault(partner, Counter())[int(y)] += n
    years = sorted({int(y) for _, y, _ in rows}, reverse=True)
    return {"code": code, "events": events, "total": count, "partners": partners.most_common(),
            "by_year": by_year, "years": years, "busiest": _busiest(by_year)}


@dataclass
class Segment:
    text: str
    event_id: str | None = None
    held: bool = False  # a report held out of the timeline (article.held_out)

    @property
    def marked(self) -> bool:
        return self.event_id is not None or self.held


def article_view(session: Session, article: Article) -> list[list[Segment]]:
    """The text as written, paragraph by paragraph, the sentences that
    produced events marked with the event they produced, and those of
    reports held out of the timeline marked as such."""
    marks: dict[str, str | None] = {}
    for evidence, event_id in session.exec(select(EventSource.evidence, EventSource.event_id)
                                           .where(EventSource.article_id == article.id)):
        marks.setdefault(evidence, event_id)
    for report in article.held_reports or []:
        marks.setdefault(report["evidence"], HELD)
    paragraphs = []
    for paragraph in article.text.split("\n"):
        if not paragraph.strip():
            continue
        segments = [Segment(paragraph)]
        for evidence, event_id in sorted(marks.items(), key=lambda kv: -len(kv[0])):
            segments = _split(segments, evidence, event_id)
        paragraphs.append(segments)
    return paragraphs


HELD = ""  # the mark of a held-out report's sentence: no event


def _split(segments: list[Segment], needle: str, event_id: str | None) -> list[Segment]:
    out = []
    for segment in segments:
        if segment.marked or needle not in segment.text:
            out.append(segment)
            continue
        before, _, after = segment.text.partition(needle)
        found = Segment(needle, held=True) if event_id == HELD else Segment(needle, event_id)
        out += [s for s in (Segment(before), found, Segment(after)) if s.text]
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
