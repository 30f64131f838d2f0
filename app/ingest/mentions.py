"""The last stage of the reader: mentions — one report of one event, with
its date, parties, place, status, evidence, confidence and the trail of how
each was decided (app/ingest/extract.py runs the stages). The same event
reported twice gives two mentions; merge.py joins them."""
import re
from dataclasses import dataclass, field
from datetime import date

from pypinyin import lazy_pinyin

from app.ingest.entities import PersonMention
from app.ingest.gazetteer import load


# How long after an event a sentence without a date of its own may still retell it.
RETELLING_DAYS = 31


@dataclass
class ActorRef:
    id: str
    name: str
    as_written: str
    country: str | None
    title: str | None = None
    name_en: str | None = None
    known: bool = False
    role: str | None = None  # visitor / host


@dataclass
class Mention:
    type: str
    status: str
    date: str
    date_end: str | None
    precision: str
    location: str | None
    actors: list[ActorRef]
    countries: list[str]
    evidence: str
    date_text: str | None
    confidence: float
    trail: list[str] = field(default_factory=list)
    imprecise: bool = False
    story_dated: bool = False  # no date of its own: dated by the story it is told in
    ends_by: date | None = None  # a trip told as finished by this day, waiting for the trip's span
    position: int = 0
    article: str = ""

    @property
    def start(self) -> str:
        return self.date if len(self.date) == 10 else (self.date + "-01" if len(self.date) == 7 else self.date + "-01-01")


def without_retellings(mentions: list[Mention]) -> list[Mention]:
    """An undated sentence dated by its story (rule "story") that retells an
    event the article reports with a date of its own — same type, the same
    people or countries — is that event, not another one."""
    def parties(m: Mention) -> frozenset:
        return frozenset(a.id for a in m.actors) or frozenset(m.countries)
    dated = [m for m in mentions if not m.story_dated]
    kept = [m for m in mentions if not m.story_dated or not any(
        d.type == m.type and _near(d, m) and
        (parties(m) <= parties(d) or set(m.countries) <= set(d.countries) and not m.actors)
        for d in dated)]
    for position, mention in enumerate(kept):
        mention.position = position
    return kept


def _near(dated: Mention, retold: Mention) -> bool:
    """A retelling is of an event of the story's days, not of one the
    article recalls from months before (两人上一次会面是在去年10月)."""
    story, told = date.fromisoformat(retold.start), date.fromisoformat(dated.start)
    return (story - told).days <= RETELLING_DAYS


def same_report(a: Mention, b: Mention) -> bool:
    """抵达印度，对印度进行正式访问: two triggers of one sentence, one visit."""
    return (a.type, a.date, a.date_end, a.countries, [x.id for x in a.actors]) == \
        (b.type, b.date, b.date_end, b.countries, [x.id for x in b.actors])


def ref_id(person: PersonMention) -> str:
    return person.person.id if person.person is not None else slug_for(person.name)


def actor_ref(person: PersonMention, original: str, text: str) -> ActorRef:
    """The actor as stored; `as_written` is the spelling of the original
    script, which normalization kept at the same offsets (a person carried
    from another sentence brings the spelling of that one)."""
    written = person.written or (original[person.span[0]:person.span[1]] if len(original) == len(text) else person.name)
    if person.person is not None:
        p = person.person
        return ActorRef(id=p.id, name=p.name, as_written=p.name if person.from_role else written,
                        country=p.country, title=person.title, name_en=p.en, known=True)
    return ActorRef(id=slug_for(person.name), name=person.name, as_written=written,
                    country=person.country, title=person.title)


def slug_for(name: str) -> str:
    """A romanized id for a name the gazetteer cannot put in English: a
    Chinese (or Korean) name as surname-given, a transliterated foreign
    name as one word per part (安德烈·克林 → andelie-kelin)."""
    parts = [p for p in re.split(r"[·・\-]", name) if p]
    chars = load().name_chars
    words = []
    for part in parts:
        syllables = [s for s in lazy_pinyin(part) if re.fullmatch(r"[a-z]+", s)]
        if not syllables:
            continue
        foreign = len(parts) > 1 or all(ch in chars["translit"] for ch in part) or len(syllables) > 3
        words.append("".join(syllables) if foreign else f"{syllables[0]}-{''.join(syllables[1:])}".rstrip("-"))
    return "-".join(words) or "unknown"


def unique(items: list, key=None) -> list:
    """Items in their first order, each key (the item itself by default)
    once, falsy items dropped."""
    seen, out = set(), []
    for item in items:
        if not item:
            continue
        identity = item if key is None else key(item)
        if identity not in seen:
            seen.add(identity)
            out.append(item)
    return out
