"""The relevance gate: an article the reader cannot possibly build an event
from is recognised by one scan of its text and stored without the reader
running — most of a news stream is economy, sports, weather and society.

The gate passes over only what the reader's own rules exclude: a false
"relevant" costs time, a false "irrelevant" would lose events. What every
event needs, read from the reader (extract.py, frames/):

- a trigger word in a sentence (`Gazetteer.trigger_regex`), or a list
  header (他打了4个电话…) whose items are events: nothing else starts one;
- two sides (meetings.groups, visits.groups, extract._list_items): a call
  or a talk joins two people or two countries; a visit takes a traveller —
  a person, or a country named before the trigger — to a host other than
  his own; a list item joins two people. People come only from the
  gazetteer's names, its pair nicknames (川金会) and its titles — a title
  with a name after it (外长王毅), a known person's short name before it
  (王外长) or a country (俄外长, 美国国务卿), not 发言人表示 (_TitleNames);
  those a story carries from sentence to sentence (他, 两人, 潘尼亚 named
  again) were named so first. Countries come only from its country words
  and pair compounds (中俄, 美日韩).

So an article is passed over when it has no trigger; or no person and no
country at all; or no person, countries that are all one and the same,
and no visit trigger (one country alone can neither call nor meet, and is
no traveller without a host elsewhere).

The words are the reader's own, from app/data (cues.yaml's triggers and
list header, the gazetteer's countries, people, titles, places, short
names and pair nouns), looked for in either script (see _Spellings), in
one Aho–Corasick pass that reports every word, overlapping ones too
(美国务卿: 美国 and 国务卿). A few words count only where the reader
takes them: 到 before a country or city (extract._bare_visit), 出席/参加
right after or before one (visits.attended_abroad), a run of short names
before a pair noun or a city (Gazetteer.pair_regex)."""
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs

from app.ingest.document import repaired
from app.ingest.gazetteer import Gazetteer, load
from app.ingest.normalize import normalize
from app.ingest.read import RawArticle

# Code points normalize() may change: the CJK blocks (and their
# compatibility forms) and the full-width forms.
_CONVERTIBLE = ((0x3000, 0x3000), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF01, 0xFF5E),
                (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF), (0x2F800, 0x2FA1F), (0x30000, 0x323AF))
_MOST_SPELLINGS = 256  # of one word; a longer one is looked for by its start

# What a word of the scan means.
TRIGGER, LIST_HEADER, PERSON, TITLE, COUNTRY, SHORT_RUN = \
    "trigger", "list header", "person", "title", "country", "short run"
# Triggers that count only where the reader takes them.
BARE, ATTENDING = "before a destination", "beside a destination"
# How far before 出席/参加 the place the reader looks for may start (visits._ATTENDED_AT: 1 to 10 characters).
_ATTENDED_AT = 10
# How far before a title the reader looks for its country (entities._title_countries: the
# 16 characters before it may be words of the office, 驻华, 两国; the country ends right before them).
_TITLE_GAP = 16
# How far after a title a name with a dot may still run (entities._read_name: 14 characters).
_NAME_LENGTH = 14
_TONED = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]")  # in every pinyin gloss document.repaired removes


@dataclass
class Evidence:
    """What the scan found that an event could be built from."""
    triggers: list[str] = field(default_factory=list)  # the kinds (call, talks, visit) of the triggers that count
    people: list[str] = field(default_factory=list)  # names and pair nicknames, and titles that name someone, as written
    titles: list[tuple[int, int]] = field(default_factory=list)  # where the titles are, until they are judged
    countries: set[str] = field(default_factory=set)  # every code the country words may mean
    pairs: list[str] = field(default_factory=list)  # pair compounds as written (中俄 before 两国)

    @property
    def two_sides(self) -> bool:
        """Two people or two countries: enough for any kind of event."""
        return bool(self.people or self.pairs or len(self.countries) >= 2)

    @property
    def settled(self) -> bool:
        """Relevant whatever the rest of the text holds."""
        return bool(self.triggers) and self.two_sides


class Gate:
    """The reader's words in one automaton, and the places a few must stand."""

    def __init__(self, gz: Gazetteer):
        words = _vocabulary(gz)
        self.spell = _Spellings()
        spelled = self._spelled(words)
        self.meanings = list(spelled.values())
        self.automaton = ahocorasick_rs.AhoCorasick(list(spelled), implementation=ahocorasick_rs.Implementation.DFA)
        places = [*gz.cues["not_countries"], *gz.places]  # what country_regex and place_regex match besides countries
        self.destinations = _ByLength(self.spell, [*gz.country_words, *places])
        self.countries_after = _ByLength(self.spell, [*gz.country_words, *gz.cues["not_countries"]])
        self.pair_follow = _ByLength(self.spell, [*gz.cues["pair_nouns"], *gz.places])
        self.names = _TitleNames(gz, self.spell)

    def _spelled(self, words: dict[str, set]) -> dict[str, tuple]:
        spelled: dict[str, set] = {}
        for word, meanings in words.items():
            for spelling in self.spell.all(word):
                spelled.setdefault(spelling, set()).update(meanings)
        return {spelling: tuple(meanings) for spelling, meanings in spelled.items()}

    def relevant(self, text: str) -> bool:
        """Whether the reader could build an event from this text."""
        return self.judged(text, enough=True)[1]

    def evidence(self, text: str) -> Evidence:
        """All the text holds that counts, as the reader would take it."""
        return self.judged(text)[0]

    def judged(self, text: str, enough: bool = False) -> tuple[Evidence, bool]:
        """The evidence — with `enough`, only until it settles whether the
        article is relevant — and whether it is."""
        text = as_read(text)
        found = Evidence()
        for index, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            for kind, value in self.meanings[index]:
                if self._note(found, text, start, end, kind, value) and enough and found.settled:
                    return found, True
        if enough and not found.triggers:
            return found, False  # whoever the titles name
        named = (text[start:end] for start, end in found.titles if self.names.may_name(text, start, end, found))
        found.people += itertools.islice(named, 1) if enough else named
        return found, self._relevant(found)

    @staticmethod
    def _relevant(found: Evidence) -> bool:
        """No trigger: nothing to build. Two sides: anything may be built.
        One country and no one else: only a visit, by a traveller of that
        country to a host elsewhere."""
        if not found.triggers:
            return False
        return found.two_sides or bool(found.countries) and "visit" in found.triggers

    def _note(self, found: Evidence, text: str, start: int, end: int, kind: str, value) -> bool:
        """Take a word found into the evidence; whether it counted."""
        if kind == TRIGGER:
            trigger_kind, where = value
            if not self._counts_as_trigger(text, start, end, where):
                return False
            found.triggers.append(trigger_kind)
        elif kind == LIST_HEADER:
            found.triggers.append(value)
        elif kind == PERSON:
            found.people.append(text[start:end])
        elif kind == TITLE:
            found.titles.append((start, end))
            return False  # judged at the end, when it is known whether the article names a country
        elif kind == COUNTRY:
            found.countries.update(value)
        elif kind == SHORT_RUN and self.pair_follow.starts(text, end):
            found.pairs.append(text[start:end])
        else:
            return False
        return True

    def _counts_as_trigger(self, text: str, start: int, end: int, where: str | None) -> bool:
        """到 only before a country or city; 出席/参加 only with one right
        before it or a country right after (the reader's own tests are
        stricter; these only say where it cannot take them)."""
        if where == BARE:
            return self.destinations.starts(text, end)
        if where == ATTENDING:
            return self.destinations.ends(text, start, _ATTENDED_AT) or self.countries_after.starts(text, end)
        return True


def as_read(text: str) -> str:
    """The text as the reader starts from it: without the pinyin glosses
    some converted pages keep (會(huì)談 → 會談; document.repaired), looked
    for only when a toned vowel shows there may be one."""
    return repaired(text) if _TONED.search(text) else text


class _TitleNames:
    """Whether a title found names someone, as entities.find_people would
    read it: a name after it (外长王毅 — its first character one a name can
    start with, names.yaml), a short name of a known person before it
    (王外长, 石破首相), a country before it (俄外长, 美国国务卿: a short name
    right before the words of the office, or any country the article
    names). A title with none of these (发言人表示, 办公室主任介绍) names no one."""

    def __init__(self, gz: Gazetteer, spell: "_Spellings"):
        self.fold = dict(_normalized_chars())
        chars = gz.name_chars
        self.name_starts = set(chars["surnames"]) | set(chars["translit"]) | {s[0] for s in gz.japanese_surnames}
        self.short_names = set(gz.short_names)
        self.known_starts = {spelling[:length] for person in gz.people.values() if person.offices
                             for spelling in person.spellings for length in (1, 2) if len(spelling) > length}
        self.gap = gz.title_gap_regex

    def may_name(self, text: str, start: int, end: int, found: Evidence) -> bool:
        return bool(found.countries or found.pairs) or self._name_after(text, end) or \
            self._known_before(text, start) or self._short_name_before(text, start)

    def _folded(self, text: str) -> str:
        return "".join(self.fold.get(ch, ch) for ch in text)

    def _name_after(self, text: str, end: int) -> bool:
        return self._folded(text[end:end + 1]) in self.name_starts or "·" in text[end:end + _NAME_LENGTH + 1]

    def _known_before(self, text: str, start: int) -> bool:
        return any(self._folded(text[max(0, start - length):start]) in self.known_starts for length in (1, 2))

    def _short_name_before(self, text: str, start: int) -> bool:
        """A short name (俄, 美) where the country of the title may end:
        right before it, or before words of the office between them."""
        window = self._folded(text[max(0, start - _TITLE_GAP - 1):start])
        return any(window[at - 1] in self.short_names and self.gap.fullmatch(window, at)
                   for at in range(1, len(window) + 1))


def _vocabulary(gz: Gazetteer) -> dict[str, set]:
    """Each word of the reader the gate looks for, with what it means:
    (TRIGGER, (kind, where it counts)), (LIST_HEADER, kind), (PERSON, None)
    for names and pair nicknames, (TITLE, None), (COUNTRY, the codes it may mean),
    (SHORT_RUN, None) for two short names in a row (中俄)."""
    words: dict[str, set] = {}

    def add(word: str, meaning: tuple) -> None:
        words.setdefault(word, set()).add(meaning)

    for kind, triggers in gz.cues["triggers"].items():
        for word in triggers:
            add(word, (TRIGGER, (kind, _where_counted(word, gz))))
    for word in gz.nickname_pairs:
        add(word, (TRIGGER, ("talks", None)))
        add(word, (PERSON, None))
    for word, kind in gz.cues["list_header_kinds"].items():
        add(word, (LIST_HEADER, kind))
    for word in gz.by_alias:
        add(word, (PERSON, None))
    for word in [*gz.titles, *gz.title_suffixes]:  # a title ends with a title or a suffix (总统特使)
        add(word, (TITLE, None))
    for word, code in gz.country_words.items():
        add(word, (COUNTRY, tuple(sorted(gz.shared_words.get(word, (code,))))))  # 巴方: Brazil, Palestine or Pakistan
    for first, second in itertools.permutations(gz.short_names, 2):
        add(first + second, (SHORT_RUN, None))
    return words


def _where_counted(trigger: str, gz: Gazetteer) -> str | None:
    if trigger == gz.cues["bare_visit_word"]:
        return BARE
    return ATTENDING if trigger in gz.cues["attend_words"] else None


class _ByLength:
    """Words (in every spelling) that may start or end at a place of a text:
    a set lookup for each length of word instead of a pattern."""

    def __init__(self, spell: "_Spellings", words):
        self.heads: set[str] = set()
        self.tails: set[str] = set()
        for word in words:
            self.heads.update(spell.all(word))
            self.tails.update(spell.all(word, from_end=True))
        # the lengths of the words that start (end) with each character: most characters start none
        self.head_lengths = _lengths_by_char(self.heads, 0)
        self.tail_lengths = _lengths_by_char(self.tails, -1)

    def starts(self, text: str, at: int) -> bool:
        lengths = self.head_lengths.get(text[at:at + 1], ())
        return any(text[at:at + length] in self.heads for length in lengths)

    def ends(self, text: str, at: int, within: int) -> bool:
        """One of the words ends at `at`, begun at most `within` before."""
        lengths = self.tail_lengths.get(text[at - 1:at] if at else "", ())
        return any(length <= min(within, at) and text[at - length:at] in self.tails for length in lengths)


def _lengths_by_char(words: set[str], index: int) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[index], set()).add(len(word))
    return {ch: tuple(sorted(found)) for ch, found in lengths.items()}


class _Spellings:
    """How a word of the data files may be written in an article. The
    reader matches its words in normalize()d text; the gate reads the text
    as written (converting it costs more than the whole gate), so each
    character of a word stands for every character normalize() turns into
    it and every way it is written in traditional script — grouped by those
    relations (說 → 说 ← 説; 锺 → 鍾 → 钟: one group). A text that
    normalize() turns into the word holds one of its spellings."""

    def __init__(self):
        self.group: dict[str, frozenset[str]] = {}
        for written, normal in _normalized_chars():
            self._join(written, normal)
        self.sorted = {ch: sorted(group) for ch, group in self.group.items()}

    def _join(self, a: str, b: str) -> None:
        if a == b:
            return
        group = self.group.get(a, frozenset(a)) | self.group.get(b, frozenset(b))
        for ch in group:
            self.group[ch] = group

    def all(self, word: str, from_end: bool = False) -> list[str]:
        """The spellings of the word — of its longest start (or end) that
        has at most _MOST_SPELLINGS (大不列颠及北爱尔兰联合王国 has 13,824):
        looking for the start finds the word, and a few more places."""
        choices, count = [], 1
        for ch in reversed(word) if from_end else word:
            options = self.sorted.get(ch, [ch])
            if choices and count * len(options) > _MOST_SPELLINGS:
                break
            choices.append(options)
            count *= len(options)
        if from_end:
            choices.reverse()
        return ["".join(spelling) for spelling in itertools.product(*choices)]


@lru_cache(maxsize=1)
def _normalized_chars() -> list[tuple[str, str]]:
    """(character, what normalize() makes of it) for every character it
    changes, in one normalize() call (a newline between each keeps OpenCC
    from reading them as words)."""
    chars = [chr(code) for first, last in _CONVERTIBLE for code in range(first, last + 1)]
    normal = normalize("\n".join(chars)).split("\n")
    if len(normal) != len(chars):  # pragma: no cover — OpenCC read across a newline
        raise RuntimeError("normalize() did not keep the characters apart")
    return [(ch, n) for ch, n in zip(chars, normal) if ch != n]


@lru_cache(maxsize=1)
def gate() -> Gate:
    return Gate(load())


def relevant(text: str) -> bool:
    """Whether the reader could find an event in an article's text."""
    return gate().relevant(text)


def worth_reading(article: RawArticle) -> bool:
    """Whether the reader could find an event in the article. Its text is
    left as the reader leaves it (without pinyin glosses), so the article
    is stored alike whether the reader runs on it or not."""
    article.text = as_read(article.text)
    return gate().relevant(article.text)
