"""The realistic stream: news as a scraper meets it, most of it not
diplomatic. An ingest that reads only roundups of diplomatic events (the
dense corpus) measures the extractor at its busiest; real news is mostly
markets, phones, football, weather, courts, films and city halls — with the
dates, country names, titles and the very words of diplomacy (通话, 会谈,
访问, 视频, 出访, 抵达) in other senses. This module writes such stories
(their words and templates are in bench/news.yaml) and mixes in the dense
generator's diplomatic roundups at a given share.

A story is its content only — outlet, title, paragraphs as published (in
the outlet's script), publication time, address; bench/formats.py writes it
as a file, a whole web page, a JSON Lines record or a WARC response, so
every format of one seed holds the same stories."""
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import opencc
import yaml

from bench import corpus

WORDS_FILE = Path(__file__).with_name("news.yaml")
BEIJING = ZoneInfo("Asia/Shanghai")
SHORTEST, LONGEST = 300, 1500  # characters of a non-diplomatic story, as real news runs
TRAP_WORDS = ("通话", "会谈", "会晤", "会见", "访问", "视频", "出访", "抵达", "前往", "电话")
WEEKDAYS = "一二三四五六日"


@cache
def words() -> dict:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


@cache
def _converter(region: str):
    """Taiwan and Hong Kong outlets write traditional script, each its own."""
    return opencc.OpenCC({"tw": "s2tw.json", "hk": "s2hk.json"}[region])


@dataclass(frozen=True)
class Outlet:
    site: str  # the site's name, as its pages and records give it
    agency: str
    host: str
    region: str  # cn, tw or hk: its script, its cities, courts and teams
    charset: str  # what its pages are served in
    shape: str  # the layout of its pages (bench/formats.py)
    dateline: str

    @property
    def traditional(self) -> bool:
        return self.region in ("tw", "hk")

    def local(self, text: str) -> str:
        """Text in the outlet's script."""
        return _converter(self.region).convert(text) if self.traditional else text


@cache
def outlets() -> tuple[Outlet, ...]:
    return tuple(Outlet(**fields) for fields in words()["outlets"])


@dataclass
class Story:
    index: int
    kind: str  # "diplomatic", or a kind of news.yaml (economy, telecom, sports…)
    published: datetime  # Beijing time
    outlet: Outlet
    title: str  # as published: in the outlet's script
    paragraphs: list[str]  # as published; the first opens with the outlet's dateline
    reporter: str
    url: str
    # What it is made of, to judge what an ingest finds in it: each sentence as published with
    # its template (None for a roundup's), which of them are traps, and a roundup's events
    # (day, kind, (person, office), (person, office)).
    sentences: list[tuple[str | None, str]] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)

    @property
    def diplomatic(self) -> bool:
        return self.kind == "diplomatic"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# ---------------------------------------------------------------- the stream


ARTICLES_A_DAY = 25  # as in the dense bench corpus (100,000 articles over 4,000 days)


def stories(count: int, seed: int = 1, diplomatic_share: float = 0.1, start: date = date(2013, 6, 1),
            days: int | None = None, trap_share: float = 1.0) -> Iterator[Story]:
    """`count` stories in publication order over `days` days (by default
    ARTICLES_A_DAY a day, from a month to 4,000 days), exactly
    round(count × diplomatic_share) of them diplomatic roundups (spread at
    random), the rest news of every kind — of which `trap_share` (all, by
    default: the hardest case) hold one to three trap sentences and the
    others none; the same seed gives the same stories. One story at a time: a stream of any length in bounded memory
    (but for the set of diplomatic positions, an int each)."""
    for name, share in (("diplomatic", diplomatic_share), ("trap", trap_share)):
        if not 0 <= share <= 1:
            raise ValueError(f"{name} share {share} is not between 0 and 1")
    days = days or min(4000, max(30, count // ARTICLES_A_DAY))
    rng = random.Random(seed)
    chosen = set(random.Random(f"{seed}:diplomatic").sample(range(count), round(count * diplomatic_share)))
    recent, visits = [], {}  # what the roundups reported, so later ones report some of it again
    for index in range(count):
        day = start + timedelta(days=index * days // max(count, 1) + rng.randrange(3))
        published = datetime(day.year, day.month, day.day, rng.randrange(6, 23), rng.randrange(60), tzinfo=BEIJING)
        outlet = rng.choice(outlets())
        if index in chosen:
            yield diplomatic_story(rng, index, published, outlet, recent, visits)
        else:
            yield news_story(rng, index, published, outlet, trap_share)


def diplomatic_story(rng: random.Random, index: int, published: datetime, outlet: Outlet, recent: list,
                     visits: dict) -> Story:
    """A roundup of about fourteen events from the dense generator, as this
    outlet publishes it."""
    events: list[tuple] = []
    lines = corpus.roundup(rng, published.date(), recent, visits, events)
    filler = _Filler(rng, outlet, published)
    reporter = filler.person()
    sentences = [(None, outlet.local(line)) for line in lines]
    lines[0] = filler.fill(outlet.dateline, reporter=reporter) + lines[0]
    return Story(index, "diplomatic", published, outlet, outlet.local(rng.choice(words()["diplomatic_titles"])),
                 [outlet.local(line) for line in lines], outlet.local(reporter), story_url(rng, outlet, published),
                 sentences=sentences, events=events)


def news_story(rng: random.Random, index: int, published: datetime, outlet: Outlet,
               trap_share: float = 1.0) -> Story:
    """A story of one kind of news, 300–1500 characters, with one to three
    of its kind's trap sentences among the others (none, for the stories
    beyond `trap_share`)."""
    kind = _kind_for(rng, outlet.region)
    spec = words()["kinds"][kind]
    filler = _Filler(rng, outlet, published)
    reporter = filler.person()
    dateline = filler.fill(outlet.dateline, reporter=reporter)
    trapped = trap_share >= 1 or rng.random() < trap_share  # no draw at the default: its stream stays as it was
    traps = _filled(filler, _for_region(spec["traps"], outlet.region), rng.randint(1, 3)) if trapped else []
    fixed = len(dateline) + sum(len(sentence) for _, sentence in traps)
    sentences = _body(rng, filler, _for_region(spec["sentences"] + words()["common"], outlet.region),
                      target=rng.randint(SHORTEST, LONGEST) - fixed, limit=LONGEST - fixed)
    for trap in traps:
        sentences.insert(rng.randint(0, len(sentences)), trap)
    paragraphs = _paragraphs(rng, [sentence for _, sentence in sentences])
    paragraphs[0] = dateline + paragraphs[0]
    title = filler.fill(rng.choice(_for_region(spec["headlines"], outlet.region)))
    return Story(index, kind, published, outlet, outlet.local(title), [outlet.local(p) for p in paragraphs],
                 outlet.local(reporter), story_url(rng, outlet, published),
                 sentences=[(template, outlet.local(sentence)) for template, sentence in sentences],
                 traps=[outlet.local(sentence) for _, sentence in traps])


def _kind_for(rng: random.Random, region: str) -> str:
    kinds = {name: spec for name, spec in words()["kinds"].items() if region in spec.get("regions", (region,))}
    return rng.choices(list(kinds), weights=[spec["weight"] for spec in kinds.values()])[0]


_REGION_TAG = re.compile(r"\A\[(\w+(?:,\s*\w+)*)\]\s*")


def _for_region(templates: list[str], region: str) -> list[str]:
    """The templates an outlet of `region` writes: untagged ones, and those
    tagged with its region ([cn] 国家统计局…)."""
    kept = []
    for template in templates:
        tag = _REGION_TAG.match(template)
        if tag is None:
            kept.append(template)
        elif region in re.split(r",\s*", tag.group(1)):
            kept.append(template[tag.end():])
    return kept


def _filled(filler: "_Filler", templates: list[str], count: int) -> list[tuple[str, str]]:
    """Up to `count` different templates, each with its filled sentence;
    one naming an office holder nobody held that day is passed over."""
    found = []
    for template in filler.rng.sample(templates, len(templates)):
        if len(found) == count:
            break
        sentence = filler.fill(template)
        if sentence is not None:
            found.append((template, sentence))
    return found


def _body(rng: random.Random, filler: "_Filler", templates: list[str], target: int,
          limit: int) -> list[tuple[str, str]]:
    """(template, sentence) until the story is `target` characters long but
    not over `limit` (at least one): every template once before any is used
    again, with other figures."""
    sentences, length, pool, passed = [], 0, [], 0
    while (length < target or not sentences) and passed < 20:
        if not pool:
            pool = rng.sample(templates, len(templates))
        template = pool.pop()
        sentence = filler.fill(template)
        if sentence is None:
            continue
        if sentences and length + len(sentence) > limit:
            passed += 1  # too long to end on: another may fit
            continue
        sentences.append((template, sentence))
        length += len(sentence)
    return sentences


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    paragraphs = []
    while sentences:
        take = rng.choice((1, 1, 2, 2, 3))
        paragraphs.append("".join(sentences[:take]))
        sentences = sentences[take:]
    return paragraphs


# ---------------------------------------------------------------- filling templates


_SLOT = re.compile(r"\{(\w+)\}")
# The slots a story keeps from its first use to its end (one company, one team…), and where each is drawn from.
_KEPT = {"city": "cities", "province": "provinces", "company": "companies", "telco": "telcos", "market": "markets",
         "court": "courts", "school": "schools", "troupe": "troupes", "museum": "museums"}
_KEPT_GLOBAL = {"fcompany": "foreign_companies", "fteam": "foreign_teams", "fperson": "foreign_people",
                "sport_body": "sport_bodies", "sport_event": "sport_events", "typhoon": "typhoons", "color": "colors",
                "film": "films", "show": "shows", "exhibition": "exhibitions", "fstate": "foreign_states"}
# Slots whose name with a 2 is another of the kind ({country2}, {team2}, {person2}).
_PAIRED = {*_KEPT, *_KEPT_GLOBAL, "country", "team", "person"}
# Office holders of the gazetteer on the day of the story: (country, office).
_HOLDERS = {"cn_premier": ("CN", "head_of_government"), "cn_president": ("CN", "head_of_state"),
            "us_president": ("US", "head_of_state")}


class _Filler:
    """Fills a story's templates: the same city, company, team, country and
    person throughout the story; a slot ending in 2 another of its kind;
    numbers and dates drawn afresh each time."""

    def __init__(self, rng: random.Random, outlet: Outlet, published: datetime):
        self.rng, self.outlet, self.published = rng, outlet, published
        self.region = words()["regions"][outlet.region]
        self.kept: dict[str, str] = {}

    def fill(self, template: str, **given: str) -> str | None:
        """The template filled; None when it names an office holder nobody
        was on the story's day."""
        try:
            return _SLOT.sub(lambda m: given.get(m.group(1)) or self.value(m.group(1)), template)
        except LookupError:
            return None

    def value(self, slot: str) -> str:
        if slot in self.kept:
            return self.kept[slot]
        if slot.endswith("2") and slot[:-1] in _PAIRED:
            return self._another(slot[:-1])
        fresh = self._fresh(slot)
        if fresh is not None:
            return fresh
        self.kept[slot] = self._drawn(slot)
        return self.kept[slot]

    def person(self) -> str:
        """A made-up name, as common as real ones: now and then it is the
        name of someone in the gazetteer (李强, 王毅), as happens in real news."""
        surname = self.rng.choice(words()["surnames"])
        return surname + "".join(self.rng.choices(words()["given"], k=self.rng.choice((1, 2, 2))))

    def _another(self, slot: str) -> str:
        first = self.value(slot)
        for _ in range(20):
            other = self._drawn(slot)
            if other != first:
                return other
        return first

    def _drawn(self, slot: str) -> str:
        """A new value of a kept slot."""
        rng = self.rng
        if slot in _KEPT:
            return rng.choice(self.region[_KEPT[slot]])
        if slot in _KEPT_GLOBAL:
            return rng.choice(words()[_KEPT_GLOBAL[slot]])
        if slot == "country":
            return rng.choice(list(words()["countries"]))
        if slot == "fcity":
            return rng.choice(words()["countries"][self.value("country")])
        if slot == "league":
            return rng.choice(list(self.region["leagues"]))
        if slot == "team":
            return rng.choice(self.region["leagues"][self.value("league")])
        if slot == "person":
            return self.person()
        if slot in _HOLDERS:
            return _holder(*_HOLDERS[slot], self.published.date())
        raise KeyError(f"unknown slot {{{slot}}} in bench/news.yaml")

    def _fresh(self, slot: str) -> str | None:
        """Numbers and dates: drawn anew at every use."""
        rng = self.rng
        numbers = {"n1": (2, 9), "n2": (10, 99), "n3": (100, 999), "n4": (1000, 9999), "minute": (1, 90)}
        if slot in numbers:
            return str(rng.randint(*numbers[slot]))
        if slot == "pct":
            return f"{rng.uniform(1, 30):.1f}"
        if slot == "pct2":
            return f"{rng.uniform(0.1, 5):.2f}"
        if slot == "amount":
            return f"{rng.uniform(10, 999):.1f}"
        if slot == "score":
            winner = rng.randint(1, 5)
            return f"{winner}比{rng.randint(0, winner - 1)}"
        if slot in ("d", "t"):
            return news_date(rng, self.published.date(), exact=slot == "t")
        if slot == "month":
            return str(self.published.month)
        if slot == "day":
            return str(self.published.day)
        return None


def news_date(rng: random.Random, published: date, exact: bool = False) -> str:
    """A day of the last week as the press writes it: 5日, 3月5日, 昨日,
    今天, 上周二, 本周三, now and then with its year — and, unless `exact`
    (a time of day follows: 昨日晚, 5日17时), 日前 or 近日."""
    back = rng.choice((0, 0, 1, 1, 1, 2, 3, 4, 6))
    day = published - timedelta(days=back)
    forms = [f"{day.day}日", f"{day.day}日", f"{day.month}月{day.day}日"]
    forms += {0: ["今天", "今日"], 1: ["昨日", "昨天"]}.get(back, [] if exact else ["日前", "近日"])
    same_week = day.isocalendar()[:2] == published.isocalendar()[:2]
    forms.append(f"{'本' if same_week else '上'}周{WEEKDAYS[day.weekday()]}")
    if rng.random() < 0.1:
        return f"{day.year}年{day.month}月{day.day}日"
    return rng.choice(forms)


@cache
def _holder(country: str, office: str, day: date) -> str:
    person = corpus.load().holder(country, office, day)
    if person is None:
        raise LookupError(f"no {office} of {country} on {day}")
    return person.name


# ---------------------------------------------------------------- addresses


def story_url(rng: random.Random, outlet: Outlet, published: datetime) -> str:
    """An address in the outlet's own pattern (several carry the day, as
    real ones do: htmldate reads it from there when a page states none)."""
    n, day = rng.randrange(10**6, 10**7), published
    patterns = {
        "xinhua": f"https://{outlet.host}/world/{day:%Y%m%d}/{rng.getrandbits(64):016x}/c.html",
        "people": f"http://{outlet.host}/n1/{day:%Y/%m%d}/c1002-{n}.html",
        "chinanews": f"https://{outlet.host}/gj/{day:%Y/%m-%d}/{n}.shtml",
        "thepaper": f"https://{outlet.host}/newsDetail_forward_{n}",
        "sina": f"https://{outlet.host}/roll/{day:%Y-%m-%d}/doc-imk{rng.getrandbits(40):010x}.shtml",
        "cna": f"https://{outlet.host}/news/aipl/{day:%Y%m%d}{n % 10000:04d}.aspx",
        "udn": f"https://{outlet.host}/news/story/{n % 10000}/{n}",
        "ltn": f"https://{outlet.host}/news/life/breakingnews/{n}",
        "mingpao": f"https://{outlet.host}/pns/hk/article/{day:%Y%m%d}/s00002/{n}",
    }
    return patterns[outlet.shape]


def page_headlines(rng: random.Random, outlet: Outlet, published: datetime, count: int) -> list[str]:
    """Headlines of other stories for a page's related and hot lists: news
    of every kind and some diplomatic events of the days before."""
    filler = _Filler(rng, outlet, published)
    found = []
    while len(found) < count:
        if rng.random() < 0.25:
            headline = _diplomatic_headline(rng, published.date() - timedelta(days=rng.randrange(1, 10)))
        else:
            headline = filler.fill(rng.choice(words()["page_headlines"]))
        if headline:
            found.append(outlet.local(headline))
    return found


def _diplomatic_headline(rng: random.Random, day: date) -> str | None:
    event = corpus.happening(rng, day)
    if event is None:
        return None
    _, kind, (a, _), (b, _) = event
    if kind == "visit":
        return f"{a.name}对{corpus.load().country_name(b.country)}进行正式访问"
    return f"{a.name}同{b.name}{corpus.VERBS[kind]}"
