"""The indexes each query relies on, checked in SQLite's query plan: a filter
must never scan a whole table of events, participants or countries."""
import pytest
from sqlalchemy.dialects import sqlite

from app.queries import EventFilter, filtered_query


def plan(session, statement) -> str:
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return "\n".join(row[-1] for row in rows)


@pytest.mark.parametrize("f, index", [
    (EventFilter(country=["RU"]), "ix_event_country_code"),
    (EventFilter(actor=["vladimir-putin"]), "ix_event_participant_actor_id"),
    (EventFilter(type=["call"]), "ix_event_type"),
])
def test_filters_use_their_index(session, seeded, f, index):
    text = plan(session, filtered_query(session, f))
    assert index in text, text


def test_timeline_order_uses_the_date_index(session, seeded):
    from app.models import Event
    text = plan(session, filtered_query(session, EventFilter()).order_by(Event.date_start.desc()).limit(100))
    assert "ix_event_date_start" in text and "TEMP B-TREE" not in text, text


def test_block_rebuild_finds_sources_by_index(session, seeded):
    from sqlmodel import select
    from app.models import EventSource
    text = plan(session, select(EventSource).where(EventSource.block == "call:2022-01"))
    assert "ix_event_source_block" in text, text
