"""A person's trips abroad, in date order, read from the events they took
part in: a visit they made (as the visitor, or in the visitor's party) to
the country visited, and talks or a visit held in a place of another
country than theirs (talks in Geneva). A call is no trip; a visit paid to
them at home is their guest's trip, not theirs."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, and_, bindparam, or_, select
from sqlmodel import Session

from app.budget import Unavailable, time_budget
from app.ingest.gazetteer import load
from app.models import Actor, Event, EventCountry, EventParticipant

MAX_TRIPS = 50  # the newest trips a person's page lists; the visit filter has them all
CHUNK = 250  # visits and talks read at a time, newest first, until there are enough trips
CANDIDATES = 2000  # at most this many are read for them
JOURNEY_DAYS = 7  # events in the same country at most this many days apart are one journey


@dataclass(frozen=True)
class Trip:
    event_id: str
    date: str  # as the event is dated: a day, a month or a year
    day: date
    type: str
    status: str
    country: str  # where to
    place: str | None  # the city or venue as the reports name it (华盛顿白宫)
    city: str | None = None  # the gazetteer's place in it (华盛顿), which has an English name


_CANDIDATES = (select(Event.id, Event.date, Event.date_start, Event.type, Event.status, Event.location,
                      EventParticipant.role, EventParticipant.country)
               .join(Event, Event.id == EventParticipant.event_id)
               .where(EventParticipant.actor_id == bindparam("actor"), Event.type.in_(("visit", "talks")),
                      or_(EventParticipant.date_start < bindparam("day"),
                          and_(EventParticipant.date_start == bindparam("day"),
                               EventParticipant.event_id > bindparam("after"))))
               .order_by(EventParticipant.date_start.desc(), EventParticipant.event_id)
               .limit(bindparam("chunk", type_=Integer)))
_COUNTRIES = (select(EventCountry.event_id, EventCountry.code)
              .where(EventCountry.event_id.in_(bindparam("ids", expanding=True)))
              .order_by(EventCountry.event_id, EventCountry.position))


def trips(session: Session, actor: Actor, budget_ms: int, size: int | None = None) -> tuple[list[Trip], bool]:
    """The person's newest `size` trips, oldest first, and whether that is
    all of them (False when there are more, or the budget ran out). Their
    visits and talks are read from the person's timeline index a chunk at
    a time, newest first, until one more journey than `size` (MAX_TRIPS) is found: a
    busy person's page does not read all their years."""
    size = size or MAX_TRIPS
    load()  # the gazetteer is read before the clock starts (it is, in a server)
    found: list[Trip] = []
    day, after, read = date.max, "", 0
    try:
        with time_budget(session, budget_ms):
            while read < CANDIDATES:
                rows = session.execute(_CANDIDATES, {"actor": actor.id, "day": day, "after": after,
                                                     "chunk": CHUNK}).all()
                found += _trips_of(session, rows, actor.country)
                read += len(rows)
                if len(rows) < CHUNK or len(_journeys(found)) > size:
                    break
                day, after = rows[-1].date_start, rows[-1].id
    except Unavailable:
        return [], False
    journeys = _journeys(found)
    return journeys[-size:], len(rows) < CHUNK and len(journeys) <= size


def _trips_of(session: Session, rows, home: str | None) -> list[Trip]:
    """The trips among a chunk of the person's visits and talks (a visit's
    countries, in the order the reports name the sides, tell who travelled)."""
    visits = [row.id for row in rows if row.type == "visit"]
    sides: dict[str, list[str]] = {}
    for event_id, code in session.execute(_COUNTRIES, {"ids": visits}) if visits else ():
        sides.setdefault(event_id, []).append(code)
    return [trip for row in rows if (trip := _trip(row, home, sides.get(row.id, [])))]


def _journeys(found: list[Trip]) -> list[Trip]:
    return one_per_journey(sorted(found, key=lambda t: (t.day, t.type != "visit", t.event_id)))


def one_per_journey(trips_in_order: list[Trip]) -> list[Trip]:
    """Events in one country a few days apart are one journey (a visit and
    the talks held during it): listed once, as its first event — the visit,
    when one began the same day."""
    out: list[Trip] = []
    last_day = None
    for trip in trips_in_order:
        if out and trip.country == out[-1].country and (trip.day - last_day).days <= JOURNEY_DAYS:
            last_day = trip.day
            continue
        out.append(trip)
        last_day = trip.day
    return out


def _trip(row, home: str | None, sides: list[str]) -> Trip | None:
    """The trip this event was for the person, if any: to the place's
    country when it is not theirs; else, for a visit they made, to the
    first country visited."""
    own = row.country or home
    city, where = place_of(row.location)
    if where and where != own:
        return Trip(row.id, row.date, row.date_start, row.type, row.status, where, row.location, city)
    if row.type != "visit" or where or not sides:
        return None
    travelling = row.role == "visitor" or (own is not None and own == sides[0])
    destination = next((code for code in sides[1:] if code != own), None)
    if travelling and destination:
        return Trip(row.id, row.date, row.date_start, row.type, row.status, destination, None)
    return None


def place_of(location: str | None) -> tuple[str | None, str | None]:
    """The gazetteer's place a location begins with, and its country:
    北京人民大会堂 → (北京, CN); 华府 → (华盛顿, US), another name of it;
    瑞士日内瓦 → (日内瓦, CH) and 肯尼亚 → (None, KE), a country named first.
    (A location is written from the places the extractor found, so it
    begins with one; a prefix look-up needs no pattern of every place.)"""
    if not location:
        return None, None
    gz = load()
    name = gz.same_place(location)
    for end in range(len(name), 0, -1):
        if name[:end] in gz.places:
            return name[:end], gz.places[name[:end]]
    for end in range(len(name), 0, -1):
        code = gz.country_words.get(name[:end])
        if code:
            rest = name[end:]
            return (rest if rest in gz.places else None), code
    return None, None
