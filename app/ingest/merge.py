"""Mentions of one real-world event — in one article or in many — become one
event. Clustering is a pure function of the set of sources, sorted by their
content, so the same corpus gives the same events and ids whatever the order
it was ingested in."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.ingest.gazetteer import load

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def block_of(kind: str, day: str) -> str:
    """Events are rebuilt one block at a time: a type and a month (or year)."""
    return f"{kind}:{day[:7]}"


@dataclass
class Draft:
    """An event in the making: the sources that report it and what they say.
    Its participants are merged as sources join, and the party sets
    `accepts` compares are kept, not recomputed for every candidate."""
    sources: list = field(default_factory=list)

    def __post_init__(self):
        self._merged: dict[str, dict] = {}
        for source in self.sources:
            self._merge(source)

    def add(self, source) -> None:
        self.sources.append(source)
        self._merge(source)

    def _merge(self, source) -> None:
        """Union of participants: the first report that gives a title,
        country, role or English name gives it; every spelling is kept. A
        person the gazetteer lacks is the one of his country another report
        already named (拉米雷斯, Taiwan's 拉米瑞茲)."""
        ids = {actor["id"] for actor in source.actors}
        for actor in source.actors:
            entry = self._merged.get(actor["id"]) or self._same_unknown(actor, ids)
            if entry is None:
                entry = self._merged[actor["id"]] = {**actor, "names": [actor["name"]]}
                for key in _FILLED:
                    entry.setdefault(key, None)
            else:
                for key in _FILLED:
                    if not entry.get(key):
                        entry[key] = actor.get(key)
            for spelling in (actor["name"], actor.get("as_written")):
                if spelling and spelling not in entry["names"]:
                    entry["names"].append(spelling)
        self._actors = self._countries = self._parties = None

    def _same_unknown(self, actor: dict, ids: set[str]) -> dict | None:
        if actor.get("name_en") or not actor.get("country"):
            return None
        same = [e for e in self._merged.values() if party_key(e) == party_key(actor) and e["id"] not in ids]
        return same[0] if len(same) == 1 else None

    @property
    def first(self):
        return self.sources[0]

    @property
    def type(self) -> str:
        return self.sources[0].type

    @property
    def actors(self) -> list[dict]:
        if self._actors is None:
            self._actors = sorted(self._merged.values(), key=_participant_order)
        return self._actors

    @property
    def parties(self) -> tuple[set[str], set[str]]:
        """The actor ids and the country codes of all sources together."""
        if self._parties is None:
            self._parties = ({party_key(a) for a in self._merged.values()}, set(self.countries))
        return self._parties

    @property
    def countries(self) -> list[str]:
        if self._countries is None:
            codes = [a["country"] for a in self.actors if a.get("country")]
            codes += [c for s in self.sources for c in s.countries]
            self._countries = list(dict.fromkeys(codes))
        return self._countries

    @property
    def date(self) -> str:
        return self.first.date

    @property
    def precision(self) -> str:
        return self.first.date_precision

    @property
    def date_end(self) -> str | None:
        ends = [s.date_end for s in self.sources if s.date_end and s.date_precision == "day"]
        if self.type == "visit":  # 13日…来华进行国事访问的卢拉: the visit lasted to the 13th at least
            ends += [s.date for s in self.sources if s.date_precision == "day" and s.date > self.date]
        return max(ends) if ends and self.precision == "day" else None

    @property
    def status(self) -> str:
        return "held" if any(s.status == "held" for s in self.sources) else "planned"

    @property
    def location(self) -> str | None:
        """The place most reports give, counting 华府 and 华盛顿 as one; written
        as most of those reports write it."""
        same_place = load().same_place
        written = [s.location for s in self.sources if s.location]
        if not written:
            return None
        places = Counter(map(same_place, written))
        place = max(places, key=places.get)  # the first reported of those most reported
        spellings = Counter(w for w in written if same_place(w) == place)
        return max(spellings, key=lambda w: (spellings[w], w == place))

    @property
    def confidence(self) -> float:
        return round(min(0.99, max(s.confidence for s in self.sources) + 0.05 * (len(self.sources) - 1)), 2)

    def accepts(self, source, parties: tuple | None = None) -> bool:
        """`parties`: the source's own (`_source_parties`), when the caller has them."""
        return source.type == self.type and _dates_meet(self, source) \
            and _parties_agree(self, source, parties or _source_parties(source))


_FILLED = ("title", "country", "role", "name_en")


def _participant_order(actor: dict) -> tuple:
    """China's side first (the press this reads is Chinese), then by id."""
    return (actor.get("country") != "CN", actor["id"])


# A visit lasts days: reports of one visitor in one country within this many
# days of a report's first day are the same visit (抵达 on the 12th, 来华进行
# 国事访问的 on the 13th).
VISIT_DAYS = 6


def _span(source) -> tuple[str, str]:
    last = source.date_end or source.date
    if source.type == "visit":
        last = max(last, (date.fromisoformat(source.date) + timedelta(days=VISIT_DAYS)).isoformat())
    return source.date, last


def _dates_meet(draft: Draft, source) -> bool:
    """A source meets a draft when its dates meet one of the draft's; a
    visit's only its first report's (within VISIT_DAYS of it), so visits a
    few days apart do not chain into a month-long one."""
    for other in (draft.sources[:1] if draft.type == "visit" else draft.sources):
        a, b = other, source
        if a.date_precision != "day" or b.date_precision != "day":
            shorter = min(len(a.date), len(b.date))
            if a.date[:shorter] == b.date[:shorter]:
                return True
            continue
        lo_a, hi_a = _span(a)
        lo_b, hi_b = _span(b)
        if lo_a <= hi_b and lo_b <= hi_a:
            return True
    return False


def party_key(actor: dict) -> str:
    """A known person by id; one the gazetteer lacks by country, as outlets
    spell such names each their own way."""
    return actor["id"] if actor.get("name_en") or not actor.get("country") else f"?{actor['country']}"


def _source_parties(source) -> tuple[set[str], frozenset[str]]:
    return ({party_key(a) for a in source.actors},
            frozenset({a["country"] for a in source.actors if a.get("country")} | set(source.countries)))


def _parties_agree(draft: Draft, source, parties: tuple) -> bool:
    mine, my_codes = draft.parties
    theirs, their_codes = parties
    if mine and theirs:
        return (mine <= theirs or theirs <= mine) and (my_codes <= their_codes or their_codes <= my_codes)
    if my_codes != their_codes:
        return False
    if mine or theirs:
        # A report by country only joins one that names people when both
        # give the same day, or when its own date is vague (日前, 本周内);
        # two events of one month between the same countries stay apart.
        return _same_day(draft, source) or getattr(source, "imprecise", False) \
            or any(getattr(s, "imprecise", False) for s in draft.sources)
    return True


def _same_day(draft: Draft, source) -> bool:
    return source.date_precision == "day" and any(s.date_precision == "day" and s.date == source.date
                                                  for s in draft.sources)


def sort_key(source, article_name: str) -> tuple:
    return (_PRECISION_RANK.get(source.date_precision, 3), source.date, -len(source.actors),
            sorted(a["id"] for a in source.actors), sorted(source.countries), article_name, source.evidence)


def cluster(sources: list, article_names: dict[str, str]) -> list[Draft]:
    """First fit in a deterministic order: each source joins the first draft
    that accepts it. The candidates index finds the drafts that could —
    sharing a day and an actor or the same countries — so a block of
    thousands of events is not scanned for every source."""
    ordered = sorted(sources, key=lambda s: sort_key(s, article_names.get(s.article_id, "")))
    drafts: list[Draft] = []
    index = _Candidates()
    for source in ordered:
        parties, days = _source_parties(source), _days(source)
        position = next((i for i in index.lookup(days, parties) if drafts[i].accepts(source, parties)), None)
        if position is None:
            drafts.append(Draft([source]))
            position = len(drafts) - 1
        else:
            drafts[position].add(source)
        index.register(position, drafts[position], days)
    return drafts


_ANY_DAY, _VAGUE = "any", "vague"
_LONGEST_SPAN = 62  # days a span is indexed under; longer spans count as vague


class _Candidates:
    """Draft positions by (day, party): a superset of the drafts that can
    accept a source — `accepts` needs a day shared with one of the draft's
    sources (any day when either side is vague) and a shared actor or the
    same set of countries."""

    def __init__(self):
        self._by_key: dict[tuple, set[int]] = {}
        self._days: dict[int, set[str]] = {}

    def lookup(self, days: tuple[str, ...] | None, parties: tuple) -> list[int]:
        """`days` and `parties` of the source (`_days`, `_source_parties`)."""
        days = (_ANY_DAY,) if days is None else (*days, _VAGUE)
        found: set[int] = set()
        for party in _party_keys(*parties):
            for day in days:
                found |= self._by_key.get((day, party), set())
        return sorted(found)

    def register(self, position: int, draft: Draft, days: tuple[str, ...] | None) -> None:
        """`days`: those of the source that just joined the draft."""
        known = self._days.setdefault(position, set())
        known.update(days or (_VAGUE,))
        actors, codes = draft.parties
        for party in _party_keys(actors, frozenset(codes)):
            for day in (*known, _ANY_DAY):
                self._by_key.setdefault((day, party), set()).add(position)


def _days(source) -> tuple[str, ...] | None:
    """The days a dated source covers (for a visit, the weeks its span of
    VISIT_DAYS touches: fewer keys to index); None when it is dated by month
    or year."""
    if source.date_precision != "day":
        return None
    first_day, last_day = _span(source)
    if first_day == last_day:
        return (first_day,)
    first = date.fromisoformat(first_day)
    last = date.fromisoformat(last_day)
    if not 0 <= (last - first).days <= _LONGEST_SPAN:
        return None
    if source.type == "visit":
        return tuple(f"week {n}" for n in range(first.toordinal() // 7, last.toordinal() // 7 + 1))
    return tuple((first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1))


def _party_keys(actors: set[str], codes: frozenset[str]) -> list[tuple]:
    return [("actor", a) for a in actors] + [("codes", codes)]


def event_id(draft: Draft) -> str:
    """2022-01-10-call-wang-yi-sergey-lavrov; a side no named person stands
    for is its country code (2022-01-10-talks-ru-us, …-visit-sergey-lavrov-cn)."""
    actors = draft.actors
    parts = [a["id"] for a in actors[:4]]
    if len(actors) > 4:
        parts.append(f"and-{len(actors) - 4}-more")
    represented = {a.get("country") for a in actors}
    parts += [c.lower() for c in sorted(draft.countries) if c not in represented]
    return "-".join([draft.date, draft.type, *parts])[:120]


def assign_ids(drafts: list[Draft]) -> list[tuple[str, Draft]]:
    """Ids in the block's deterministic order; a repeated id gets -2, -3."""
    used: Counter = Counter()
    out = []
    for draft in drafts:
        base = event_id(draft)
        used[base] += 1
        out.append((base if used[base] == 1 else f"{base}-{used[base]}", draft))
    return out
