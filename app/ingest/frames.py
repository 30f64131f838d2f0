"""The frames stage: one trigger word (会谈, 通电话, 访问…) and the stretch
of sentence that belongs to it — its participants in their roles (subject,
partner, visitor, host), its time, its place, its modality and polarity —
decided into mentions."""
import re
from dataclasses import replace
from datetime import date

from app.ingest.dates import DAY_JOINERS, DateValue
from app.ingest.discourse import carried, future_marks
from app.ingest.document import clause_end, comma_end, comma_start, list_end
from app.ingest.entities import CountryMention, PersonMention, PlaceMention
from app.ingest.mentions import ActorRef, Mention, actor_ref, ref_id, unique


_TIME_OF_DAY = re.compile(r"^(?:晚间|晚上|晚|上午|下午|中午|早上|早间|凌晨|夜间|傍晚|当地时间|早些时候)?")
_LOCATIVE_BEFORE = ("在", "于", "赴", "抵达", "前往", "到", "访问", "飞抵", "来到", "首都")
# 访问期间, 访华期间, 此访期间, 在华期间: within the days of the visit just reported.
VISIT_DAYS = "days of the visit"
_DURING_VISIT = re.compile(r"(?:访问|访华|来华|在华|在京|此访|出访|访[\u4e00-\u9fff])期间")
# Between an organisation and the word for its meeting: 成员国元首理事会, 领导人第十六次.
_GATHERING_QUALIFIERS = re.compile(r"(?:[（(][^（）()]{1,10}[）)])?(?:成员国|国家)?(?:领导人|元首|首脑|外长|政府首脑)?(?:理事会)?"
                                   r"(?:第[0-9一二三四五六七八九十百]+[次届])?(?:非正式)?")
_ATTENDING = re.compile(r"(?:出席|参加)[^，。；;,]*$")
# 会谈后, 访华行程前, 会晤之前: the event sets the time of another deed.
_SETTING = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:之|以)?[前后](?![往来面者进去])")
# 邀请X访问: an invitation (not 应…邀请, 在…邀请下, 受邀, 邀请下).
_INVITED = re.compile(r"(?<![应受])邀请(?!下)[^，,。；;]{0,24}$")
_INVITATION = re.compile(r"应[^，,。；;]{1,40}?邀请|在[^，,。；;]{1,30}?的?邀请下")
# 正在菲律宾进行3天官方访问, 在日本进行为期三天的访问: where a visit word with no destination is.
_VISITED_IN = re.compile(r"(?:正在|在|于)(?=[\u4e00-\u9fff]{1,10}(?:进行|展开)[^，,。；;]{0,10}$)")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年|[去前今明当]年")
# 潘尼亚总统上月又再度(来访): a title and adverbs between the visitor and the word.
_VISITOR_RIGHT_BEFORE = re.compile(r"(?:(?!欢迎|邀请)[^的，,。；;]){0,6}")
# 与普京及习近平会面: the word before the partners of a meeting (not 同日, 同时); 同普京,
# 与英国首相斯塔默: a clause whose people all follow it (and their country and title).
_WITH_PARTY = re.compile(r"同(?![日时期年月天样一])|与|跟")
_WITH_BEFORE_PARTY = re.compile(rf"(?:{_WITH_PARTY.pattern}|和)[\u4e00-\u9fff]{{0,12}}$")
# 在河内出席, 于东京参加: the place right before the verb of attending.
_ATTENDED_AT = re.compile(r".*(?:在|于)(?P<where>[\u4e00-\u9fff]{1,10})$")
# 出席…峰会期间/时/之际, 会见…: the attending only sets the scene of the meeting.
_ATTENDANCE_AS_SETTING = re.compile(r"[^，,。；;]{0,40}?(?:期间|之际|间隙|时)[，,]?[^。；;]*?(?:会见|会晤|会谈|通话|举行)")
# 对上述三国进行正式访问: the countries named before.
_ABOVE_NAMED = re.compile(r"对上述(?:[0-9一二两三四五六七八九十]+个?)?(?:国家|国)")
# 外长王毅5日陪同国务院总理(李强): between companion and traveller.
_ACCOMPANYING = re.compile(r"[^，,。；;]{0,14}?陪同[^，,。；;]{0,12}")
# Between two people listed as one subject: a joiner, then the next one's country and title.
_LISTED_WITH = re.compile(r"(?:、|和|与|及|以及|，|,)[\u4e00-\u9fff]{0,12}")
_JOINERS = "－—-–与和同、"  # 中国—东盟峰会: the organisation is one of two named sides
# 两国元首, 三国领导人, 双方: a clause about the parties of an event already
# named, not about the people of an earlier clause.
_PLURAL_PARTIES = re.compile(r"(?:两|三|四|双|各)(?:国|方)")
# 对俄罗斯进行, 对中国进行为期5天的 (国事访问): the country a visit is paid to.
# 对意大利、荷兰、挪威进行正式访问: 对 opening a list of destinations before the trigger.
_VISIT_LIST_TARGET = re.compile(r"对(?=[\u4e00-\u9fff]{2,12}(?:、|和|与|以及|及)[^，,。；]*(?:(?:进行|展开|的)[^，,。；]{0,6})?$)")
_VISIT_TARGET = re.compile(r"对(?P<c>[\u4e00-\u9fff]{1,8}?)(?:进行|展开|开始)?[\u4e00-\u9fff0-9０-９]{0,8}$")


TRIP_ENDS_BY = "trip_ends_by"  # the rule of a date a finished trip was over by


class Frame:
    """One trigger word and the stretch of sentence that belongs to it."""

    def __init__(self, text, original, trigger, window_start, people, countries, places, dates, ctx):
        self.text, self.original, self.trigger = text, original, trigger
        self.ctx, self.gz = ctx, ctx.gz
        self.trail: list[str] = []
        self.kind = self.gz.trigger_type(trigger.group(0))
        self.start = window_start
        self.clause_end = clause_end(text, trigger.end())
        self.clause_start = comma_start(text, trigger.start())  # its comma clause, whatever triggers came before
        self.comma_start = max(window_start, self.clause_start)
        if self.kind == "talks" and self.gz.cue("remote_modes").search(text, self.clause_start,
                                                                       trigger.start()):
            self.kind = "call"  # 以视频方式同拜登举行会晤: a video conversation
        self.comma_end = comma_end(text, trigger.end())
        transitive = trigger.group(0) in ctx.gz.cues["transitive"]
        if transitive and re.search(r"(?:分别|先后)[^，,。；;]{0,2}$", text[self.comma_start:trigger.start()]):
            self.comma_end = list_end(text, self.comma_end, people)
        reach = self.comma_end if transitive or self.kind == "visit" else trigger.end()
        self.after_people = [p for p in people if trigger.end() <= p.span[0] < self.comma_end]
        self.gathering = {c.code for c in countries if self._names_gathering(c)}
        parties = [c for c in countries if not _is_locative(text, c, places) and c.code not in self.gathering]
        hosts = self.gathering  # 上海合作组织成员国元首: the gathering's, no side (nor where else the sentence names it)
        people = [p for p in people if not (p.role_only and p.country in hosts)]
        self.inherited = None
        starts = (self.comma_start, self.clause_start, window_start)
        if _PLURAL_PARTIES.search(text, self.comma_start, trigger.start()):
            starts = starts[:2]  # 三国领导人举行了峰会: the leaders of the meeting just reported
        for start in starts:
            self.people, self.countries = self._parties(people, parties, start, reach)
            if self._side_count() >= 2:
                break
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
        earlier = [p for p in people if p.span[1] <= self.start and not p.role_only and not self._speaks(p)]
        subject = earlier[0] if earlier else (self._pronoun() or self.ctx.subject)
        if subject is not None and subject.key not in {p.key for p in self.people}:
            own = [p for p in self.people if p.span[0] >= self.comma_start]  # not the last clause's object
            self.people = [subject] + (own or self.people)
            self.inherited = subject
            self.trail.append(f"subject 「{subject.name}」 carried over from an earlier clause")

    def _speaks(self, person: PersonMention) -> bool:
        """次长吴志中说，林佳龙本周将与…会面: the one who tells of the meeting."""
        return self.gz.cue("speech_after_date", "start").match(self.text, person.span[1]) is not None

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
        paired = self._dates_each_its_own()
        if paired:
            return [m for day in paired for m in self._mentions_on(day, day.text, 0.9, sides)]
        return self._mentions_on(value, date_text, confidence, sides)

    def _mentions_on(self, value: DateValue, date_text: str | None, confidence: float, sides) -> list[Mention]:
        before = self.text[self.start:self.trigger.start()]
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

    def _dates_each_its_own(self) -> list[DateValue]:
        """今年3月和5月，A分别访华和赴日本出席论坛，其间会见了两国领导人:
        the dates listed before 分别 go in order with the deeds joined after
        it (ANNOTATION: 分别 pairs them in order) — the n-th trip its n-th
        date, the meeting held on each trip one on each date."""
        each = self.text.rfind("分别", 0, self.trigger.start())
        if each < 0:
            return []
        run = [d for d in self.dates if d.span[1] <= each and each - d.span[1] <= 12]
        if not run:
            return []
        listed = [d for d in self.dates if d.span[1] <= run[-1].span[0]]
        days = [run[-1]]
        for value in reversed(listed):
            if self.text[value.span[1]:days[0].span[0]] not in DAY_JOINERS:
                break
            days.insert(0, value)
        if len(days) < 2:
            return []
        if self.kind != "visit":
            return days
        leg = len(self.gz.cue("destination_joiners").findall(self.text, each, self.trigger.start()))  # 访华和赴日本
        return [days[leg]] if leg < len(days) else []

    def _habitual(self, value: DateValue) -> bool:
        """上周会面后，他都有和普京保持通话: keeping in touch is no one event,
        unless a day says when (他昨天和普京保持通话)."""
        return self.gz.cue("habitual_before", "end").search(self.text, 0, self.trigger.start()) is not None and \
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
        after = self.gz.cue("called_off_after").search(self.text, self.trigger.end(), self.clause_end) or \
            self._a_goal()
        if after:
            self.trail.append(f"not an event: 「{after.group(0)}」 after 「{self.trigger.group(0)}」")
        return after is not None

    def _a_goal(self) -> re.Match | None:
        """为石破茂年内访华创造条件, 为两国元首会晤铺平道路: what is worked for, not done
        — the trigger between 为 and the goal word of its own clause."""
        opens = self.text.rfind("为", self.comma_start, self.trigger.start())
        if opens < 0:
            return None
        return self.gz.cue("goal_after").search(self.text, self.trigger.end(), self.comma_end)

    def _aggregate(self) -> bool:
        """今年已通话5次, 多次会晤: a count of events, none of them — unless
        the count is of the telling (马克龙多次提到他将于5月访日: one visit)."""
        stretch = self.text[self.start:min(len(self.text), self.trigger.end() + 6)]
        count = self.gz.aggregate_regex.search(stretch)
        if count is None:
            return False
        told = self.gz.cue("speech_after_date", "start").match(stretch, count.end())
        return told is None or self.start + told.end() > self.trigger.start()

    def _planned(self, before: str, value: DateValue) -> bool:
        """A future marker before the trigger or in its own clause (会谈将于…
        举行) — or in the sentence's first clause when this one goes on
        with 并 (计划下周出席…峰会，并与特朗普举行会晤) — or a date still to
        come when the article was published (a dateline's story may be older)."""
        stretch = before + self.text[self.trigger.start():self.comma_end]
        if self.text[self.comma_start:self.trigger.start()].lstrip().startswith("并"):
            stretch = self.text[:self.trigger.start()] + stretch
        return bool(future_marks(stretch, self.gz)) or value.start > max(self.ctx.anchor.now, self.ctx.article_now)

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
        if self.kind == "visit" and self._finished():
            return self._finished_by()
        then = self._at_that_time()
        if then is not None:
            return then, None, 0.7
        if _YEAR.search(self.text, self.start, self.comma_end):
            return None, None, 0.0  # 于2018年在澳门举行: a year of its own, not the story's day
        if self.ctx.section_dateline is not None and self.ctx.section_sentence == 0:
            filed = self.ctx.section_dateline
            value = DateValue(start=filed, precision="day", text="dateline", span=(0, 0), rule="dateline",
                              anchor=filed, anchor_kind="now")
            return value, None, 0.7
        during = self._during_visit()
        return during if during[0] is not None else self._story_date()

    def _at_that_time(self) -> DateValue | None:
        """维埃拉将于5日访华。…届时，王毅将同维埃拉举行会谈: the day
        of the planned event of the same people the article told last."""
        if not self.gz.cue("at_that_time").search(self.text, self.start, self.trigger.start()):  # 届时，…会谈
            return None
        keys = {ref_id(p) for p in self.people}
        codes = {p.country for p in self.people if p.country}
        told = [m for m in self.ctx.planned if keys & {a.id for a in m.actors} and codes <= set(m.countries)]
        if not told:
            return None
        event = told[-1]
        self.trail.append(f"「届时」 → the day of the {event.type} told before, {event.date}")
        return DateValue(start=date.fromisoformat(event.start), precision=event.precision, text="届时",
                         span=(0, 0), rule="at that time", anchor=date.fromisoformat(event.start),
                         anchor_kind="narrative")

    def _finished(self) -> bool:
        """在圆满结束对A、B的国事访问后: the trip is told as over."""
        finished = self.gz.cue("trip_finished_before").search(self.text, self.comma_start, self.trigger.start())
        return finished is not None and self.text.startswith("对", finished.end())

    def _finished_by(self) -> tuple[DateValue | None, str | None, float]:
        """…访问后，全国政协主席王沪宁10日晚回到北京: the day the trip was
        over by; its own days come from the article (date_finished_trips)."""
        later = [d for d in self.dates if d.span[0] >= self.trigger.end() and d.precision == "day"]
        if not later:
            return None, None, 0.0
        value = replace(later[0], rule=TRIP_ENDS_BY)
        self.trail.append(f"a trip finished by {value.start.isoformat()} (「{later[0].text}」)")
        return value, later[0].text, 0.6

    def _story_date(self) -> tuple[DateValue | None, str | None, float]:
        """An event sentence with no date of its own belongs to the story it
        is told in: the last date its paragraph set, else the dateline's day
        (ANNOTATION: the date of the story it belongs to) — with a lower
        confidence and a trail that says so. A sentence that recalls the
        past (曾, 此前, 多次) keeps no date."""
        if self.ctx.in_caption or not self._told_as_a_deed():
            return None, None, 0.0
        if self.ctx.before_sentence is not None and not self._told_as_now():
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

    def _told_as_now(self) -> bool:
        """眼下，石破茂正在访华; 此时访问东京: the time of writing, not the last date
        the paragraph spoke of (上月欧盟公布制裁方案)."""
        return self.gz.cue("now_words").search(self.text, self.clause_start, self.trigger.start()) is not None

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
                          precision="day", text=text or "the visit's days", span=span, rule=VISIT_DAYS,
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
        own = [d for d in self.dates if not self._dates_other_deed(d) and d.span[0] < self.comma_end]
        if self.text[self.trigger.end():self.trigger.end() + 1] == "的" or own or \
                _SETTING.match(self.text, self.trigger.end()):
            return False  # 会谈的, 会谈后, 访华行程前 (a setting), or a date of the sentence's that is not the event's
        actors = [p for p in self.people if not p.role_only and self.clause_start <= p.span[0] < self.trigger.start()]
        return bool(actors) or self.inherited is not None or clause.lstrip()[:1] in ("他", "她")

    def _visitor_meets_in_paragraph(self, visit: Mention) -> bool:
        visitor = visit.actors[0].id if visit.actors else None
        return (self.kind == "talks" and 0 <= self.ctx.anchor.paragraph - self.ctx.last_visit_paragraph <= 1
                and visitor in {ref_id(p) for p in self.people})

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
        since = min(self.start, self.clause_start)
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
        codes = unique([code for _, code in sides])
        if value.rule == VISIT_DAYS and len(codes) < 2:  # 访问期间，两国元首举行了会谈
            codes = unique(codes + self.ctx.last_visit.countries)
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
            codes = unique(codes + inherited)
        split = re.search(r"分别|先后", self.text[self.start:self.trigger.start()])
        if split:
            pivot = self.start + split.start()
            if not any(p.span[0] > pivot for p in people):  # 同A、B、C分别通电话: the objects follow 同
                with_word = re.search(r"同|与|跟", self.text[self.start:pivot])
                pivot = self.start + with_word.start() if with_word else pivot
            subject = [p for p in people if p.span[0] < pivot]
            subject_codes = unique([p.country for p in subject] + [c.code for c in self.countries if c.span[0] < pivot])
            objects = unique([p for p in people if p.span[0] > pivot], key=lambda p: p.key) + \
                      unique([c for c in self.countries if c.span[0] > pivot and not _country_of(c, people)],
                                  key=lambda c: c.code)
            if subject_codes and len(objects) >= 2:
                return [self._pair(subject, subject_codes, obj) for obj in objects]
        return self._each_partner(people) or [(people, codes)]

    def _each_partner(self, people: list[PersonMention]) -> list[tuple[list[PersonMention], list[str]]]:
        """石破茂与习近平及尹锡悦会面, 会见了甲国总统A、乙国总理B: one subject and
        several partners listed after 与/同 (or after a transitive trigger) are
        one talk with each (ANNOTATION: lists) — unless the clause calls it one
        meeting of all (三方会谈, 三国领导人会晤, 共同)."""
        if self.kind != "talks" or len(people) < 3 or \
                self.gz.cue("one_meeting_of_all").search(self.text, self.comma_start, self.clause_end):
            return []
        marker = _WITH_PARTY.search(self.text, self.comma_start, self.trigger.start())
        pivot = marker.start() if marker else self.trigger.start()
        subject = [p for p in people if p.span[0] < pivot]
        partners = [p for p in people if p.span[0] > pivot]
        if len(subject) != 1 or len(partners) < 2 or not all(
                _LISTED_WITH.fullmatch(self.text, a.span[1], b.span[0]) for a, b in zip(partners, partners[1:])):
            return []
        self.trail.append(f"one talk with each of {len(partners)} partners")
        return [([subject[0], partner], unique([subject[0].country, partner.country])) for partner in partners]

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
        objects = unique([p for p in self.all_people if p.span[0] >= listed_from and not p.role_only
                           and p.country and p.country != subject.country], key=lambda p: p.key)
        self.trail.append(f"one {self.kind} with each of the {len(objects)} listed after the colon")
        return [([subject, obj], unique([subject.country, obj.country])) for obj in objects]

    def _maybe_list(self, people) -> None:
        after = self.text[self.start:self.trigger.start()]
        if people and any(f"{c}{w}" in after for c in "同与和跟" for w in self.gz.cues["plural_objects"]):
            self.ctx.list_subject = (people[0], self.kind)

    def _pair(self, subject, subject_codes, obj):
        if isinstance(obj, PersonMention):
            return subject + [obj], unique(subject_codes + [obj.country])
        return subject, unique(subject_codes + [obj.code])

    def _anaphoric(self) -> bool:
        before = self.text[max(0, self.trigger.start() - 12):self.trigger.start()]
        return self.gz.cue("anaphora_before").search(before) is not None

    def _visit(self, value: DateValue) -> list[tuple[list[PersonMention], list[str]]]:
        """One visit to each destination (访问英国、德国和法国) — none when the
        visit only describes somebody (制裁访问台湾的美国官员, 第六位访问中国的
        外国领导人) or is an invitation (邀请杜特尔特访问日本)."""
        if self._invited() or self._describes_somebody():
            return []
        return [group for host in self._hosts() for group in self._visit_to(host, value)]

    def _describes_somebody(self) -> bool:
        """访问台湾的美国官员: the visit word and its destination qualify the
        noun after them, with no traveller before it (朴炳锡2月访华的回访 was
        a visit)."""
        if self._guest_list() or any(self.clause_start <= p.span[0] < self.trigger.start()
                                     for p in self.all_people if not p.role_only):
            return False  # 来华出席论坛的A、B: the guests are named
        after = self.text[self.trigger.end():self.comma_end]
        destination = self.gz.country_regex.match(after) or self.gz.place_regex.match(after)
        rest = after[destination.end():] if destination else after
        return rest.startswith("的") and not self.gz.cue("called_off_after").match(rest, 1)

    def _invited(self) -> bool:
        """岸田邀请菲律宾总统杜特尔特访问日本: invited, not (yet) going — unless
        the clause dates it as agreed (将于…)."""
        clause = self.text[self.clause_start:self.trigger.start()]
        invited = _INVITED.search(clause)
        if invited is None or future_marks(invited.group(0), self.gz):
            return False
        self.trail.append("not an event: an invitation")
        return True

    def _visit_to(self, host: str, value: DateValue) -> list[tuple[list[PersonMention], list[str]]]:
        guests = [guest for guest in self._guest_list() if guest.country != host]
        if guests:  # 会见了来华出席论坛的A国防长甲、B国防长乙: each is a visitor
            return [([guest], unique([guest.country, host])) for guest in guests]
        people = self._resolve_roles(self.people, value)
        visitors = [p for p in people if p.country != host and p.span[1] <= self.trigger.start()
                    and not self._invites(p)]
        visitors = self._travellers(visitors) or \
            [p for p in self._resolve_roles(self.after_people, value) if p.country != host][:1]
        if not visitors and not any(p.span[0] < self.trigger.start() for p in self.people):
            subject = self._earlier_subject() or self._pronoun() or self._sentence_subject() or \
                (self._returning() if value.rule == TRIP_ENDS_BY else None)
            visitors = [subject] if subject is not None and subject.country != host else []
        if visitors:
            return [([visitor, *self._companions(visitor, host)], unique([visitor.country, host]))
                    for visitor in visitors]
        guests = [c.code for c in self.countries if c.code != host and c.span[1] <= self.trigger.start()]
        return [([], unique([guests[-1], host]))] if guests else []

    def _travellers(self, visitors: list[PersonMention]) -> list[PersonMention]:
        """The last person named before the visit word, and those listed with
        him when each travels (A、B、C都率团来台; 甲国外长A和乙国外长B先后访华):
        one visit each. 习近平和夫人彭丽媛访问: one traveller's party."""
        run = visitors[-1:]
        for person in reversed(visitors[:-1]):
            if not _LISTED_WITH.fullmatch(self.text, person.span[1], run[0].span[0]):
                break
            run.insert(0, person)
        if len(run) > 1 and len({p.country for p in run}) == 1 and \
                not self.gz.cue("each_traveller").search(self.text, run[-1].span[1], self.trigger.start()):
            return run[-1:]
        return run

    def _companions(self, visitor: PersonMention, host: str) -> list[PersonMention]:
        """王毅陪同国务院总理李强访问德国: who accompanies the traveller travels
        with him, one visit of both."""
        return [p for p in self.all_people
                if p.span[1] <= visitor.span[0] and p.country == visitor.country and p.country != host
                and not p.role_only and _ACCOMPANYING.fullmatch(self.text, p.span[1], visitor.span[0])]

    def _returning(self) -> PersonMention | None:
        """在结束对…的访问后，全国政协主席王沪宁10日晚回到北京: the one who comes back."""
        after = [p for p in self.all_people if p.span[0] >= self.comma_end and not p.role_only]
        return after[0] if after else None

    def _guest_list(self) -> list[PersonMention]:
        """来华出席…的A、B、C: a visit word in a phrase that describes the people
        listed after its 的 — the visitors, one visit each."""
        if len(self.after_people) < 2 or "的" not in self.text[self.trigger.end():self.after_people[0].span[0]]:
            return []
        return unique([p for p in self.after_people if p.country and not p.role_only], key=lambda p: p.key)

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
        earlier = [p for p in self.all_people if p.span[1] <= self.start and not p.role_only and not self._invites(p)]
        if earlier and self.start > 0:
            self.trail.append(f"visitor 「{earlier[0].name}」 carried over from an earlier clause")
            return earlier[0]
        return None

    def _hosts(self) -> list[str]:
        """The destination, and the countries listed with it: 访问英国、德国和法国,
        对意大利、荷兰、挪威进行正式访问, 依序走访以色列、卡达、菲律宾 — one visit each."""
        named = self._countries_named_before()
        if named:
            return named
        host = self._host()
        if host is None:
            return []
        listed = self._destination_list(host)
        return listed if listed else [host]

    def _countries_named_before(self) -> list[str]:
        """应新西兰总理、澳大利亚总理邀请，李强13日离开北京，对上述两国进行正式
        访问: the countries the sentence named before (the traveller's own is
        no destination: see _visit_to)."""
        above = _ABOVE_NAMED.search(self.text, self.comma_start, self.trigger.start())
        if above is None:
            return []
        codes = [p.country for p in self.all_people if p.span[0] < above.start() and self._invites(p)] + \
                [c.code for c in self.all_countries if c.span[0] < above.start()]
        return unique([code for code in codes if code])

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
        return unique([c.code for c in run])

    def _host(self) -> str | None:
        word = self.trigger.group(0)
        fixed = self.gz.cues["visit_destination_in_word"].get(word)
        if fixed:
            return fixed
        if word in self.gz.cues["attend_words"]:
            return attended_abroad(self.text, self.trigger, self.gz)
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
        if word in self.gz.cues["visit_to_home"]:
            return self._home_visited()
        if word in self.gz.cues["visit_needs_destination"] or word.endswith("访问"):
            at = self.gz.destination_qualifier_regex.match(self.text, self.trigger.end()).end()
            if self.gz.country_regex.match(self.text, at) and not any(c.span[0] == at for c in self.all_countries):
                return None  # 访问非洲大陆: a word the country reader dropped (not_countries)
            return self._country_at(self.text[at:at + 14]) or self._visited_where(word)
        return None

    def _home_visited(self) -> str | None:
        """巴拉圭总统潘尼亚上月再度来访: a foreigner named right before 来访 comes to
        the paper's own country; not 欢迎王毅部长来访 (said abroad of one of
        ours) nor 来访当天 (a time, not an event)."""
        if self.gz.cue("visit_as_time", "start").match(self.text, self.trigger.end()):
            return None
        before = [p for p in self.people if p.span[1] <= self.trigger.start() and not p.role_only]
        if not before or before[-1].country in (None, self.ctx.home):
            return None
        return self.ctx.home if _VISITOR_RIGHT_BEFORE.fullmatch(self.text, before[-1].span[1],
                                                              self.trigger.start()) else None

    def _visited_where(self, word: str) -> str | None:
        """岸田文雄正在菲律宾进行3天官方访问: a visit word with nothing after it
        takes the country the clause puts it in (在/正在/于 + country)."""
        if not word.endswith("访问") or self.trigger.group(0) in self.gz.cues["visit_destination_in_word"]:
            return None
        clause = self.text[self.comma_start:self.trigger.start()]
        where = _VISITED_IN.search(clause)
        return self._country_at(clause[where.end():]) if where else None

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
        actors = [self._actor(p) for p in unique(people, key=lambda p: p.key)]
        if self.kind == "visit" and actors:
            actors[0].role = "visitor"
        countries = unique([a.country for a in actors if a.country] + list(codes))
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
                       trail=trail + self.trail, imprecise=value.imprecise, story_dated=value.rule == "story",
                       ends_by=value.start if value.rule == TRIP_ENDS_BY else None)

    def _actor(self, person: PersonMention) -> ActorRef:
        return actor_ref(person, self.original, self.text)


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


def attended_abroad(text: str, trigger: re.Match, gz) -> str | None:
    """Where 出席/参加 takes its subject, when the clause says: 在河内出席,
    在越南河内参加 (the places right before, after 在/于), 出席瓜地马拉总统
    就职典礼 (a country's own ceremony) — else None: attending is no trip by
    itself."""
    if _ATTENDANCE_AS_SETTING.match(text, trigger.end()):
        return None  # 在阿斯塔纳出席峰会期间会见普京: the setting of the meeting told
    before = text[max(0, trigger.start() - 16):trigger.start()]
    at = _ATTENDED_AT.search(before)
    if at:
        names = _place_run(at.group("where"), gz)
        if names:
            return gz.country_words.get(names[-1]) or gz.places.get(names[-1])
    after = text[trigger.end():clause_end(text, trigger.end())][:60]
    country = gz.country_regex.match(after)
    if country and gz.cue("foreign_ceremonies").search(after, country.end()):
        return gz.country_words.get(country.group(0))
    return None


def _place_run(text: str, gz) -> list[str]:
    """越南河内 → [越南, 河内]; [] unless the whole text is country and place names."""
    names, at = [], 0
    while at < len(text):
        found = gz.country_regex.match(text, at) or gz.place_regex.match(text, at)
        if found is None:
            return []
        names.append(found.group(0))
        at = found.end()
    return names
