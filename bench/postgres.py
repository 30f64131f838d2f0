"""Several machines, one PostgreSQL: do concurrent ingests end like one, and
what do they gain? Run on one machine with a PostgreSQL server.

    python -m bench.postgres --url postgresql+psycopg://USER:PASSWORD@HOST/postgres
                             [--articles 3000] [--keep DIR] [--write]

--url is an account that may create databases (`.ci/postgres` starts a
local server and prints one). The benchmark writes the synthetic corpus
(bench/corpus.py), creates a fresh database for each case and ingests:

- one: the whole corpus, one `timeline ingest`;
- shares: two `timeline ingest` at once, each on its share of the files
  (`--share 1/2`, `--share 2/2`) — what two machines would run;
- overlap: two `timeline ingest` at once, each on the whole corpus (every
  article arrives twice, in the same order: the hardest race).

Each case must end with the same database as one: the same `timeline
export`, byte for byte, and the same counts in the tally. It prints the
seconds and articles/s of each case; --write puts them into BENCHMARKS.md
(a section of its own, which `python -m bench.run` keeps). The two
processes share this machine's cores with the server, so the gain here is a
floor of what two machines give."""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.corpus import write_corpus
from bench.run import machine
from bench.sections import write_section

ROOT = Path(__file__).resolve().parent.parent
CASES = {"one": [[]], "shares": [["--share", "1/2"], ["--share", "2/2"]], "overlap": [[], []]}


def fresh_database(admin_url: str, name: str) -> str:
    """An empty database `name` on the server (dropped first if there)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def timeline(url: str, *args: str, **popen) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, **popen)


def run_case(url: str, corpus: Path, runs: list[list[str]]) -> float:
    """Seconds from the start of the ingests to the end of the last."""
    timeline(url, "migrate", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait()  # the schema first, as an operator would
    started = time.perf_counter()
    processes = [timeline(url, "ingest", *extra, str(corpus), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for extra in runs]
    for process in processes:
        _, errors = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"an ingest failed ({process.returncode}): {errors.decode()[-2000:]}")
    return time.perf_counter() - started


def fingerprint(url: str) -> dict:
    """What must be equal between the cases: the export and the tally."""
    export = timeline(url, "export", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).communicate()[0]
    engine = create_engine(url)
    with engine.connect() as connection:
        tally = sorted(connection.execute(text(
            "SELECT dimension, key, month, type, status, n FROM event_tally WHERE n != 0")).all())
        events = connection.execute(text("SELECT count(*) FROM event")).scalar()
    engine.dispose()
    return {"export": hashlib.sha256(export).hexdigest(), "tally": hashlib.sha256(repr(tally).encode()).hexdigest(),
            "events": events, "lines": export.count(b"\n")}


def report(args, articles: int, seconds: dict, prints: dict) -> str:
    one = prints["one"]
    lines = [f"Machine: {machine()}, PostgreSQL {args.server} on the same machine.  ",
             f"Command: `python -m bench.postgres --articles {args.articles}` ({articles} articles, "
             f"{one['events']:,} events).", "",
             "| case | ingests at once | seconds | articles/s | same export as one | same tally as one |",
             "|---|---|---|---|---|---|"]
    for case, runs in CASES.items():
        same = ("—", "—") if case == "one" else (_yes(prints[case]["export"] == one["export"]),
                                                 _yes(prints[case]["tally"] == one["tally"]))
        lines.append(f"| {case} | {len(runs)} | {seconds[case]:.1f} | {articles / seconds[case]:.0f} | {same[0]} | {same[1]} |")
    lines += ["", "`shares`: each process takes half the files (`--share 1/2`, `--share 2/2`), as two machines "
              "would; `overlap`: both take every file (each article arrives twice). Articles/s counts the corpus "
              "once. Both processes share this machine's two cores with the server."]
    return "\n".join(lines) + "\n"


def _yes(same: bool) -> str:
    return "yes" if same else "**no**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="a PostgreSQL account that may create databases")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the corpus in this folder")
    parser.add_argument("--write", action="store_true", help="put the figures into BENCHMARKS.md")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="timeline-pg-"))
    corpus = work / "corpus"
    if not corpus.exists():
        write_corpus(corpus, args.articles, seed=2027)
    articles = sum(1 for path in corpus.rglob("*") if path.is_file())
    engine = create_engine(args.url)
    with engine.connect() as connection:
        args.server = connection.execute(text("SHOW server_version")).scalar().split()[0]
    engine.dispose()
    seconds, prints = {}, {}
    for case, runs in CASES.items():
        url = fresh_database(args.url, f"bench_{case}")
        seconds[case] = run_case(url, corpus, runs)
        prints[case] = fingerprint(url)
        print(f"{case}: {seconds[case]:.1f} s, {prints[case]['events']} events", file=sys.stderr)
    text_ = report(args, articles, seconds, prints)
    print(text_)
    if args.write:
        write_section("postgres", "Several ingests into one PostgreSQL: `python -m bench.postgres`", text_,
                      ROOT / "BENCHMARKS.md")
    if any(prints[c]["export"] != prints["one"]["export"] or prints[c]["tally"] != prints["one"]["tally"] for c in CASES):
        raise SystemExit("a concurrent case did not end like one ingest")


if __name__ == "__main__":
    main()
