"""Modality and polarity: whether a frame tells an event at all — not
denied, called off, hoped for, worked towards, counted (通话5次), habitual
(保持通话) or a summit merely attended — and whether it is held or planned."""
import re

from app.ingest.dates import DateValue
from app.ingest.discourse import future_marks
from app.ingest.frames.frame import ATTENDING, Frame

def habitual(frame: Frame, value: DateValue) -> bool:
    """上周会面后，他都有和普京保持通话: keeping in touch is no one event,
    unless a day says when (他昨天和普京保持通话)."""
    return frame.gz.cue("habitual_before", "end").search(frame.text, 0, frame.trigger.start()) is not None and \
        value.precision != "day"


def attended_gathering(frame: Frame, sides) -> bool:
    """李强将出席中国—东盟领导人会议、东亚峰会: a summit attended, with an
    organisation among its sides, is no talks between them."""
    if frame.kind != "talks" or frame.trigger.group(0) not in frame.gz.cues["gatherings"]:
        return False
    if not ATTENDING.search(frame.text, frame.comma_start, frame.trigger.start()):
        return False
    return bool(frame.gathering) or any(frame.gz.is_organisation(code) for _, code in sides)


def negated(frame: Frame, before: str) -> bool:
    """Denied, hoped-for, hypothetical (否认, 希望, 只要…就) before the
    trigger; called off or refused after it, in the rest of its sentence
    (访华计划则遭中方取消, 但莫斯科随后表示，目前没有此类会谈的计划)."""
    cue = next((w for w in frame.gz.cues["negation"] if w in before), None) \
        if frame.gz.cue("negation").search(before) else None  # the word for the trail: the list's first
    if cue:
        frame.trail.append(f"not an event: 「{cue}」 before 「{frame.trigger.group(0)}」")
        return True
    after = frame.gz.cue("called_off_after").search(frame.text, frame.trigger.end(), frame.clause_end) or \
        a_goal(frame)
    if after:
        frame.trail.append(f"not an event: 「{after.group(0)}」 after 「{frame.trigger.group(0)}」")
    return after is not None


def a_goal(frame: Frame) -> re.Match | None:
    """为石破茂年内访华创造条件, 为两国元首会晤铺平道路: what is worked for, not done
    — the trigger between 为 and the goal word of its own clause."""
    opens = frame.text.rfind("为", frame.comma_start, frame.trigger.start())
    if opens < 0:
        return None
    return frame.gz.cue("goal_after").search(frame.text, frame.trigger.end(), frame.comma_end)


def aggregate(frame: Frame) -> bool:
    """今年已通话5次, 多次会晤: a count of events, none of them — unless
    the count is of the telling (马克龙多次提到他将于5月访日: one visit)."""
    stretch = frame.text[frame.start:min(len(frame.text), frame.trigger.end() + 6)]
    count = frame.gz.aggregate_regex.search(stretch)
    if count is None:
        return False
    told = frame.gz.cue("speech_after_date", "start").match(stretch, count.end())
    return told is None or frame.start + told.end() > frame.trigger.start()


def planned(frame: Frame, before: str, value: DateValue) -> bool:
    """A future marker before the trigger or in its own clause (会谈将于…
    举行) — or in the sentence's first clause when this one goes on
    with 并 (计划下周出席…峰会，并与特朗普举行会晤) — or a date still to
    come when the article was published (a dateline's story may be older)."""
    stretch = before + frame.text[frame.trigger.start():frame.comma_end]
    if frame.text[frame.comma_start:frame.trigger.start()].lstrip().startswith("并"):
        stretch = frame.text[:frame.trigger.start()] + stretch
    return bool(future_marks(stretch, frame.gz)) or value.start > max(frame.ctx.anchor.now, frame.ctx.article_now)
