"""How the names in a filter were read, so the page can say it: `Xi` read as
习近平 Xi Jinping (the field's first suggestion), or no person called `Xy`
— did you mean … — instead of an unexplained "no events"."""
from dataclasses import dataclass, field
from difflib import get_close_matches

from sqlmodel import Session, select

from app.ingest.gazetteer import load
from app.models import Actor
from app.queries import EventFilter, actors_named, people_starting_with


@dataclass
class Reading:
    param: str  # actor or country
    given: str
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (value, label) when not read as written
    unknown: bool = False
    did_you_mean: list[tuple[str, str]] = field(default_factory=list)  # (value for the URL, label)


def readings(session: Session, f: EventFilter) -> list[Reading]:
    """A note for each name not found as written; none for the others."""
    notes = [_person(session, name) for name in f.actor] + [_country(code) for code in f.country]
    return [note for note in notes if note is not None]


def _person(session: Session, name: str) -> Reading | None:
    if actors_named(session, name):
        return None
    suggested = people_starting_with(session, name, 1)  # what actor_ids_for falls back to
    if suggested:
        return Reading("actor", name, read_as=[(a.id, _label(a)) for a in suggested])
    return Reading("actor", name, unknown=True, did_you_mean=_people_like(session, name))


def _people_like(session: Session, name: str, size: int = 3) -> list[tuple[str, str]]:
    """Spellings close to a name nobody has: a typo (Xi Jinpng, 习近萍)."""
    actors = session.exec(select(Actor)).all()
    by_spelling = {a.name: a for a in actors} | {a.name_en: a for a in actors if a.name_en}
    close = get_close_matches(name.strip(), list(by_spelling), n=size * 2, cutoff=0.6)
    found = list({by_spelling[spelling].id: by_spelling[spelling] for spelling in close}.values())[:size]
    return [(a.name_en or a.name, _label(a)) for a in found]


def _label(actor: Actor) -> str:
    return actor.name + (f" {actor.name_en}" if actor.name_en else "")


def _country(code: str) -> Reading | None:
    gz = load()
    if code in gz.countries:
        return None
    names = {code: code for code in gz.countries}
    names |= {entry["en"]: code for code, entry in gz.countries.items() if entry.get("en")}
    names |= {word: code for word, code in gz.country_words.items()}
    close = get_close_matches(code if len(code) <= 3 else code.title(), list(names), n=6, cutoff=0.6)
    codes = list(dict.fromkeys(names[c] for c in close))[:3]
    return Reading("country", code, unknown=True,
                   did_you_mean=[(c, f"{gz.country_name(c)} {gz.countries[c].get('en', '')} ({c})") for c in codes])
