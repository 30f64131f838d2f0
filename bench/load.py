"""Do exports stall the pages? A bounded load test on loopback.

    python -m bench.load [--articles 1000] [--exports 4] [--seconds 20]
                         [--keep DIR] [--compare DIR] [--write]

It writes a synthetic corpus (bench/corpus.py, about fourteen events an
article), ingests it, serves it with `timeline serve` on a free loopback
port, and measures the timeline page (/) and the API (/api/events?limit=50)
from one client, a request after another: first with nothing else running
(idle), then while --exports clients download the unfiltered /events.ics
over and over (each at once again after it ends, or after the Retry-After
of a 503). It prints p50/p95/max of both, and how the exports fared:
finished whole, ended with the incomplete note, refused with 503. Every
request goes to 127.0.0.1; both phases end after --seconds.

--compare DIR measures another checkout the same way on the same database
afterwards (a version from before the export limits, say: `git worktree add
/tmp/before COMMIT`); --write puts the figures into BENCHMARKS.md (a section
of its own, which `python -m bench.run` keeps)."""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.corpus import write_corpus
from bench.run import machine
from bench.sections import write_section

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"timeline page": "/", "API": "/api/events?limit=50"}
EXPORT = "/events.ics"


def prepare(work: Path, articles: int) -> Path:
    """A database of the synthetic corpus in `work` (kept and reused)."""
    db = work / "load.db"
    if db.exists():
        return db
    corpus = work / "corpus"
    write_corpus(corpus, articles, seed=2026)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    subprocess.run([sys.executable, "-m", "app.cli", "ingest", "--workers", "2", str(corpus)], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    return db


def serve(db: Path, app_root: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", PYTHONPATH=str(app_root))
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-access-log"],
                               env=env, cwd=app_root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            get(port, "/api/events?limit=1")
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def get(port: int, path: str, timeout: float = 120) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def measure_pages(port: int, seconds: float) -> dict[str, list[float]]:
    """One client, the views in turn: each request's time in ms."""
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for name, path in PAGES.items():
            started = time.perf_counter()
            status, _, _ = get(port, path)
            times[name].append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
    return times


def exporter(port: int, stop: threading.Event, tally: dict, lock: threading.Lock) -> None:
    """Downloads the unfiltered .ics until told to stop."""
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, body, headers = get(port, EXPORT)
        except OSError:
            outcome, wait = "failed", 1.0
        else:
            wait = float(headers.get("Retry-After", 0)) if status == 503 else 0
            outcome = "refused (503)" if status == 503 else "cut short (note)" \
                if b"X-TIMELINE-INCOMPLETE" in body else "whole" if status == 200 else f"HTTP {status}"
        with lock:
            tally.setdefault(outcome, []).append(time.perf_counter() - started)
        stop.wait(wait)


def under_exports(port: int, exports: int, seconds: float) -> tuple[dict, dict]:
    stop, lock, tally = threading.Event(), threading.Lock(), {}
    threads = [threading.Thread(target=exporter, args=(port, stop, tally, lock)) for _ in range(exports)]
    for thread in threads:
        thread.start()
    time.sleep(1)  # the exports are under way before the first measured request
    try:
        times = measure_pages(port, seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
    return times, tally


def figures(times: list[float]) -> str:
    if not times:
        return "— | — | — | 0"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.0f} | {p95:.0f} | {ordered[-1]:.0f} | {len(ordered)}"


def run(db: Path, app_root: Path, args) -> dict:
    """One checkout served and measured: idle, then under the exports."""
    server, port = serve(db, app_root)
    try:
        total = json.loads(get(port, "/api/events?limit=1")[1])["total"]
        size = len(get(port, EXPORT)[1])
        measure_pages(port, 2)  # warm
        idle = measure_pages(port, args.seconds)
        busy, tally = under_exports(port, args.exports, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"events": total, "size": size, "idle": idle, "busy": busy, "tally": tally}


def commit_of(root: Path) -> str:
    """The checkout's commit, as the report names the code measured."""
    done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h"], capture_output=True, text=True)
    return done.stdout.strip() or root.name


def report(args, runs: dict[str, dict]) -> str:
    command = f"python -m bench.load --articles {args.articles} --exports {args.exports} --seconds {args.seconds:g}"
    if args.compare:
        command += " --compare BEFORE"
    first = next(iter(runs.values()))
    lines = [f"Machine: {machine()}.  ", f"Command: `{command}` ({first['events']:,} events; the unfiltered "
             f"`.ics` is the newest 10,000, {first['size'] / 1e6:.1f} MB). One client requests the views in turn, "
             f"{args.seconds:g} s idle, then {args.seconds:g} s while {args.exports} clients download `/events.ics` "
             "again and again.", "",
             "| code | view | while | p50 ms | p95 ms | max ms | requests |", "|---|---|---|---|---|---|---|"]
    for code, figures_of in runs.items():
        for name in PAGES:
            lines.append(f"| {code} | {name} | idle | {figures(figures_of['idle'][name])} |")
            lines.append(f"| {code} | {name} | exports | {figures(figures_of['busy'][name])} |")
    lines += ["", "| code | export outcome | downloads | seconds each (median) |", "|---|---|---|---|"]
    for code, figures_of in runs.items():
        for outcome, durations in sorted(figures_of["tally"].items()):
            lines.append(f"| {code} | {outcome} | {len(durations)} | {statistics.median(durations):.1f} |")
    lines += ["", NOTE]
    return "\n".join(lines) + "\n"


NOTE = ("A refused export waited EXPORT_WAIT_MS (2 s) for a slot, and its client tried again after the "
        "Retry-After (5 s); a download's seconds are the whole file's, and so include the batches that "
        "let the pages' requests go first. The requests column counts the measured client's requests in "
        "the phase: fewer under exports, as each took longer.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--exports", type=int, default=4, help="clients downloading /events.ics at once")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the corpus and database in this folder")
    parser.add_argument("--compare", type=Path, help="measure this other checkout too, after this one")
    parser.add_argument("--write", action="store_true", help="put the figures into BENCHMARKS.md")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="timeline-load-"))
    work.mkdir(parents=True, exist_ok=True)
    db = prepare(work, args.articles)
    roots = {f"this ({commit_of(ROOT)})": ROOT}
    if args.compare:
        roots[f"before ({commit_of(args.compare)})"] = args.compare.resolve()
    text = report(args, {code: run(db, root, args) for code, root in roots.items()})
    print(text)
    if args.write:
        write_section("load", "Exports under load: `python -m bench.load`", text, ROOT / "BENCHMARKS.md")


if __name__ == "__main__":
    main()
