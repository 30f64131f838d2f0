"""One engine per database URL and one session dependency for the web layer."""
import random
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from app.config import get_settings, resource


class MissingDriver(RuntimeError):
    """The database URL names a server whose Python driver is not installed."""


def require_driver(url: str) -> None:
    """PostgreSQL's driver is an extra (SQLite needs none), so a PostgreSQL
    URL without it must say which extra to install, not end in a traceback
    about a missing module."""
    parsed = make_url(url)
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as exc:
        backend = parsed.get_backend_name()
        hint = "pip install 'diplomatic-timeline[postgres]' (in a checkout: pip install -e '.[postgres]')" \
            if backend == "postgresql" else f"install the Python driver for {parsed.drivername}"
        raise MissingDriver(f"DATABASE_URL names {backend} but its driver is not installed ({exc.name}): "
                            f"{hint}") from exc


def _prepare_sqlite_path(url: str) -> None:
    """SQLite creates the file but not its folder; `data/` may not exist yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


@lru_cache
def engine_for(url: str, writer: bool = False) -> Engine:
    """The engine for a URL. A `writer` engine on SQLite starts every
    transaction with BEGIN IMMEDIATE: it takes the write lock before reading,
    so two ingests never both decide to insert the same article, and a
    writer never reads a snapshot it then cannot write on."""
    require_driver(url)
    _prepare_sqlite_path(url)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    connect_args = {"check_same_thread": False, "timeout": 30} if is_sqlite else {}
    if is_sqlite and writer:
        # The rebuild's statements carry IN lists of every length; the sqlite3
        # module keeps 128 prepared statements per connection, and kept ones
        # with thousands of parameters grew the writer by megabytes per month
        # of events. A short cache keeps its memory flat in the corpus size.
        connect_args["cached_statements"] = 16
    engine = create_engine(url, connect_args=connect_args)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        if writer:
            event.listen(engine, "connect", _manual_transactions)
            event.listen(engine, "connect", _writer_cache)
            event.listen(engine, "begin", _begin_immediate)
    return engine


WRITER_CACHE_KB = 16_000


def _writer_cache(dbapi_connection, _record) -> None:
    """A writer's transaction changes thousands of pages (a batch of
    articles, a group of blocks rebuilt). SQLite's default cache (2 MB)
    held too few of them: changed pages were spilled to the WAL and read
    back again and again within one transaction, and an ingest wrote and
    read its database two to three times over. A fixed 16 MB holds them
    (the same for any corpus size)."""
    dbapi_connection.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KB}")


def _manual_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event open the transaction


def _begin_immediate(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the server read while an ingest writes; foreign keys keep
    sources from pointing at deleted articles. The busy timeout comes first
    and WAL is asked for only when the file is not in it yet: switching needs
    the whole file, and a second ingest starting while the first migrates
    otherwise failed at once with "database is locked"."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor, attempts: int = 200) -> None:
    """Two processes opening a new file at once both read it, then both ask
    to write the header: SQLite refuses one of them at once (waiting would
    deadlock) instead of calling the busy handler, so the refused one waits
    a little and looks again — usually to find the other has switched it."""
    for attempt in range(attempts):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.005 + random.random() * 0.02)


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


def get_session() -> Iterator[Session]:
    with Session(get_engine()) as session:
        yield session


async def quick_session() -> AsyncIterator[Session]:
    """The session of a read that takes a millisecond or two (a permalink):
    its endpoint runs in the event loop, as handing each request to a
    thread and back cost more than the page (the permalink page served 370
    requests/s under eight connections through threads, about 500 in the loop).
    Anything that may take longer keeps `get_session` and a thread."""
    with Session(get_engine()) as session:
        yield session


def migrate(url: str | None = None) -> None:
    """Bring the schema to the newest Alembic revision; cheap when it is there."""
    from alembic import command
    from alembic.config import Config

    url = url or get_settings().database_url
    require_driver(url)
    config = Config()
    config.set_main_option("script_location", str(resource("migrations")))
    config.attributes["database_url"] = url
    command.upgrade(config, "head")
