"""Who travels where in a visit frame: the destinations (one visit each of
访问英国、德国和法国, 对上述三国), the travellers (several each travelling, a
companion who 陪同, never the inviter), 来访 to the paper's own country,
attending abroad (在河内出席) — and when a visit word only describes
somebody (访问台湾的美国官员) or is an invitation."""
import re

from app.ingest.dates import DateValue
from app.ingest.discourse import future_marks
from app.ingest.document import clause_end
from app.ingest.entities import PersonMention
from app.ingest.frames.frame import LISTED_WITH, Frame
from app.ingest.frames.when import TRIP_ENDS_BY
from app.ingest.mentions import unique

# 邀请X访问: an invitation (not 应…邀请, 在…邀请下, 受邀, 邀请下).
_INVITED = re.compile(r"(?<![应受])邀请(?!下)[^，,。；;]{0,24}$")
_INVITATION = re.compile(r"应[^，,。；;]{1,40}?邀请|在[^，,。；;]{1,30}?的?邀请下")
# 正在菲律宾进行3天官方访问, 在日本进行为期三天的访问: where a visit word with no destination is.
_VISITED_IN = re.compile(r"(?:正在|在|于)(?=[\u4e00-\u9fff]{1,10}(?:进行|展开)[^，,。；;]{0,10}$)")
# 潘尼亚总统上月又再度(来访): a title and adverbs between the visitor and the word.
_VISITOR_RIGHT_BEFORE = re.compile(r"(?:(?!欢迎|邀请)[^的，,。；;]){0,6}")
# 在河内出席, 于东京参加: the place right before the verb of attending.
_ATTENDED_AT = re.compile(r".*(?:在|于)(?P<where>[\u4e00-\u9fff]{1,10})$")
# 出席…峰会期间/时/之际, 会见…: the attending only sets the scene of the meeting.
_ATTENDANCE_AS_SETTING = re.compile(r"[^，,。；;]{0,40}?(?:期间|之际|间隙|时)[，,]?[^。；;]*?(?:会见|会晤|会谈|通话|举行)")
# 对上述三国进行正式访问: the countries named before.
_ABOVE_NAMED = re.compile(r"对上述(?:[0-9一二两三四五六七八九十]+个?)?(?:国家|国)")
# 外长王毅5日陪同国务院总理(李强): between companion and traveller.
_ACCOMPANYING = re.compile(r"[^，,。；;]{0,14}?陪同[^，,。；;]{0,12}")
# 对俄罗斯进行, 对中国进行为期5天的 (国事访问): the country a visit is paid to.
# 对意大利、荷兰、挪威进行正式访问: 对 opening a list of destinations before the trigger.
_VISIT_LIST_TARGET = re.compile(r"对(?=[\u4e00-\u9fff]{2,12}(?:、|和|与|以及|及)[^，,。；]*(?:(?:进行|展开|的)[^，,。；]{0,6})?$)")
_VISIT_TARGET = re.compile(r"对(?P<c>[\u4e00-\u9fff]{1,8}?)(?:进行|展开|开始)?[\u4e00-\u9fff0-9０-９]{0,8}$")


def groups(frame: Frame, value: DateValue) -> list[tuple[list[PersonMention], list[str]]]:
    """One visit to each destination (访问英国、德国和法国) — none when the
    visit only describes somebody (制裁访问台湾的美国官员, 第六位访问中国的
    外国领导人) or is an invitation (邀请杜特尔特访问日本)."""
    if _invited(frame) or _describes_somebody(frame):
        return []
    return [group for host in _hosts(frame) for group in _visit_to(frame, host, value)]


def _describes_somebody(frame: Frame) -> bool:
    """访问台湾的美国官员: the visit word and its destination qualify the
    noun after them, with no traveller before it (朴炳锡2月访华的回访 was
    a visit)."""
    if _guest_list(frame) or any(frame.clause_start <= p.span[0] < frame.trigger.start()
                                 for p in frame.all_people if not p.role_only):
        return False  # 来华出席论坛的A、B: the guests are named
    after = frame.text[frame.trigger.end():frame.comma_end]
    destination = frame.gz.country_regex.match(after) or frame.gz.place_regex.match(after)
    rest = after[destination.end():] if destination else after
    return rest.startswith("的") and not frame.gz.cue("called_off_after").match(rest, 1)


def _invited(frame: Frame) -> bool:
    """岸田邀请菲律宾总统杜特尔特访问日本: invited, not (yet) going — unless
    the clause dates it as agreed (将于…)."""
    clause = frame.text[frame.clause_start:frame.trigger.start()]
    invited = _INVITED.search(clause)
    if invited is None or future_marks(invited.group(0), frame.gz):
        return False
    frame.trail.append("not an event: an invitation")
    return True


def _visit_to(frame: Frame, host: str, value: DateValue) -> list[tuple[list[PersonMention], list[str]]]:
    guests = [guest for guest in _guest_list(frame) if guest.country != host]
    if guests:  # 会见了来华出席论坛的A国防长甲、B国防长乙: each is a visitor
        return [([guest], unique([guest.country, host])) for guest in guests]
    people = frame.resolve_roles(frame.people, value)
    visitors = [p for p in people if p.country != host and p.span[1] <= frame.trigger.start()
                and not _invites(frame, p)]
    visitors = _travellers(frame, visitors) or \
        [p for p in frame.resolve_roles(frame.after_people, value) if p.country != host][:1]
    if not visitors and not any(p.span[0] < frame.trigger.start() for p in frame.people):
        subject = _earlier_subject(frame) or frame.pronoun() or _sentence_subject(frame) or \
            (_returning(frame) if value.rule == TRIP_ENDS_BY else None)
        visitors = [subject] if subject is not None and subject.country != host else []
    if visitors:
        return [([visitor, *_companions(frame, visitor, host)], unique([visitor.country, host]))
                for visitor in visitors]
    guests = [c for c in frame.countries if c.code != host and c.span[1] <= frame.trigger.start()]
    if not guests or not _country_travels(frame, guests[-1]):
        return []
    return [([], unique([guests[-1].code, host]))]


def _country_travels(frame: Frame, country) -> bool:
    """A country named alone before the visit word travels for its state
    (越方代表团抵达北京) — not when what stands between says the travellers
    are a team, troupe, firm, school or ship (土耳其国家队5月27日出访, 中国
    东方演艺集团出访; cue non_state_bodies, as frame._owns_a_body), nor
    when it is where they came from (从墨西哥城乘机抵达南京)."""
    gz = frame.gz
    if gz.cue("origin_marks", "end").search(frame.text, 0, country.span[0]):
        frame.trail.append("no visit: the country named is where the travellers came from")
        return False
    if gz.cue("non_state_bodies").search(frame.text, country.span[0], frame.trigger.start()):
        frame.trail.append("no visit: the travellers are not the state's (a team, troupe, firm, school or ship)")
        return False
    return True


def _travellers(frame: Frame, visitors: list[PersonMention]) -> list[PersonMention]:
    """The last person named before the visit word, and those listed with
    him when each travels (A、B、C都率团来台; 甲国外长A和乙国外长B先后访华):
    one visit each. 习近平和夫人彭丽媛访问: one traveller's party."""
    run = visitors[-1:]
    for person in reversed(visitors[:-1]):
        if not LISTED_WITH.fullmatch(frame.text, person.span[1], run[0].span[0]):
            break
        run.insert(0, person)
    if len(run) > 1 and len({p.country for p in run}) == 1 and \
            not frame.gz.cue("each_traveller").search(frame.text, run[-1].span[1], frame.trigger.start()):
        return run[-1:]
    return run


def _companions(frame: Frame, visitor: PersonMention, host: str) -> list[PersonMention]:
    """王毅陪同国务院总理李强访问德国: who accompanies the traveller travels
    with him, one visit of both."""
    return [p for p in frame.all_people
            if p.span[1] <= visitor.span[0] and p.country == visitor.country and p.country != host
            and not p.role_only and _ACCOMPANYING.fullmatch(frame.text, p.span[1], visitor.span[0])]


def _returning(frame: Frame) -> PersonMention | None:
    """在结束对…的访问后，全国政协主席王沪宁10日晚回到北京: the one who comes back."""
    after = [p for p in frame.all_people if p.span[0] >= frame.comma_end and not p.role_only]
    return after[0] if after else None


def _guest_list(frame: Frame) -> list[PersonMention]:
    """来华出席…的A、B、C: a visit word in a phrase that describes the people
    listed after its 的 — the visitors, one visit each."""
    if len(frame.after_people) < 2 or "的" not in frame.text[frame.trigger.end():frame.after_people[0].span[0]]:
        return []
    return unique([p for p in frame.after_people if p.country and not p.role_only], key=lambda p: p.key)


def _invites(frame: Frame, person: PersonMention) -> bool:
    """应印尼总统佐科邀请, 在拜登的邀请下: the host who invites, no traveller."""
    return any(m.start() < person.span[0] < m.end() for m in _INVITATION.finditer(frame.text))


def _sentence_subject(frame: Frame) -> PersonMention | None:
    """总统府表示，总统赖清德将于…展开…之旅，率团访问…: the traveller of a
    clause with no one in it is the sentence's first person named before
    it (not one who invites)."""
    named = [p for p in frame.all_people if p.span[1] <= frame.comma_start and not p.role_only
             and not _invites(frame, p)]
    if named:
        frame.trail.append(f"visitor 「{named[0].name}」: the sentence's subject")
    return named[0] if named else None


def _earlier_subject(frame: Frame) -> PersonMention | None:
    """普京20日结束对朝鲜的国事访问，抵达越南: the clause's traveller is the
    sentence's subject, named before an earlier trigger."""
    earlier = [p for p in frame.all_people if p.span[1] <= frame.start and not p.role_only and not _invites(frame, p)]
    if earlier and frame.start > 0:
        frame.trail.append(f"visitor 「{earlier[0].name}」 carried over from an earlier clause")
        return earlier[0]
    return None


def _hosts(frame: Frame) -> list[str]:
    """The destination, and the countries listed with it: 访问英国、德国和法国,
    对意大利、荷兰、挪威进行正式访问, 依序走访以色列、卡达、菲律宾 — one visit each."""
    named = _countries_named_before(frame)
    if named:
        return named
    host = _host(frame)
    if host is None:
        return []
    listed = _destination_list(frame, host)
    return listed if listed else [host]


def _countries_named_before(frame: Frame) -> list[str]:
    """应新西兰总理、澳大利亚总理邀请，李强13日离开北京，对上述两国进行正式
    访问: the countries the sentence named before (the traveller's own is
    no destination: see _visit_to)."""
    above = _ABOVE_NAMED.search(frame.text, frame.comma_start, frame.trigger.start())
    if above is None:
        return []
    codes = [p.country for p in frame.all_people if p.span[0] < above.start() and _invites(frame, p)] + \
            [c.code for c in frame.all_countries if c.span[0] < above.start()]
    return unique([code for code in codes if code])


def _destination_list(frame: Frame, host: str) -> list[str]:
    """The run of countries joined by 、/和/以及 that holds the destination,
    read after 对 before the trigger or after the trigger itself."""
    countries = sorted(frame.all_countries, key=lambda c: c.span)
    target = _VISIT_LIST_TARGET.search(frame.text, frame.comma_start, frame.trigger.start())
    opening = target.end() if target else frame.trigger.end()
    first = next((i for i, c in enumerate(countries) if c.span[0] >= opening), None)
    if first is None or countries[first].code != host:
        return []
    run = [countries[first]]
    for country in countries[first + 1:]:
        if not frame.gz.destination_joiner_regex.fullmatch(frame.text, run[-1].span[1], country.span[0]):
            break
        run.append(country)
    if target and run[-1].span[1] > frame.trigger.start():
        return []
    return unique([c.code for c in run])


def _host(frame: Frame) -> str | None:
    word = frame.trigger.group(0)
    fixed = frame.gz.cues["visit_destination_in_word"].get(word)
    if fixed:
        return fixed
    if word in frame.gz.cues["attend_words"]:
        return attended_abroad(frame.text, frame.trigger, frame.gz)
    listed = _VISIT_LIST_TARGET.search(frame.text, frame.comma_start, frame.trigger.start())
    if listed:  # 对意大利、荷兰进行正式访问: the first of the list
        code = _country_at(frame, frame.text[listed.end():frame.trigger.start()])
        if code:
            return code
    before = frame.text[frame.start:frame.trigger.start()]
    target = _VISIT_TARGET.search(before)
    if target:  # the longest country name after 对 (巴勒斯坦, not 巴)
        code = _country_at(frame, before[target.start("c"):])
        if code:
            return code
    if word in frame.gz.cues["visit_to_receiver"] and frame.text[frame.trigger.end():frame.trigger.end() + 1] == "的":
        return _receiving_country(frame)
    if word in frame.gz.cues["visit_to_home"]:
        return _home_visited(frame)
    if word in frame.gz.cues["visit_needs_destination"] or word.endswith("访问"):
        at = frame.gz.destination_qualifier_regex.match(frame.text, frame.trigger.end()).end()
        if frame.gz.country_regex.match(frame.text, at) and not any(c.span[0] == at for c in frame.all_countries):
            return None  # 访问非洲大陆: a word the country reader dropped (not_countries)
        return _country_at(frame, frame.text[at:at + 14]) or _visited_where(frame, word)
    return None


def _home_visited(frame: Frame) -> str | None:
    """巴拉圭总统潘尼亚上月再度来访: a foreigner named right before 来访 comes to
    the paper's own country; not 欢迎王毅部长来访 (said abroad of one of
    ours) nor 来访当天 (a time, not an event)."""
    if frame.gz.cue("visit_as_time", "start").match(frame.text, frame.trigger.end()):
        return None
    before = [p for p in frame.people if p.span[1] <= frame.trigger.start() and not p.role_only]
    if not before or before[-1].country in (None, frame.ctx.home):
        return None
    return frame.ctx.home if _VISITOR_RIGHT_BEFORE.fullmatch(frame.text, before[-1].span[1],
                                                          frame.trigger.start()) else None


def _visited_where(frame: Frame, word: str) -> str | None:
    """岸田文雄正在菲律宾进行3天官方访问: a visit word with nothing after it
    takes the country the clause puts it in (在/正在/于 + country)."""
    if not word.endswith("访问") or frame.trigger.group(0) in frame.gz.cues["visit_destination_in_word"]:
        return None
    clause = frame.text[frame.comma_start:frame.trigger.start()]
    where = _VISITED_IN.search(clause)
    return _country_at(frame, clause[where.end():]) if where else None


def _receiving_country(frame: Frame) -> str | None:
    """接见来访的巴拉圭总统潘尼亚: the visitor came to the country of the
    person who received him, named before in the sentence."""
    hosts = [p.country for p in frame.all_people if p.span[1] <= frame.trigger.start() and p.country]
    return hosts[-1] if hosts else None


def _country_at(frame: Frame, text: str) -> str | None:
    """The country a destination names: 俄罗斯, 俄, 华, or a city in it."""
    if not text:
        return None
    match = frame.gz.country_regex.match(text) or frame.gz.place_regex.match(text)
    if match:
        word = match.group(0)
        return frame.gz.country_words.get(word) or frame.gz.places.get(word)
    if text[0] == "华":
        return "CN"
    return frame.gz.short_names.get(text[0]) if text[0] in frame.gz.short_names else None


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
