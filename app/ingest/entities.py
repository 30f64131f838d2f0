"""Who and where a sentence names: people (from the gazetteer, or by the
pattern country + title + name), role words (俄外长, 中俄两国外长),
countries (full names, 中方, pair compounds such as 中俄) and places."""
import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlsplit

from app.ingest.gazetteer import Gazetteer, Person
from app.ingest.normalize import normalize

_HAN = r"\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
# A name read after a title ends where one of these begins.
_NAME_STOP = set("同与和跟在于对向将等的表说称指通举会访进率今当也还则就是曾已又再分共一出抵前赴并及均都"
                 "、，,。；;：:（(）)“”\"《》「」【】 -—0123456789")
_NOT_NAME_START = set("选大候职任办身官府令级们阁团夫本先女期时后首两各其该此这那副兼应")
# Between the items of a list of countries (法国、德国和英国外长, 访问英国、德国和法国).
LIST_MARKS = ("、", "和", "及", "以及")


@dataclass
class PersonMention:
    span: tuple[int, int]
    name: str
    country: str | None
    title: str | None = None
    office: str | None = None
    person: Person | None = None
    role_only: bool = False  # 俄外长: an office, no name
    from_role: bool = False  # a holder found for a role word
    written: str | None = None  # as written in its own sentence, when carried into another

    @property
    def key(self) -> str:
        return self.person.id if self.person else f"{self.country}:{self.name}"


@dataclass
class CountryMention:
    span: tuple[int, int]
    code: str
    kind: str  # name / side / pair


@dataclass
class PlaceMention:
    span: tuple[int, int]
    name: str
    country: str


def find_places(text: str, gz: Gazetteer) -> list[PlaceMention]:
    return [PlaceMention(m.span(), m.group(0), gz.places[m.group(0)]) for m in gz.place_regex.finditer(text)]


def find_countries(text: str, gz: Gazetteer) -> list[CountryMention]:
    found = [CountryMention(m.span(), gz.country_words[m.group(0)],
                            "side" if m.group(0).endswith("方") else "name")
             for m in gz.country_regex.finditer(text) if m.group(0) in gz.country_words]
    taken = [c.span for c in found]
    found += [c for c in _pair_compounds(text, gz) if not any(_overlaps(c.span, t) for t in taken)]
    return sorted(found, key=lambda c: c.span)


def _pair_compounds(text: str, gz: Gazetteer) -> list[CountryMention]:
    """中俄, 美俄, 中日韩 (see Gazetteer.pair_regex), unless the run is the
    tail of another word."""
    found = []
    for m in gz.pair_regex.finditer(text):
        run, start = m.group(1), m.start(1)
        if run[0] == "日" and start and re.match(r"[0-9一二三四五六七八九十廿卅]", text[start - 1]):
            run, start = run[1:], start + 1  # 10日中俄两国: the 日 ends a date
        if start and text[start - 1] in gz.cues["pair_word_tails"].get(run[0], ""):
            run, start = run[1:], start + 1  # 所以中美关系, 风波: the first character ends a word
        if len(run) < 2 or not _plausible_pair(text, start, run, gz) or _quoted(text, start):
            continue  # 「美中戰略競爭特別委員會」: a name's part, no parties
        codes = gz.cues["fixed_pairs"].get(run) or [gz.short_names[ch] for ch in run]
        found += [CountryMention((start + i, start + i + 1), code, "pair") for i, code in enumerate(codes)]
    return found


_QUOTED = re.compile(r"「[^「」]*」|“[^“”]*”|《[^《》]*》|『[^『』]*』")


def _quoted(text: str, position: int) -> bool:
    return any(m.start() < position < m.end() for m in _QUOTED.finditer(text))


def _plausible_pair(text: str, start: int, run: str, gz: Gazetteer) -> bool:
    if len(set(run)) != len(run):
        return False
    before = text[start - 1] if start else ""
    # 其中美国 / 集中俄罗斯: the run is the tail of another word.
    return before not in set("其之当集空心途命期家集市城省县区上下") and not _starts_country_word(text, start + len(run) - 1, gz)


def _starts_country_word(text: str, pos: int, gz: Gazetteer) -> bool:
    match = gz.country_regex.match(text, pos)
    return match is not None and len(match.group(0)) > 1


def find_people(text: str, gz: Gazetteer, countries: list[CountryMention] | None = None,
                home: str = "CN") -> list[PersonMention]:
    """Known people by any spelling, then unknown people and role words by
    the country + title (+ name) pattern; a title with no country before it
    is the `home` government's (see home_country)."""
    people = [p for p in (_known(m, text, gz) for m in gz.person_regex.finditer(text)) if p]
    people = [_with_gazetteer(p, gz) for p in people]
    people += [p for p in _nicknamed(text, gz) if not any(_overlaps(p.span, q.span) for q in people)]
    people = _relatives(text, people, gz)
    for title in gz.title_regex.finditer(text):
        if any(_overlaps(title.span(), p.span) for p in people):
            continue
        if countries is None:  # only a title needs them: most sentences have none
            countries = find_countries(text, gz)
        owner = next((p for p in people if p.span[0] == title.end() or p.span[1] == title.start()), None)
        if owner is not None:  # 外长王毅, 王毅外长
            owner.title = owner.title or title.group(0)
            owner.office = owner.office or gz.office_of(title.group(0))
            continue
        short = _short_name_before(text, title, countries, gz)
        people += [short] if short else _from_title(text, title, countries, people, gz, home)
    return sorted([p for p in people if not _names_a_government(text, p, gz)], key=lambda p: p.span)


def _nicknamed(text: str, gz: Gazetteer) -> list[PersonMention]:
    """川金会: the two leaders whose nickname characters name the meeting, each
    written as the spelling the character comes from (川 → 川普, 特 → 特朗普;
    the one character is no spelling of his)."""
    found = []
    if "会" not in text:
        return found  # most sentences: no need to look
    for match in gz.nickname_regex.finditer(text):
        if not is_pair_nickname(text, match, gz):
            continue
        for offset, person in enumerate(gz.nickname_pairs[match.group(0)]):
            at = match.start() + offset
            written = next((s for s in (person.name, *person.spellings) if s.startswith(text[at])), person.name)
            found.append(PersonMention((at, at + 1), person.name, person.country, person=person, written=written))
    return found


def is_pair_nickname(text: str, match: re.Match, gz: Gazetteer) -> bool:
    return match.group(0) in gz.nickname_pairs and \
        not gz.cue("pair_nickname_not_before", "start").match(text, match.end())


def _names_a_government(text: str, person: PersonMention, gz: Gazetteer) -> bool:
    """拜登政府国务卿布林肯, 岸田内阁: the leader names the government the
    one who acts serves; he takes no part himself."""
    return not person.role_only and gz.cue("government_of", "start").match(text, person.span[1]) is not None


def _relatives(text: str, people: list[PersonMention], gz: Gazetteer) -> list[PersonMention]:
    """金正恩的父親金正日: a person followed by 的 and a kin word is not
    there himself; the relative named after it is, known or not (a name
    read as after a title, of the person's country)."""
    kept = []
    for person in people:
        kin = gz.cue("kin_words", "start").match(text, person.span[1] + 1) \
            if text[person.span[1]:person.span[1] + 1] == "的" else None
        if kin is None:
            kept.append(person)
            continue
        if not any(p.span[0] == kin.end() for p in people):
            name_end = _read_name(text, kin.end(), gz)
            if name_end > kin.end():
                kept.append(PersonMention((kin.end(), name_end), text[kin.end():name_end], person.country))
    return kept


def _short_name_before(text: str, title: re.Match, countries: list[CountryMention],
                       gz: Gazetteer) -> PersonMention | None:
    """石破首相, 尹总统: a known person's surname right before a title of his,
    the surname standing on its own (not the tail of 俄罗斯 in 俄罗斯总统)."""
    for length in (2, 1):
        start = title.start() - length
        if start < 0 or (start and _HAN_CHAR.match(text[start - 1]) and text[start - 1] not in _NAME_STOP and
                         not any(c.span[1] == start for c in countries)):
            continue
        person = gz.by_short_name(text[start:title.start()], title.group(0))
        if person is not None:
            return PersonMention((start, title.start()), person.name, person.country, title.group(0),
                                 gz.office_of(title.group(0)), person)
    return None


def introduce(people: list[PersonMention], introduced: dict[str, PersonMention]) -> None:
    """Remember the article's people as first read in full, for the short
    references of later sentences: a gazetteer person by any spelling, a
    person it lacks when named with a title (巴拉圭总统潘尼亚)."""
    for person in people:
        if person.role_only or person.from_role or not person.country or len(person.name) < 2:
            continue
        if person.person is not None or person.title:
            introduced.setdefault(person.name, person)


def with_introduced(text: str, people: list[PersonMention], introduced: dict[str, PersonMention],
                    gz: Gazetteer) -> list[PersonMention]:
    """People introduced earlier in the article (see `introduce`) and now
    written short: a name the gazetteer lacks, bare (潘尼亚昨天抵达); a
    surname before a title the person holds (黄总理, 王外长); a Japanese family
    name of two or more characters (茂木); a part of a transliterated name
    (宋赛 for 宋赛·西潘敦). Only when exactly one introduced person fits."""
    if not introduced:
        return people
    index = _index_of(introduced, gz)
    found: list[PersonMention] = []
    before = len(people)

    def free(span):
        return span[0] < span[1] and not any(_overlaps(span, p.span) for p in (*people, *found) if not p.role_only)

    def add(span, first, title=None, office=None):
        found.append(PersonMention(span, first.name, first.country, title or first.title,
                                   office or first.office, first.person))

    for name, first in index.unknown:  # the gazetteer finds its own people by every spelling
        start = text.find(name)
        while start != -1:
            span = (start, start + len(name))
            if free(span):
                add(span, first)
            start = text.find(name, span[1])
    for title in gz.title_regex.finditer(text):
        office = gz.office_of(title.group(0))
        short = next((p for p in people if p.person and p.span[1] == title.start() and
                      p.person.name.startswith(text[p.span[0]:p.span[1]]) and p.span[1] - p.span[0] < len(p.name)), None)
        if short is not None:  # 王外长 read from the gazetteer: not when two people of the article fit
            surname = text[short.span[0]:short.span[1]]
            if len(_introduced_fitting(introduced, lambda n: n.startswith(surname) and len(n) > len(surname),
                                       office, every=True)) > 1:
                people = [p for p in people if p is not short]
            continue
        for length in (2, 1):
            span = (title.start() - length, title.start())
            if span[0] < 0 or text[span[0]:span[1]] not in index.name_starts or not free(span) or \
                    not _word_boundary(text, span[0], gz):
                continue
            fits = _introduced_fitting(introduced, lambda n: n.startswith(text[span[0]:span[1]]) and len(n) > length,
                                       office)
            if fits is not None:
                add(span, fits, title.group(0), office)
                break
    for short, first in index.short_forms.items():
        start = text.find(short)
        while start != -1:
            span = (start, start + len(short))
            if free(span) and not _name_goes_on(text, span[1], gz) and \
                    (span[0] == 0 or text[span[0] - 1] not in gz.name_chars["translit"] or
                     _word_boundary(text, span[0], gz)):
                add(span, first)
            start = text.find(short, span[1])
    if not found:
        return people if len(people) == before else sorted(people, key=lambda p: p.span)
    # the title of 黄总理 is no role word of its own
    replaced = [p for p in people if not (p.role_only and any(p.span[0] in (f.span[0], f.span[1]) for f in found))]
    return sorted([*replaced, *found], key=lambda p: p.span)


def _introduced_fitting(introduced: dict[str, PersonMention], named, office: str | None, every: bool = False):
    """The one introduced person whose name `named` accepts and who holds
    `office` (by the title first read with him, or the gazetteer's offices);
    with `every`, all of them."""
    fits = {first.key: first for name, first in introduced.items() if named(name) and office in _offices_of(first)}
    if every:
        return list(fits.values())
    return next(iter(fits.values())) if len(fits) == 1 else None


def _offices_of(person: PersonMention) -> set[str]:
    offices = {person.office} if person.office else set()
    if person.person is not None:
        offices |= {o.office for o in person.person.offices}
    return offices


class _IntroducedIndex:
    """What `with_introduced` looks up among an article's introduced people:
    those the gazetteer lacks, the short forms they go by, and the first one
    or two characters of their names (a surname before a title that may be
    one of them). Kept
    for the article being read and brought up to date only with the people
    introduced since — the article's people only grow — instead of worked
    out again over all of them for every sentence."""

    def __init__(self, introduced: dict[str, PersonMention]):
        self.introduced, self.size = introduced, 0
        self.unknown: list[tuple[str, PersonMention]] = []  # (name, person) of those the gazetteer lacks
        self.name_starts: set[str] = set()
        self.short_forms: dict[str, PersonMention] = {}
        self._forms: dict[str, dict[str, PersonMention]] = {}  # short form → the people (by key) it may be

    def update(self, gz: Gazetteer) -> None:
        new = list(islice(self.introduced.items(), self.size, None))
        self.size = len(self.introduced)
        forms = False
        for name, first in new:
            if first.person is None:
                self.unknown.append((name, first))
            self.name_starts |= {name[:length] for length in (1, 2) if len(name) > length}
            for short in _short_forms_of(name, first, gz):
                self._forms.setdefault(short, {})[first.key] = first
                forms = True
        if forms:
            self.short_forms = {short: next(iter(people.values())) for short, people in self._forms.items()
                                if len(people) == 1 and short not in gz.by_alias}


def _index_of(introduced: dict[str, PersonMention], gz: Gazetteer) -> _IntroducedIndex:
    """The index of the article's introduced people (see _IntroducedIndex):
    one per process, for the last article read."""
    global _INDEX
    if _INDEX is None or _INDEX.introduced is not introduced:
        _INDEX = _IntroducedIndex(introduced)
    if _INDEX.size != len(introduced):
        _INDEX.update(gz)
    return _INDEX


_INDEX: _IntroducedIndex | None = None


def _short_forms_of(name: str, first: PersonMention, gz: Gazetteer) -> set[str]:
    """The short forms one introduced person may go by: a Japanese family
    name of two or more characters (茂木 of 茂木敏充), the first or the last
    part of a transliterated name (宋赛, 西潘敦). Those several people share
    are nobody's (see _IntroducedIndex)."""
    shorts = set()
    surname = gz.japanese_surname_regex.match(name) if first.country == "JP" else None
    if surname and len(name) > surname.end():
        shorts.add(surname.group(0))
    if "·" in name or "・" in name:
        parts = [part for part in re.split(r"[·・]", name) if part]
        shorts |= {part for part in (parts[0], parts[-1]) if len(part) >= 2}
    return shorts


def _known(match: re.Match, text: str, gz: Gazetteer) -> PersonMention | None:
    """A gazetteer spelling, unless it is part of a longer word: a short
    alias followed by more transliteration (马斯 in 马斯克) or preceded by it
    (克里 in 阿克里), or a known false reading (韩正式)."""
    name = match.group(0)
    start, end = match.span()
    if gz.cue("not_names", "start").match(text, start):
        return None
    if len(name) <= 2 and not _surname_end(text, end, gz) > end:
        after_honorific = gz.cue("name_honorifics", "end").search(text, 0, start) is not None
        if (start and text[start - 1] in gz.name_chars["before_alias"] and not after_honorific) or \
                _name_goes_on(text, end, gz):
            return None
    if len(name) <= 3 and gz.cue("place_after_name", "start").match(text, end):
        return None
    if _longer_chinese_name(name, text, end, gz):
        return None
    return PersonMention((_given_name_start(text, start, gz), _surname_end(text, end, gz)), name, None)


def _longer_chinese_name(name: str, text: str, end: int, gz: Gazetteer) -> bool:
    """张军鑫, 毛宁怡: a known surname-and-one-character name followed by a
    character only given names use is someone else's longer name."""
    return len(name) == 2 and name[0] in gz.name_chars["surnames"] and \
        end < len(text) and text[end] in gz.name_chars["given_name_only"]


def _given_name_start(text: str, start: int, gz: Gazetteer) -> int:
    """珍妮特·耶伦, 南希·佩洛西: a transliterated first name and a dot before a
    known name belong to it (the longest of up to four transliteration
    characters that begins where a word can: after a title, a country, a
    mark or a function word), so the written form is kept whole."""
    if start < 2 or text[start - 1] != "·":
        return start
    dot = start - 1
    for length in range(min(4, dot), 0, -1):
        first = dot - length
        if all(ch in gz.name_chars["translit"] for ch in text[first:dot]) and _word_boundary(text, first, gz):
            return first
    return start


def _surname_end(text: str, end: int, gz: Gazetteer) -> int:
    """佐科·维多多: the family name written after a dot belongs to the known
    name before it (two to five transliteration characters)."""
    if text[end:end + 1] != "·":
        return end
    run = end + 1
    while run < len(text) and run - end <= 5 and text[run] in gz.name_chars["translit"]:
        run += 1
    return run if run - end - 1 >= 2 else end


def _word_boundary(text: str, position: int, gz: Gazetteer) -> bool:
    if position == 0 or not _HAN_CHAR.match(text[position - 1]) or text[position - 1] in _NAME_STOP:
        return True
    before = text[max(0, position - 16):position]
    return any(m.end() == len(before) for m in gz.title_regex.finditer(before)) or \
        any(m.end() == len(before) and m.group(0) in gz.country_words for m in gz.country_regex.finditer(before))


def _name_goes_on(text: str, end: int, gz: Gazetteer) -> bool:
    """Whether the name continues past `end` (马斯 in 马斯克); 于 in
    莫迪于7月8日 is the preposition, in 于贝尔 part of the name."""
    after = text[end:end + 1]
    if after == "·":
        return True
    if not after or after not in gz.name_chars["translit"] or gz.name_stop_regex.match(text, end):
        return False  # 秦刚大使: a title follows
    return after not in gz.name_chars["function_translit"] or text[end + 1:end + 2] in gz.name_chars["translit"]


def _with_gazetteer(mention: PersonMention, gz: Gazetteer) -> PersonMention:
    person = gz.by_alias[mention.name]
    mention.person, mention.country, mention.name = person, person.country, person.name
    return mention


def _from_title(text, title: re.Match, countries, people, gz: Gazetteer, home: str) -> list[PersonMention]:
    owners = _title_countries(text, title.start(), countries, gz)
    if any(c.span[0] == title.end() for c in countries):
        return []  # 两国元首瓜地马拉总统阿雷巴洛: a country, then the title of the one named
    name_end = _read_name(text, title.end(), gz)
    name = text[title.end():name_end]
    office = gz.office_of(title.group(0))
    if name and name in gz.by_alias:
        return []
    if name:
        country = owners[-1] if owners else home
        known = gz.by_partial_name(name, country)
        mention = PersonMention((title.end(), name_end), name, country, title.group(0), office)
        if known is not None:
            mention.name, mention.person = known.name, known
        return [mention]
    if text[max(0, title.start() - 2):title.start()].endswith(tuple(gz.title_words["not_holding"])):
        return []  # 日本前首相: a former holder, not the one of the day
    follows = text[title.end():title.end() + 4]
    if any(follows.startswith(w) for w in gz.title_words["continues_title"]) or _TOPIC_OFFICE.match(text, title.end()):
        return []  # 总统助理, 总统新闻秘书, 总统中东问题特使: part of a longer office
    return [PersonMention(title.span(), title.group(0), code, title.group(0), office, role_only=True)
            for code in owners]


def _title_countries(text: str, title_start: int, countries: list[CountryMention], gz: Gazetteer) -> list[str]:
    """The country (or pair, 中俄两国) written right before a title; an
    embassy word (驻华, 驻英国) in between belongs to the title."""
    gap = gz.title_gap_regex.search(text[max(0, title_start - 16):title_start])
    prefix_end = title_start - len(gap.group(0))
    if any(c.span[1] == title_start and text[c.span[0] - 1:c.span[0]] != "驻" for c in countries):
        prefix_end = title_start  # 金砖国家外长: the name ends at the title (国家 is no organ here)
    if prefix_end and text[prefix_end - 1] in gz.short_names and \
            not any(c.span[1] == prefix_end for c in countries):
        return [gz.short_names[text[prefix_end - 1]]]  # 俄外长, 美总统
    run = [c for c in countries if c.span[1] <= prefix_end]
    owners = []
    cursor = prefix_end
    for c in reversed(run):
        if c.span[1] != cursor and not (owners and text[c.span[1]:cursor] in LIST_MARKS):
            break
        owners.insert(0, c.code)
        cursor = c.span[0]
    return owners or _country_across_words(text, title_start, run)


# Between a country and its title: words of an office not in the lists
# (柬埔寨人民党主席, 英国外交、英联邦和发展事务大臣), or a person and the topic of an
# envoy's office (美国总统特朗普的乌克兰问题特使) — no punctuation, verb or preposition.
_NOT_OFFICE_WORDS = re.compile(rf"[^{_HAN}、·]|[同与跟对向在将访会举]")
_TOPIC_WORDS = ("问题", "事务")


def _country_across_words(text: str, title_start: int, countries: list[CountryMention]) -> list[str]:
    quoted = sum(len(m.group(0)) for m in _QUOTED.finditer(text, max(0, title_start - 40), title_start))
    candidates = [c for c in countries if 0 < title_start - c.span[1] <= 28 + quoted and not _quoted(text, c.span[0])]
    topical = text[title_start - 2:title_start] in _TOPIC_WORDS
    if topical and candidates and candidates[-1].span[1] == title_start - 2:
        candidates.pop()  # 乌克兰问题特使: the country is the envoy's topic, not his government
    if not candidates:
        return []
    between = _QUOTED.sub("", text[candidates[-1].span[1]:title_start])  # 众议院「…委员会」主席
    if _NOT_OFFICE_WORDS.search(between) or (not topical and any(w in between for w in _TOPIC_WORDS)):
        return []
    return [candidates[-1].code]


# 总统中东问题特使: the title before it is part of a longer office.
_TOPIC_OFFICE = re.compile(rf"的?[{_HAN}]{{1,8}}?(?:问题|事务)(?:特使|特别代表|代表|协调员)")


def _read_name(text: str, start: int, gz: Gazetteer) -> int:
    """Where a name written after a title ends (at a function word, a
    punctuation mark or a digit), or `start` when what follows is no name:
    a surname and one or two more characters, a Japanese surname and up to
    three, or a transliterated name."""
    if start >= len(text) or text[start] in _NOT_NAME_START:
        return start
    end = start
    while end < len(text) and end - start < 14 and text[end] not in _NAME_STOP \
            and re.match(f"[{_HAN}·]", text[end]):
        end += 1
    end = _before_stop_word(text, start, end, gz)
    candidate = text[start:end]
    if "·" in candidate:
        return end if candidate.count("·") <= 3 and not candidate.endswith("·") else start
    found = gz.japanese_surname_regex.match(candidate)
    surname = found.group(0) if found else None
    if surname and len(candidate) > len(surname):  # 森山裕, 鸠山由纪夫: a given name of one to three
        return start + min(len(candidate), len(surname) + 3)
    translit = len(candidate) - len(candidate.lstrip(gz.name_chars["translit"]))
    if translit >= 2:
        return start + translit
    if candidate[:1] and candidate[0] in gz.name_chars["surnames"] and len(candidate) >= 2:
        return start + min(len(candidate), 3)
    return start


def _before_stop_word(text: str, start: int, end: int, gz: Gazetteer) -> int:
    """秦刚大使, 佐科·维多多定于, 外长周四承诺: the name ends where a title,
    a time word or a verb of speech begins (cue name_ends_before)."""
    stop = gz.name_stop_regex.search(text, start, min(len(text), end + 4))
    return stop.start() if stop and stop.start() < end else end


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def home_country(text: str, url: str | None, gz: Gazetteer) -> str:
    """The government an article's press writes from: Taiwan's for a
    Taiwanese outlet (by its domain, or the words only its press uses, in
    either script), else China's, whose press the corpus mostly is."""
    host = (urlsplit(url).hostname or "") if url else ""
    for code, press in gz.home_press.items():
        if host and any(_on_domain(host, d) for d in press["domains"]):
            return code
        if press["unless"].search(text):
            continue
        if press["strong"].search(text) or len({normalize(m) for m in press["markers"].findall(text)}) >= 2:
            return code
    return "CN"


def _on_domain(host: str, domain: str) -> bool:
    """cna.com.tw is on .tw and on cna.com.tw; www.udn.com on udn.com."""
    return host.endswith(domain) if domain.startswith(".") else host == domain or host.endswith("." + domain)
