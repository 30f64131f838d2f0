"""A person's trips abroad, in date order, read from the events they took
part in: a visit they made (as the visitor, or in the visitor's party) to
the country visited, and talks or a visit held in a place of another
country than theirs (talks in Geneva). A call is no trip; a visit paid to
them at home is their guest's trip, not theirs."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlmodel import Session

from app.budget import Unavailable, time_budget
from app.ingest.gazetteer import load
from app.models import Actor, Event, EventCountry, EventParticipant

MAX_TRIPS = 100  # the newest trips a person's page lists; the visit filter has them all
CANDIDATES = 2000  # the newest visits and talks looked at for them
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
               .where(EventParticipant.actor_id == bindparam("actor"), Event.type.in_(("visit", "talks")))
               .order_by(EventParticipant.date_start.desc(), EventParticipant.event_id)
               .limit(bindparam("limit")))
_COUNTRIES = (select(EventCountry.event_id, EventCountry.code)
              .where(EventCountry.event_id.in_(bindparam("ids", expanding=True)))
              .order_by(EventCountry.event_id, EventCountry.position))


def trips(session: Session, actor: Actor, budget_ms: int, size: int = MAX_TRIPS) -> tuple[list[Trip], bool]:
    """The person's newest `size` trips, oldest first, and whether that is
    all of them (False when there are more, or the budget ran out)."""
    try:
        with time_budget(session, budget_ms):
            rows = session.execute(_CANDIDATES, {"actor": actor.id, "limit": CANDIDATES}).all()
            visits = [row.id for row in rows if row.type == "visit"]
            sides: dict[str, list[str]] = {}
            for event_id, code in session.execute(_COUNTRIES, {"ids": visits}) if visits else ():
                sides.setdefault(event_id, []).append(code)
    except Unavailable:
        return [], False
    found = [trip for row in rows if (trip := _trip(row, actor.country, sides.get(row.id, [])))]
    journeys = one_per_journey(sorted(found, key=lambda t: (t.day, t.type != "visit", t.event_id)))
    return journeys[-size:], len(rows) < CANDIDATES and len(journeys) <= size


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
    """The gazetteer's place a location names and its country: 北京人民大会堂
    → (北京, CN), the first place in it; 华府 → (华盛顿, US), another name of
    it; 肯尼亚 → (None, KE), a country named as the place."""
    if not location:
        return None, None
    gz = load()
    place = gz.place_regex.search(gz.same_place(location))
    if place:
        return place.group(0), gz.places.get(place.group(0))
    return None, gz.country_words.get(location)
