"""A filtered view's name, for its heading, its <title> and its link
preview: "Calls of Vladimir Putin, 2022" / "普京 2022年的通话" — a shared
link says what it shows."""
from sqlmodel import Session, select

from app.ingest.gazetteer import load
from app.models import Actor
from app.queries import EventFilter, actor_ids_for
from app.web.render import cn_date

TYPES = {"call": ("通话", "Calls"), "talks": ("会谈", "Talks"), "visit": ("访问", "Visits")}


def view_title(session: Session, f: EventFilter, given: dict[str, str], lang: str) -> str | None:
    """None for the whole timeline. `given` are the raw from/to values (a
    month stays a month)."""
    if f.is_empty():
        return None
    zh = lang == "zh"
    people = person_labels(session, f.actor, zh)
    countries = [load().country_in(c, lang) for c in f.country]
    joiner = ("或" if f.match == "any" else "、") if zh else (" or " if f.match == "any" else " and ")
    kinds = [TYPES[t][0 if zh else 1] for t in f.type] or ["事件" if zh else "Events"]
    when = _span(given.get("from"), given.get("to"), zh)
    planned = f.status == ["planned"]
    if zh:
        who = " ".join(filter(None, [joiner.join(people), ("涉及" + joiner.join(countries)) if countries else "", when]))
        text = (who + "的" if who else "") + ("计划中的" if planned else "") + "和".join(kinds)
        return text + (f"（含“{f.q}”）" if f.q else "")
    listed = " and ".join(kinds).capitalize()  # Talks and visits
    text = "Planned " + listed.lower() if planned else listed
    text += (" of " + joiner.join(people)) if people else ""
    text += (" involving " + joiner.join(countries)) if countries else ""
    text += (", " + when) if when else ""
    return text + (f' matching "{f.q}"' if f.q else "")


def person_labels(session: Session, names: list[str], zh: bool) -> list[str]:
    """Each name given to the filter as the people it means, in the page's
    language (普京 / Vladimir Putin); a name that means nobody as written."""
    shown = []
    for name in names:
        ids = actor_ids_for(session, name)
        actors = session.exec(select(Actor).where(Actor.id.in_(ids))).all() if ids else []
        shown.append(" / ".join(a.name if zh else (a.name_en or a.name) for a in actors) or name)
    return shown


def _span(start: str | None, end: str | None, zh: bool) -> str:
    """The dates as given (a month stays a month), in the page's language."""
    start, end = (start or "").strip(), (end or "").strip()
    shown = cn_date if zh else str
    if start and start == end:
        return shown(start)
    if start and end:
        return f"{shown(start)}–{shown(end)}" if zh else f"{start} – {end}"
    if start:
        return f"{shown(start)}起" if zh else f"from {start}"
    if end:
        return f"至{shown(end)}" if zh else f"until {end}"
    return ""
