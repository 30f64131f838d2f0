"""A fresh temporary database per test; the app and CLI see it through
DATABASE_URL, exactly as a deployment would. SQLite by default; with
TIMELINE_TEST_POSTGRES set to an admin URL (see .ci/postgres), each test gets
a PostgreSQL database of its own instead."""
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
# FastAPI's TestClient sends Host: testserver; a server trusts only loopback
# names unless told (TRUSTED_HOSTS). Tests of the default unset this.
os.environ.setdefault("TRUSTED_HOSTS", "testserver,localhost,127.0.0.1")
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def _postgres_database():
    admin_url = os.environ["TIMELINE_TEST_POSTGRES"]
    name = f"timeline_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop():
        """Cleanup only: a database left behind is harmless, so a transient
        failure to drop it warns instead of failing the test run."""
        import time
        import warnings

        from app.db import engine_for
        engine_for(url).dispose()
        for attempt in range(3):
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except Exception as exc:  # noqa: BLE001
                if attempt == 2:
                    warnings.warn(f"could not drop test database {name}: {exc}")
                time.sleep(0.5)
        admin.dispose()
    return url, drop


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    from app.config import get_settings

    drop = None
    if os.environ.get("TIMELINE_TEST_POSTGRES"):
        url, drop = _postgres_database()
    else:
        url = f"sqlite:///{tmp_path / 'timeline.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    from app.db import migrate

    migrate(url)
    yield url
    get_settings.cache_clear()
    if drop is not None:
        drop()


@pytest.fixture
def engine(db_url):
    from app.db import engine_for

    return engine_for(db_url)


@pytest.fixture
def session(engine):
    with Session(engine) as s:
        yield s


@pytest.fixture
def seeded(engine):
    from app.ingest.pipeline import ingest

    report = ingest(engine, [SEEDS])
    assert report.ok, report.rejected
    return report


@pytest.fixture
def client(db_url):
    from fastapi.testclient import TestClient

    from app.web.main import create_app

    with TestClient(create_app()) as c:
        yield c


def start_server(env: dict, seeds: Path | None = SEEDS):
    """uvicorn on a free loopback port over the database in env, seeded;
    returns the process and its base URL once it answers."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    if seeds is not None:
        subprocess.run([sys.executable, "-m", "app.cli", "ingest", str(seeds)], env=env, cwd=ROOT, check=True,
                       capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.web.main:app", "--port", str(port)],
                               env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/api/events?limit=1", timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="session")
def read_frames():
    """The frames of one sentence, read with a fresh discourse (nothing known
    before it): read_frames(sentence, now, home=None) → [Frame, …]."""
    from app.ingest.dates import Anchor
    from app.ingest.discourse import Context, clause_dates
    from app.ingest.entities import find_countries, find_people, find_places
    from app.ingest.extract import is_trigger
    from app.ingest.frames.frame import Frame
    from app.ingest.gazetteer import load
    from app.ingest.normalize import normalize

    gz = load()

    def read(sentence: str, now, home: str | None = None) -> list:
        ctx = Context(gz=gz, article_now=now, anchor=Anchor(now=now), year_guessed=False, home=home)
        text = normalize(sentence)
        countries = find_countries(text, gz)
        people, places, dates = find_people(text, gz, countries), find_places(text, gz), clause_dates(text, ctx)
        found, start = [], 0
        for trigger in (t for t in gz.trigger_regex.finditer(text) if is_trigger(text, t, gz)):
            found.append(Frame(text, sentence, trigger, start, people, countries, places, dates, ctx))
            start = trigger.end()
        return found

    return read
