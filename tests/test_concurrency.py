"""An ingest runs while 20 clients read pages and the API: no errors, and
no reader ever sees a half-ingested article (WAL, one transaction each)."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.corpus import write_corpus
from conftest import ROOT, SEEDS

PATHS = ["/", "/?country=RU", "/api/events?limit=50", "/events.csv", "/countries/RU", "/actors/sergey-lavrov",
         "/api/events?type=call&limit=20", "/?page=2", "/events.atom"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(tmp_path):
    db = tmp_path / "live.db"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    subprocess.run([sys.executable, "-m", "app.cli", "ingest", str(SEEDS)], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.web.main:app", "--port", str(port)], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/events?limit=1", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
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
