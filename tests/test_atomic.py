"""Killing an ingest with SIGKILL halfway and running it again ends with the
same database as an uninterrupted run: articles are stored in transactions
of a batch, with the mark that their months need rebuilding."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from bench.corpus import write_corpus
from conftest import ROOT


def _ingest(db, folder, wait=True):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    command = [sys.executable, "-m", "app.cli", "ingest", str(folder)]
    if wait:
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _export(db):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    return subprocess.run([sys.executable, "-m", "app.cli", "export"], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def _articles(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("select count(*) from article").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_mid_ingest_then_rerun_equals_an_uninterrupted_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 600, seed=7)
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    assert _ingest(whole, corpus).returncode == 0

    process = _ingest(killed, corpus, wait=False)
    deadline = time.time() + 120
    while _articles(killed) < 1 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the ingest finished before it could be killed; use a larger corpus"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _articles(killed)
    assert 0 < partial < 600

    rerun = _ingest(killed, corpus)
    assert rerun.returncode == 0, rerun.stderr
    assert f"already stored: {partial}" in " ".join(rerun.stderr.split())
    assert _export(killed) == _export(whole)
