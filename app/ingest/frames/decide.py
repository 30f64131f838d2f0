"""A frame decided into mentions, in order: is it an event (modality),
when (when), who with whom or who to where (meetings, visits), where
(place), held or planned — then one Mention per group of parties, with its
evidence, confidence and trail."""
from app.ingest.dates import DateValue
from app.ingest.discourse import carried
from app.ingest.entities import PersonMention
from app.ingest.frames import meetings, modality, place, visits, when
from app.ingest.frames.frame import Frame
from app.ingest.frames.when import TRIP_ENDS_BY
from app.ingest.mentions import ActorRef, Mention, actor_ref, unique

def mentions(frame: Frame) -> list[Mention]:
    before = frame.text[frame.start:frame.trigger.start()]
    sides = frame.sides()
    if len({code for _, code in sides}) >= 2:
        frame.ctx.topic[frame.kind] = frame.ctx.story_topic[frame.kind] = sorted({code for _, code in sides})
    if modality.negated(frame, before) or modality.aggregate(frame) or modality.attended_gathering(frame, sides):
        return []
    value, date_text, confidence = when.date_of(frame)
    if value is None or modality.habitual(frame, value):
        return []
    paired = when.dates_each_its_own(frame)
    if paired:
        return [m for day in paired for m in _mentions_on(frame, day, day.text, 0.9, sides)]
    return _mentions_on(frame, value, date_text, confidence, sides)


def _mentions_on(frame: Frame, value: DateValue, date_text: str | None, confidence: float, sides) -> list[Mention]:
    before = frame.text[frame.start:frame.trigger.start()]
    status = "planned" if modality.planned(frame, before, value) else "held"
    location = place.location(frame)
    if frame.kind == "visit":
        groups = visits.groups(frame, value)
    else:
        groups = meetings.groups(frame, value, sides)
    for people, _ in groups:
        if len({p.country for p in people}) >= 2:
            frame.ctx.pair = ([carried(p, frame.original, frame.text) for p in people], frame.ctx.anchor.paragraph)
    return [_mention(frame, actors, countries, value, date_text, confidence, status,
                     place.in_host(frame, location, countries) if frame.kind == "visit" else
                     location or place.trip_city(frame, value, actors, countries))
            for actors, countries in groups]


def _mention(frame: Frame, people, codes, value, date_text, confidence, status, location) -> Mention:
    actors = [_actor(frame, p) for p in unique(people, key=lambda p: p.key)]
    if frame.kind == "visit" and actors:
        actors[0].role = "visitor"
    countries = unique([a.country for a in actors if a.country] + list(codes))
    if not actors:
        confidence -= 0.15
    if frame.ctx.year_guessed:
        confidence -= 0.2
    trail = [value.trail()] if value.rule != "dateline" else [
        f"no date in the sentence → the dateline's {value.start.isoformat()}"]
    trail.append(f"「{frame.trigger.group(0)}」 → {frame.kind}" + ("" if status == "held" else ", planned"))
    # a month-precision date's last day (3月下旬, 下半年) stays in the trail: merging reads day spans only
    return Mention(type=frame.kind, status=status, date=value.iso,
                   date_end=value.end.isoformat() if value.end and value.precision == "day" else None,
                   precision=value.precision,
                   location=location, actors=actors, countries=countries, evidence=frame.original,
                   date_text=date_text, confidence=round(max(0.05, confidence), 2),
                   trail=trail + frame.trail, imprecise=value.imprecise, story_dated=value.rule == "story",
                   ends_by=value.start if value.rule == TRIP_ENDS_BY else None)


def _actor(frame: Frame, person: PersonMention) -> ActorRef:
    return actor_ref(person, frame.original, frame.text)
