"""How fast whole web pages are read, on one core.

    python -m bench.pages [FOLDER ...] [--pages 500] [--repeat 3]

Reads every .html/.htm page of the folders given — saved pages of your own
— or, with none, as many synthetic portal pages (bench/corpus.py's stories
in a page with a long head of inline scripts, navigation, a related-articles
box, comments and a footer, half of them with no publication time in their
head, so htmldate runs) and prints pages/s of `read_article` (decoding, the
page's metadata, its story, the fragment reader, htmldate when needed). The
target is 100 pages/s on one core."""
import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.corpus import article

HEAD_SCRIPTS = 300  # inline scripts in a page's head: about 20,000 characters, as portals have


def portal_page(rng: random.Random, index: int, published: date) -> str:
    _, story = article(rng, index, published)
    paragraphs = "".join(f"<p>{line}</p>" for line in story.split("\n\n") if not line.startswith(("---", "<")))
    scripts = "".join(f"<script>window.cfg{i} = {{id: {i}, channel: 'gj'}};</script>" for i in range(HEAD_SCRIPTS))
    stamp = f'<meta property="article:published_time" content="{published.isoformat()}T09:00:00+08:00">' \
        if index % 2 else ""
    related = "".join(f'<li><a href="/n/{index}-{i}.html">相关新闻标题{i}：外交部发言人答记者问</a></li>' for i in range(12))
    return (f"<!DOCTYPE html><html><head><meta charset=utf-8><title>外交动态 {index}_示例网</title>{stamp}"
            f'<link rel="canonical" href="https://news.example.cn/{published:%Y/%m/%d}/{index}.html">{scripts}</head>'
            '<body><div class="nav"><a href="/">首页</a><a href="/gj">国际</a></div>'
            f'<h1>外交动态 {index}</h1><div class="info"><span class="time">{published.isoformat()} 09:00</span></div>'
            f'<div class="article">{paragraphs}</div><div class="related"><ul>{related}</ul></div>'
            '<div class="comments"><p>评论：好文章。</p></div><div class="footer">版权所有</div></body></html>')


def write_pages(folder: Path, count: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = folder / f"{index:06d}.html"
        path.write_text(portal_page(rng, index, date(2015, 1, 1) + timedelta(days=index)), encoding="utf-8")
        paths.append(path)
    return paths


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
