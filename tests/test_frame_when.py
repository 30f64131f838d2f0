"""when.py: a frame's date — its own clause's first, then the sentence's,
then what the story knows; dates of other deeds passed over."""
from datetime import date

import pytest

from app.ingest.frames import when

NOW = date(2024, 6, 20)


def _dated(frame):
    value, _, confidence = when.date_of(frame)
    return (value.iso if value else None), confidence


@pytest.mark.parametrize("sentence, iso, confidence", [
    ("莫迪18日同普京通电话。", "2024-06-18", 0.9),                        # its own clause, before the trigger
    ("莫迪与普京的会谈将于25日在莫斯科举行。", "2024-06-25", 0.9),          # its own clause, after the trigger
    ("外交部发言人19日表示，莫迪将同普京通电话。", None, 0.0),               # the day of a speech
    ("这是朔尔茨3月就任以来首次同莫迪通电话。", "2024-06-20", 0.5),         # 3月 is the day of taking office
    ("朔尔茨去年曾同莫迪通电话。", None, 0.0),                             # a year of its own, not the story's day
    ("两人2019年曾在大阪会晤。", None, 0.0),                               # a year, and a recollection
    ("莫迪同普京举行会谈。", "2024-06-20", 0.5),                           # no date: the day of publication
    ("此次会谈是两国外长年内第二次会面。", None, 0.0),                       # refers back, no date of its own
    ("莫迪上周访问俄罗斯。", "2024-06", 0.6),                              # a vague date is less sure
])
def test_date_of(read_frames, sentence, iso, confidence):
    assert _dated(read_frames(sentence, NOW)[-1]) == (iso, confidence)


def test_a_speech_date_told_in_the_sentence_leaves_the_meeting_undated_by_it(read_frames):
    frame = read_frames("白宫20日说，拜登本周晚些时候将同马克龙通电话。", NOW)[0]
    value, _, _ = when.date_of(frame)
    assert value is None or value.text != "20日"


@pytest.mark.parametrize("sentence, days", [
    ("2月和5月，莫迪分别同普京和拜登举行会谈。", ["2024-02", "2024-05"]),       # 分别 pairs them in order
    ("2月和5月，莫迪同普京举行会谈。", []),                                 # no 分别: no pairing
])
def test_dates_each_its_own(read_frames, sentence, days):
    frame = read_frames(sentence, NOW)[0]
    assert [d.iso for d in when.dates_each_its_own(frame)] == days


def test_a_trip_told_as_finished_is_dated_by_the_day_it_was_over_by(read_frames):
    frame = read_frames("在结束对越南和老挝的正式访问后，总理李强12日回到北京。", NOW)[0]
    value, _, confidence = when.date_of(frame)
    assert (value.iso, value.rule, confidence) == ("2024-06-12", when.TRIP_ENDS_BY, 0.6)


def test_a_dateline_dates_the_first_sentence_of_its_section(read_frames):
    frame = read_frames("莫迪同普京举行会谈。", NOW)[0]
    frame.ctx.section_dateline, frame.ctx.section_sentence = date(2024, 6, 3), 0
    assert _dated(frame) == ("2024-06-03", 0.7)
