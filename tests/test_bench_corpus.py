"""The bench's realistic stream (bench/news.py, bench/formats.py): the same
stories from the same seed, the diplomatic share it is asked for, news with
the trap words of diplomacy in both scripts, and every format it writes read
by the ingest as the same articles. And the bench report (bench/run.py)
judges the ingest targets and keeps BENCHMARKS.md whole."""
import json
import sys
from argparse import Namespace
from pathlib import Path

import opencc
import pytest

from bench import corpus, formats, news, run
from bench.news import LONGEST, SHORTEST, TRAP_WORDS, stories

T2S = opencc.OpenCC("t2s.json")


def _content(story) -> tuple:
    return story.kind, story.published, story.outlet.site, story.title, story.paragraphs, story.url


def test_the_same_seed_gives_the_same_stories_and_files(tmp_path):
    assert [_content(s) for s in stories(60, seed=7)] == [_content(s) for s in stories(60, seed=7)]
    assert [_content(s) for s in stories(60, seed=7)] != [_content(s) for s in stories(60, seed=8)]
    for fmt in formats.FORMATS:
        first = corpus.write_realistic(tmp_path / f"a-{fmt}", 20, seed=3, fmt=fmt)
        again = corpus.write_realistic(tmp_path / f"b-{fmt}", 20, seed=3, fmt=fmt)
        assert [p.name for p in first] == [p.name for p in again]
        assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]


@pytest.mark.parametrize("share", [0, 0.1, 0.25, 1])
def test_the_diplomatic_share_is_the_one_asked_for(share):
    told = list(stories(200, seed=5, diplomatic_share=share))
    assert sum(s.diplomatic for s in told) == round(200 * share)
    assert [s.index for s in told] == list(range(200))
    assert all((b.published.date() - a.published.date()).days >= -2 for a, b in zip(told, told[1:]))  # in order, give or take


def test_a_share_that_is_no_share_is_refused():
    with pytest.raises(ValueError):
        next(stories(10, diplomatic_share=1.5))
    with pytest.raises(ValueError):
        next(stories(10, trap_share=-0.1))


def test_news_has_the_trap_words_dates_and_lengths_of_news():
    told = list(stories(300, seed=11))
    news_stories = [s for s in told if not s.diplomatic]
    assert {s.kind for s in news_stories} == set(news.words()["kinds"])
    found = set()
    for story in news_stories:
        simplified = T2S.convert(story.text)
        assert story.traps and all(trap in story.text for trap in story.traps)
        assert any(word in simplified for word in TRAP_WORDS), story.text
        assert SHORTEST <= len("".join(story.paragraphs)) <= LONGEST
        found |= {word for word in TRAP_WORDS if word in simplified}
    assert {"通话", "会谈", "会晤", "会见", "访问", "视频", "出访", "抵达"} <= found
    everything = T2S.convert("".join(s.text for s in news_stories))
    assert all(word in everything for word in ("董事长", "总经理", "主教练", "昨日", "上周"))
    assert sum(name in everything for name in news.words()["countries"]) > 20


def test_a_trap_share_leaves_the_other_stories_without_traps():
    told = [s for s in stories(400, seed=6, trap_share=0.3) if not s.diplomatic]
    trapped = sum(bool(s.traps) for s in told)
    assert 0.2 * len(told) < trapped < 0.4 * len(told)
    assert [_content(s) for s in stories(50, seed=6)] == [_content(s) for s in stories(50, seed=6, trap_share=1)]


def test_every_trap_template_holds_a_trap_word():
    for kind, spec in news.words()["kinds"].items():
        for template in spec["traps"]:
            assert any(word in template for word in TRAP_WORDS), (kind, template)


def test_both_scripts_and_every_outlet_are_there():
    told = list(stories(300, seed=2))
    traditional = [s for s in told if s.outlet.traditional]
    simplified = [s for s in told if not s.outlet.traditional]
    assert traditional and simplified
    assert all(T2S.convert(s.text) != s.text for s in traditional)
    assert {s.outlet.site for s in told} == {o.site for o in news.outlets()}
    assert any(s.diplomatic for s in traditional) and any(s.diplomatic for s in simplified)


def test_whole_pages_are_pages_with_chrome_around_the_story():
    from app.ingest.page import is_whole_page

    story = next(s for s in stories(40, seed=4) if s.outlet.charset == "gbk")
    page = formats.page_bytes(story, formats._rng(4, story, "html"))
    text = page.decode("gbk")
    assert is_whole_page(text) and len(text) > 15_000
    assert all(part in text for part in ('class="nav"', 'class="related"', "热门排行", 'class="footer"', "<script>"))
    assert story.paragraphs[-1] in text


def test_every_format_is_read_by_the_ingest_as_the_same_articles(tmp_path):
    """Files, whole pages, one dump, one WARC of the same 30 stories: 30
    articles each, none rejected, the roundups' events found in each. (The
    reports need not be equal: a file's title line is read as text, a page's
    headline is not.)"""
    from app.db import engine_for, migrate
    from app.ingest.pipeline import ingest

    told = sum(len(s.events) for s in stories(30, seed=9, diplomatic_share=0.2))
    for fmt in formats.FORMATS:
        written = corpus.write_realistic(tmp_path / fmt, 30, seed=9, fmt=fmt, diplomatic_share=0.2)
        assert len(written) == (30 if fmt in ("files", "html") else 1)
        url = f"sqlite:///{tmp_path / fmt}.db"
        migrate(url)
        report = ingest(engine_for(url), [tmp_path / fmt])
        assert (report.read, report.rejected) == (30, []), fmt
        assert report.mentions >= told, fmt


def test_the_dense_corpus_command_line_still_works(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["bench.corpus", str(tmp_path / "dense"), "5", "--seed", "3"])
    corpus.main()
    assert len(list((tmp_path / "dense").iterdir())) == 5
    assert [p.read_bytes() for p in sorted((tmp_path / "dense").iterdir())] == \
        [p.read_bytes() for p in corpus.write_corpus(tmp_path / "again", 5, seed=3)]
    monkeypatch.setattr(sys, "argv", ["bench.corpus", str(tmp_path / "x"), "5", "--format", "warc"])
    with pytest.raises(SystemExit):
        corpus.main()
    monkeypatch.setattr(sys, "argv", ["bench.corpus", str(tmp_path / "real"), "12", "--kind", "realistic",
                                      "--format", "jsonl", "--diplomatic-share", "0.5"])
    corpus.main()
    records = [json.loads(line) for line in (tmp_path / "real" / "dump.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 12 and all(record.get("url") for record in records)


def test_a_stored_article_is_traced_to_its_story():
    from bench.realism import story_index

    assert [story_index(n) for n in ("000123.md", "000007.html", "dump.jsonl:124", "crawl.warc.gz:#3")] == \
        [123, 7, 123, None]


# ---------------------------------------------------------------- the report


def _case(case: str, fmt: str, articles: int, seconds: float, peak: float = 190.0, stages=None) -> dict:
    return {"case": case, "format": fmt, "articles": articles, "workers": 1, "seconds": seconds, "peak_mb": peak,
            "mentions": 10, "events_after": 9, "rejected": 0, "stages": stages}


def _ingest_figures(stages=None) -> dict:
    cases = [_case("realistic stream", fmt, 5000, 3.0, stages=stages) for fmt in ("files", "jsonl")]
    cases += [_case("realistic stream", fmt, 5000, 52.0) for fmt in ("html", "warc")]
    cases += [_case("realistic stream, larger", "files", 20000, 12.0, peak=200.0),
              _case("dense roundups", "files", 2000, 6.0)]
    return {"command": "python -m bench.run --ingest-only", "machine": "test", "cases": cases,
            "realism": ["- Non-diplomatic articles: 9"], "start_up": 2.0}


def test_the_report_judges_the_ingest_targets_on_net_rates():
    report = run.write_report({"ingest": _ingest_figures()})
    targets = report.split("## Against the targets", 1)[1]
    assert "| realistic stream ≥ 2,000 articles/s on one core, net (files; one JSON Lines dump) | 5,000" in targets
    assert "| dense corpus ≥ 400 articles/s on one core, net | 500 | met |" in targets
    assert "(pages 100; WARC 100) | met |" in targets
    assert "×1.05 from 5,000 to 20,000 articles" in targets
    assert "Per-stage profile: not available" in report and "- Non-diplomatic articles: 9" in report
    assert "Serving" not in report


def test_stage_times_are_tabled_when_the_ingest_keeps_them():
    report = run.write_report({"ingest": _ingest_figures(stages={"read": 0.5, "extract": 1.5})})
    assert "| corpus | format | read | extract |" in report and "| realistic stream | files | 0.5 | 1.5 |" in report


def test_an_ingest_only_run_without_serving_figures_writes_a_section_of_its_own(tmp_path, monkeypatch, capsys):
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\nserving tables\n", encoding="utf-8")
    monkeypatch.setattr(run, "DEFAULT_OUT", out)
    run._publish(Namespace(out=None), {"ingest": _ingest_figures()})
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nserving tables\n") and text.count("# Benchmarks") == 1
    assert "<!-- bench.ingest: begin -->\n## Ingest on one core: `python -m bench.run --ingest-only`" in text
    assert "\n### Ingest on one core\n" in text and "\n### Against the targets\n" in text  # a level down
    run._publish(Namespace(out=None), {"ingest": _ingest_figures()})
    assert out.read_text(encoding="utf-8") == text  # a rerun replaces its section
    assert "## Ingest on one core" in capsys.readouterr().out
    elsewhere = tmp_path / "ingest.md"
    run._publish(Namespace(out=elsewhere), {"ingest": _ingest_figures()})
    assert "## Ingest on one core" in elsewhere.read_text(encoding="utf-8")
    run._write(out, "# Benchmarks\n\na full run\n")  # a full run measures the ingest: the section goes
    assert "bench.ingest" not in out.read_text(encoding="utf-8")


def test_kept_figures_round_trip(tmp_path):
    results = {1: {("actor filter", 1): {"p50": 1.0, "p95": 2.0, "p99": 3.0, "rps": 9.0, "errors": 0, "non2xx": 0}}}
    full = {"command": "c", "machine": "m", "workers": [], "found": {}, "results": results,
            "datasette": {("actor filter", 1): {"p95": 5.0}}}
    path = tmp_path / "figures.json"
    run._save_figures(path, {"ingest": _ingest_figures(), "full": full})
    assert run._load_figures(path) == {"ingest": _ingest_figures(), "full": full}


def test_figures_kept_before_issue_17_still_give_the_serving_tables(tmp_path):
    old = {"ingests": [{"articles": 1}, {"articles": 10, "workers": 2, "seconds": 1, "peak_mb": 1},
                       {"articles": 100, "workers": 2, "seconds": 9, "peak_mb": 1}],
           "found": {"events": 5}, "results": {"1": {"JSON API|1": {"p95": 1}}}, "datasette": {"JSON API|1": {}}}
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    full = run._load_figures(path)["full"]
    assert [w["articles"] for w in full["workers"]] == [10, 100]
    assert full["results"] == {1: {("JSON API", 1): {"p95": 1}}}


def test_the_report_says_what_the_ingest_would_reach_if_extraction_cost_nothing():
    report = run.write_report({"ingest": _ingest_figures(stages={"read": 0.2, "extract": 0.5})})
    floor = report.split("If extraction cost nothing", 1)[1].split("\n\n#", 1)[0]
    # 5,000 articles in 3.0 s, 2.0 s of them start-up, 0.5 s extraction: the rest took 0.5 s
    assert "- realistic stream, files: 10,000 articles/s (with extraction: 5,000)" in floor
    assert "- realistic stream, one JSON Lines dump: 10,000" in floor
    assert "dense roundups" not in floor  # no stage profile for that case
    assert "If extraction cost nothing" not in run.write_report({"ingest": _ingest_figures()})
