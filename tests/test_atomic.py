"""Killing an ingest with SIGKILL — early, halfway, while it rebuilds the
months, with and without worker processes — and running it again ends with
the same database as an uninterrupted run: articles are stored in
transactions of a batch, with the mark that their months need rebuilding.
The database stays whole (integrity_check), the kept counts agree with the
events, and no worker outlives the killed ingest."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from conftest import ROOT

ARTICLES = 600


def _ingest(db, folder, workers=1, wait=True):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    command = [sys.executable, "-m", "app.cli", "ingest", str(folder), "--workers", str(workers)]
    if wait:
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _export(db):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    return subprocess.run([sys.executable, "-m", "app.cli", "export"], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def _query(db, sql: str):
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute(sql).fetchall()
    except sqlite3.Error:
        return None


def _articles(db) -> int:
    rows = _query(db, "select count(*) from article")
    return rows[0][0] if rows else 0


def _pending(db) -> int:
    rows = _query(db, "select count(*) from pending_block")
    return rows[0][0] if rows else 0


MONTH = "substr(event.date_start, 1, 7)"
TALLY = "select dimension, key, month, type, status, n from event_tally where n != 0"
RECOUNT = (f"select 'all', '', {MONTH}, type, status, count(*) from event group by {MONTH}, type, status "
           f"union all select 'actor', p.actor_id, {MONTH}, type, status, count(*) from event_participant p "
           f"join event on event.id = p.event_id group by p.actor_id, {MONTH}, type, status "
           f"union all select 'country', c.code, {MONTH}, type, status, count(*) from event_country c "
           f"join event on event.id = c.event_id group by c.code, {MONTH}, type, status")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("atomic") / "corpus"
    write_corpus(folder, ARTICLES, seed=7)
    whole = folder.parent / "whole.db"
    assert _ingest(whole, folder).returncode == 0
    return folder, _export(whole)


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


PHASES = {
    "first batch stored": lambda db: _articles(db) >= 1,
    "halfway": lambda db: _articles(db) >= ARTICLES // 2,
    "rebuilding months": lambda db: _articles(db) >= ARTICLES and _pending(db) > 0,
}


@pytest.mark.parametrize("workers, phase", [(1, "first batch stored"), (1, "rebuilding months"),
                                            (2, "first batch stored"), (2, "halfway")])
def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path, corpus, workers, phase):
    folder, whole = corpus
    killed = tmp_path / "killed.db"
    process = _ingest(killed, folder, workers, wait=False)
    deadline = time.time() + 120
    while not PHASES[phase](killed) and time.time() < deadline and process.poll() is None:
        time.sleep(0.01)
    assert process.poll() is None, f"the ingest finished before it reached '{phase}'"
    workers_seen = _descendants(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _articles(killed)
    assert 0 < partial <= ARTICLES
    assert _query(killed, "pragma integrity_check") == [("ok",)]
    if workers > 1:
        assert workers_seen, "no worker process was running"
        _assert_all_end(workers_seen)

    rerun = _ingest(killed, folder)
    assert rerun.returncode == 0, rerun.stderr
    assert f"already stored: {partial}" in " ".join(rerun.stderr.split())
    assert _export(killed) == whole
    assert _query(killed, "pragma integrity_check") == [("ok",)]
    assert set(_query(killed, TALLY)) == set(_query(killed, RECOUNT))
    assert _pending(killed) == 0


def _assert_all_end(pids: set[int], within: float = 10) -> None:
    deadline = time.time() + within
    while _alive(pids) and time.time() < deadline:
        time.sleep(0.1)
    assert not _alive(pids), f"processes of the killed ingest still running: {sorted(_alive(pids))}"
