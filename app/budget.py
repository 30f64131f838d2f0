"""Queries that may not take longer than a page can wait: counts, facets,
a text search. Past the budget the query is interrupted and the caller
shows what it has ("counts unavailable", a search that goes on when
asked)."""
import time
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session


class Unavailable(Exception):
    """A query took longer than its budget; the page says so instead of waiting."""


@contextmanager
def time_budget(session: Session, milliseconds: int):
    """Interrupt the queries inside after `milliseconds`: SQLite through a
    progress handler, PostgreSQL through a statement timeout inside a
    savepoint (a cancelled statement must not spoil the page's transaction)."""
    if milliseconds <= 0:
        raise Unavailable()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        savepoint = connection.begin_nested()
        try:
            connection.execute(text(f"SET LOCAL statement_timeout = {int(milliseconds)}"))
            yield
        except DBAPIError as exc:
            savepoint.rollback()
            raise Unavailable() from exc
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        savepoint.commit()
        return
    raw = connection.connection.dbapi_connection
    deadline = time.monotonic() + milliseconds / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1_000)
    try:
        yield
    except DBAPIError as exc:
        raise Unavailable() from exc
    finally:
        raw.set_progress_handler(None, 0)
