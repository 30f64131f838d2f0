"""How fast whole web pages are read, on one core.

    python -m bench.pages [FOLDER ...] [--pages 500] [--repeat 3]

Reads every .html/.htm page of the folders given — saved pages of your own
— or, with none, as many whole pages of the realistic stream (bench/news.py
stories in bench/formats.py's pages: long heads, navigation, related and hot
lists, footers, GBK for two outlets, dated by a <meta>, JSON-LD, <time> or
only the address) and prints pages/s of `read_article` (decoding, the page's
metadata, its story, the fragment reader, htmldate when needed). The target
is 100 pages/s on one core."""
import argparse
import tempfile
import time
from pathlib import Path

from bench.formats import write_format
from bench.news import stories


def write_pages(folder: Path, count: int, seed: int = 1) -> list[Path]:
    return write_format(folder, stories(count, seed), "html", seed)


def pages_per_second(paths: list[Path], repeat: int) -> float:
    from app.ingest.read import read_article

    read_article(paths[0])  # imports and caches outside the clock
    best = None
    for _ in range(repeat):
        started = time.process_time()
        for path in paths:
            read_article(path)
        elapsed = time.process_time() - started
        best = elapsed if best is None else min(best, elapsed)
    return len(paths) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        paths = sorted(p for folder in args.folders for p in folder.rglob("*") if p.suffix in (".html", ".htm")) \
            if args.folders else write_pages(Path(scratch), args.pages)
        rate = pages_per_second(paths, args.repeat)
        print(f"{len(paths)} pages, {sum(p.stat().st_size for p in paths) / len(paths) / 1024:.0f} KiB on average: "
              f"{rate:.0f} pages/s on one core (target 100)")


if __name__ == "__main__":
    main()
