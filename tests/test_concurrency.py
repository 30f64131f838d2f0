"""An ingest runs while 20 clients read pages and the API: no errors, and
no reader ever sees a half-ingested article (WAL, one transaction each)."""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.corpus import write_corpus
from conftest import ROOT, start_server

PATHS = ["/", "/?country=RU", "/api/events?limit=50", "/events.csv", "/countries/RU", "/actors/sergey-lavrov",
         "/api/events?type=call&limit=20", "/?page=2", "/events.atom"]


@pytest.fixture
def live(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'live.db'}")
    server, base = start_server(env)
    yield base, env
    server.terminate()
    server.wait(timeout=10)


def _reader(base: str, rounds: int) -> list[str]:
    problems = []
    for i in range(rounds):
        path = PATHS[i % len(PATHS)]
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                body = response.read()
                if path.startswith("/api/events"):
                    for event in json.loads(body)["events"]:
                        if not event["sources"] or not all(s["article_id"] for s in event["sources"]):
                            problems.append(f"half an event: {event['id']}")
        except urllib.error.HTTPError as exc:
            problems.append(f"{path}: HTTP {exc.code}")
        except OSError as exc:
            problems.append(f"{path}: {exc}")
    return problems


def test_twenty_readers_during_an_ingest(live, tmp_path):
    base, env = live
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 200, seed=3)
    ingest = subprocess.Popen([sys.executable, "-m", "app.cli", "ingest", str(corpus)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: _reader(base, 12), range(20)))
    assert ingest.wait(timeout=300) == 0, ingest.stderr.read()
    problems = [p for r in results for p in r]
    assert problems == []
    total = json.loads(urllib.request.urlopen(base + "/api/events?limit=1").read())["total"]
    assert total > 200  # the readers saw the database grow; after the ingest everything is there
