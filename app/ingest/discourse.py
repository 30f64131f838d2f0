"""The discourse stage: what the reader knows as it goes through an
article — the time anchor of each section and how the narrative moves it,
who is in focus (for 他, 两人), the people introduced so far, the list being
read (他打了4个电话…第二个…) and the meeting that waits for its people."""
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from app.ingest.dates import Anchor, DateValue, find_dates
from app.ingest.document import comma_end, comma_start
from app.ingest.entities import CountryMention, PersonMention, find_people, introduce, with_introduced
from app.ingest.gazetteer import Gazetteer
from app.ingest.mentions import Mention, actor_ref, ref_id
from app.ingest.normalize import normalize
from app.ingest.read import RawArticle


@dataclass
class Context:
    """What the reader knows at a point of the article."""
    gz: Gazetteer
    article_now: date
    anchor: Anchor
    year_guessed: bool
    home: str = "CN"  # whose government an unattributed title is (home_country)
    section_dateline: date | None = None
    section_sentence: int = 0
    topic: dict = field(default_factory=dict)  # event type → countries named earlier in the paragraph
    story_topic: dict = field(default_factory=dict)  # … earlier in the story
    pending: list = field(default_factory=list)  # [mention, sentences left]: reported by country only
    subject: PersonMention | None = None  # who the paragraph's last event sentence was about
    list_subject: tuple | None = None  # (person, event type): 王毅同多国外长通电话
    introduced: dict = field(default_factory=dict)  # name → the person as first named with a title
    last_subject: PersonMention | None = None  # the subject of the story's last event sentence
    passed: list = field(default_factory=list)  # (original, text) of the last sentences read for dates only
    last_visit: Mention | None = None  # the story's last visit with its days, for 访问期间
    last_visit_paragraph: int = -1
    last_trip: Mention | None = None  # the story's last visit with a place, for where its meetings were
    named: Counter | None = None  # countries the article names, for words several countries share
    in_caption: bool = False  # reading a photo's caption
    in_list_item: bool = False  # reading an item of a list (——, ■, 一是): dated by the story before the list
    pair: tuple | None = None  # (people, paragraph) of the last event between two people, for 两人/双方
    before_sentence: tuple | None = None  # (day, precision) the paragraph had set before this sentence
    spans: list = field(default_factory=list)  # stretches of days the article speaks of (5月4日至9日)
    planned: list = field(default_factory=list)  # the planned events told so far, for 届时

    def new_section(self, now: date, from_dateline: bool) -> None:
        self.anchor = Anchor(now=now, roc=self.anchor.roc, paragraph=self.anchor.paragraph)
        self.section_dateline = now if from_dateline else None
        self.section_sentence = 0
        self.last_subject, self.passed, self.story_topic, self.pair = None, [], {}, None

    def article_countries(self, article: RawArticle) -> Counter:
        """How often the article names each country by a name of its own
        (counted once, when a shared word first needs it)."""
        if self.named is None:
            text = normalize(article.text)
            self.named = Counter(self.gz.country_words[m.group(0)] for m in self.gz.country_regex.finditer(text)
                                 if m.group(0) in self.gz.country_words and m.group(0) not in self.gz.shared_words)
        return self.named

    def pronoun_subject(self) -> PersonMention | None:
        """Whom 他/她 opening a sentence means: the paragraph's subject, else
        the first person named in the sentences just read (盧比歐此行是出席
        北約外長會議。他昨天抵達…), else the story's last subject."""
        if self.subject is not None:
            return self.subject
        for original, text in reversed(self.passed):
            named = [p for p in with_introduced(text, find_people(text, self.gz, home=self.home), self.introduced, self.gz)
                     if not p.role_only and p.country]
            if named:
                return carried(named[0], original, text)
        return self.last_subject


def carried(person: PersonMention, original: str, text: str) -> PersonMention:
    """A person ready to stand in another sentence: the spelling is taken
    now, as the offsets only fit this one."""
    if person.written is None:
        person.written = original[person.span[0]:person.span[1]] if len(original) == len(text) else person.name
    return person


def meant(countries: list[CountryMention], text: str, article: RawArticle, ctx: Context) -> list[CountryMention]:
    """巴方, 中巴, 新方: a word several countries share means the one of them
    this sentence names, else the one the article names most, else the
    gazetteer's first."""
    shared = ctx.gz.shared_words
    for country in countries:
        candidates = shared.get(text[country.span[0]:country.span[1]]) if country.kind != "name" else None
        at = country.span[0]
        if not candidates or {text[at - 1:at + 1], text[at:at + 2]} & ctx.gz.cues["fixed_pairs"].keys():
            continue  # 巴以: Palestine whatever else the article names
        here = [c.code for c in countries if c.kind == "name" and c.code in candidates]
        if here:
            country.code = here[0]
            continue
        named = ctx.article_countries(article)
        best = max(candidates, key=lambda code: named.get(code, 0))
        if named.get(best):
            country.code = best
    return countries


def people_in(text: str, countries, ctx: Context) -> list[PersonMention]:
    """The sentence's people, with those the article introduced earlier;
    a person the gazetteer lacks, named with country and title, is
    remembered for the rest of the sentence and the sentences after."""
    people = find_people(text, ctx.gz, countries, ctx.home)
    introduce(people, ctx.introduced)  # 巴拉圭外长拉米瑞兹今年3月访台；…拉米瑞兹上月再度来访: known later in the same sentence
    if ctx.introduced:
        people = with_introduced(text, people, ctx.introduced, ctx.gz)
    return people


def pass_by(original: str, text: str, ctx: Context) -> None:
    """A sentence that reports no event and names no one a pending meeting
    waits for (most sentences of real articles) is only read for its dates,
    which move the story's narrative anchor; the last two are kept in case
    a 他 in the next sentence means someone they name."""
    clause_dates(text, ctx)
    introduce(find_people(text, ctx.gz, home=ctx.home), ctx.introduced)  # captions introduce people too
    ctx.section_sentence += 1
    ctx.passed = [*ctx.passed[-1:], (original, text)]


def list_header(original: str, text: str, ctx: Context) -> None:
    """他打了4个电话，对象是…: the items that follow (第二个，1月9日，俄罗斯外长
    拉夫罗夫) are events of the one who made them, named here or, for 他,
    before."""
    header = ctx.gz.list_header_regex.search(text)
    if header is None:
        return
    named = [p for p in find_people(text[:header.start()], ctx.gz, home=ctx.home) if not p.role_only]
    subject = carried(named[0], original, text) if named else ctx.pronoun_subject()
    if subject is not None:
        ctx.list_subject = (subject, ctx.gz.cues["list_header_kinds"][header.group("noun")])


def clause_dates(text: str, ctx: Context) -> list[DateValue]:
    """The sentence's dates, read in order (each moves the narrative anchor);
    a future marker in a date's clause lets it lie ahead."""
    cues = [m.start() for m in future_marks(text, ctx.gz)]
    clauses = [(comma_start(text, at), comma_end(text, at)) for at in cues]
    found = find_dates(text, ctx.anchor, future_clauses=clauses)
    ctx.spans += [value for value in found if value.end is not None and value.precision == "day"]
    return found


def date_finished_trips(mentions: list[Mention], ctx: Context) -> list[Mention]:
    """A trip told as finished by a day (在结束对A、B的访问后，10日晚回到
    北京) takes the stretch of days the article gives a trip ending at most two
    days before (此行为期六天（5月4日至9日）, read before or after it); with none,
    its days are unknown and it is dropped."""
    kept = []
    for mention in mentions:
        if mention.ends_by is None:
            kept.append(mention)
            continue
        spans = [s for s in ctx.spans if 0 <= (mention.ends_by - s.end).days <= 2
                 and 1 <= (s.end - s.start).days <= 16]
        if spans:
            span = spans[-1]
            mention.date, mention.date_end = span.start.isoformat(), span.end.isoformat()
            mention.precision, mention.date_text, mention.confidence = "day", span.text, 0.6
            mention.trail.append(f"a trip finished by {mention.ends_by.isoformat()}: the trip's days 「{span.text}」")
            kept.append(mention)
    return kept


def future_marks(text: str, gz: Gazetteer) -> list[re.Match]:
    """将于, 计划于 …, but not inside 按计划 (as planned: it happened)."""
    marks = list(gz.cue("future").finditer(text))
    if not marks:
        return marks
    planned = [m.span() for m in gz.cue("as_planned").finditer(text)]
    return [m for m in marks if not any(a <= m.start() < b for a, b in planned)]


def name_participants(text: str, people: list[PersonMention], ctx: Context) -> None:
    """A meeting reported by country only (美国与中国官员…会谈) gets the
    people the next sentences tie to it: one side's person who addresses the
    other side (杨洁篪对美方表示) or speaks of the meeting (会后, 双方)."""
    if not ctx.pending:
        return
    gz = ctx.gz
    people = [p for p in people if p.person is not None or not p.role_only]
    for entry in ctx.pending:
        mention, _ = entry
        for person in people:
            if person.country not in mention.countries or person.office == "spokesperson" or person.role_only:
                continue
            others = [c for c in mention.countries if c != person.country]
            if _tied_to_meeting(text, others, gz) and all(a.id != ref_id(person) for a in mention.actors):
                mention.actors.append(actor_ref(person, text, text))
                mention.trail.append(f"「{person.name}」 named in a following sentence: {text[:40]}…")
        entry[1] -= 1
    ctx.pending = [e for e in ctx.pending if e[1] > 0]


def _tied_to_meeting(text: str, other_countries: list[str], gz: Gazetteer) -> bool:
    if gz.cue("participant_cues").search(text):
        return True
    sides = [w for code in other_countries for w in gz.countries.get(code, {}).get("side", [])]
    return any(f"{verb}{side}" in text for verb in gz.cues["address_before_side"] for side in sides)
