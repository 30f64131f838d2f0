"""Reading events back: the filters the pages, the API and the export share,
and the one place that turns an event into EVENT_FORMAT JSON."""
import re
import time
from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, bindparam, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.budget import Unavailable, time_budget
from app.ingest.gazetteer import load
from app.ingest.merge import party_key
from app.models import (Actor, ActorName, Article, Event, EventCountry, EventParticipant,
                        EventSource)
from app.ingest.normalize import normalize

TYPES = ("call", "talks", "visit")
STATUSES = ("held", "planned")
MATCHES = ("all", "any")


class FilterError(ValueError):
    """A filter value the user has to correct; the message says how."""


@dataclass
class EventFilter:
    actor: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    match: str = "all"  # several people or countries: events of all of them together, or of any

    @classmethod
    def parse(cls, actor=(), country=(), type=(), status=(), date_from=None, date_to=None, q=None, match=None):
        """From raw query-string values; a bad value raises FilterError."""
        if match not in (None, "", *MATCHES):
            raise FilterError(f"match must be one of {', '.join(MATCHES)}, not {match!r}")
        types = [t for t in _values(type)]
        for t in types:
            if t not in TYPES:
                raise FilterError(f"type must be one of {', '.join(TYPES)}, not {t!r}")
        statuses = [s for s in _values(status)]
        for s in statuses:
            if s not in STATUSES:
                raise FilterError(f"status must be one of {', '.join(STATUSES)}, not {s!r}")
        start, end = _iso_day(date_from, "from"), _iso_day(date_to, "to")
        if start and end and start > end:
            raise FilterError("'from' must not be later than 'to'")
        return cls(actor=_values(actor), country=[country_code(c) for c in _values(country)], type=types,
                   status=statuses, date_from=start, date_to=end, q=(q or "").strip() or None,
                   match=match or "all")

    def is_empty(self) -> bool:
        return not (self.actor or self.country or self.type or self.status or self.date_from
                    or self.date_to or self.q)


def country_code(value: str) -> str:
    """RU, ru, 俄罗斯, 俄羅斯, Russia → RU; anything else is kept upper-cased
    and simply matches nothing."""
    gz = load()
    if value.upper() in gz.countries:
        return value.upper()
    by_name = gz.country_words.get(normalize(value))
    if by_name:
        return by_name
    english = {entry["en"].lower(): code for code, entry in gz.countries.items()}
    return english.get(value.strip().lower(), value.upper())


MAX_VALUES = 20  # values of one parameter, counted after comma lists are split


def _values(raw) -> list[str]:
    """Repeated and comma-separated values (country=RU,US&country=CN), at
    most MAX_VALUES of them: a thousand make a query no database should plan."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    values = list(dict.fromkeys(v.strip() for item in items for v in str(item).split(",") if v.strip()))
    if len(values) > MAX_VALUES:
        raise FilterError(f"at most {MAX_VALUES} values for one parameter, not {len(values)}")
    return values


def _iso_day(value, name: str) -> date | None:
    """A bound of any precision: `from=2022-01` is the month's first day,
    `to=2022-01` its last, so a month or a year given covers all of it."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1) if name == "from" else date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            first = date.fromisoformat(text + "-01")
            return first if name == "from" else first.replace(day=monthrange(first.year, first.month)[1])
        return date.fromisoformat(text)
    except ValueError as exc:
        raise FilterError(f"'{name}' must be a year, a month or a day (2022, 2022-01 or 2022-01-10), "
                          f"not {value!r}") from exc


def actor_ids_for(session: Session, query: str) -> set[str]:
    """The actors a name given to a filter means: those it names, else the
    one its beginning suggests (`Xi`), as the actor field's suggestions do."""
    return actors_named(session, query) or {actor.id for actor in people_starting_with(session, query, 1)}


def actors_named(session: Session, query: str) -> set[str]:
    """Every actor a name may mean: any spelling seen or known (普京, 普丁,
    習近平 in either script), the English name or a word of it, or the id."""
    text = query.strip()
    simplified = normalize(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    ids = set(session.exec(select(ActorName.actor_id).where(ActorName.name.in_({text, simplified}))))
    lowered = " ".join(text.lower().split())
    ids |= set(session.exec(select(Actor.id).where(or_(
        Actor.id == slug, func.lower(Actor.name_en) == lowered,
        func.lower(Actor.name_en).like(f"% {like_escaped(lowered)}", escape="\\") if len(lowered) >= 3 else False))))
    ids |= {p.id for p in load().search(simplified)} | {p.id for p in load().search(text)}
    return ids


def people_starting_with(session: Session, typed: str, size: int = 8) -> list[Actor]:
    """People whose any spelling or English name (or a word of it) begins
    with what was typed, most active first — the suggestions under the
    actor field, and what a name nobody has exactly means. Read from the
    name indexes (a range, not a LIKE scan), ordered by the event count each
    actor keeps: nothing is counted here."""
    typed = typed.strip()
    if not typed:
        return []
    lowered = typed.lower()
    by_name = select(ActorName.actor_id).where(or_(*[_prefix(ActorName.name, p) for p in {typed, normalize(typed)}]))
    return list(session.exec(
        select(Actor).where(or_(Actor.id.in_(by_name), _prefix(func.lower(Actor.name_en), lowered),
                                func.lower(Actor.name_en).like(f"% {like_escaped(lowered)}%", escape="\\")))
        .order_by(Actor.event_count.desc(), Actor.id).limit(size)).all())


def _prefix(column, prefix: str):
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def filtered_query(session: Session, f: EventFilter):
    """Every event the filter matches, in no order (counts and facets)."""
    return _driven(session, f)[0]


def _driven(session: Session, f: EventFilter, text_plan: str = "list"):
    """The filter as a query that reads one timeline index — the first
    actor's, else the first country's, else the events' own — and tests the
    rest of the filter on each event it meets; with the columns that index
    is ordered by (day, event id). `text_plan`: how a text filter is
    tested (`_text_matches`)."""
    actor_ids = [actor_ids_for(session, name) for name in f.actor]
    if f.match == "any" and actor_ids:  # one test: any of them took part
        actor_ids = [set().union(*actor_ids)]
    if actor_ids and len(actor_ids[0]) == 1:
        stmt = (select(Event).join(EventParticipant, EventParticipant.event_id == Event.id)
                .where(EventParticipant.actor_id == next(iter(actor_ids[0]))))
        day, event_id, actor_ids = EventParticipant.date_start, EventParticipant.event_id, actor_ids[1:]
        countries = f.country
    elif f.country and (f.match == "all" or len(f.country) == 1):
        stmt = select(Event).join(EventCountry, EventCountry.event_id == Event.id).where(EventCountry.code == f.country[0])
        day, event_id, countries = EventCountry.date_start, EventCountry.event_id, f.country[1:]
    else:
        stmt, day, event_id, countries = select(Event), Event.date_start, Event.id, f.country
    text_test = _text_matches(session, f.q, text_plan) if f.q else None
    return stmt.where(*_conditions(f, actor_ids, countries, day, text_test)), day, event_id


def _conditions(f: EventFilter, actor_ids: list[set[str]], countries: list[str], day, text_test) -> list:
    """Membership tests are correlated (EXISTS): checked on the rows the
    index walk meets, never by building the list of all matching events."""
    where = []
    for ids in actor_ids:
        other = aliased(EventParticipant)  # not the participant row the walk is on
        where.append(exists().where(other.event_id == Event.id, other.actor_id.in_(ids or {""})))
    for codes in ([countries] if f.match == "any" and countries else [[code] for code in countries]):
        other = aliased(EventCountry)
        where.append(exists().where(other.event_id == Event.id, other.code.in_(codes)))
    if f.date_from:
        where.append(day >= f.date_from)
    if f.date_to:
        where.append(day <= f.date_to)
    if f.type:
        where.append(Event.type.in_(f.type))
    if f.status:
        where.append(Event.status.in_(f.status))
    if text_test is not None:
        where.append(text_test)
    return where


def _text_matches(session: Session, q: str, plan: str):
    """The event's place (华府 as well for 华盛顿), one of its reports' evidence or a spelling of one
    of its people contains the text. There is no full-text index, and two
    ways to test it: "walk" tests each event the index walk meets (newest
    first: a common word fills a page at once, a rare one reads report after
    report, out of their order on disk); "list" reads every report once, in
    order, and lists the events whose evidence matches (a fixed cost that
    grows with the database — what a rare word, a count or an export needs).
    The actors whose spellings match are looked up first (a small table)."""
    like = f"%{like_escaped(normalize(q))}%"
    named = set(session.exec(select(ActorName.actor_id).where(ActorName.name.like(like, escape="\\")).distinct()))
    if q.isascii() and len(q.strip()) >= 3:  # Lavrov, Sergey Lavrov: the English names
        named |= set(session.exec(select(Actor.id).where(func.lower(Actor.name_en).like(like.lower(), escape="\\"))))
    if plan == "walk":
        source = aliased(EventSource)
        tests = [exists().where(source.event_id == Event.id, source.evidence.like(like, escape="\\"))]
    else:
        tests = [Event.id.in_(select(EventSource.event_id).where(EventSource.evidence.like(like, escape="\\")))]
    if named:
        participant = aliased(EventParticipant)
        tests.append(exists().where(participant.event_id == Event.id, participant.actor_id.in_(named)))
    places = [Event.location.like(f"%{like_escaped(name)}%", escape="\\")
              for name in load().place_spellings(normalize(q))]
    return or_(*places, *tests)


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last event's first day and id. The next page
    starts after it (keyset pagination), so page 500 costs what page 1 does."""
    day: date
    id: str

    def __str__(self) -> str:
        return f"{self.day.isoformat()}~{self.id}"

    @classmethod
    def parse(cls, value: str | None) -> "Cursor | None":
        if not value:
            return None
        day, sep, event_id = value.partition("~")
        try:
            return cls(date.fromisoformat(day), event_id) if sep and event_id else _bad_cursor(value)
        except ValueError:
            return _bad_cursor(value)


def _bad_cursor(value: str):
    raise FilterError(f"cursor must be a day and an event id joined by '~' (as the next link gives), not {value!r}")


def find_events(session: Session, f: EventFilter, limit: int = 100,
                cursor: Cursor | None = None) -> tuple[list[Event], Cursor | None]:
    """A page of events newest first, and the cursor of the next page (None
    on the last)."""
    page = _page(list(session.exec(page_query(session, f, limit + 1, cursor))), limit)
    return page.events, page.next


@dataclass
class Page:
    """A page of events and the cursor of the next one. `searched_to` is set
    when a text search ran out of time before it filled the page: every
    event down to that day was looked at, and the next page goes on from
    there."""
    events: list
    next: Cursor | None
    searched_to: date | None = None


SEARCH_CHUNK = 2000  # events a text search walks between two looks at the clock


def find_page(session: Session, f: EventFilter, limit: int, cursor: Cursor | None = None,
              budget_ms: int | None = None) -> Page:
    """Like find_events; with a budget, a text search that has not filled
    the page when the time is up returns what it found so far. It walks the
    timeline testing each event for a third of its budget (a common word is
    done by then), then lists the matching reports for the rest of the page
    (`_text_matches`) in what is left of it."""
    if not f.q or budget_ms is None:
        return Page(*find_events(session, f, limit, cursor))
    started = time.monotonic()
    plain, walk = _driven(session, replace(f, q=None)), _driven(session, f, "walk")  # built once, run per chunk
    found: list = []
    start = cursor
    while True:  # at least one chunk, so a page always moves the search on
        end = _chunk_end(session, plain, start)
        found += session.exec(_from_cursor(walk, limit + 1 - len(found), start, until=end)).all()
        if len(found) > limit or end is None:
            return _page(found, limit)
        start = end
        if time.monotonic() - started >= budget_ms / 3000:
            break
    left = budget_ms - int((time.monotonic() - started) * 1000)
    try:
        with time_budget(session, left):
            found += session.exec(page_query(session, f, limit + 1 - len(found), start)).all()
    except Unavailable:
        return Page(found, start, searched_to=start.day)
    return _page(found, limit)


def _page(found: list, limit: int) -> Page:
    """`found` holds one event more than the page when there are more."""
    if len(found) > limit:
        return Page(found[:limit], Cursor(found[limit - 1].date_start, found[limit - 1].id))
    return Page(found, None)


def _chunk_end(session: Session, driven: tuple, start: Cursor | None) -> Cursor | None:
    """The last of the next SEARCH_CHUNK events of a `_driven` query (the
    filter without its text) after `start`; None when fewer are left."""
    stmt, day, event_id = driven
    stmt = _after(stmt.with_only_columns(day, event_id), day, event_id, start)
    row = session.execute(stmt.order_by(day.desc(), event_id).offset(SEARCH_CHUNK - 1).limit(1)).first()
    return Cursor(row[0], row[1]) if row else None


def page_query(session: Session, f: EventFilter, limit: int, cursor: Cursor | None = None,
               text_plan: str = "list"):
    """From the cursor on, in the order of the index the filter reads, and
    no further than `limit` rows: page 500 costs what page 1 does."""
    return _from_cursor(_driven(session, f, text_plan), limit, cursor)


def _from_cursor(driven: tuple, limit: int, cursor: Cursor | None, until: Cursor | None = None):
    """A `_driven` query from the cursor on, down to `until` (inclusive)."""
    stmt, day, event_id = driven
    stmt = _after(stmt, day, event_id, cursor)
    if until is not None:
        stmt = stmt.where(or_(day > until.day, and_(day == until.day, event_id <= until.id)))
    return stmt.order_by(day.desc(), event_id).limit(limit)


def _after(stmt, day, event_id, cursor: Cursor | None):
    if cursor is None:
        return stmt
    return stmt.where(or_(day < cursor.day, and_(day == cursor.day, event_id > cursor.id)))


def count_events(session: Session, f: EventFilter) -> int:
    return session.exec(select(func.count()).select_from(filtered_query(session, f).subquery())).one()


def all_events(session: Session) -> list[Event]:
    return list(session.exec(select(Event).order_by(Event.date_start, Event.id)))


def event_json(session: Session, event: Event) -> dict:
    """One event in the format of EVENT_FORMAT.md (plus confidence, trail
    and headline)."""
    return events_json(session, [event])[0]


_IDS = bindparam("ids", expanding=True)
# Built once: constructing a statement costs more than running it on a page of events.
_PARTICIPANTS = (select(EventParticipant.event_id, EventParticipant.country, EventParticipant.title,
                        EventParticipant.role, Actor.id, Actor.name, Actor.name_en, Actor.country.label("home"))
                 .join(Actor, Actor.id == EventParticipant.actor_id)
                 .where(EventParticipant.event_id.in_(_IDS)).order_by(EventParticipant.event_id, EventParticipant.position))
_COUNTRIES = (select(EventCountry.event_id, EventCountry.code).where(EventCountry.event_id.in_(_IDS))
              .order_by(EventCountry.event_id, EventCountry.position))
_SOURCES = (select(EventSource.event_id, EventSource.evidence, EventSource.date_text, EventSource.confidence,
                   EventSource.trail, EventSource.actors, Article.id.label("article_id"), Article.name,
                   Article.title, Article.published, Article.outlet, Article.url)
            .join(Article, Article.id == EventSource.article_id)
            .where(EventSource.event_id.in_(_IDS)).order_by(Article.name, EventSource.position))


def events_json(session: Session, events: list[Event]) -> list[dict]:
    """Many events at once: one query each for participants, countries and
    sources of the whole list (never per event), reading only the columns
    shown as plain rows — building ORM objects cost more than the queries."""
    ids = {"ids": [e.id for e in events]}
    if not ids["ids"]:
        return []
    participants: dict[str, list] = {}
    for row in session.execute(_PARTICIPANTS, ids):
        participants.setdefault(row[0], []).append(tuple(row))
    countries: dict[str, list] = {}
    for event_id, code in session.execute(_COUNTRIES, ids):
        countries.setdefault(event_id, []).append(code)
    sources: dict[str, list] = {}
    for row in session.execute(_SOURCES, ids):
        sources.setdefault(row.event_id, []).append(row)
    return [_event_dict(e, participants.get(e.id, []), countries.get(e.id, []), sources.get(e.id, []))
            for e in events]


def cards(session: Session, events: list[Event]) -> list[dict]:
    """Events as the pages show them: JSON plus the first day, for grouping."""
    return [data | {"date_start": event.date_start} for data, event in zip(events_json(session, events), events)]


def every_event_json(session: Session, chunk: int = 500):
    """Every event in date order as EVENT_FORMAT JSON, read `chunk` at a
    time from where the last chunk ended: an export of a million events
    holds one chunk in memory, never the list of them all."""
    after = None
    while True:
        stmt = select(Event).order_by(Event.date_start, Event.id).limit(chunk)
        if after is not None:
            stmt = stmt.where(or_(Event.date_start > after[0], and_(Event.date_start == after[0], Event.id > after[1])))
        batch = list(session.exec(stmt))
        if not batch:
            return
        yield from events_json(session, batch)
        after = (batch[-1].date_start, batch[-1].id)
        session.expunge_all()


def iter_events_json(session: Session, events: list[Event], chunk: int = 500):
    for start in range(0, len(events), chunk):
        yield from events_json(session, events[start:start + chunk])


def _event_dict(event: Event, participants: list, codes: list[str], sources: list) -> dict:
    seen = _spellings_seen(sources)
    actors = [{
        "id": actor_id, "name": name,
        "names": list(dict.fromkeys([name, *seen.get(actor_id, []),
                                     *([] if name_en else seen.get(f"?{country or home}", []))])),
        "name_en": name_en, "country": country or home, "title": title, "role": role, "url": f"/actors/{actor_id}",
    } for _, country, title, role, actor_id, name, name_en, home in participants]
    return {
        "id": event.id, "url": f"/events/{event.id}", "type": event.type, "status": event.status,
        "date": event.date, "date_end": event.date_end.isoformat() if event.date_end else None,
        "date_precision": event.date_precision, "location": event.location, "actors": actors,
        "countries": codes, "confidence": event.confidence,
        "headline": headline(event, actors, codes),
        "headline_en": headline_en(event, actors, codes),
        "sources": _sources_by_article(sources),
    }


def _sources_by_article(sources) -> list[dict]:
    """One entry per article that reports the event (EVENT_FORMAT.md); its
    first sentence is the evidence, further sentences are kept beside it."""
    grouped: dict[str, dict] = {}
    for source in sources:
        entry = grouped.get(source.article_id)
        if entry is None:
            grouped[source.article_id] = {
                "article": source.name, "article_id": source.article_id, "article_title": source.title,
                "published": source.published, "outlet": source.outlet, "original_url": web_address(source.url),
                "evidence": source.evidence, "date_text": source.date_text,
                "confidence": source.confidence, "trail": source.trail, "more_evidence": []}
        elif source.evidence != entry["evidence"] and source.evidence not in entry["more_evidence"]:
            entry["more_evidence"].append(source.evidence)
    return list(grouped.values())


def publication_days(event: dict) -> list[str]:
    """The days an event's sources were published (YYYY-MM-DD), earliest
    first: the first report, and what the pages and files call it."""
    return sorted(str(s["published"])[:10] for s in event["sources"] if s.get("published"))


def like_escaped(text: str) -> str:
    """Text to find as written inside a LIKE pattern: `_` and `%` are
    characters of the text, not wildcards (q=_ matched every event)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def web_address(url: str | None) -> str | None:
    """The original's address when it is one a link may point at (http or
    https): a stored `javascript:` or `file:` value is kept, never linked."""
    return url if url and re.match(r"(?i)https?://[^\s/]", url) else None


def _spellings_seen(sources) -> dict[str, list[str]]:
    """Spellings by actor id; those of people the gazetteer lacks also by
    country (`?PY`), as the merge took one such person of a country in two
    reports for the same (拉米雷斯, 拉米瑞茲). A traditional spelling comes
    with its simplified form (澤倫斯基, 泽伦斯基): a reader searching in
    simplified script finds the Taiwanese transliteration."""
    seen: dict[str, list[str]] = {}
    for source in sources:
        for actor in source.actors:
            for key in dict.fromkeys((actor["id"], party_key(actor))):
                names = seen.setdefault(key, [])
                written = actor.get("as_written")
                for spelling in (actor.get("name"), written, normalize(written) if written else None):
                    if spelling and spelling not in names:
                        names.append(spelling)
    return seen


_VERB = {"call": "通电话", "talks": "会谈", "visit": "访问"}


def headline(event: Event, actors: list[dict], countries: list[str]) -> str:
    """王毅同拉夫罗夫通电话 / 拉夫罗夫访问中国 / 俄罗斯同美国会谈."""
    gz = load()
    if event.type == "visit":
        visitor = actors[0]["name"] if actors else gz.country_name(countries[0]) if countries else "?"
        host = next((c for c in countries if not actors or c != actors[0]["country"]), None)
        return f"{visitor}访问{gz.country_name(host) if host else ''}"
    names = [a["name"] for a in actors] or [gz.country_name(c) for c in countries]
    if len(names) == 1:
        names += [gz.country_name(c) for c in countries if c != actors[0]["country"]][:1]
    return f"{names[0]}同{'、'.join(names[1:])}{_VERB[event.type]}" if len(names) > 1 else f"{names[0]}{_VERB[event.type]}"


_KIND_EN = {"call": "phone call", "talks": "talks", "visit": "visit"}


def headline_en(event: Event, actors: list[dict], countries: list[str]) -> str:
    """Wang Yi – Sergey Lavrov phone call / Sergey Lavrov visits China."""
    gz = load()

    def english(actor: dict) -> str:
        return actor.get("name_en") or actor["id"].replace("-", " ").title()

    if event.type == "visit":
        visitor = english(actors[0]) if actors else (gz.country_en(countries[0]) if countries else "?")
        host = next((c for c in countries if not actors or c != actors[0]["country"]), None)
        verb = "to visit" if event.status == "planned" else "visits"
        return f"{visitor} {verb} {gz.country_en(host) if host else ''}".strip()
    names = [english(a) for a in actors] or [gz.country_en(c) for c in countries]
    if len(names) == 1 and countries:
        names += [gz.country_en(c) for c in countries if not actors or c != actors[0]["country"]][:1]
    return f"{' – '.join(names)} {_KIND_EN[event.type]}"
