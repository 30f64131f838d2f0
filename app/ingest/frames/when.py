"""A frame's date: its own clause's date first, then the sentence's, then
what the story knows — 届时 (the day of the planned event told before), the
days of the visit under way (访问期间), a trip finished by a later day, the
dateline's day, the paragraph's last date — each with a confidence and a
trail line saying which it was. Dates that belong to another deed (a speech,
taking office) are passed over."""
import re
from dataclasses import replace
from datetime import date

from app.ingest.dates import DAY_JOINERS, DateValue
from app.ingest.frames.frame import Frame
from app.ingest.mentions import Mention, ref_id

_TIME_OF_DAY = re.compile(r"^(?:晚间|晚上|晚|上午|下午|中午|早上|早间|凌晨|夜间|傍晚|当地时间|早些时候)?")
# 访问期间, 访华期间, 此访期间, 在华期间: within the days of the visit just reported.
VISIT_DAYS = "days of the visit"
_DURING_VISIT = re.compile(r"(?:访问|访华|来华|在华|在京|此访|出访|访[\u4e00-\u9fff])期间")
# 会谈后, 访华行程前, 会晤之前: the event sets the time of another deed.
_SETTING = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:之|以)?[前后](?![往来面者进去])")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年|[去前今明当]年")
TRIP_ENDS_BY = "trip_ends_by"  # the rule of a date a finished trip was over by


def dates_each_its_own(frame: Frame) -> list[DateValue]:
    """今年3月和5月，A分别访华和赴日本出席论坛，其间会见了两国领导人:
    the dates listed before 分别 go in order with the deeds joined after
    it (ANNOTATION: 分别 pairs them in order) — the n-th trip its n-th
    date, the meeting held on each trip one on each date."""
    each = frame.text.rfind("分别", 0, frame.trigger.start())
    if each < 0:
        return []
    run = [d for d in frame.dates if d.span[1] <= each and each - d.span[1] <= 12]
    if not run:
        return []
    listed = [d for d in frame.dates if d.span[1] <= run[-1].span[0]]
    days = [run[-1]]
    for value in reversed(listed):
        if frame.text[value.span[1]:days[0].span[0]] not in DAY_JOINERS:
            break
        days.insert(0, value)
    if len(days) < 2:
        return []
    if frame.kind != "visit":
        return days
    leg = len(frame.gz.cue("destination_joiners").findall(frame.text, each, frame.trigger.start()))  # 访华和赴日本
    return [days[leg]] if leg < len(days) else []


def date_of(frame: Frame) -> tuple[DateValue | None, str | None, float]:
    """The trigger's own clause first (nearest before it, then after it),
    then earlier in its stretch of sentence, then earlier still."""
    usable = [d for d in frame.dates if not _speech_date(frame, d) and not _dates_other_deed(frame, d)]
    groups = (
        [d for d in usable if frame.comma_start <= d.span[0] < frame.trigger.start()][::-1],
        [d for d in usable if frame.trigger.end() <= d.span[0] < frame.comma_end],
        [d for d in usable if frame.start <= d.span[0] < frame.comma_start][::-1],
        [d for d in usable if d.span[0] < frame.start][::-1],
    )
    if frame.anaphoric():
        groups = groups[:2]  # 此次磋商: refers back; only a date of its own clause dates it
    for group in groups:
        precise = [d for d in group if d.precision != "year"]
        if precise:
            chosen = precise[0]
            return chosen, chosen.text, 0.6 if chosen.imprecise else 0.9
    if frame.kind == "visit" and _finished(frame):
        return _finished_by(frame)
    then = _at_that_time(frame)
    if then is not None:
        return then, None, 0.7
    if _YEAR.search(frame.text, frame.start, frame.comma_end):
        return None, None, 0.0  # 于2018年在澳门举行: a year of its own, not the story's day
    if frame.ctx.section_dateline is not None and frame.ctx.section_sentence == 0:
        filed = frame.ctx.section_dateline
        value = DateValue(start=filed, precision="day", text="dateline", span=(0, 0), rule="dateline",
                          anchor=filed, anchor_kind="now")
        return value, None, 0.7
    during = _during_visit(frame)
    return during if during[0] is not None else _story_date(frame)


def _at_that_time(frame: Frame) -> DateValue | None:
    """维埃拉将于5日访华。…届时，王毅将同维埃拉举行会谈: the day
    of the planned event of the same people the article told last."""
    if not frame.gz.cue("at_that_time").search(frame.text, frame.start, frame.trigger.start()):  # 届时，…会谈
        return None
    keys = {ref_id(p) for p in frame.people}
    codes = {p.country for p in frame.people if p.country}
    told = [m for m in frame.ctx.planned if keys & {a.id for a in m.actors} and codes <= set(m.countries)]
    if not told:
        return None
    event = told[-1]
    frame.trail.append(f"「届时」 → the day of the {event.type} told before, {event.date}")
    return DateValue(start=date.fromisoformat(event.start), precision=event.precision, text="届时",
                     span=(0, 0), rule="at that time", anchor=date.fromisoformat(event.start),
                     anchor_kind="narrative")


def _finished(frame: Frame) -> bool:
    """在圆满结束对A、B的国事访问后: the trip is told as over."""
    finished = frame.gz.cue("trip_finished_before").search(frame.text, frame.comma_start, frame.trigger.start())
    return finished is not None and frame.text.startswith("对", finished.end())


def _finished_by(frame: Frame) -> tuple[DateValue | None, str | None, float]:
    """…访问后，全国政协主席王沪宁10日晚回到北京: the day the trip was
    over by; its own days come from the article (date_finished_trips)."""
    later = [d for d in frame.dates if d.span[0] >= frame.trigger.end() and d.precision == "day"]
    if not later:
        return None, None, 0.0
    value = replace(later[0], rule=TRIP_ENDS_BY)
    frame.trail.append(f"a trip finished by {value.start.isoformat()} (「{later[0].text}」)")
    return value, later[0].text, 0.6


def _story_date(frame: Frame) -> tuple[DateValue | None, str | None, float]:
    """An event sentence with no date of its own belongs to the story it
    is told in: the last date its paragraph set, else the dateline's day
    (ANNOTATION: the date of the story it belongs to) — with a lower
    confidence and a trail that says so. A sentence that recalls the
    past (曾, 此前, 多次) keeps no date."""
    if frame.ctx.in_caption or not _told_as_a_deed(frame):
        return None, None, 0.0
    if frame.ctx.before_sentence is not None and not _told_as_now(frame):
        (day, precision), source = frame.ctx.before_sentence, "the last date of its paragraph"
    elif frame.ctx.section_dateline is not None:
        day, precision, source = frame.ctx.section_dateline, "day", "the dateline's day"
    elif not frame.ctx.year_guessed:
        day, precision, source = frame.ctx.article_now, "day", "the day of publication"
    else:
        return None, None, 0.0
    value = DateValue(start=day, precision=precision, text=source, span=(0, 0), rule="story",
                      anchor=day, anchor_kind="narrative")
    frame.trail.append(f"no date in the sentence → {source}, {value.iso}")
    return value, None, 0.5


def _told_as_now(frame: Frame) -> bool:
    """眼下，石破茂正在访华; 此时访问东京: the time of writing, not the last date
    the paragraph spoke of (上月欧盟公布制裁方案)."""
    return frame.gz.cue("now_words").search(frame.text, frame.clause_start, frame.trigger.start()) is not None


def _during_visit(frame: Frame) -> tuple[DateValue | None, str | None, float]:
    """访问期间，习近平将同马克龙举行会谈 — or, in the paragraph that
    reported the visit or the next, a meeting of the visitor's (普京…对中国进行国事访问。
    习近平同普京在北京举行会谈): no date of its own, but the days of the
    visit (the event lies within them)."""
    visit = frame.ctx.last_visit
    if visit is None or visit.precision != "day":
        return None, None, 0.0
    during = _DURING_VISIT.search(frame.text, 0, frame.trigger.start())
    if during is None and not _visitor_meets_in_paragraph(frame, visit):
        return None, None, 0.0
    span, text = (during.span(), during.group(0)) if during else ((0, 0), None)
    value = DateValue(start=date.fromisoformat(visit.date), end=date.fromisoformat(visit.date_end),
                      precision="day", text=text or "the visit's days", span=span, rule=VISIT_DAYS,
                      anchor=date.fromisoformat(visit.date), anchor_kind="narrative")
    return value, text, 0.6


def _told_as_a_deed(frame: Frame) -> bool:
    """Whether the clause tells the event as something somebody does
    (他在白宫会晤了拜登, 莫迪与普京在峰会期间举行双边会谈), not as a
    topic (美朝峰会, 会晤的第一天), a reference back (此次会晤) or a
    recollection (曾, 此前, 多次)."""
    clause = frame.text[frame.comma_start:frame.trigger.start()]
    if frame.anaphoric() or frame.gz.cue("recall_words").search(clause):
        return False
    own = [d for d in frame.dates if not _dates_other_deed(frame, d) and d.span[0] < frame.comma_end]
    if frame.text[frame.trigger.end():frame.trigger.end() + 1] == "的" or own or \
            _SETTING.match(frame.text, frame.trigger.end()):
        return False  # 会谈的, 会谈后, 访华行程前 (a setting), or a date of the sentence's that is not the event's
    actors = [p for p in frame.people if not p.role_only and frame.clause_start <= p.span[0] < frame.trigger.start()]
    return bool(actors) or frame.inherited is not None or clause.lstrip()[:1] in ("他", "她")


def _visitor_meets_in_paragraph(frame: Frame, visit: Mention) -> bool:
    visitor = visit.actors[0].id if visit.actors else None
    return (frame.kind == "talks" and 0 <= frame.ctx.anchor.paragraph - frame.ctx.last_visit_paragraph <= 1
            and visitor in {ref_id(p) for p in frame.people})


def _dates_other_deed(frame: Frame, value: DateValue) -> bool:
    """七月就任后首次访问, 本月就任以来首次通话, 自2021年2月以来: the date is
    that of taking office, or the start of a stretch, not of the event."""
    return frame.gz.office_anchor_regex.match(frame.text, value.span[1]) is not None


def _speech_date(frame: Frame, value: DateValue) -> bool:
    """`24日评价道`: the date is the day somebody spoke, not the meeting."""
    rest = frame.text[value.span[1]:]
    rest = rest[_TIME_OF_DAY.match(rest).end():].lstrip("曾也还又再已则")
    rest = rest[1:] if rest[:1] in ("在",) and rest[1:3] in ("接受", "回答") else rest
    venue = frame.gz.speech_venue_regex.match(rest)
    rest = rest[venue.end():] if venue else rest
    return frame.gz.cue("speech_after_date", "start").match(rest) is not None
