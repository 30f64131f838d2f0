"""Where a frame puts its event: 在X before the trigger, a destination
city after a visit word, the place of arrival, or the country after 在 — and
a venue with its city (北京人民大会堂)."""
from datetime import date, timedelta

from app.ingest.dates import DateValue
from app.ingest.entities import PersonMention, PlaceMention
from app.ingest.frames.frame import LOCATIVE_BEFORE, Frame
from app.ingest.mentions import ref_id

# A trip told with one day (抵达莫斯科) goes on a few days: its meetings on them were in its city.
TRIP_DAYS = 3

def in_host(frame: Frame, location: str | None, countries: list[str]) -> str | None:
    """结束对朝鲜的访问后返回莫斯科: a visit's place lies in the country visited."""
    where = frame.gz.places.get(location) if location else None
    return None if where is not None and countries and where != countries[-1] else location


def location(frame: Frame) -> str | None:
    """The place the sentence puts the event in: the nearest 在X (or
    瑞士日内瓦) before the trigger in its stretch, else one in its clause
    after it, else one earlier in the sentence (a meeting on arrival),
    else the country after 在. A visit takes its destination city."""
    def locative(p):
        return frame.text[max(0, p.span[0] - 3):p.span[0]].endswith(LOCATIVE_BEFORE) or \
            any(c.span[1] == p.span[0] for c in frame.all_countries)
    since = min(frame.start, frame.clause_start)
    before = [p for p in frame.places if since <= p.span[0] < frame.trigger.start() and locative(p)]
    after = [p for p in frame.places if frame.trigger.end() <= p.span[0] < frame.comma_end]
    if frame.kind == "visit" and after and after[0].span[0] - frame.trigger.end() <= 3:
        return _with_venue(frame, after[0])
    chosen = before[-1] if before else next((p for p in after if locative(p)), None)
    if chosen is None and frame.kind == "talks":  # 抵达天津…，并于当天与习近平会晤: where he had arrived
        arrival = tuple(frame.gz.cues["arrival"])
        chosen = next((p for p in reversed(frame.places)
                       if p.span[0] < since and frame.text[:p.span[0]].endswith(arrival)), None)
    if chosen is None and frame.kind == "talks":
        return _country_as_place(frame, since)
    return _with_venue(frame, chosen) if chosen else None


def _country_as_place(frame: Frame, since: int) -> str | None:
    """日美首脑17日在加拿大举行会谈: no city, but the country it was in."""
    inside = [c for c in frame.all_countries if since <= c.span[0] < frame.trigger.start() and c.kind == "name"
              and frame.text[c.span[0] - 1:c.span[0]] == "在"]
    return frame.gz.country_name(inside[-1].code) if inside else None


def _with_venue(frame: Frame, place: PlaceMention) -> str:
    """A venue goes with its city (北京人民大会堂), whether the text wrote
    the city (在北京人民大会堂) or not (在人民大会堂); a visit is to the city."""
    venues = frame.gz.venues
    if place.name in venues:
        return venues[place.name] + ("" if frame.kind == "visit" else place.name)
    if frame.kind == "visit":
        return place.name
    venue = next((p for p in frame.places if p.span[0] == place.span[1] and venues.get(p.name) == place.name), None)
    return place.name + venue.name if venue else place.name


def trip_city(frame: Frame, value: DateValue, people: list[PersonMention], countries: list[str]) -> str | None:
    """莫迪5日抵达莫斯科。普京当天会见了他: a meeting of the traveller with his
    hosts, on a day of his trip, with no place of its own, was in the trip's city."""
    trip = frame.ctx.last_trip
    if frame.kind != "talks" or trip is None or not trip.actors or value.precision != "day":
        return None
    first = date.fromisoformat(trip.date) if trip.precision == "day" else None
    last = date.fromisoformat(trip.date_end) if trip.date_end else first and first + timedelta(days=TRIP_DAYS)
    if first is None or not first <= value.start <= last:
        return None
    if trip.actors[0].id not in {ref_id(p) for p in people} or trip.countries[-1] not in countries:
        return None
    frame.trail.append(f"no place in the sentence → the city of {trip.actors[0].name}'s trip, {trip.location}")
    return trip.location
