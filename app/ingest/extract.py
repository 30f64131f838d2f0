"""From an article's sentences to mentions: one report of one event, with
its date, parties, place, status, evidence and the trail of how each was
decided. The same event reported twice gives two mentions; merge.py joins
them."""
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from pypinyin import lazy_pinyin

from app.ingest.dates import (Anchor, DateValue, dateline, find_dates, infer_year, latest_past_month,
                              publication_line, leading_date, url_date, with_duration)
from app.ingest.document import is_caption, repaired
from app.ingest.entities import (LIST_MARKS, CountryMention, PersonMention, PlaceMention, find_countries,
                                 find_people, find_places, home_country, introduce, with_introduced)
from app.ingest.gazetteer import Gazetteer, load
from app.ingest.normalize import (is_heading, normalize, normalize_checked, normalized_sentences,
                                  split_paragraphs)
from app.ingest.read import RawArticle

_TIME_OF_DAY = re.compile(r"^(?:晚间|晚上|晚|上午|下午|中午|早上|早间|凌晨|夜间|傍晚|当地时间|早些时候)?")
_LOCATIVE_BEFORE = ("在", "于", "赴", "抵达", "前往", "到", "访问", "飞抵", "来到", "首都")
# 访问期间, 访华期间, 此访期间, 在华期间: within the days of the visit just reported.
_VISIT_DAYS = "days of the visit"
_DURING_VISIT = re.compile(r"(?:访问|访华|来华|在华|在京|此访|出访|访[\u4e00-\u9fff])期间")
# Between an organisation and the word for its meeting: 成员国元首理事会, 领导人第十六次.
_GATHERING_QUALIFIERS = re.compile(r"(?:[（(][^（）()]{1,10}[）)])?(?:成员国|国家)?(?:领导人|元首|首脑|外长|政府首脑)?(?:理事会)?"
                                   r"(?:第[0-9一二三四五六七八九十百]+[次届])?(?:非正式)?")
_ATTENDING = re.compile(r"(?:出席|参加)[^，。；;,]*$")
# 会谈后, 访华行程前, 会晤之前: the event sets the time of another deed.
_SETTING = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:之|以)?[前后](?![往来面者进去])")
# ——王毅对意大利进行正式访问; ■ 9月24日，…; 一是…; (1)…: an item of a list the story opened.
_LIST_ITEM = re.compile(r"\s*(?:——|—|■|●|◆|◇|□|○|•|·|\*|-\s|[一二三四五六七八九十]是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、．])")
# 邀请X访问: an invitation (not 应…邀请, 在…邀请下, 受邀, 邀请下).
_INVITED = re.compile(r"(?<![应受])邀请(?!下)[^，,。；;]{0,24}$")
_INVITATION = re.compile(r"应[^，,。；;]{1,40}?邀请|在[^，,。；;]{1,30}?的?邀请下")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年|[去前今明当]年")
_JOINERS = "－—-–与和同、"  # 中国—东盟峰会: the organisation is one of two named sides
# 两国元首, 三国领导人, 双方: a clause about the parties of an event already
# named, not about the people of an earlier clause.
_PLURAL_PARTIES = re.compile(r"(?:两|三|四|双|各)(?:国|方)")
# 同普京, 与英国首相斯塔默: the clause's people all follow 同/与 (and their
# country and title).
_WITH_BEFORE_PARTY = re.compile(r"(?:同|与|和|跟)[\u4e00-\u9fff]{0,12}$")
# 对俄罗斯进行, 对中国进行为期5天的 (国事访问): the country a visit is paid to.
# 对意大利、荷兰、挪威进行正式访问: 对 opening a list of destinations before the trigger.
_VISIT_LIST_TARGET = re.compile(r"对(?=[\u4e00-\u9fff]{2,12}(?:、|和|与|以及|及)[^，,。；]*(?:(?:进行|展开|的)[^，,。；]{0,6})?$)")
_VISIT_TARGET = re.compile(r"对(?P<c>[\u4e00-\u9fff]{1,8}?)(?:进行|展开|开始)?[\u4e00-\u9fff0-9０-９]{0,8}$")


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
    position: int = 0
    article: str = ""

    @property
    def start(self) -> str:
        return self.date if len(self.date) == 10 else (self.date + "-01" if len(self.date) == 7 else self.date + "-01-01")


@dataclass
class _Context:
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
    named: Counter | None = None  # countries the article names, for words several countries share
    in_caption: bool = False  # reading a photo's caption
    in_list_item: bool = False  # reading an item of a list (——, ■, 一是): dated by the story before the list
    pair: tuple | None = None  # (people, paragraph) of the last event between two people, for 两人/双方
    before_sentence: tuple | None = None  # (day, precision) the paragraph had set before this sentence

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


# An article that states no year anywhere is read from this day — any fixed
# day, never the machine's clock — and its reports are held out of the
# timeline (`article.held_out`): the same page must give the same events
# whenever it is ingested.
UNDATED_ANCHOR = date(2000, 12, 31)
UNDATED = "undated"
HELD_OUT_REASONS = {UNDATED: "the page states no year (not in its metadata, a dateline, a publication line "
                             "or its text), so its events cannot be dated"}


def held_out_reason(code: str, reports: int | None = None) -> str:
    """Why an article's events are kept off the timeline, in a sentence."""
    reason = HELD_OUT_REASONS.get(code, code)
    if reports is None:
        return reason
    return f"{reason}; {reports} report{'' if reports == 1 else 's'} held out"


def article_anchor(article: RawArticle, gz: Gazetteer | None = None) -> tuple[date, bool]:
    """The day the article was written from, and whether its year is a guess.
    Sets the article's publication date when metadata did not give one; when
    no year is stated anywhere (metadata, dateline, publication line, text)
    marks the article held out as undated and reads it from UNDATED_ANCHOR."""
    article.held_out = None
    if isinstance(article.published, datetime):
        return article.published.date(), False
    if isinstance(article.published, date):
        return article.published, False
    paragraphs = [normalize(p) for p in split_paragraphs(article.text)[:12]]
    text = normalize(article.text)
    filed = url_date(article.url)
    year, past = filed[0].year if filed else infer_year(text), latest_past_month(text)
    for paragraph in paragraphs:
        found = dateline(paragraph, year, None, not_before=None if filed else past)
        if found is not None:
            article.published, article.published_from = found[0], "dateline"
            return found[0], False
    for paragraph in paragraphs[:6]:
        published = publication_line(paragraph)
        if published is not None:
            article.published, article.published_from = published, "dateline"
            return published, False
    if filed is not None:  # the day (or the month's end) its address files it under
        day = filed[0] if filed[1] == "day" else _month_end(filed[0])
        article.published, article.published_from = day, "url"
        return day, False
    lead = leading_date(paragraphs[:6])
    if lead is not None:  # 2019年12月30日，外交部发言人…; 周一（2022年7月25日）
        article.published, article.published_from = lead, "lead"
        return lead, False
    if year is not None:
        return date(year, 12, 31), True
    article.held_out = UNDATED
    return UNDATED_ANCHOR, True


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def extract(article: RawArticle, gz: Gazetteer | None = None) -> list[Mention]:
    gz = gz or load()
    article.text = repaired(article.text)
    now, guessed = article_anchor(article, gz)
    home = home_country(article.text[:1500], article.url, gz)
    ctx = _Context(gz=gz, article_now=now, anchor=Anchor(now=now, roc=home == "TW"), year_guessed=guessed,
                   home=home)
    mentions: list[Mention] = []
    for index, paragraph in enumerate(split_paragraphs(article.text)):
        ctx.anchor.paragraph = index
        ctx.topic, ctx.subject = {}, None
        if is_heading(paragraph):
            ctx.new_section(ctx.article_now, from_dateline=False)
            ctx.pending, ctx.list_subject = [], None
            continue
        checked = normalize_checked(paragraph)
        found = dateline(checked[0], now.year, now)
        if found is not None:  # the story starts after the dateline: normalized again from there
            ctx.new_section(found[0], from_dateline=True)
            ctx.anchor.paragraph = index
            paragraph, checked = paragraph[found[1]:], None
        if is_caption(paragraph):  # its own dates count; it moves no anchor
            kept = replace(ctx.anchor)
            ctx.in_caption = True
            _read_paragraph(paragraph, checked, article, ctx, mentions)
            ctx.anchor, ctx.in_caption = replace(kept, paragraph=ctx.anchor.paragraph), False
        else:
            _read_paragraph(paragraph, checked, article, ctx, mentions)
    return _without_retellings(mentions)


def _read_paragraph(paragraph: str, checked, article: RawArticle, ctx: _Context, mentions: list[Mention]) -> None:
    gz = ctx.gz
    ctx.in_list_item = _LIST_ITEM.match(paragraph) is not None
    for sentence, text in normalized_sentences(paragraph, checked):
        _list_header(sentence, text, ctx)
        if not (ctx.pending or ctx.list_subject or gz.trigger_regex.search(text)):
            _pass_by(sentence, text, ctx)
            continue
        countries = _meant(find_countries(text, gz), text, article, ctx)
        people = _people(text, countries, ctx)
        _name_participants(text, people, ctx)
        for mention in _from_sentence(sentence, text, people, countries, ctx):
            mention.position, mention.article = len(mentions), article.name
            mentions.append(mention)
            if not mention.actors and mention.type != "visit":
                ctx.pending.append([mention, 2])
            if mention.type == "visit" and mention.date_end:
                ctx.last_visit, ctx.last_visit_paragraph = mention, ctx.anchor.paragraph
        ctx.section_sentence += 1


def _without_retellings(mentions: list[Mention]) -> list[Mention]:
    """An undated sentence dated by its story (rule "story") that retells an
    event the article reports with a date of its own — same type, the same
    people or countries — is that event, not another one."""
    def parties(m: Mention) -> frozenset:
        return frozenset(a.id for a in m.actors) or frozenset(m.countries)
    dated = [m for m in mentions if not m.story_dated]
    kept = [m for m in mentions if not m.story_dated or not any(
        d.type == m.type and (parties(m) <= parties(d) or set(m.countries) <= set(d.countries) and not m.actors)
        for d in dated)]
    for position, mention in enumerate(kept):
        mention.position = position
    return kept


def _meant(countries: list[CountryMention], text: str, article: RawArticle, ctx: _Context) -> list[CountryMention]:
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


def _people(text: str, countries, ctx: _Context) -> list[PersonMention]:
    """The sentence's people, with those the article introduced earlier;
    a person the gazetteer lacks, named with country and title, is
    remembered for the sentences after."""
    people = find_people(text, ctx.gz, countries, ctx.home)
    if ctx.introduced:
        people = with_introduced(text, people, ctx.introduced, ctx.gz)
    introduce(people, ctx.introduced)
    return people


def _pass_by(original: str, text: str, ctx: _Context) -> None:
    """A sentence that reports no event and names no one a pending meeting
    waits for (most sentences of real articles) is only read for its dates,
    which move the story's narrative anchor; the last two are kept in case
    a 他 in the next sentence means someone they name."""
    _dates(text, ctx)
    introduce(find_people(text, ctx.gz, home=ctx.home), ctx.introduced)  # captions introduce people too
    ctx.section_sentence += 1
    ctx.passed = [*ctx.passed[-1:], (original, text)]


def _list_header(original: str, text: str, ctx: _Context) -> None:
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


def carried(person: PersonMention, original: str, text: str) -> PersonMention:
    """A person ready to stand in another sentence: the spelling is taken
    now, as the offsets only fit this one."""
    if person.written is None:
        person.written = original[person.span[0]:person.span[1]] if len(original) == len(text) else person.name
    return person


def _dates(text: str, ctx: _Context) -> list[DateValue]:
    """The sentence's dates, read in order (each moves the narrative anchor);
    a future marker in a date's clause lets it lie ahead."""
    cues = [m.start() for m in _future_marks(text, ctx.gz)]
    clauses = [(_comma_start(text, at), _comma_end(text, at)) for at in cues]
    return find_dates(text, ctx.anchor, future_clauses=clauses)


def _future_marks(text: str, gz: Gazetteer) -> list[re.Match]:
    """将于, 计划于 …, but not inside 按计划 (as planned: it happened)."""
    marks = list(gz.cue("future").finditer(text))
    if not marks:
        return marks
    planned = [m.span() for m in gz.cue("as_planned").finditer(text)]
    return [m for m in marks if not any(a <= m.start() < b for a, b in planned)]


def _name_participants(text: str, people: list[PersonMention], ctx: _Context) -> None:
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
            if _tied_to_meeting(text, others, gz) and all(a.id != _ref_id(person) for a in mention.actors):
                mention.actors.append(_ref(person, text, text))
                mention.trail.append(f"「{person.name}」 named in a following sentence: {text[:40]}…")
        entry[1] -= 1
    ctx.pending = [e for e in ctx.pending if e[1] > 0]


def _tied_to_meeting(text: str, other_countries: list[str], gz: Gazetteer) -> bool:
    if gz.cue("participant_cues").search(text):
        return True
    sides = [w for code in other_countries for w in gz.countries.get(code, {}).get("side", [])]
    return any(f"{verb}{side}" in text for verb in gz.cues["address_before_side"] for side in sides)


def _from_sentence(original: str, text: str, people, countries, ctx: _Context) -> list[Mention]:
    gz = ctx.gz
    anchor = ctx.anchor
    same_stretch = anchor.narrative_paragraph == anchor.paragraph or ctx.in_list_item
    ctx.before_sentence = (anchor.narrative, anchor.narrative_precision) \
        if anchor.narrative is not None and same_stretch else None
    dates = [with_duration(d, text) for d in _dates(text, ctx)]
    triggers = [t for t in gz.trigger_regex.finditer(text) if _is_trigger(text, t, gz)]
    if not triggers:
        return _list_items(original, text, people, dates, ctx)
    places = find_places(text, gz)
    found = []
    window_start = 0
    for trigger in triggers:
        scene = _Scene(text, original, trigger, window_start, people, countries, places, dates, ctx)
        found += [m for m in scene.mentions() if not any(_same_report(m, f) for f in found)]
        window_start = trigger.end()
    named = [p for p in people if not p.role_only and p.span[0] < triggers[0].start()]
    if named:
        ctx.subject = ctx.last_subject = carried(named[0], original, text)
    ctx.passed = []
    return found


def _list_items(original: str, text: str, people, dates, ctx: _Context) -> list[Mention]:
    """After 王毅同多国外长通电话, items such as 第二个，1月9日，俄罗斯外长拉夫罗夫
    are events of the list's subject with the person each item names."""
    if ctx.list_subject is None:
        return []
    subject, kind = ctx.list_subject
    found = []
    start = 0
    for segment in re.split(r"(?<=[；;])", text):
        end = start + len(segment)
        counterpart = [p for p in people if start <= p.span[0] < end and not p.role_only
                       and p.country and p.country != subject.country]
        day = [d for d in dates if start <= d.span[0] < end and d.precision == "day"]
        if len(counterpart) == 1 and day:
            trail = [day[0].trail(), f"an item of the list of {subject.name}'s {kind}s"]
            found.append(Mention(type=kind, status="held", date=day[0].iso, date_end=None, precision="day",
                                 location=None, actors=[_ref(subject, subject.name, subject.name),
                                                        _ref(counterpart[0], original, text)],
                                 countries=[subject.country, counterpart[0].country],
                                 evidence=original, date_text=day[0].text, confidence=0.75, trail=trail))
        start = end
    return found


def _same_report(a: Mention, b: Mention) -> bool:
    """抵达印度，对印度进行正式访问: two triggers of one sentence, one visit."""
    return (a.type, a.date, a.date_end, a.countries, [x.id for x in a.actors]) == \
        (b.type, b.date, b.date_end, b.countries, [x.id for x in b.actors])


def _is_trigger(text: str, trigger: re.Match, gz: Gazetteer) -> bool:
    after = text[trigger.end():trigger.end() + 4]
    before = text[max(0, trigger.start() - 2):trigger.start()]
    if trigger.group(0) == "致电" and (after[:1] in "视台报" or gz.cue("message_words").search(text)):
        return False  # a message (致电祝贺), not a call
    return not gz.cue("not_event_after", "start").match(after) and not gz.cue("not_event_before", "end").search(before)


class _Scene:
    """One trigger word and the stretch of sentence that belongs to it."""

    def __init__(self, text, original, trigger, window_start, people, countries, places, dates, ctx):
        self.text, self.original, self.trigger = text, original, trigger
        self.ctx, self.gz = ctx, ctx.gz
        self.trail: list[str] = []
        self.kind = self.gz.trigger_type(trigger.group(0))
        self.start = window_start
        self.clause_end = _clause_end(text, trigger.end())
        self.comma_start = max(window_start, _comma_start(text, trigger.start()))
        if self.kind == "talks" and self.gz.cue("remote_modes").search(text, _comma_start(text, trigger.start()),
                                                                       trigger.start()):
            self.kind = "call"  # 以视频方式同拜登举行会晤: a video conversation
        self.comma_end = _comma_end(text, trigger.end())
        transitive = trigger.group(0) in ctx.gz.cues["transitive"]
        if transitive and re.search(r"(?:分别|先后)[^，,。；;]{0,2}$", text[self.comma_start:trigger.start()]):
            self.comma_end = _list_end(text, self.comma_end, people)
        reach = self.comma_end if transitive or self.kind == "visit" else trigger.end()
        self.after_people = [p for p in people if trigger.end() <= p.span[0] < self.comma_end]
        self.gathering = {c.code for c in countries if self._names_gathering(c)}
        parties = [c for c in countries if not _is_locative(text, c, places) and c.code not in self.gathering]
        hosts = self.gathering  # 上海合作组织成员国元首: the gathering's, no side (nor where else the sentence names it)
        people = [p for p in people if not (p.role_only and p.country in hosts)]
        self.inherited = None
        starts = (self.comma_start, _comma_start(text, trigger.start()), window_start)
        if _PLURAL_PARTIES.search(text, self.comma_start, trigger.start()):
            starts = starts[:2]  # 三国领导人举行了峰会: the leaders of the meeting just reported
        for start in starts:
            self.people, self.countries = self._parties(people, parties, start, reach)
            if self._side_count() >= 2:
                break
        else:
            self._inherit_subject(people)
        self.places = places
        self.all_countries = countries
        self.all_people = people
        self.dates = dates
        if self._side_count() < 2:
            self._the_pair_in_focus()

    def _names_gathering(self, country: CountryMention) -> bool:
        """上合组织峰会, 金砖国家领导人第十六次会晤, 出席上海合作组织…会议期间会见:
        an organisation that names the multilateral meeting somebody attends
        is no side of it, nor of a meeting held on its margins (中国—东盟峰会
        and 中欧峰会 keep their sides)."""
        if country.kind != "name" or not self.gz.is_organisation(country.code):
            return False
        attending = _ATTENDING.search(self.text, 0, country.span[0]) is not None
        if country.span[0] and self.text[country.span[0] - 1] in _JOINERS and not attending:
            return False  # 中国—东盟峰会 held, not attended: both are sides
        between = self.text[country.span[1]:self.trigger.start()]
        if self.trigger.group(0) in self.gz.cues["gatherings"] and _GATHERING_QUALIFIERS.fullmatch(between):
            return True
        return "期间" in between and attending

    def _the_pair_in_focus(self) -> None:
        """两人, 二人, 双方, 两国元首 as the clause's parties: the two people of
        the story's last meeting or call (两人最近一次面对面会晤是在去年9月)."""
        pair = self.ctx.pair
        if pair is None or not self.gz.pair_reference_regex.search(self.text, self.start, self.trigger.start()):
            return
        named = {p.key for p in self.people}
        self.people = self.people + [p for p in pair[0] if p.key not in named]
        self.trail.append(f"「{self.gz.pair_reference_regex.search(self.text, self.start).group(0)}」 → "
                          + "/".join(p.name for p in pair[0]))

    def _side_count(self) -> int:
        return len({p.country for p in self.people} | {c.code for c in self.countries})

    def _inherit_subject(self, people) -> None:
        """这天…同普京举行会谈: a clause whose people all follow 同/与 has lost
        its subject to an earlier clause or sentence; take that subject."""
        if self.kind == "visit" or not self.people:
            return
        clause = self.text[self.comma_start:self.trigger.start()]
        first = min(p.span[0] for p in self.people) - self.comma_start
        # ，将拜会总统赖清德: everyone follows a transitive trigger
        object_only = self.trigger.group(0) in self.gz.cues["transitive"] and first >= len(clause)
        if not (object_only or _WITH_BEFORE_PARTY.search(clause[:first].rstrip("正在的"))):
            return
        earlier = [p for p in people if p.span[1] <= self.start and not p.role_only]
        subject = earlier[0] if earlier else (self._pronoun() or self.ctx.subject)
        if subject is not None and subject.key not in {p.key for p in self.people}:
            own = [p for p in self.people if p.span[0] >= self.comma_start]  # not the last clause's object
            self.people = [subject] + (own or self.people)
            self.inherited = subject
            self.trail.append(f"subject 「{subject.name}」 carried over from an earlier clause")

    def _pronoun(self) -> PersonMention | None:
        """他/她 opening the sentence, with no one named before the trigger."""
        if self.text.lstrip()[:1] not in ("他", "她") or self.text.lstrip()[:2] in ("他们", "她们", "他国"):
            return None
        subject = self.ctx.pronoun_subject()
        if subject is not None:
            self.trail.append(f"「{self.text.lstrip()[0]}」 → 「{subject.name}」")
        return subject

    @staticmethod
    def _parties(people, countries, start, end):
        return ([p for p in people if start <= p.span[0] and p.span[1] <= end],
                [c for c in countries if start <= c.span[0] and c.span[1] <= end])

    # --- decisions ---------------------------------------------------------

    def mentions(self) -> list[Mention]:
        before = self.text[self.start:self.trigger.start()]
        sides = self._sides()
        if len({code for _, code in sides}) >= 2:
            self.ctx.topic[self.kind] = self.ctx.story_topic[self.kind] = sorted({code for _, code in sides})
        if self._negated(before) or self._aggregate() or self._attended_gathering(sides):
            return []
        value, date_text, confidence = self._date()
        if value is None or self._habitual(value):
            return []
        status = "planned" if self._planned(before, value) else "held"
        location = self._location()
        if self.kind == "visit":
            groups = self._visit(value)
        else:
            groups = self._meeting(value, sides)
        for people, _ in groups:
            if len({p.country for p in people}) >= 2:
                self.ctx.pair = ([carried(p, self.original, self.text) for p in people], self.ctx.anchor.paragraph)
        return [self._mention(actors, countries, value, date_text, confidence, status,
                              self._in_host(location, countries) if self.kind == "visit" else location)
                for actors, countries in groups]

    def _habitual(self, value: DateValue) -> bool:
        """上周会面后，他都有和普京保持通话: keeping in touch is no one event,
        unless a day says when (他昨天和普京保持通话)."""
        return self.text[max(0, self.trigger.start() - 2):self.trigger.start()] in ("保持", "持续") and \
            value.precision != "day"

    def _attended_gathering(self, sides) -> bool:
        """李强将出席中国—东盟领导人会议、东亚峰会: a summit attended, with an
        organisation among its sides, is no talks between them."""
        if self.kind != "talks" or self.trigger.group(0) not in self.gz.cues["gatherings"]:
            return False
        if not _ATTENDING.search(self.text, self.comma_start, self.trigger.start()):
            return False
        return bool(self.gathering) or any(self.gz.is_organisation(code) for _, code in sides)

    def _in_host(self, location: str | None, countries: list[str]) -> str | None:
        """结束对朝鲜的访问后返回莫斯科: a visit's place lies in the country visited."""
        where = self.gz.places.get(location) if location else None
        return None if where is not None and countries and where != countries[-1] else location

    def _negated(self, before: str) -> bool:
        """Denied, hoped-for, hypothetical (否认, 希望, 只要…就) before the
        trigger; called off or refused after it, in the rest of its sentence
        (访华计划则遭中方取消, 但莫斯科随后表示，目前没有此类会谈的计划)."""
        cue = next((w for w in self.gz.cues["negation"] if w in before), None)
        if cue:
            self.trail.append(f"not an event: 「{cue}」 before 「{self.trigger.group(0)}」")
            return True
        after = self.gz.cue("called_off_after").search(self.text, self.trigger.end(), self.clause_end)
        if after:
            self.trail.append(f"not an event: 「{after.group(0)}」 after 「{self.trigger.group(0)}」")
        return after is not None

    def _aggregate(self) -> bool:
        stretch = self.text[self.start:min(len(self.text), self.trigger.end() + 6)]
        return self.gz.aggregate_regex.search(stretch) is not None

    def _planned(self, before: str, value: DateValue) -> bool:
        """A future marker before the trigger or in its own clause (会谈将于…
        举行) — or in the sentence's first clause when this one goes on
        with 并 (计划下周出席…峰会，并与特朗普举行会晤) — or a date still to
        come when the article was published (a dateline's story may be older)."""
        stretch = before + self.text[self.trigger.start():self.comma_end]
        if self.text[self.comma_start:self.trigger.start()].lstrip().startswith("并"):
            stretch = self.text[:self.trigger.start()] + stretch
        return bool(_future_marks(stretch, self.gz)) or value.start > max(self.ctx.anchor.now, self.ctx.article_now)

    def _date(self) -> tuple[DateValue | None, str | None, float]:
        """The trigger's own clause first (nearest before it, then after it),
        then earlier in its stretch of sentence, then earlier still."""
        usable = [d for d in self.dates if not self._speech_date(d) and not self._dates_other_deed(d)]
        groups = (
            [d for d in usable if self.comma_start <= d.span[0] < self.trigger.start()][::-1],
            [d for d in usable if self.trigger.end() <= d.span[0] < self.comma_end],
            [d for d in usable if self.start <= d.span[0] < self.comma_start][::-1],
            [d for d in usable if d.span[0] < self.start][::-1],
        )
        if self._anaphoric():
            groups = groups[:2]  # 此次磋商: refers back; only a date of its own clause dates it
        for group in groups:
            precise = [d for d in group if d.precision != "year"]
            if precise:
                chosen = precise[0]
                return chosen, chosen.text, 0.6 if chosen.imprecise else 0.9
        if _YEAR.search(self.text, self.start, self.comma_end):
            return None, None, 0.0  # 于2018年在澳门举行: a year of its own, not the story's day
        if self.ctx.section_dateline is not None and self.ctx.section_sentence == 0:
            filed = self.ctx.section_dateline
            value = DateValue(start=filed, precision="day", text="dateline", span=(0, 0), rule="dateline",
                              anchor=filed, anchor_kind="now")
            return value, None, 0.7
        during = self._during_visit()
        return during if during[0] is not None else self._story_date()

    def _story_date(self) -> tuple[DateValue | None, str | None, float]:
        """An event sentence with no date of its own belongs to the story it
        is told in: the last date its paragraph set, else the dateline's day
        (ANNOTATION: the date of the story it belongs to) — with a lower
        confidence and a trail that says so. A sentence that recalls the
        past (曾, 此前, 多次) keeps no date."""
        if self.ctx.in_caption or not self._told_as_a_deed():
            return None, None, 0.0
        if self.ctx.before_sentence is not None:
            (day, precision), source = self.ctx.before_sentence, "the last date of its paragraph"
        elif self.ctx.section_dateline is not None:
            day, precision, source = self.ctx.section_dateline, "day", "the dateline's day"
        elif not self.ctx.year_guessed:
            day, precision, source = self.ctx.article_now, "day", "the day of publication"
        else:
            return None, None, 0.0
        value = DateValue(start=day, precision=precision, text=source, span=(0, 0), rule="story",
                          anchor=day, anchor_kind="narrative")
        self.trail.append(f"no date in the sentence → {source}, {value.iso}")
        return value, None, 0.5

    def _during_visit(self) -> tuple[DateValue | None, str | None, float]:
        """访问期间，习近平将同马克龙举行会谈 — or, in the paragraph that
        reported the visit or the next, a meeting of the visitor's (普京…对中国进行国事访问。
        习近平同普京在北京举行会谈): no date of its own, but the days of the
        visit (the event lies within them)."""
        visit = self.ctx.last_visit
        if visit is None or visit.precision != "day":
            return None, None, 0.0
        during = _DURING_VISIT.search(self.text, 0, self.trigger.start())
        if during is None and not self._visitor_meets_in_paragraph(visit):
            return None, None, 0.0
        span, text = (during.span(), during.group(0)) if during else ((0, 0), None)
        value = DateValue(start=date.fromisoformat(visit.date), end=date.fromisoformat(visit.date_end),
                          precision="day", text=text or "the visit's days", span=span, rule=_VISIT_DAYS,
                          anchor=date.fromisoformat(visit.date), anchor_kind="narrative")
        return value, text, 0.6

    def _told_as_a_deed(self) -> bool:
        """Whether the clause tells the event as something somebody does
        (他在白宫会晤了拜登, 莫迪与普京在峰会期间举行双边会谈), not as a
        topic (美朝峰会, 会晤的第一天), a reference back (此次会晤) or a
        recollection (曾, 此前, 多次)."""
        clause = self.text[self.comma_start:self.trigger.start()]
        if self._anaphoric() or self.gz.cue("recall_words").search(clause):
            return False
        own = [d for d in self.dates if not self._dates_other_deed(d)]
        if self.text[self.trigger.end():self.trigger.end() + 1] == "的" or own or \
                _SETTING.match(self.text, self.trigger.end()):
            return False  # 会谈的, 会谈后, 访华行程前 (a setting), or a date of the sentence's that is not the event's
        clause_start = _comma_start(self.text, self.trigger.start())  # the whole clause, not just this trigger's stretch
        actors = [p for p in self.people if not p.role_only and clause_start <= p.span[0] < self.trigger.start()]
        return bool(actors) or self.inherited is not None or clause.lstrip()[:1] in ("他", "她")

    def _visitor_meets_in_paragraph(self, visit: Mention) -> bool:
        visitor = visit.actors[0].id if visit.actors else None
        return (self.kind == "talks" and 0 <= self.ctx.anchor.paragraph - self.ctx.last_visit_paragraph <= 1
                and visitor in {_ref_id(p) for p in self.people})

    def _dates_other_deed(self, value: DateValue) -> bool:
        """七月就任后首次访问, 本月就任以来首次通话, 自2021年2月以来: the date is
        that of taking office, or the start of a stretch, not of the event."""
        return self.gz.office_anchor_regex.match(self.text, value.span[1]) is not None

    def _speech_date(self, value: DateValue) -> bool:
        """`24日评价道`: the date is the day somebody spoke, not the meeting."""
        rest = self.text[value.span[1]:]
        rest = rest[_TIME_OF_DAY.match(rest).end():].lstrip("曾也还又再已则")
        rest = rest[1:] if rest[:1] in ("在",) and rest[1:3] in ("接受", "回答") else rest
        venue = self.gz.speech_venue_regex.match(rest)
        rest = rest[venue.end():] if venue else rest
        return self.gz.cue("speech_after_date", "start").match(rest) is not None

    def _location(self) -> str | None:
        """The place the sentence puts the event in: the nearest 在X (or
        瑞士日内瓦) before the trigger in its stretch, else one in its clause
        after it, else one earlier in the sentence (a meeting on arrival),
        else the country after 在. A visit takes its destination city."""
        def locative(p):
            return self.text[max(0, p.span[0] - 3):p.span[0]].endswith(_LOCATIVE_BEFORE) or \
                any(c.span[1] == p.span[0] for c in self.all_countries)
        since = min(self.start, _comma_start(self.text, self.trigger.start()))
        before = [p for p in self.places if since <= p.span[0] < self.trigger.start() and locative(p)]
        after = [p for p in self.places if self.trigger.end() <= p.span[0] < self.comma_end]
        if self.kind == "visit" and after and after[0].span[0] - self.trigger.end() <= 3:
            return self._with_venue(after[0])
        chosen = before[-1] if before else next((p for p in after if locative(p)), None)
        if chosen is None and self.kind == "talks":  # 抵达天津…，并于当天与习近平会晤: where he had arrived
            arrival = tuple(self.gz.cues["arrival"])
            chosen = next((p for p in reversed(self.places)
                           if p.span[0] < since and self.text[:p.span[0]].endswith(arrival)), None)
        if chosen is None and self.kind == "talks":
            return self._country_as_place(since)
        return self._with_venue(chosen) if chosen else None

    def _country_as_place(self, since: int) -> str | None:
        """日美首脑17日在加拿大举行会谈: no city, but the country it was in."""
        inside = [c for c in self.all_countries if since <= c.span[0] < self.trigger.start() and c.kind == "name"
                  and self.text[c.span[0] - 1:c.span[0]] == "在"]
        return self.gz.country_name(inside[-1].code) if inside else None

    def _with_venue(self, place: PlaceMention) -> str:
        """A venue goes with its city (北京人民大会堂), whether the text wrote
        the city (在北京人民大会堂) or not (在人民大会堂); a visit is to the city."""
        venues = self.gz.venues
        if place.name in venues:
            return venues[place.name] + ("" if self.kind == "visit" else place.name)
        if self.kind == "visit":
            return place.name
        venue = next((p for p in self.places if p.span[0] == place.span[1] and venues.get(p.name) == place.name), None)
        return place.name + venue.name if venue else place.name

    # --- parties ------------------------------------------------------------

    def _sides(self) -> list[tuple[object, str]]:
        """(party, country) pairs: people with their countries, then countries
        named on their own, then offices (两国外长) resolved to their holders."""
        sides = []
        for person in self.people:
            if person.country:
                sides.append((person, person.country))
        for country in self.countries:
            sides.append((country, country.code))
        return sides

    def _resolve_roles(self, people: list[PersonMention], value: DateValue) -> list[PersonMention]:
        """Offices (中美元首, 两国外长) become the people who held them that day,
        unless the sentence names that side's person already (习近平同拜登
        举行中美元首会晤)."""
        named = {p.country for p in people if not p.role_only}
        resolved = []
        for person in people:
            if not person.role_only:
                resolved.append(person)
                continue
            if person.country in named:
                continue
            holder = self.gz.holder(person.country, person.office, value.start) if person.office else None
            if holder is not None:
                self.trail.append(f"「{self.original[person.span[0]:person.span[1]]}」 ({person.country}) on "
                                  f"{value.iso} → {holder.name}")
                resolved.append(PersonMention(person.span, holder.name, holder.country, person.title,
                                              person.office, holder, from_role=True))
        return resolved

    def _meeting(self, value: DateValue, sides) -> list[tuple[list[PersonMention], list[str]]]:
        people = self._resolve_roles(self.people, value)
        codes = _unique([code for _, code in sides])
        if value.rule == _VISIT_DAYS and len(codes) < 2:  # 访问期间，两国元首举行了会谈
            codes = _unique(codes + self.ctx.last_visit.countries)
            people = people or self._resolve_roles(self._both_offices(codes), value)
        if len(codes) < 2 and len(people) < 2:
            listed = self._colon_list(people)
            if listed:
                return listed
            self._maybe_list(people)
            inherited, where = self._topic() if self._anaphoric() else (None, "")
            if not inherited:
                return []
            self.trail.append(f"parties from the {where}: {'/'.join(inherited)}")
            codes = _unique(codes + inherited)
        split = re.search(r"分别|先后", self.text[self.start:self.trigger.start()])
        if split:
            pivot = self.start + split.start()
            if not any(p.span[0] > pivot for p in people):  # 同A、B、C分别通电话: the objects follow 同
                with_word = re.search(r"同|与|跟", self.text[self.start:pivot])
                pivot = self.start + with_word.start() if with_word else pivot
            subject = [p for p in people if p.span[0] < pivot]
            subject_codes = _unique([p.country for p in subject] + [c.code for c in self.countries if c.span[0] < pivot])
            objects = _unique([p for p in people if p.span[0] > pivot], key=lambda p: p.key) + \
                      _unique([c for c in self.countries if c.span[0] > pivot and not _country_of(c, people)],
                                  key=lambda c: c.code)
            if subject_codes and len(objects) >= 2:
                return [self._pair(subject, subject_codes, obj) for obj in objects]
        return [(people, codes)]

    def _both_offices(self, codes: list[str]) -> list[PersonMention]:
        """两国元首, 双方外长 in the trigger's clause: that office of each country."""
        clause = self.text[self.comma_start:self.trigger.start()]
        title = re.search(rf"(?:两国|双方)({self.gz.title_regex.pattern})", clause)
        if title is None:
            return []
        span = (self.comma_start + title.start(1), self.comma_start + title.end(1))
        return [PersonMention(span, title.group(1), code, title.group(1), self.gz.office_of(title.group(1)),
                              role_only=True) for code in codes]

    def _topic(self) -> tuple[list[str] | None, str]:
        """The parties an anaphoric 上一次通话 refers to: of the paragraph's
        event of its type, else the story's."""
        if self.kind in self.ctx.topic:
            return self.ctx.topic[self.kind], "paragraph"
        return self.ctx.story_topic.get(self.kind), "story"

    def _colon_list(self, people) -> list[tuple[list[PersonMention], list[str]]]:
        """先后同6位外国领导人举行会晤：哈萨克斯坦总统…、印尼总统…: a counted
        or plural set of partners named in the list after the colon, one
        event with each."""
        plural = f"(?:{self.gz.cues['counted_objects_pattern']}|{'|'.join(self.gz.cues['plural_objects'])})"
        colon = re.match(r"[^，,。；;：:]*[：:]", self.text[self.trigger.end():])
        if not (people and colon):
            return []
        with_them = re.search(f"[同与和跟]{plural}", self.text[self.start:self.trigger.start()])
        if not (with_them or re.search(plural, colon.group(0))):  # 会见了多国外长：
            return []
        subject = people[0]
        listed_from = self.trigger.end() + colon.end()
        objects = _unique([p for p in self.all_people if p.span[0] >= listed_from and not p.role_only
                           and p.country and p.country != subject.country], key=lambda p: p.key)
        self.trail.append(f"one {self.kind} with each of the {len(objects)} listed after the colon")
        return [([subject, obj], _unique([subject.country, obj.country])) for obj in objects]

    def _maybe_list(self, people) -> None:
        after = self.text[self.start:self.trigger.start()]
        if people and any(f"{c}{w}" in after for c in "同与和跟" for w in self.gz.cues["plural_objects"]):
            self.ctx.list_subject = (people[0], self.kind)

    def _pair(self, subject, subject_codes, obj):
        if isinstance(obj, PersonMention):
            return subject + [obj], _unique(subject_codes + [obj.country])
        return subject, _unique(subject_codes + [obj.code])

    def _anaphoric(self) -> bool:
        before = self.text[max(0, self.trigger.start() - 12):self.trigger.start()]
        return self.gz.cue("anaphora_before").search(before) is not None

    def _visit(self, value: DateValue) -> list[tuple[list[PersonMention], list[str]]]:
        """One visit to each destination (访问英国、德国和法国) — none when the
        visit only describes somebody (制裁访问台湾的美国官员, 第六位访问中国的
        外国领导人) or is an invitation (邀请杜特尔特访问日本)."""
        if self._invited():
            return []
        groups = [group for host in self._hosts() for group in self._visit_to(host, value)]
        if not self._attributive_guests("") and self._describes_somebody():
            return []
        return groups

    def _describes_somebody(self) -> bool:
        """访问台湾的美国官员: the visit word and its destination qualify the
        noun after them, with no traveller before it (朴炳锡2月访华的回访 was
        a visit)."""
        clause_start = _comma_start(self.text, self.trigger.start())
        if any(clause_start <= p.span[0] < self.trigger.start() for p in self.all_people if not p.role_only):
            return False
        after = self.text[self.trigger.end():self.comma_end]
        destination = self.gz.country_regex.match(after) or self.gz.place_regex.match(after)
        rest = after[destination.end():] if destination else after
        return rest.startswith("的") and not self.gz.cue("called_off_after").match(rest, 1)

    def _invited(self) -> bool:
        """岸田邀请菲律宾总统杜特尔特访问日本: invited, not (yet) going — unless
        the clause dates it as agreed (将于…)."""
        clause = self.text[_comma_start(self.text, self.trigger.start()):self.trigger.start()]
        invited = _INVITED.search(clause)
        if invited is None or _future_marks(invited.group(0), self.gz):
            return False
        self.trail.append("not an event: an invitation")
        return True

    def _visit_to(self, host: str, value: DateValue) -> list[tuple[list[PersonMention], list[str]]]:
        guests = self._attributive_guests(host)
        if guests:  # 会见了来华出席论坛的A国防长甲、B国防长乙: each is a visitor
            return [([guest], _unique([guest.country, host])) for guest in guests]
        people = self._resolve_roles(self.people, value)
        visitors = [p for p in people if p.country != host and p.span[1] <= self.trigger.start()
                    and not self._invites(p)]
        visitors = visitors[-1:] or [p for p in self._resolve_roles(self.after_people, value) if p.country != host][:1]
        if not visitors and not any(p.span[0] < self.trigger.start() for p in self.people):
            subject = self._earlier_subject() or self._pronoun() or self._sentence_subject()
            visitors = [subject] if subject is not None and subject.country != host else []
        if visitors:
            visitor = visitors[0]
            return [([visitor], _unique([visitor.country, host]))]
        guests = [c.code for c in self.countries if c.code != host and c.span[1] <= self.trigger.start()]
        return [([], _unique([guests[-1], host]))] if guests else []

    def _attributive_guests(self, host: str) -> list[PersonMention]:
        """来华出席…的A、B、C: a visit word in a phrase that describes the people
        listed after its 的 — the people visited, one visit each."""
        if len(self.after_people) < 2:
            return []
        first = self.after_people[0]
        if "的" not in self.text[self.trigger.end():first.span[0]]:
            return []
        return _unique([p for p in self.after_people if p.country and p.country != host and not p.role_only],
                       key=lambda p: p.key)

    def _invites(self, person: PersonMention) -> bool:
        """应印尼总统佐科邀请, 在拜登的邀请下: the host who invites, no traveller."""
        return any(m.start() < person.span[0] < m.end() for m in _INVITATION.finditer(self.text))

    def _sentence_subject(self) -> PersonMention | None:
        """总统府表示，总统赖清德将于…展开…之旅，率团访问…: the traveller of a
        clause with no one in it is the sentence's first person named before
        it (not one who invites)."""
        named = [p for p in self.all_people if p.span[1] <= self.comma_start and not p.role_only
                 and not self._invites(p)]
        if named:
            self.trail.append(f"visitor 「{named[0].name}」: the sentence's subject")
        return named[0] if named else None

    def _earlier_subject(self) -> PersonMention | None:
        """普京20日结束对朝鲜的国事访问，抵达越南: the clause's traveller is the
        sentence's subject, named before an earlier trigger."""
        earlier = [p for p in self.all_people if p.span[1] <= self.start and not p.role_only]
        if earlier and self.start > 0:
            self.trail.append(f"visitor 「{earlier[0].name}」 carried over from an earlier clause")
            return earlier[0]
        return None

    def _hosts(self) -> list[str]:
        """The destination, and the countries listed with it: 访问英国、德国和法国,
        对意大利、荷兰、挪威进行正式访问, 依序走访以色列、卡达、菲律宾 — one visit each."""
        host = self._host()
        if host is None:
            return []
        listed = self._destination_list(host)
        return listed if listed else [host]

    def _destination_list(self, host: str) -> list[str]:
        """The run of countries joined by 、/和/以及 that holds the destination,
        read after 对 before the trigger or after the trigger itself."""
        countries = sorted(self.all_countries, key=lambda c: c.span)
        target = _VISIT_LIST_TARGET.search(self.text, self.comma_start, self.trigger.start())
        opening = target.end() if target else self.trigger.end()
        first = next((i for i, c in enumerate(countries) if c.span[0] >= opening), None)
        if first is None or countries[first].code != host:
            return []
        run = [countries[first]]
        for country in countries[first + 1:]:
            if not self.gz.destination_joiner_regex.fullmatch(self.text, run[-1].span[1], country.span[0]):
                break
            run.append(country)
        if target and run[-1].span[1] > self.trigger.start():
            return []
        return _unique([c.code for c in run])

    def _host(self) -> str | None:
        word = self.trigger.group(0)
        fixed = self.gz.cues["visit_destination_in_word"].get(word)
        if fixed:
            return fixed
        listed = _VISIT_LIST_TARGET.search(self.text, self.comma_start, self.trigger.start())
        if listed:  # 对意大利、荷兰进行正式访问: the first of the list
            code = self._country_at(self.text[listed.end():self.trigger.start()])
            if code:
                return code
        before = self.text[self.start:self.trigger.start()]
        target = _VISIT_TARGET.search(before)
        if target:  # the longest country name after 对 (巴勒斯坦, not 巴)
            code = self._country_at(before[target.start("c"):])
            if code:
                return code
        if word in self.gz.cues["visit_to_receiver"] and self.text[self.trigger.end():self.trigger.end() + 1] == "的":
            return self._receiving_country()
        if word in self.gz.cues["visit_needs_destination"] or word.endswith("访问"):
            at = self.gz.destination_qualifier_regex.match(self.text, self.trigger.end()).end()
            if self.gz.country_regex.match(self.text, at) and not any(c.span[0] == at for c in self.all_countries):
                return None  # 访问非洲大陆: a word the country reader dropped (not_countries)
            return self._country_at(self.text[at:at + 14])
        return None

    def _receiving_country(self) -> str | None:
        """接见来访的巴拉圭总统潘尼亚: the visitor came to the country of the
        person who received him, named before in the sentence."""
        hosts = [p.country for p in self.all_people if p.span[1] <= self.trigger.start() and p.country]
        return hosts[-1] if hosts else None

    def _country_at(self, text: str) -> str | None:
        """The country a destination names: 俄罗斯, 俄, 华, or a city in it."""
        if not text:
            return None
        match = self.gz.country_regex.match(text) or self.gz.place_regex.match(text)
        if match:
            word = match.group(0)
            return self.gz.country_words.get(word) or self.gz.places.get(word)
        if text[0] == "华":
            return "CN"
        return self.gz.short_names.get(text[0]) if text[0] in self.gz.short_names else None

    # --- output ---------------------------------------------------------------

    def _mention(self, people, codes, value, date_text, confidence, status, location) -> Mention:
        actors = [self._actor(p) for p in _unique(people, key=lambda p: p.key)]
        if self.kind == "visit" and actors:
            actors[0].role = "visitor"
        countries = _unique([a.country for a in actors if a.country] + list(codes))
        if not actors:
            confidence -= 0.15
        if self.ctx.year_guessed:
            confidence -= 0.2
        trail = [value.trail()] if value.rule != "dateline" else [
            f"no date in the sentence → the dateline's {value.start.isoformat()}"]
        trail.append(f"「{self.trigger.group(0)}」 → {self.kind}" + ("" if status == "held" else ", planned"))
        # a month-precision date's last day (3月下旬, 下半年) stays in the trail: merging reads day spans only
        return Mention(type=self.kind, status=status, date=value.iso,
                       date_end=value.end.isoformat() if value.end and value.precision == "day" else None,
                       precision=value.precision,
                       location=location, actors=actors, countries=countries, evidence=self.original,
                       date_text=date_text, confidence=round(max(0.05, confidence), 2),
                       trail=trail + self.trail, imprecise=value.imprecise, story_dated=value.rule == "story")

    def _actor(self, person: PersonMention) -> ActorRef:
        return _ref(person, self.original, self.text)


def _ref_id(person: PersonMention) -> str:
    return person.person.id if person.person is not None else slug_for(person.name)


def _ref(person: PersonMention, original: str, text: str) -> ActorRef:
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


_CLAUSE_MARK = re.compile(r"[。！？!?；;]")
_COMMA_MARK = re.compile(r"[，,。！？!?；;：:]")
_UP_TO_LAST_COMMA = re.compile(r".*[，,。！？!?；;：:]", re.S)


def _list_end(text: str, comma_end: int, people) -> int:
    """分别会见A的副总理兼财长黄循财，B的主席王瑞杰，外长维文，就…交流: a list
    whose items carry titles with 、 in them is cut by commas; it goes on
    while each comma's stretch ends with a person."""
    ends = {p.span[1] for p in people}
    end = comma_end
    while end < len(text) and text[end] in "，," and end in ends:
        following = _comma_end(text, end + 1)
        if following not in ends:
            break
        end = following
    return end


def _clause_end(text: str, position: int) -> int:
    match = _CLAUSE_MARK.search(text, position)
    return match.start() if match else len(text)


def _comma_end(text: str, position: int) -> int:
    match = _COMMA_MARK.search(text, position)
    return match.start() if match else len(text)


def _comma_start(text: str, position: int) -> int:
    match = _UP_TO_LAST_COMMA.match(text, 0, position)
    return match.end() if match else 0


def _is_locative(text: str, country: CountryMention, places: list[PlaceMention]) -> bool:
    """瑞士日内瓦, 在美国, 赴俄: the country says where, not who."""
    if country.kind == "pair":
        return False
    before = text[max(0, country.span[0] - 3):country.span[0]]
    if before.endswith(_LOCATIVE_BEFORE):
        return True
    return any(p.span[0] == country.span[1] for p in places)


def _country_of(country: CountryMention, people: list[PersonMention]) -> bool:
    return any(p.country == country.code for p in people)


def _unique(items: list, key=lambda item: item) -> list:
    """Items in their first order, each key once, falsy items dropped."""
    seen, out = set(), []
    for item in items:
        if item and key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out
