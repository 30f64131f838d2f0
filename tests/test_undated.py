"""A page that states no year anywhere — no metadata date, no dateline, no
publication line, no year in its text — never takes the machine clock's
year: its reports are read but kept off the timeline, and its article page
and JSON say why. The same page with a date in front matter gives events."""
import json
from datetime import date, datetime

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

import app.ingest.dates
import app.ingest.document
import app.ingest.pipeline as pipeline
import app.ingest.read
from app.cli import app as cli
from app.ingest.document import UNDATED
from app.ingest.extract import extract
from app.ingest.read import RawArticle
from app.models import Article
from conftest import write

runner = CliRunner()

# No year anywhere: a day of the month and a relative day only.
BODY = ("外交部长王毅16日在北京会见到访的新西兰外长皮特斯。\n\n"
        "两人就双边关系交换了意见。\n\n"
        "前一天，皮特斯抵达北京，开始对中国进行正式访问。")
DATED = "---\ndate: 2024-03-17\n---\n" + BODY


class _SameClass(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, cls.__mro__[1])


def freeze_clock(monkeypatch, day: date) -> None:
    """Every clock the reading and extracting modules could consult says `day`."""
    class FrozenDate(date, metaclass=_SameClass):
        @classmethod
        def today(cls):
            return day

    class FrozenDatetime(datetime, metaclass=_SameClass):
        @classmethod
        def now(cls, tz=None):
            return datetime(day.year, day.month, day.day, 12, 0, tzinfo=tz)

        @classmethod
        def today(cls):
            return datetime(day.year, day.month, day.day, 12, 0)

    for module in (app.ingest.document, app.ingest.dates, app.ingest.read):
        if hasattr(module, "date"):
            monkeypatch.setattr(module, "date", FrozenDate)
        if hasattr(module, "datetime"):
            monkeypatch.setattr(module, "datetime", FrozenDatetime)


def _raw(text: str) -> RawArticle:
    return RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text=text, encoding="utf-8")


def _export() -> list[dict]:
    return [json.loads(line) for line in runner.invoke(cli, ["export"]).stdout.splitlines()]


def test_the_extractor_reads_an_undated_page_but_marks_it_held_out():
    raw = _raw(BODY)
    mentions = extract(raw)
    assert raw.held_out == UNDATED and raw.published is None
    assert {m.type for m in mentions} == {"talks", "visit"}  # still read, for the article page


@pytest.mark.parametrize("text", [
    "2019年以来两国交往密切。外交部长王毅16日在北京会见新西兰外长皮特斯。",  # a year in the text, no day
    "新华社北京3月16日电 外交部长王毅16日在北京会见新西兰外长皮特斯。2023年两国贸易增长。",
])
def test_a_page_with_a_year_somewhere_is_not_held_out(text):
    raw = _raw(text)
    assert extract(raw) and raw.held_out is None


def test_the_extractor_does_not_depend_on_the_clock(monkeypatch):
    readings = []
    for today in (date(2026, 12, 6), date(2031, 2, 1)):
        freeze_clock(monkeypatch, today)
        assert app.ingest.document.date.today() == today
        raw = _raw(BODY)
        readings.append((raw.held_out, [(m.type, m.date, m.status, m.evidence) for m in extract(raw)]))
    assert readings[0] == readings[1]
    assert not any(str(year) in m[1] for m in readings[0][1] for year in (2026, 2031))


def test_an_undated_page_gives_no_events_and_its_article_page_says_why(db_url, client, tmp_path):
    path = write(tmp_path / "undated.md", BODY)
    result = runner.invoke(cli, ["ingest", str(path)])
    out = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert f"warning {path.resolve()}: no events on the timeline: the page states no year" in out
    assert "held out (no events on the timeline): 1" in out
    assert _export() == []
    assert client.get("/api/events").json()["count"] == 0
    assert client.get("/events.csv").text.count("\n") <= 1  # the header only

    article_id = _article_id(db_url)
    data = client.get(f"/articles/{article_id}.json").json()
    assert data["events"] == [] and data["held_out"] == "undated"
    assert data["held_out_reason"].startswith("the page states no year")
    assert {r["type"] for r in data["held_reports"]} == {"talks", "visit"}
    assert all("date" not in r for r in data["held_reports"])  # no date with a made-up year

    client.cookies.set("lang", "en")
    html = client.get(f"/articles/{article_id}").text
    assert "No events on the timeline" in html and "The page states no year" in html
    assert '<mark class="held"' in html and '<a class="evidence"' not in html
    client.cookies.set("lang", "zh")
    assert "网页没有写明年份" in client.get(f"/articles/{article_id}").text


def _article_id(db_url) -> str:
    from app.db import engine_for

    with Session(engine_for(db_url)) as session:
        return session.exec(select(Article.id)).one()


def test_the_same_page_with_a_dated_front_matter_gives_events(db_url, client, tmp_path):
    path = write(tmp_path / "dated.md", DATED)
    result = runner.invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 0 and "warning" not in result.output
    events = _export()
    assert {(e["type"], e["date"]) for e in events} >= {("talks", "2024-03-16")}
    data = client.get(f"/articles/{_article_id(db_url)}.json").json()
    assert data["held_out"] is None and data["held_reports"] == [] and data["events"]
    assert "No events on the timeline" not in client.get(f"/articles/{_article_id(db_url)}").text


def test_dating_the_file_and_ingesting_it_again_places_its_events(db_url, client, tmp_path):
    path = write(tmp_path / "page.md", BODY)
    assert runner.invoke(cli, ["ingest", str(path)]).exit_code == 0
    assert _export() == []
    write(path, DATED)
    result = runner.invoke(cli, ["ingest", str(path)])
    assert "changed since last time: 1" in " ".join(result.output.split())
    assert any(e["date"] == "2024-03-16" for e in _export())
    assert client.get(f"/articles/{_article_id(db_url)}.json").json()["held_out"] is None


def test_ingesting_in_two_different_years_gives_the_same_database(tmp_path, monkeypatch):
    from app.config import get_settings

    write(tmp_path / "corpus" / "undated.md", BODY)
    write(tmp_path / "corpus" / "dated.md", DATED)
    results = []
    for today in (date(2026, 12, 6), date(2027, 1, 5)):
        freeze_clock(monkeypatch, today)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / f'{today.year}.db'}")
        get_settings.cache_clear()
        assert runner.invoke(cli, ["ingest", str(tmp_path / "corpus")]).exit_code == 0
        results.append(runner.invoke(cli, ["export"]).stdout)
    get_settings.cache_clear()
    assert results[0] == results[1]
    assert "2024-03-16" in results[0] and "2026" not in results[0] and "2027" not in results[0]


def test_reextract_holds_out_what_an_older_extractor_dated_by_the_clock(db_url, tmp_path, monkeypatch):
    real = pipeline.extract

    def clock_guessing(raw):  # the extractor before this change: no year → this year
        mentions = real(raw)
        if raw.held_out:
            raw.held_out = None
            for m in mentions:
                m.date = f"{date.today().year}{m.date[4:]}"
        return mentions

    write(tmp_path / "corpus" / "undated.md", BODY)
    write(tmp_path / "corpus" / "dated.md", DATED)
    monkeypatch.setattr(pipeline, "extract", clock_guessing)
    assert runner.invoke(cli, ["ingest", str(tmp_path / "corpus")]).exit_code == 0
    assert any(e["date"].startswith(str(date.today().year)) for e in _export())

    monkeypatch.setattr(pipeline, "extract", real)
    result = runner.invoke(cli, ["reextract"])
    assert result.exit_code == 0, result.output
    assert "warning undated.md: no events on the timeline" in " ".join(result.output.split())
    events = _export()
    assert events and all(e["date"].startswith("2024") for e in events)
    from app.db import engine_for

    with Session(engine_for(db_url)) as session:
        held = {a.name: (a.held_out, len(a.held_reports)) for a in session.exec(select(Article))}
    assert held["undated.md"][0] == "undated" and held["undated.md"][1] >= 2
    assert held["dated.md"] == (None, 0)
