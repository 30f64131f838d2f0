"""What the relevance gate costs and saves, on one core:

    .venv/bin/python -m bench.gate [--copies 25]

- the gate's time per article against the reader's (extract), on the
  shared dev set and seeds (diplomatic news, ../shared) and on
  bench/nondiplomatic.py (short news of other kinds, with trap words);
- the share of each the gate passes over, and whether the reader finds an
  event in any of those (it must not);
- an ingest (pipeline.ingest, in this process: start-up left out) of the
  non-diplomatic articles, each copied --copies times and numbered so that
  every copy is a new file, alone and with a tenth of dev articles, into a
  fresh SQLite database with and without the gate: articles per second."""
import argparse
import copy
import glob
import tempfile
import time
from pathlib import Path

from app.ingest.extract import extract
from app.ingest.gate import gate
from app.ingest.gazetteer import load
from app.ingest.read import RawArticle, article_from_text, read_article
from bench.nondiplomatic import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def per_article(articles: list[RawArticle], work, rounds: int = 5) -> float:
    """The best of `rounds` passes, in microseconds per article."""
    best = float("inf")
    for _ in range(rounds):
        fresh = [copy.copy(a) for a in articles]  # the reader changes the article it reads
        started = time.perf_counter()
        for article in fresh:
            work(article)
        best = min(best, time.perf_counter() - started)
    return best / len(articles) * 1e6


def measure(name: str, articles: list[RawArticle]) -> None:
    judge = gate()
    passed_over = [a for a in articles if not judge.relevant(a.text)]
    lost = [a.name for a in passed_over if extract(copy.copy(a))]
    gate_us = per_article(articles, lambda a: judge.relevant(a.text))
    reader_us = per_article(articles, extract, rounds=2)
    chars = sum(len(a.text) for a in articles) / len(articles)
    print(f"| {name} | {len(articles)} | {chars:.0f} | {gate_us:.1f} | {reader_us:.0f} | "
          f"{len(passed_over)} ({len(passed_over) / len(articles):.0%}) | {len(lost)} |")


def ingest_rate(folder: Path, gated: bool) -> float:
    """Articles per second of an ingest in this process (the gazetteer and
    the gate already loaded, as in a long run) into a fresh SQLite file."""
    from app.db import engine_for, migrate
    from app.ingest.pipeline import ingest, settled_heap

    with tempfile.TemporaryDirectory() as db:
        url = f"sqlite:///{db}/timeline.db"
        migrate(url)
        with settled_heap():
            started = time.perf_counter()
            report = ingest(engine_for(url), [folder], gate=gated)
            elapsed = time.perf_counter() - started
    return report.read / elapsed


def write_stream(folder: Path, copies: int, diplomatic: list[RawArticle]) -> int:
    """Each non-diplomatic article `copies` times and, with each copy of
    them, as many diplomatic ones as make a tenth of the stream: numbered,
    so that every file is new."""
    count = 0
    per_copy = max(1, round(len(ARTICLES) / 9)) if diplomatic else 0
    for number in range(copies):
        texts = [(name, text) for name, _, text in ARTICLES]
        texts += [(a.name, a.text) for a in (diplomatic[(number * per_copy + i) % len(diplomatic)]
                                             for i in range(per_copy))]
        for name, text in texts:
            Path(folder, f"{number}-{name}.txt").write_text(f"{text}\n\n（编号{number}）\n", encoding="utf-8")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=25, help="copies of each non-diplomatic article to ingest")
    args = parser.parse_args()
    load()
    gate()
    sample = [article_from_text(text, name=f"{name}.txt", path=f"{name}.txt", sha256=name)
              for name, _, text in ARTICLES]
    print("| articles | n | characters | gate µs/article | reader µs/article | passed over | with an event among them |")
    print("|---|---|---|---|---|---|---|")
    if (SHARED / "dev").is_dir():
        dev = [read_article(Path(p)) for p in sorted(glob.glob(str(SHARED / "dev" / "*")))]
        seeds = [read_article(Path(p)) for p in sorted(glob.glob(str(SHARED / "seeds" / "*")))]
        measure("dev and seeds (diplomatic)", dev + seeds)
    else:
        dev = []
    measure("bench/nondiplomatic.py", sample)
    joined = [article_from_text("\n\n".join(t for _, _, t in ARTICLES[i:i + 7]), name=f"joined-{i}", path="", sha256="")
              for i in range(0, len(ARTICLES), 7)]
    measure("the same, 7 to an article", joined)
    print()
    for name, diplomatic in (("non-diplomatic only", []), ("nine non-diplomatic to one of the dev set", dev)):
        with tempfile.TemporaryDirectory() as folder:
            count = write_stream(Path(folder), args.copies, diplomatic)
            print(f"ingest of {count} articles, {name}, one process: {ingest_rate(Path(folder), True):.0f} "
                  f"articles/s with the gate, {ingest_rate(Path(folder), False):.0f} without")


if __name__ == "__main__":
    main()
