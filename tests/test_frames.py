"""The frames stage alone: one trigger and its stretch of sentence, read
with a fresh discourse (nothing known before the sentence)."""
from datetime import date

import pytest

from app.ingest.dates import Anchor
from app.ingest.discourse import Context, clause_dates
from app.ingest.entities import find_countries, find_people, find_places
from app.ingest.frames import when
from app.ingest.frames.decide import mentions
from app.ingest.frames.frame import Frame
from app.ingest.gazetteer import load
from app.ingest.normalize import normalize


def frames(sentence: str, now: date) -> list[Frame]:
    gz = load()
    ctx = Context(gz=gz, article_now=now, anchor=Anchor(now=now), year_guessed=False)
    text = normalize(sentence)
    countries = find_countries(text, gz)
    people, places, dates = find_people(text, gz, countries), find_places(text, gz), clause_dates(text, ctx)
    found, start = [], 0
    for trigger in gz.trigger_regex.finditer(text):
        found.append(Frame(text, sentence, trigger, start, people, countries, places, dates, ctx))
        start = trigger.end()
    return found


@pytest.mark.parametrize("sentence, kind, people", [
    ("王毅22日在桂林同拉夫罗夫举行会谈。", "talks", ["王毅", "拉夫罗夫"]),
    ("習近平8日晚同普丁通電話。", "call", ["习近平", "普京"]),
    ("习近平以视频方式同拜登举行会晤。", "call", ["习近平", "拜登"]),          # a remote mode makes a call
    ("普京19日抵达平壤。", "visit", ["普京"]),
])
def test_a_frame_has_its_kind_and_participants(sentence, kind, people):
    frame = frames(sentence, date(2024, 6, 20))[0]
    assert (frame.kind, [p.name for p in frame.people]) == (kind, people)


@pytest.mark.parametrize("sentence, dated", [
    ("王毅22日在桂林同拉夫罗夫举行会谈。", "2024-06-22"),
    ("英国《金融时报》24日评价道，杨洁篪前往俄罗斯举行磋商。", None),              # the date is a speech's
    ("这是皮特斯十一月就任后首次同王毅会谈。", "2024-06-20"),                           # 七月 dates taking office
])
def test_a_frames_date_is_its_own_or_the_storys(sentence, dated):
    frame = frames(sentence, date(2024, 6, 20))[-1]
    value = when.date_of(frame)[0]
    assert (value.iso if value else None) == dated


@pytest.mark.parametrize("sentence, kept", [
    ("王毅22日同拉夫罗夫举行会谈。", True),
    ("白宫否认特朗普20日曾与普京通话。", False),                                    # denied, before the trigger
    ("默克尔原本5月访华，计划则遭德方取消。", False),                                # called off, after it
])
def test_a_frames_polarity(sentence, kept):
    assert bool(mentions(frames(sentence, date(2024, 6, 25))[0])) is kept
