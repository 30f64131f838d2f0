"""The discourse stage alone: what the reader knows as it goes through an
article, on sentences written for the test."""
from datetime import date

import pytest

from app.ingest.dates import Anchor
from app.ingest.discourse import Context, clause_dates, list_header, pass_by, people_in
from app.ingest.entities import find_countries
from app.ingest.gazetteer import load
from app.ingest.normalize import normalize


def context(now: date) -> Context:
    return Context(gz=load(), article_now=now, anchor=Anchor(now=now), year_guessed=False)


def test_a_future_marker_lets_only_the_dates_of_its_own_clause_lie_ahead():
    ctx = context(date(2026, 2, 8))
    text = normalize("川普4月曾访问日本，他将于4月访中。")
    assert [d.iso for d in clause_dates(text, ctx)] == ["2025-04", "2026-04"]


def test_a_sentence_without_an_event_moves_the_narrative_anchor():
    ctx = context(date(2024, 6, 21))
    pass_by("普京19日凌晨抵达平壤。", normalize("普京19日凌晨抵达平壤。"), ctx)
    assert ctx.anchor.narrative == date(2024, 6, 19)
    assert ctx.passed[-1][0] == "普京19日凌晨抵达平壤。"


@pytest.mark.parametrize("sentence, subject, kind", [
    ("新任外长秦刚出发之前打了4个电话。", "秦刚", "call"),
    ("馬來西亞首相安華上週共打了兩通電話。", "安瓦尔", "call"),
    ("王毅此行共举行了5场会谈。", "王毅", "talks"),
    ("王毅此行会见了多位外长。", None, None),                                   # no count of events
])
def test_a_count_announces_a_list(sentence, subject, kind):
    ctx = context(date(2023, 1, 12))
    list_header(sentence, normalize(sentence), ctx)
    found = (ctx.list_subject[0].name, ctx.list_subject[1]) if ctx.list_subject else (None, None)
    assert found == (subject, kind)


def test_a_person_introduced_with_a_title_is_known_later_by_name_alone():
    ctx = context(date(2024, 8, 15))
    first = normalize("巴拉圭工商部长马丁内斯14日抵达台北。")
    people_in(first, find_countries(first, ctx.gz), ctx)
    later = people_in(normalize("马丁内斯昨天会见赖清德。"), [], ctx)
    assert [(p.name, p.country) for p in later][:1] == [("马丁内斯", "PY")]
