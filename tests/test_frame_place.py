"""place.py: where a frame puts its event."""
from datetime import date

import pytest

from app.ingest.frames import place

NOW = date(2024, 6, 20)


@pytest.mark.parametrize("sentence, kind, where", [
    ("莫迪18日在新德里同朔尔茨举行会谈。", "talks", "新德里"),                # 在X before the trigger
    ("李强18日在人民大会堂会见朔尔茨。", "talks", "北京人民大会堂"),          # a venue goes with its city
    ("李强18日在北京人民大会堂会见朔尔茨。", "talks", "北京人民大会堂"),
    ("朔尔茨18日抵达上海，开始访华。", "visit", "上海"),                      # a visit word's destination city
    ("中印两国领导人18日在巴西举行会谈。", "talks", "巴西"),                  # no city: the country after 在
    ("莫迪18日抵达莫斯科，并于当天与普京会晤。", "talks", "莫斯科"),           # where he had arrived
    ("莫迪18日同普京通电话。", "call", None),
])
def test_location(read_frames, sentence, kind, where):
    frame = next(f for f in read_frames(sentence, NOW) if f.kind == kind)
    assert place.location(frame) == where


def test_a_visits_place_lies_in_the_country_visited(read_frames):
    frame = read_frames("普京结束对朝鲜的访问后返回莫斯科。", NOW)[0]
    assert place.in_host(frame, "莫斯科", ["RU", "KP"]) is None
    assert place.in_host(frame, "平壤", ["RU", "KP"]) == "平壤"
