"""A frame: one trigger word (会谈, 通电话, 访问…) and the stretch of
sentence that belongs to it, with the people and countries that take part
in it — who is a side, who was carried over from an earlier clause (这天…同普京
举行会谈), who 两人 are. What the frame is decided into lives beside it:
modality.py (is it an event at all), when.py (its date), place.py (where),
meetings.py and visits.py (who meets whom, who travels where); decide.py
puts them together."""
import re
from dataclasses import replace

from app.ingest.document import clause_end, comma_end, comma_start, list_end
from app.ingest.entities import CountryMention, PersonMention, PlaceMention
from app.ingest.dates import DateValue

LOCATIVE_BEFORE = ("在", "于", "赴", "抵达", "前往", "到", "访问", "飞抵", "来到", "首都")
# Between an organisation and the word for its meeting: 成员国元首理事会, 领导人第十六次.
_GATHERING_QUALIFIERS = re.compile(r"(?:[（(][^（）()]{1,10}[）)])?(?:成员国|国家)?(?:领导人|元首|首脑|外长|政府首脑)?(?:理事会)?"
                                   r"(?:第[0-9一二三四五六七八九十百]+[次届])?(?:非正式)?")
ATTENDING = re.compile(r"(?:出席|参加)[^，。；;,]*$")
# 与普京及习近平会面: the word before the partners of a meeting (not 同日, 同时); 同普京,
# 与英国首相斯塔默: a clause whose people all follow it (and their country and title).
WITH_PARTY = re.compile(r"同(?![日时期年月天样一])|与|跟")
_WITH_BEFORE_PARTY = re.compile(rf"(?:{WITH_PARTY.pattern}|和)[\u4e00-\u9fff]{{0,12}}$")
# 同他, 与她, 会见了他: a pronoun as the partner (not 他们, 他国, 其他).
_PARTNER_PRONOUN = re.compile(r"(?:同|与|跟|和|会见了?|会晤了?|接见了?)([他她])(?![们国人])")
# Between two people listed as one subject: a joiner, then the next one's country and title.
LISTED_WITH = re.compile(r"(?:、|和|与|及|以及|，|,)[\u4e00-\u9fff]{0,12}")
_JOINERS = "－—-–与和同、"  # 中国—东盟峰会: the organisation is one of two named sides
# 两国元首, 三国领导人, 双方: a clause about the parties of an event already
# named, not about the people of an earlier clause.
_PLURAL_PARTIES = re.compile(r"(?:两|三|四|双|各)(?:国|方)")


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
        parties = [c for c in countries if not _is_locative(text, c, places) and c.code not in self.gathering
                   and not _owns_a_body(text, c, trigger, self.gz)]
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
        if self._side_count() < 2:
            self._pronoun_partner()

    def _names_gathering(self, country: CountryMention) -> bool:
        """上合组织峰会, 金砖国家领导人第十六次会晤, 出席上海合作组织…会议期间会见:
        an organisation that names the multilateral meeting somebody attends
        is no side of it, nor of a meeting held on its margins (中国—东盟峰会
        and 中欧峰会 keep their sides)."""
        if country.kind != "name" or not self.gz.is_organisation(country.code):
            return False
        attending = ATTENDING.search(self.text, 0, country.span[0]) is not None
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

    def _pronoun_partner(self) -> None:
        """习近平同他举行会谈, 拜登会见了她: 他/她 as the partner is the person
        in focus (the story's last subject), when he is not the subject."""
        if self.kind == "visit":
            return
        pronoun = _PARTNER_PRONOUN.search(self.text, self.comma_start, self.comma_end)
        partner = self.ctx.pronoun_subject() if pronoun else None
        if partner is None or not partner.country or partner.key in {p.key for p in self.people}:
            return
        self.people = sorted(self.people + [replace(partner, span=pronoun.span(1))], key=lambda p: p.span)
        self.trail.append(f"「{pronoun.group(1)}」 → 「{partner.name}」")

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
        earlier = [p for p in people if p.span[1] <= self.start and not p.role_only and not self.speaks(p)]
        subject = earlier[0] if earlier else (self.pronoun() or self.ctx.subject)
        if subject is not None and subject.key not in {p.key for p in self.people}:
            own = [p for p in self.people if p.span[0] >= self.comma_start]  # not the last clause's object
            self.people = [subject] + (own or self.people)
            self.inherited = subject
            self.trail.append(f"subject 「{subject.name}」 carried over from an earlier clause")

    def speaks(self, person: PersonMention) -> bool:
        """次长吴志中说，林佳龙本周将与…会面: the one who tells of the meeting."""
        return self.gz.cue("speech_after_date", "start").match(self.text, person.span[1]) is not None

    def pronoun(self) -> PersonMention | None:
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

    def sides(self) -> list[tuple[object, str]]:
        """(party, country) pairs: people with their countries (an office such
        as 俄外长 among them), then countries named on their own."""
        sides = []
        for person in self.people:
            if person.country:
                sides.append((person, person.country))
        for country in self.countries:
            sides.append((country, country.code))
        return sides

    def resolve_roles(self, people: list[PersonMention], value: DateValue) -> list[PersonMention]:
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

    def anaphoric(self) -> bool:
        """此次会谈, 上一次通话, 这场会晤: the trigger refers back to an event told before."""
        before = self.text[max(0, self.trigger.start() - 12):self.trigger.start()]
        return self.gz.cue("anaphora_before").search(before) is not None


# How far after a country the body it qualifies may end: 沙特阿美公司, 臺灣高等法院院長.
_BODY_WITHIN = 8
# A mark, or a joiner that starts the next party (中国与欧盟经贸高层对话: 经贸 is both's).
_PHRASE_ENDS = re.compile(r"[，,。；;：:、！？!?（(与同和跟及]")


def _owns_a_body(text: str, country: CountryMention, trigger: re.Match, gz) -> bool:
    """土耳其国家队, 沙特阿美公司总裁, 意大利法官代表团: the country only says
    whose a team, firm, court or school is — that body is no state's side
    (cue non_state_bodies)."""
    if country.kind == "pair":
        return False
    end = min(len(text), country.span[1] + _BODY_WITHIN)
    if country.span[1] <= trigger.start():
        end = min(end, trigger.start())
    stop = _PHRASE_ENDS.search(text, country.span[1], end)
    # from the country's own start: 日本國家隊 reads as 日本国 (a formal name) + 家队
    return gz.cue("non_state_bodies").search(text, country.span[0], stop.start() if stop else end) is not None


def _is_locative(text: str, country: CountryMention, places: list[PlaceMention]) -> bool:
    """瑞士日内瓦, 在美国, 赴俄: the country says where, not who."""
    if country.kind == "pair":
        return False
    before = text[max(0, country.span[0] - 3):country.span[0]]
    if before.endswith(LOCATIVE_BEFORE):
        return True
    return any(p.span[0] == country.span[1] for p in places)
