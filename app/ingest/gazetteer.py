"""The data the extractor knows the world by: people, countries, places,
office titles and cue words, loaded from the YAML files in app/data."""
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from app.ingest.patterns import skipping, words_pattern

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Office:
    title: str
    office: str
    start: date | None
    end: date | None

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    en: str
    country: str
    aliases: tuple[str, ...]
    offices: tuple[Office, ...] = ()
    traditional: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Simplified spellings, the ones text is matched in."""
        return (self.name, *[a for a in self.aliases if a != self.name])

    @property
    def all_spellings(self) -> tuple[str, ...]:
        return (*self.spellings, *self.traditional)


@dataclass
class Gazetteer:
    people: dict[str, Person]
    countries: dict[str, dict]
    places: dict[str, str]
    titles: dict[str, str]
    cues: dict
    by_alias: dict[str, Person] = field(default_factory=dict)

    def __post_init__(self):
        for person in self.people.values():
            for spelling in person.spellings:
                self.by_alias.setdefault(spelling, person)
        self._cue_patterns: dict[tuple[str, str], re.Pattern] = {}

    def cue(self, name: str, where: str = "in") -> re.Pattern:
        """One compiled pattern for a list of cue words, instead of a loop
        over the words for every sentence. where="in": `.search(text)` finds
        any word in the text; "start": `.match(text, pos)` one at `pos`;
        "end": `.search(text)` one that ends the text."""
        key = (name, where)
        if key not in self._cue_patterns:
            words = words_pattern(self.cues[name]) or "(?!)"
            self._cue_patterns[key] = re.compile(f"(?:{words})\\Z" if where == "end" else words)
        return self._cue_patterns[key]

    @cached_property
    def country_words(self) -> dict[str, str]:
        """Full names and side words (中方) → code."""
        words = {}
        for code, entry in self.countries.items():
            for word in [*entry.get("names", []), *entry.get("side", [])]:
                words.setdefault(word, code)
        return words

    @cached_property
    def short_names(self) -> dict[str, str]:
        return {s: code for code, e in self.countries.items() for s in e.get("short", [])}

    @cached_property
    def shared_words(self) -> dict[str, tuple[str, ...]]:
        """Side words and one-character forms that several countries use
        (巴方: Brazil, Palestine, Pakistan; 中巴), with every country each may mean."""
        codes: dict[str, list[str]] = {}
        for code, entry in self.countries.items():
            for word in [*entry.get("side", []), *entry.get("short", []), *entry.get("short_shared", [])]:
                codes.setdefault(word, []).append(code)
        return {word: tuple(found) for word, found in codes.items() if len(found) > 1}

    def is_organisation(self, code: str) -> bool:
        return bool(self.countries.get(code, {}).get("org"))

    def country_name(self, code: str) -> str:
        entry = self.countries.get(code, {})
        return (entry.get("names") or [code])[0]

    def country_en(self, code: str) -> str:
        return self.countries.get(code, {}).get("en", code)

    def country_in(self, code: str, lang: str) -> str:
        """The country's name in a page language (zh or en); the code when unknown."""
        return self.country_name(code) if lang == "zh" else self.country_en(code)

    def holder(self, country: str, office: str, on: date) -> Person | None:
        """Who held `office` for `country` on a day (中俄两国外长 → 王毅, 拉夫罗夫);
        a leader (领导人, 首脑) is the office countries.yaml names for it."""
        if office in self.title_words["plural_offices"]:
            return None
        if office == "leader":
            office = self.countries.get(country, {}).get("leader", "head_of_state")
        holders = [p for p in self.people.values() if p.country == country
                   and any(o.office == office and o.held_on(on) for o in p.offices)]
        return holders[0] if len(holders) == 1 else None

    def search(self, query: str) -> list[Person]:
        """People whose any spelling, English name or id matches the query."""
        q = " ".join(query.strip().lower().split())
        return [p for p in self.people.values()
                if q in (p.id, p.en.lower()) or query.strip() in p.all_spellings
                or (len(q) >= 3 and q in re.split(r"[\s\-.]+", p.en.lower()))]

    @cached_property
    def name_chars(self) -> dict[str, str]:
        names = load_data("names.yaml")
        return {key: "".join(names[key].split()) for key in ("surnames", "translit", "before_alias", "function_translit",
                                                                   "given_name_only")}

    @cached_property
    def japanese_surnames(self) -> tuple[str, ...]:
        """Longest first, so that 佐佐木 is tried before any shorter surname."""
        return tuple(sorted(load_data("names.yaml")["japanese_surnames"].split(), key=len, reverse=True))

    @cached_property
    def japanese_surname_regex(self) -> re.Pattern:
        """The longest Japanese surname a name starts with (佐佐木 before 佐)."""
        return re.compile("|".join(map(re.escape, self.japanese_surnames)))

    @cached_property
    def person_regex(self) -> re.Pattern:
        return _alternation(self.by_alias)

    @cached_property
    def country_regex(self) -> re.Pattern:
        """Country words, and the longer words that merely contain one
        (印度洋); a match of those is no country (`country_words` has none)."""
        return _alternation([*self.country_words, *self.cues["not_countries"]])

    @cached_property
    def place_regex(self) -> re.Pattern:
        return _alternation(self.places)

    @cached_property
    def pair_regex(self) -> re.Pattern:
        """A run of one-character country abbreviations (中俄, 中日韩) before a
        word that makes them parties (两国, 外长, 会谈 …) or a place."""
        shorts = "".join(re.escape(s) for s in self.short_names)
        follow = words_pattern([*self.cues["pair_nouns"], *self.places])
        return re.compile(rf"([{shorts}]{{2,4}})(?={follow})")

    @cached_property
    def title_regex(self) -> re.Pattern:
        """A title, or several joined by 兼 (王储兼首相), and the suffix of a
        longer office after it (总统外交顾问, 部长助理, 总统特使)."""
        one = words_pattern(self.titles)
        suffix = words_pattern(self.title_suffixes)
        return re.compile(f"(?:{one})(?:兼(?:{one}))*(?:(?:{suffix})(?!长))?")

    @cached_property
    def title_suffixes(self) -> dict[str, str]:
        """助理, 外交顾问, 发言人 …: after a title, the office they make of it."""
        return {s["word"]: s["office"] for s in self.title_words.get("suffixes", [])}

    @cached_property
    def title_gap_regex(self) -> re.Pattern:
        """What may stand between a country and its title, up to the title:
        an embassy word (驻华), organs, portfolios and qualifiers (联邦众议院,
        经济, 过渡, 前), an abbreviation in brackets (美国在台协会（AIT）主席), then
        两国 or 的."""
        words = words_pattern([*self.title_words["organs"], *self.title_words["modifiers"],
                               *self.title_words["portfolios"]])
        return re.compile(rf"(?:驻[\u4e00-\u9fff]{{1,6}}?)?(?:{words})*(?:[（(][A-Za-z]{{2,8}}[）)])?"
                          rf"(?:两国|三国|双方|各国|的)?$")

    def office_of(self, title: str) -> str | None:
        if title not in self.titles:  # 总统外交顾问: the suffix's office
            suffix = next((s for s in sorted(self.title_suffixes, key=len, reverse=True)
                           if title.endswith(s) and title[:-len(s)] in self.titles), None)
            if suffix is not None:
                return self.title_suffixes[suffix]
        for part in title.split("兼"):
            if part in self.titles:
                return self.titles[part]
        return self.titles.get(title)

    @cached_property
    def home_press(self) -> dict[str, dict]:
        """cues.yaml's home_press as one pattern per list, each word also in
        traditional script, so an article is read once and as written."""
        import opencc

        converters = [opencc.OpenCC(f"{name}.json") for name in ("s2t", "s2tw", "s2hk")]
        def pattern(words: list[str]) -> re.Pattern:
            spellings = dict.fromkeys([*words, *(c.convert(w) for w in words for c in converters)])
            return re.compile(words_pattern(spellings) or "(?!)")  # no words: matches nothing

        return {code: {"domains": press["domains"], "strong": pattern(press["strong"]),
                       "markers": pattern(press["markers"]), "unless": pattern(press["unless"])}
                for code, press in self.cues["home_press"].items()}

    @cached_property
    def place_aliases(self) -> dict[str, str]:
        """华府 → 华盛顿: another name of one place and the name it is counted under."""
        return load_data("place_aliases.yaml")

    def same_place(self, location: str) -> str:
        """The name a location is counted under: 莫斯科克宫 → 莫斯科克里姆林宫."""
        for alias, name in self.place_aliases.items():
            if alias in location and name not in location:
                location = location.replace(alias, name)
        return location

    def place_spellings(self, word: str) -> list[str]:
        """华盛顿 → [华盛顿, 华府]: the names one place is written under;
        an English name (Geneva) gives the Chinese ones."""
        word = self.places_en.get(" ".join(word.lower().split()), word)
        name = self.place_aliases.get(word, word)
        return [name, *[alias for alias, same in self.place_aliases.items() if same == name]]

    @cached_property
    def places_en(self) -> dict[str, str]:
        return {str(english): chinese for english, chinese in load_data("places_en.yaml").items()}

    @cached_property
    def titles_en(self) -> dict[str, str]:
        return load_data("titles_en.yaml")

    def place_en(self, place: str) -> str | None:
        """日内瓦 → Geneva: the first English name listed for a place."""
        place = self.place_aliases.get(place, place)
        english = next((english for english, chinese in self.places_en.items() if chinese == place), None)
        return re.sub(r"(^|[\s-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), english) if english else None

    @cached_property
    def venues(self) -> dict[str, str]:
        """Venue → the city it stands in (人民大会堂 → 北京)."""
        return load_data("venues.yaml")

    @cached_property
    def title_words(self) -> dict:
        return load_data("titles.yaml")

    def by_short_name(self, short: str, title: str) -> Person | None:
        """The one person whose name starts with `short` and who held the
        office `title` names (石破首相, 尹总统: surname and title, as the
        Japanese and Korean press write); None when not exactly one."""
        found = self._short_names.get((short, self.office_of(title)), ())
        return next(iter(found)) if len(found) == 1 else None

    @cached_property
    def _short_names(self) -> dict[tuple[str, str], set]:
        index: dict[tuple[str, str], set] = {}
        for person in self.people.values():
            for spelling in person.spellings:
                for length in (1, 2):
                    if len(spelling) > length:
                        for office in {o.office for o in person.offices}:
                            index.setdefault((spelling[:length], office), set()).add(person)
        return index

    def by_partial_name(self, name: str, country: str | None) -> Person | None:
        """The one person of a country whose full name a short form names
        (穆罕默德 for 穆罕默德·本·萨勒曼); None when it is not one person."""
        if len(name) < 2:
            return None
        found = {p.id: p for p in self.people.values() if p.country == country and any(
            name in re.split(r"[·・\-]", spelling) or spelling.startswith(name + "·") for spelling in p.spellings)}
        return next(iter(found.values())) if len(found) == 1 else None

    @cached_property
    def trigger_regex(self) -> re.Pattern:
        words = {w: t for t, ws in self.cues["triggers"].items() for w in ws}
        return _alternation({**words, **{w: "talks" for w in self.nickname_pairs}})

    @cached_property
    def nickname_pairs(self) -> dict[str, tuple[Person, Person]]:
        """川金会 → (特朗普, 金正恩): every pair of leaders' nickname characters
        before 会, but a pair that spells a name itself (川普会见 is Trump)."""
        table = {char: self.people[pid] for char, pid in self.cues["pair_nicknames"].items()}
        return {a + b + "会": (table[a], table[b]) for a in table for b in table
                if table[a].id != table[b].id and a + b not in self.by_alias}

    @cached_property
    def nickname_regex(self) -> re.Pattern:
        return _alternation(self.nickname_pairs)

    def trigger_type(self, word: str) -> str:
        return self.trigger_types[word]

    @cached_property
    def trigger_types(self) -> dict[str, str]:
        """Trigger word → the first event type listing it; the nickname
        pairs (川金会) are talks. Looked up for every frame."""
        types = {word: "talks" for word in self.nickname_pairs}
        for kind, words in self.cues["triggers"].items():
            for word in words:
                types.setdefault(word, kind)
        return types

    @cached_property
    def speech_venue_regex(self) -> re.Pattern:
        """在例行记者会上, 在接受采访时: where a speech was made, between its
        date and its verb. No 同/与 inside, so no meeting is taken for one."""
        venues = words_pattern(self.cues["speech_venues"])
        return re.compile(rf"在[^，,。；;同与和跟]{{0,10}}?(?:{venues})[^，,。；;]{{0,3}}?(?:上|时|中)")

    @cached_property
    def name_stop_regex(self) -> re.Pattern:
        """Where a name written after a title ends: a title word or a cue
        word (秦刚大使, 佐科·维多多定于)."""
        return skipping(f"(?:{self.title_regex.pattern})|(?:{words_pattern(self.cues['name_ends_before'])})")

    @cached_property
    def destination_joiner_regex(self) -> re.Pattern:
        """What stands between two destinations of one trip: 、, 和, 以及,
        after the rest of a formal name the gazetteer read short
        (吐瓦鲁国以及帛琉, 坦桑尼亚联合共和国、南非)."""
        tails, joiners = words_pattern(self.cues["formal_name_tails"]), words_pattern(self.cues["destination_joiners"])
        return re.compile(f"(?:{tails})?(?:{joiners})")

    @cached_property
    def destination_qualifier_regex(self) -> re.Pattern:
        """访问了我国太平洋友邦马绍尔群岛: the words before a destination that
        only describe it, any number of them."""
        return re.compile(f"(?:{words_pattern(self.cues['destination_qualifiers'])})*")

    @cached_property
    def office_anchor_regex(self) -> re.Pattern:
        """What follows a date that dates taking office or a stretch of time,
        not the event of its sentence (七月就任后, 今年初上任以来)."""
        return re.compile(f"[^，,。；;]{{0,12}}?(?:{words_pattern(self.cues['office_anchors'])})")

    @cached_property
    def pair_reference_regex(self) -> re.Pattern:
        return re.compile(words_pattern(self.cues["pair_references"]))

    @cached_property
    def list_header_regex(self) -> re.Pattern:
        return re.compile(self.cues["list_header_pattern"])

    @cached_property
    def aggregate_regex(self) -> re.Pattern:
        return skipping(self.cues["aggregate_pattern"])


def _alternation(words) -> re.Pattern:
    """A list of words (names, places, trigger words) as one pattern. Plain:
    re skips the positions no word starts at by itself here, a little faster
    than patterns.skipping's lookahead, which grammars need."""
    return re.compile(words_pattern(words))


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_data(name: str):
    """A data file, read with libyaml when PyYAML has it: the same safe
    rules, and the gazetteer loads in 0.07 s instead of 0.4 s — in the
    command and in every worker."""
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.load(f, Loader=_YAML_LOADER)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    people = {}
    for row in load_data("people.yaml"):
        offices = tuple(Office(o["title"], o["office"], _as_date(o.get("from")), _as_date(o.get("to")))
                        for o in row.get("offices", []))
        people[row["id"]] = Person(row["id"], row["name"], row["en"], row["country"],
                                   tuple(row.get("aliases", [])), offices, tuple(row.get("traditional", [])))
    places = {place: code for code, names in load_data("places.yaml").items() for place in names}
    titles = {t["word"]: t["office"] for t in load_data("titles.yaml")["titles"]}
    return Gazetteer(people=people, countries=load_data("countries.yaml"), places=places,
                     titles=titles, cues=load_data("cues.yaml"))
