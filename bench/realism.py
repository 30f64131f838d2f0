"""Is the realistic stream realistic for the extractor? Ingest a small one
and see what comes out: the non-diplomatic stories should give no events
(each report they give is a false alarm — printed with its sentence and the
template it came from, a finding about the extractor, not about the
generator), and the diplomatic roundups should give the events they tell.

    python -m bench.realism [--articles 2000] [--seed 2026] [--diplomatic-share 0.1] [--trap-share 1] [--keep DIR]

bench/run.py prints the same summary for the stream it measures."""
import argparse
import json
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.news import Story, stories



@dataclass
class Findings:
    news_articles: int = 0
    news_with_reports: int = 0
    news_reports: int = 0
    news_events: int = 0  # events on the timeline whose every source is a non-diplomatic story
    by_template: dict = field(default_factory=dict)  # template → [count, kind, type, example evidence, actors]
    named: dict = field(default_factory=dict)  # people of the gazetteer a non-diplomatic report named → an evidence
    diplomatic_articles: int = 0
    told: int = 0  # events the roundups tell, counted in each article that tells them
    found: int = 0  # of those, found in that article (type, day, people)
    distinct_told: int = 0
    distinct_found: int = 0  # of the distinct events told, on the timeline (type, first day, people)
    other_reports: int = 0  # reports of roundups that match no event told (filler, misreadings)


def story_index(name: str) -> int | None:
    """The story a stored article was written from: files and pages are
    named by its index (000123.md), a dump's records by their line."""
    if ".jsonl:" in name:
        return int(name.rsplit(":", 1)[1]) - 1
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    return int(stem) if stem.isdigit() else None


def analyse(db: Path, told: Iterable[Story]) -> Findings:
    """What the database holds, against the stories the corpus was written
    from (the same count, seed and share)."""
    connection = sqlite3.connect(db)
    reports = defaultdict(list)
    for name, kind, day, actors, evidence, event in connection.execute(
            "select a.name, s.type, s.date, s.actors, s.evidence, s.event_id "
            "from event_source s join article a on a.id = s.article_id"):
        reports[story_index(name)].append((kind, day, {a["id"] for a in json.loads(actors)}, evidence, event))
    timeline = _timeline(connection)
    findings, news_events, shared_events, expected = Findings(), set(), set(), set()
    for story in told:
        found = reports.get(story.index, [])
        if story.diplomatic:
            _judge_roundup(story, found, findings, expected)
            shared_events |= {event for *_, event in found}
        else:
            _judge_news(story, found, findings)
            news_events |= {event for *_, event in found}
    findings.news_events = len(news_events - shared_events - {None})
    findings.distinct_told = len(expected)
    findings.distinct_found = sum(1 for key in expected if key in timeline)
    return findings


def _timeline(connection) -> set:
    """Every event as (type, first day, each set of its people that could be
    told): one key per person and per pair of people."""
    people = defaultdict(set)
    for event, actor in connection.execute("select event_id, actor_id from event_participant"):
        people[event].add(actor)
    keys = set()
    for event, kind, start in connection.execute("select id, type, date_start from event"):
        for one in people[event]:
            keys.add((kind, str(start), frozenset((one,))))
            keys |= {(kind, str(start), frozenset((one, other))) for other in people[event] if other != one}
    return keys


def _event_key(event: tuple) -> tuple:
    day, kind, (a, _), (b, _) = event
    return kind, day.isoformat(), frozenset((a.id,) if kind == "visit" else (a.id, b.id))


def _judge_roundup(story: Story, found: list, findings: Findings, expected: set) -> None:
    findings.diplomatic_articles += 1
    matched = set()
    for event in story.events:
        kind, day, people = _event_key(event)
        expected.add((kind, day, people))
        findings.told += 1
        hit = next((i for i, (k, d, actors, *_) in enumerate(found) if k == kind and d == day and people <= actors), None)
        if hit is not None:
            findings.found += 1
            matched.add(hit)
    findings.other_reports += len(found) - len(matched)


def _judge_news(story: Story, found: list, findings: Findings) -> None:
    findings.news_articles += 1
    if found:
        findings.news_with_reports += 1
    for kind, _, actors, evidence, _ in found:
        findings.news_reports += 1
        template = _source_template(story, evidence)
        entry = findings.by_template.setdefault(template, [0, story.kind, Counter(), evidence, set()])
        entry[0] += 1
        entry[2][kind] += 1
        entry[4] |= actors
        if actors:
            findings.named.setdefault(", ".join(sorted(actors)), evidence)


def _source_template(story: Story, evidence: str) -> str:
    """The template whose sentence holds the evidence (or is held by it)."""
    for template, sentence in story.sentences:
        if evidence in sentence or sentence in evidence:
            return template or "(a roundup's sentence)"
    return "(no one sentence: the title or several sentences)"


def summary(findings: Findings) -> list[str]:
    """The findings as Markdown lines."""
    f = findings
    lines = [f"- Non-diplomatic articles: {f.news_articles:,}; {f.news_with_reports:,} of them gave "
             f"{f.news_reports:,} reports, and {f.news_events:,} events on the timeline come from them alone "
             "(all false alarms).",
             f"- Diplomatic roundups: {f.diplomatic_articles:,}; of the {f.told:,} events they tell, "
             f"{f.found:,} ({_share(f.found, f.told)}) were found in the article that tells them "
             f"(type, day, people); of the {f.distinct_told:,} distinct events, {f.distinct_found:,} "
             f"({_share(f.distinct_found, f.distinct_told)}) are on the timeline; {f.other_reports:,} reports "
             "of roundups match no event told."]
    if f.by_template:
        lines += ["", "| reports | kind | type | template (news.yaml) | example evidence | people named (any of its reports) |",
                  "|---|---|---|---|---|---|"]
        for template, (count, kind, types, example, actors) in sorted(f.by_template.items(), key=lambda t: -t[1][0]):
            lines.append(f"| {count} | {kind} | {', '.join(f'{t} {n}' for t, n in types.most_common())} | "
                         f"{_cell(template)} | {_cell(example)} | {', '.join(sorted(actors)) or '—'} |")
    if f.named:
        lines += ["", "People of the gazetteer named by these false alarms, each with one sentence that named them:", "",
                  "| people | evidence |", "|---|---|"]
        lines += [f"| {people} | {_cell(evidence)} |" for people, evidence in sorted(f.named.items())]
    return lines


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--diplomatic-share", type=float, default=0.1)
    parser.add_argument("--trap-share", type=float, default=1.0, help="of the other stories, those with trap sentences")
    parser.add_argument("--keep", type=Path, help="write the corpus and database here (else a temporary folder)")
    args = parser.parse_args()
    from bench.corpus import write_realistic
    from bench.run import run_ingest  # here: bench.run reads this module's analysis

    with tempfile.TemporaryDirectory(prefix="timeline-realism-") as scratch:
        work = args.keep or Path(scratch)
        corpus, db = work / "realistic", work / "realism.db"
        write_realistic(corpus, args.articles, args.seed, "files", args.diplomatic_share, trap_share=args.trap_share)
        run_ingest(db, corpus, 1)  # a fresh database; rejected records are counted, not fatal
        findings = analyse(db, stories(args.articles, args.seed, args.diplomatic_share, trap_share=args.trap_share))
    print("\n".join(summary(findings)))


if __name__ == "__main__":
    main()
