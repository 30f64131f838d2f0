"""A fresh temporary database per test; the app and CLI see it through
DATABASE_URL, exactly as a deployment would."""
from pathlib import Path

import pytest
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    from app.config import get_settings

    url = f"sqlite:///{tmp_path / 'timeline.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    from app.db import migrate

    migrate(url)
    yield url
    get_settings.cache_clear()


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


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path
