"""The frame alone: one trigger, its kind and the people who take part in
it, read with a fresh discourse. Each decision made of a frame has its own
tests beside this file (test_frame_modality, _when, _place, _meetings,
_visits)."""
from datetime import date

import pytest

from app.ingest.frames.decide import mentions


@pytest.mark.parametrize("sentence, kind, people", [
    ("王毅22日在桂林同拉夫罗夫举行会谈。", "talks", ["王毅", "拉夫罗夫"]),
    ("習近平8日晚同普丁通電話。", "call", ["习近平", "普京"]),
    ("习近平以视频方式同拜登举行会晤。", "call", ["习近平", "拜登"]),          # a remote mode makes a call
    ("普京19日抵达平壤。", "visit", ["普京"]),
])
def test_a_frame_has_its_kind_and_participants(read_frames, sentence, kind, people):
    frame = read_frames(sentence, date(2024, 6, 20))[0]
    assert (frame.kind, [p.name for p in frame.people]) == (kind, people)


def test_a_clause_whose_people_follow_with_takes_the_earlier_subject(read_frames):
    frame = read_frames("马克龙5日抵达新德里，次日同莫迪举行会谈。", date(2024, 1, 7))[-1]
    assert [p.name for p in frame.people] == ["马克龙", "莫迪"]
    assert frame.inherited.name == "马克龙"


def test_a_country_after_a_locative_word_is_a_place_not_a_side(read_frames):
    frame = read_frames("普京在土耳其同埃尔多安举行会谈。", date(2024, 1, 7))[0]
    assert {c.code for c in frame.countries} == set()


def test_decide_gives_one_mention_per_event(read_frames):
    found = mentions(read_frames("王毅22日在桂林同拉夫罗夫举行会谈。", date(2024, 6, 25))[0])
    assert [(m.type, m.date, m.location, [a.name for a in m.actors]) for m in found] == \
        [("talks", "2024-06-22", "桂林", ["王毅", "拉夫罗夫"])]
