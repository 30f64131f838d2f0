"""One command for the benchmarks; results go to BENCHMARKS.md.

    python -m bench.run [--articles 2000] [--workers 2] [--seconds 5] [--connections 20]

It writes a synthetic corpus (bench/corpus.py), ingests it on one core and
with --workers processes (articles/s, peak memory), serves the database with
uvicorn and, side by side, with Datasette (in a virtualenv of its own), and
measures each view under wrk: latency p50/p95/p99 and requests/s."""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "latency.lua"


def run_ingest(db: Path, corpus: Path, workers: int) -> dict:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    subprocess.run([sys.executable, "-m", "app.cli", "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app.cli", "ingest", "--workers", str(workers), str(corpus)],
                   env=env, cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb}


def serve(command: list[str], env: dict, probe: str) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(probe, timeout=2)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {command}")


def load(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url],
                         capture_output=True, text=True, check=True).stdout
    figures = dict(re.findall(r"(\w+)=([\d.]+)", out.split("FIGURES", 1)[1]))
    return {k: float(v) for k, v in figures.items()}


def datasette_binary() -> Path:
    venv = ROOT / ".bench-venv"
    binary = venv / "bin" / "datasette"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "datasette"], check=True)
    return binary


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    return f"{os.cpu_count()} cores, {cpu}, {int(memory) // 1024 // 1024} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    corpus = work / "corpus"
    write_corpus(corpus, args.articles, seed=2026)

    one = run_ingest(work / "one.db", corpus, 1)
    many = run_ingest(work / "many.db", corpus, args.workers)
    db = work / "one.db"
    events = json.loads(subprocess.run([sys.executable, "-c", (
        "import sqlite3,json,sys; c=sqlite3.connect(sys.argv[1]);"
        "print(json.dumps([c.execute('select count(*) from event').fetchone()[0],"
        "c.execute('select id from event order by date_start desc limit 1 offset 10').fetchone()[0],"
        "c.execute('select actor_id from event_participant group by actor_id order by count(*) desc').fetchone()[0]]))"),
        str(db)], capture_output=True, text=True, check=True).stdout)
    count, event_id, actor = events

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    ours = "http://127.0.0.1:8791"
    app = serve([sys.executable, "-m", "uvicorn", "app.web.main:app", "--port", "8791", "--log-level", "warning"],
                env, ours + "/api/events?limit=1")
    views = {
        "unfiltered timeline": "/",
        "actor filter": f"/?actor={actor}",
        "country + type + date": "/?country=RU&type=talks&from=2016-01-01&to=2021-12-31",
        "permalink page": f"/events/{event_id}",
        "autocomplete": "/suggest/actors?actor=%E6%99%AE",
        "JSON API": "/api/events?limit=100",
    }
    results = {}
    try:
        for name, path in views.items():
            results[name] = load(ours + path, args.seconds, args.connections)
    finally:
        app.terminate()

    datasette = datasette_binary()
    theirs = "http://127.0.0.1:8792"
    table = f"/{db.stem}/event"
    ds = serve([str(datasette), "serve", "--immutable", str(db), "--port", "8792", "--setting", "sql_time_limit_ms", "5000"],
               dict(os.environ), theirs + table + ".json?_size=1")
    equivalents = {
        "unfiltered timeline": table + "?_sort_desc=date_start&_size=100",
        "country + type + date": table + "?type=talks&date_start__gte=2016-01-01&date_start__lte=2021-12-31"
                                 "&_where=id+in+(select+event_id+from+event_country+where+code%3D%27RU%27)&_size=100",
        "permalink page": f"{table}/{event_id}",
        "facets": table + "?_facet=type&_facet=status&_size=100",
        "JSON API": table + ".json?_sort_desc=date_start&_size=100",
    }
    theirs_results = {}
    try:
        for name, path in equivalents.items():
            theirs_results[name] = load(theirs + path, args.seconds, args.connections)
    finally:
        ds.terminate()
    shutil.rmtree(corpus, ignore_errors=True)
    write_report(args, one, many, count, results, theirs_results)


def write_report(args, one, many, count, results, theirs) -> None:
    lines = [
        "# Benchmarks", "",
        f"Machine: {machine()}.  ",
        f"Command: `python -m bench.run --articles {args.articles} --workers {args.workers} "
        f"--seconds {args.seconds} --connections {args.connections}` (SQLite; wrk, 2 threads).", "",
        "## Ingest", "",
        "| run | articles/s | seconds | peak memory (MB) |", "|---|---|---|---|",
        f"| 1 process | {args.articles / one['seconds']:.0f} | {one['seconds']:.1f} | {one['peak_mb']:.0f} |",
        f"| --workers {args.workers} | {args.articles / many['seconds']:.0f} | {many['seconds']:.1f} | {many['peak_mb']:.0f} |",
        "", f"Events in the database: {count}.", "",
        "## Serving (uvicorn, 1 worker) and Datasette on the same SQLite file", "",
        "| view | p50 ms | p95 ms | p99 ms | req/s | Datasette p50 | Datasette p95 | Datasette req/s | p95 ratio (Datasette / ours) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        d = theirs.get(name)
        ratio = f"{d['p95'] / r['p95']:.2f}" if d and r["p95"] else "—"
        lines.append(f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} | "
                     + (f"{d['p50']:.1f} | {d['p95']:.1f} | {d['rps']:.0f} | {ratio} |" if d else "— | — | — | — |"))
    if "facets" in theirs:
        d = theirs["facets"]
        lines.append(f"| Datasette facets only | — | — | — | — | {d['p50']:.1f} | {d['p95']:.1f} | {d['rps']:.0f} | (our timeline page includes facets) |")
    errors = sum(r["errors"] + r["non2xx"] for r in results.values())
    lines += ["", f"Errors and non-2xx answers under load: {int(errors)}.", ""]
    lines += targets(args, one, count, results, theirs)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def targets(args, one, count, results, theirs) -> list[str]:
    """Issue 6's targets, each marked met or not at this run's scale."""
    def mark(ok: bool) -> str:
        return "met" if ok else "**not met**"
    rate = args.articles / one["seconds"]
    filtered = max(results[v]["p95"] for v in ("actor filter", "country + type + date"))
    ahead = [name for name in theirs if name in results and results[name]["p95"] < theirs[name]["p95"]]
    return [
        "## Against the targets", "",
        "| target | this run | |", "|---|---|---|",
        f"| ingest ≥ 1,000 articles/s per core | {rate:.0f} | {mark(rate >= 1000)} |",
        f"| a million events | {count} | {mark(count >= 1_000_000)} (run with more --articles) |",
        f"| filtered timeline p95 ≤ 30 ms | {filtered:.1f} ms | {mark(filtered <= 30)} |",
        f"| autocomplete p95 ≤ 10 ms | {results['autocomplete']['p95']:.1f} ms | {mark(results['autocomplete']['p95'] <= 10)} |",
        f"| ahead of Datasette on every view | ahead on {len(ahead)} of {len(theirs) - 1} | {mark(len(ahead) >= len(theirs) - 1)} |",
        "",
        "Latencies are measured with 20 connections against one uvicorn worker, so under saturation they",
        "include queueing: a single request of the timeline takes a few tens of milliseconds at this scale.", "",
    ]


if __name__ == "__main__":
    main()
