"""Synthetic articles on demand, for benchmarks and for tests that need
many files. Two kinds:

- dense (the default): roundups of about fourteen diplomatic events each —
  varied outlets (Xinhua, CNA, Reuters-style clips, Markdown front matter,
  HTML), both scripts, date expressions of every kind, people from the
  gazetteer who held their office on the day. The extractor at its busiest.
- realistic: a stream of news as a scraper meets it (bench/news.py, its
  words in bench/news.yaml): economy and markets, telecoms and tech, sports,
  weather, courts, culture, local government — 300–1500 characters each,
  with the dates, country names, titles and trap words (通话 of call volumes,
  会谈 between companies, 访问 by a team) such news has — and the dense
  roundups mixed in at --diplomatic-share (default 0.1: nine in ten are not
  diplomatic), from nine outlets in both scripts. Every non-diplomatic story
  holds one to three trap sentences unless --trap-share says fewer do. Written in --format
  (bench/formats.py): files (one a story), html (whole web pages), jsonl
  (one JSON Lines dump) or warc (one gzipped WARC). The same seed gives the
  same stories in every format.

    python -m bench.corpus OUT_DIR COUNT [--seed N]
    python -m bench.corpus OUT_DIR COUNT --kind realistic [--format files|html|jsonl|warc]
                           [--diplomatic-share 0.1] [--trap-share 1] [--seed N]
"""
import argparse
import random
from datetime import date, timedelta
from pathlib import Path

import opencc

from app.ingest.gazetteer import load

_S2T = opencc.OpenCC("s2t.json")
TITLES = {"head_of_state": "总统", "head_of_government": "总理", "foreign_minister": "外长"}
VERBS = {"call": "通电话", "talks": "举行会谈", "visit": None}


def holders(day: date) -> dict[str, list]:
    """People of each office group who held it on `day`, by country."""
    found: dict[str, list] = {}
    for person in load().people.values():
        for office in person.offices:
            if office.office in TITLES and office.held_on(day) and office.start:
                found.setdefault(office.office, []).append((person, office))
    return found


_HOLDERS: dict[date, dict] = {}


def _holders_on(day: date) -> dict[str, list]:
    if day not in _HOLDERS:
        _HOLDERS[day] = holders(day)
    return _HOLDERS[day]


def happening(rng: random.Random, day: date, visits: dict | None = None) -> tuple | None:
    """An event: its day, kind and the two office holders who took part. No
    one visits the same country twice in a week (the extractor takes such
    reports for one visit): `visits` holds the days of each visitor's visits
    to each country, and a repeat becomes talks."""
    groups = _holders_on(day)
    office = rng.choice([o for o in TITLES if len(groups.get(o, [])) >= 2] or [None])
    if office is None:
        return None
    (a, oa), (b, ob) = rng.sample(groups[office], 2)
    if a.country == b.country or {a.country, b.country} & {"TW", "HK", "MO"}:
        return None
    kind = rng.choice(list(VERBS))
    if kind == "visit" and visits is not None:
        days = visits.setdefault((a.id, b.country), [])
        if any(abs((other - day).days) <= 7 for other in days):
            kind = "talks"
        else:
            days.append(day)
    return day, kind, (a, oa), (b, ob)


def sentence(rng: random.Random, day: date, published: date, event: tuple | None = None) -> str | None:
    """One sentence reporting `event` (a new one when not given)."""
    event = event or happening(rng, day)
    if event is None:
        return None
    day, kind, (a, oa), (b, ob) = event
    gz = load()
    when = rng.choice([f"{day.month}月{day.day}日", f"{day.day}日", f"{day.year}年{day.month}月{day.day}日"]
                      if 0 <= (published - day).days < 25 else [f"{day.year}年{day.month}月{day.day}日"])
    who_a = f"{gz.country_name(a.country)}{oa.title}{a.name}"
    who_b = f"{gz.country_name(b.country)}{ob.title}{b.name}"
    if kind == "visit":
        return f"{when}，{who_a}抵达{gz.country_name(b.country)}，对{gz.country_name(b.country)}进行正式访问。"
    return f"{when}，{who_a}同{who_b}{VERBS[kind]}。"


FILLER = ["双方就双边关系和共同关心的国际和地区问题深入交换意见。", "两国关系保持健康稳定发展势头。",
          "外交部发言人在例行记者会上回答了有关提问。", "分析人士认为，此次互动释放了积极信号。"]


def article(rng: random.Random, index: int, published: date, recent: list | None = None,
            visits: dict | None = None) -> tuple[str, str]:
    """A roundup of about fourteen events in one of five outlet styles: a
    file's name and text."""
    body = "\n\n".join(roundup(rng, published, recent, visits))
    return styled(rng, index, published, body)


def roundup(rng: random.Random, published: date, recent: list | None = None, visits: dict | None = None,
            told_events: list | None = None) -> list[str]:
    """The lines of a roundup of about fourteen events; one in seven was
    reported before by another article (`recent` holds what earlier
    articles reported), so the same event reaches the database from
    several outlets. The realistic stream (bench/news.py) mixes these in,
    and keeps the events told (`told_events`) to measure what is found."""
    recent = recent if recent is not None else []
    lines, told = [], set()
    for _ in range(rng.randint(10, 18)):
        day = published - timedelta(days=rng.randrange(0, 20))
        earlier = [e for e in recent if 0 <= (published - e[0]).days < 20 and id(e) not in told]
        event = rng.choice(earlier) if earlier and rng.random() < 0.15 else happening(rng, day, visits)
        if event is not None:
            lines.append(sentence(rng, day, published, event))
            told.add(id(event))
            if told_events is not None:
                told_events.append(event)
            if event not in recent:
                recent.append(event)
                del recent[:-300]
        if rng.random() < 0.3:
            lines.append(rng.choice(FILLER))
    return lines


def styled(rng: random.Random, index: int, published: date, body: str) -> tuple[str, str]:
    """The dense corpus's five outlet styles (Xinhua dateline, CNA in
    traditional script, Markdown front matter, an HTML fragment, a web clip)."""
    style = rng.choice(["xinhua", "cna", "markdown", "html", "clip"])
    if style == "xinhua":
        return f"{index:06d}.txt", f"新华社北京{published.month}月{published.day}日电 {body}\n\n（完）\n刚刚过去的{published.year - 1}年"
    if style == "cna":
        return f"{index:06d}.txt", _S2T.convert(f"{published.isoformat()} 中央社\n\n{body}")
    if style == "markdown":
        return f"{index:06d}.md", f"---\ntitle: 外交动态 {index}\ndate: {published.isoformat()}T09:00:00+08:00\n---\n\n{body}"
    if style == "html":
        paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n\n"))
        return f"{index:06d}.md", f"---\ndate: {published.isoformat()}\n---\n<div>{paragraphs}</div>"
    stamp = (published.toordinal() - date(1970, 1, 1).toordinal()) * 86400000 + 3600000
    return f"{index:06d}.txt", f"<!--{stamp}-->\n[外交综述 {index}](https://example.org/{index})\n------\n\n<p>{body}</p>"


def write_corpus(folder: Path, count: int, seed: int = 1, start: date = date(2013, 6, 1), days: int = 4000) -> list[Path]:
    """The dense corpus: `count` roundups, one file each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths, recent, visits = [], [], {}
    for index in range(count):
        published = start + timedelta(days=index * days // max(count, 1) + rng.randrange(3))
        name, text = article(rng, index, published, recent, visits)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_realistic(folder: Path, count: int, seed: int = 1, fmt: str = "files", diplomatic_share: float = 0.1,
                    start: date = date(2013, 6, 1), days: int | None = None, trap_share: float = 1.0) -> list[Path]:
    """The realistic stream of `count` stories in one format: the files
    written (one a story, or the one dump or WARC), over `days` days
    (bench/news.py: by default 25 articles a day)."""
    from bench.formats import write_format
    from bench.news import stories

    return write_format(folder, stories(count, seed, diplomatic_share, start, days, trap_share), fmt, seed)


def main() -> None:
    from bench.formats import FORMATS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=("dense", "realistic"), default="dense")
    parser.add_argument("--format", choices=FORMATS, default="files",
                        help="how the realistic stream is written (the dense corpus is files only)")
    parser.add_argument("--diplomatic-share", type=float, default=0.1,
                        help="share of diplomatic roundups in the realistic stream (default 0.1)")
    parser.add_argument("--trap-share", type=float, default=1.0,
                        help="share of its other stories with trap sentences (default 1: all of them)")
    args = parser.parse_args()
    if args.kind == "dense":
        if args.format != "files":
            parser.error("the dense corpus is written as files; for other formats use --kind realistic "
                         "(--diplomatic-share 1 gives dense roundups only)")
        write_corpus(args.out, args.count, args.seed)
        return
    if not (0 <= args.diplomatic_share <= 1 and 0 <= args.trap_share <= 1):
        parser.error("--diplomatic-share and --trap-share are shares, between 0 and 1")
    write_realistic(args.out, args.count, args.seed, args.format, args.diplomatic_share, trap_share=args.trap_share)


if __name__ == "__main__":
    main()
