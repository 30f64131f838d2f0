"""modality.py: whether a frame tells an event at all, and whether it is
held or planned."""
from datetime import date

import pytest

from app.ingest.frames import modality, when

NOW = date(2024, 6, 20)


def _before(frame) -> str:
    return frame.text[frame.start:frame.trigger.start()]


@pytest.mark.parametrize("sentence, negated", [
    ("莫迪18日同普京通电话。", False),
    ("克里姆林宫否认普京近日曾与拜登通话。", True),                      # denied before the trigger
    ("德国总理朔尔茨希望能与习近平会晤。", True),                       # hoped for
    ("卢拉原定下月访华，但行程已被取消。", True),                        # called off after it
    ("双方同意为两国元首会晤创造条件。", True),                          # worked for, not done
    ("美方表示拜登与普京的会面目前没有计划。", True),
])
def test_negated(read_frames, sentence, negated):
    frame = read_frames(sentence, NOW)[0]
    assert modality.negated(frame, _before(frame)) is negated


@pytest.mark.parametrize("sentence, counted", [
    ("两国元首今年已通话3次。", True),
    ("岸田文雄与尹锡悦多次会晤。", True),
    ("马克龙多次表示他将于9月访华。", False),                           # the count is of the telling
    ("岸田文雄与尹锡悦12日会晤。", False),
])
def test_aggregate(read_frames, sentence, counted):
    assert modality.aggregate(read_frames(sentence, NOW)[0]) is counted


@pytest.mark.parametrize("sentence, habitual", [
    ("此后，他一直和普京保持通话。", True),
    ("他昨天和普京保持通话。", False),                                   # a day says when
])
def test_habitual(read_frames, sentence, habitual):
    frame = read_frames(sentence, NOW)[0]
    value = next(iter(frame.dates), None) or when.date_of(frame)[0]
    assert value is None or modality.habitual(frame, value) is habitual


@pytest.mark.parametrize("sentence, planned", [
    ("莫迪将于下周访问俄罗斯。", True),                                  # a future marker
    ("莫迪上周访问了俄罗斯。", False),
    ("莫迪计划下月出席峰会，并与普京举行会谈。", True),                   # 并 goes on from the first clause
    ("莫迪7月8日访问俄罗斯。", True),                                    # a date still to come
])
def test_planned(read_frames, sentence, planned):
    frame = read_frames(sentence, NOW)[-1]
    value = when.date_of(frame)[0]
    assert modality.planned(frame, _before(frame), value) is planned


def test_a_summit_attended_is_no_talks_between_its_sides(read_frames):
    frame = next(f for f in read_frames("李强将出席中国—东盟峰会。", NOW) if f.kind == "talks")
    assert modality.attended_gathering(frame, frame.sides())
    held = next(f for f in read_frames("中国—东盟峰会10日在万象举行。", NOW) if f.kind == "talks")
    assert not modality.attended_gathering(held, held.sides())
