"""The indexes each query relies on, checked in SQLite's query plan: a page
of the timeline walks one timeline index from its cursor, in index order
(no sort of all matches, no list of every matching event), and a filter
never scans a whole table of events, participants or countries."""
from datetime import date

import pytest
from sqlalchemy.dialects import sqlite

from app.queries import Cursor, EventFilter, filtered_query, page_query


def plan(session, statement) -> str:
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return "\n".join(row[-1] for row in rows)


RANGE = dict(date_from=date(2020, 1, 1), date_to=date(2021, 12, 31))


@pytest.mark.parametrize("f, index", [
    (EventFilter(), "ix_event_timeline"),
    (EventFilter(type=["call"]), "ix_event_type_timeline (type=?"),
    (EventFilter(actor=["vladimir-putin"]), "ix_event_participant_timeline (actor_id=?"),
    (EventFilter(country=["RU"]), "ix_event_country_timeline (code=?"),
    (EventFilter(country=["RU"], type=["call"], **RANGE), "ix_event_country_timeline (code=? AND date_start>? AND date_start<?)"),
    (EventFilter(actor=["vladimir-putin"], country=["CN"], type=["talks"]), "ix_event_participant_timeline (actor_id=?"),
    (EventFilter(country=["RU"], status=["held"]), "ix_event_country_timeline (code=?"),
    (EventFilter(actor=["vladimir-putin", "xi-jinping"]), "ix_event_participant_timeline (actor_id=?"),
])
@pytest.mark.parametrize("cursor", [None, Cursor(date(2021, 6, 16), "2021-06-16-talks-joe-biden-vladimir-putin")])
def test_a_page_walks_one_timeline_index(session, seeded, f, index, cursor):
    text = plan(session, page_query(session, f, 101, cursor))
    assert index in text, text
    assert "TEMP B-TREE" not in text and "LIST SUBQUERY" not in text, text
    assert not any(line.startswith("SCAN") and "USING" not in line for line in text.splitlines()), text


@pytest.mark.parametrize("f, index", [
    (EventFilter(country=["RU"]), "ix_event_country_timeline"),
    (EventFilter(actor=["vladimir-putin"]), "ix_event_participant_timeline"),
    (EventFilter(type=["call"]), "ix_event_type_timeline"),
])
def test_counts_read_the_index_of_the_filter(session, seeded, f, index):
    text = plan(session, filtered_query(session, f))
    assert index in text, text


def test_block_rebuild_finds_sources_by_index(session, seeded):
    from sqlmodel import select
    from app.models import EventSource
    text = plan(session, select(EventSource).where(EventSource.block == "call:2022-01"))
    assert "ix_event_source_block" in text, text


@pytest.mark.parametrize("by_actor, index", [(True, "ix_event_participant_timeline (actor_id=? AND date_start"),
                                             (False, "ix_event_country_timeline (code=? AND date_start")])
def test_related_events_walk_each_party_timeline_from_the_day(session, seeded, by_actor, index):
    from app.profiles import _walks
    statement = _walks(by_actor, 2, 5).params(k0="xi-jinping" if by_actor else "CN", k1="vladimir-putin" if by_actor else "RU",
                                            event="2022-02-04-talks-xi-jinping-vladimir-putin", day=date(2022, 2, 4))
    text = plan(session, statement)
    assert text.count(index) == 4, text  # before and after, for each of the two
    assert "TEMP B-TREE" not in text, text


@pytest.mark.parametrize("f, index", [
    (EventFilter(q="拉夫罗夫"), "ix_event_timeline"),
    (EventFilter(q="会谈", country=["RU"]), "ix_event_country_timeline (code=?"),
])
def test_a_text_search_walk_tests_each_event_it_meets(session, seeded, f, index):
    text = plan(session, page_query(session, f, 51, text_plan="walk"))
    assert index in text and "CORRELATED" in text, text
    assert "LIST SUBQUERY" not in text and "TEMP B-TREE" not in text, text
