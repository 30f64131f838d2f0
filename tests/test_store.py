"""Storing in batches and rebuilding pending blocks: a killed run is finished
by the next one, a bad article never sinks its batch, and events whose
sources did not change are left as they were."""
import json
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import app as cli
from app.ingest import store
from app.ingest.extract import extract
from app.ingest.pipeline import BATCH, writer_engine
from app.ingest.read import read_article
from app.ingest.store import Extracted, pending_blocks, store_articles
from conftest import write

runner = CliRunner()
CALL = "---\ndate: 2022-01-11\n---\n1月10日，王毅同拉夫罗夫通电话。"
TALKS = "---\ndate: 2022-01-21\n---\n1月20日，习近平同普京举行会谈。"


def _ids() -> set[str]:
    return {json.loads(line)["id"] for line in runner.invoke(cli, ["export"]).stdout.splitlines()}


def test_blocks_left_pending_by_a_killed_run_are_rebuilt_by_the_next(db_url, engine, tmp_path):
    path = write(tmp_path / "a.md", CALL)
    raw = read_article(path)
    raw.path = str(path.resolve())
    with Session(writer_engine(engine)) as session:  # stored, then killed before the rebuild
        store_articles(session, [Extracted(raw, extract(raw))])
        session.commit()
    with Session(engine) as session:
        assert pending_blocks(session) == ["call:2022-01"]
    assert _ids() == set()
    result = runner.invoke(cli, ["ingest", str(path)])
    assert "already stored: 1" in " ".join(result.output.split())
    assert _ids() == {"2022-01-10-call-wang-yi-sergey-lavrov"}
    with Session(engine) as session:
        assert pending_blocks(session) == []


def test_an_article_that_cannot_be_stored_does_not_sink_its_batch(db_url, tmp_path, monkeypatch):
    write(tmp_path / "corpus" / "a.md", CALL)
    write(tmp_path / "corpus" / "b.md", TALKS)
    real = store._article_row

    def failing(raw):
        if raw.name == "b.md":
            raise ValueError("disk says no")
        return real(raw)

    monkeypatch.setattr(store, "_article_row", failing)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "corpus")])
    out = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "articles read: 1" in out and "b.md: storing failed: ValueError: disk says no" in out
    assert _ids() == {"2022-01-10-call-wang-yi-sergey-lavrov"}


def test_events_whose_sources_did_not_change_are_not_rewritten(db_url, engine, tmp_path):
    write(tmp_path / "a.md", "---\ndate: 2022-01-13\n---\n1月10日，王毅同拉夫罗夫通电话。\n\n1月12日，王毅同布林肯通电话。")
    runner.invoke(cli, ["ingest", str(tmp_path / "a.md")])
    with Session(engine) as session:  # a mark only a rewrite would erase
        session.execute(text("update event set confidence = 0.123"))
        session.commit()
    write(tmp_path / "b.md", "---\ndate: 2022-01-13\n---\n1月12日，国务委员兼外长王毅应约同美国国务卿布林肯通电话。")
    runner.invoke(cli, ["ingest", str(tmp_path / "b.md")])
    with Session(engine) as session:
        marks = dict(session.execute(text("select id, confidence from event")).all())
        sources = session.execute(text("select count(*) from event_source where event_id = :e"),
                                  {"e": "2022-01-12-call-wang-yi-antony-blinken"}).one()[0]
    assert marks["2022-01-10-call-wang-yi-sergey-lavrov"] == 0.123  # untouched
    assert marks["2022-01-12-call-wang-yi-antony-blinken"] != 0.123  # rewritten: it gained a source
    assert sources == 2


def test_a_run_larger_than_a_batch_stores_every_article(db_url, tmp_path):
    from bench.corpus import write_corpus

    write_corpus(tmp_path / "corpus", BATCH + 7, seed=3)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    assert f"articles read: {BATCH + 7}" in " ".join(result.output.split())


def test_actor_event_counts_stay_exact_through_merges_and_edits(db_url, engine, tmp_path):
    from conftest import SEEDS

    runner.invoke(cli, ["ingest", str(SEEDS)])
    edited = write(tmp_path / "a.md", "---\ndate: 2022-01-13\n---\n1月10日，王毅同拉夫罗夫通电话。\n\n1月12日，王毅同布林肯通电话。")
    runner.invoke(cli, ["ingest", str(edited)])
    write(edited, "---\ndate: 2022-01-13\n---\n1月12日，王毅同布林肯通电话。\n\n1月11日，普京同马克龙通电话。")
    runner.invoke(cli, ["ingest", str(edited)])
    with Session(engine) as session:
        kept = dict(session.execute(text("select id, event_count from actor")).all())
        counted = dict(session.execute(text("select actor_id, count(*) from event_participant group by actor_id")).all())
    assert kept == {actor: counted.get(actor, 0) for actor in kept}
    assert kept["emmanuel-macron"] >= 1
    assert _tally(engine) == _recounted(engine)


MONTH = "substr(CAST(event.date_start AS VARCHAR), 1, 7)"


def _tally(engine) -> set[tuple]:
    with Session(engine) as session:
        return set(session.execute(text("select dimension, key, month, type, status, n from event_tally where n != 0")))


def _recounted(engine) -> set[tuple]:
    with Session(engine) as session:
        return set(session.execute(text(
            f"select 'all', '', {MONTH}, type, status, count(*) from event group by {MONTH}, type, status "
            f"union all select 'actor', p.actor_id, {MONTH}, type, status, count(*) from event_participant p "
            f"join event on event.id = p.event_id group by p.actor_id, {MONTH}, type, status "
            f"union all select 'country', c.code, {MONTH}, type, status, count(*) from event_country c "
            f"join event on event.id = c.event_id group by c.code, {MONTH}, type, status")))


def test_suggestions_put_the_most_active_first(engine, seeded):
    from app.web.actors import suggestions

    with Session(engine) as session:
        found = suggestions(session, "王")
        counted = dict(session.execute(text("select actor_id, count(*) from event_participant group by actor_id")).all())
    assert found and all(a.name.startswith("王") or "王" in a.name for a, _ in found)
    assert [n for _, n in found] == sorted((counted.get(a.id, 0) for a, _ in found), reverse=True)
    assert found[0][0].id == "wang-yi"


def test_a_block_that_cannot_be_rebuilt_does_not_sink_the_blocks_rebuilt_with_it(db_url, engine, tmp_path, monkeypatch):
    """Blocks are rebuilt several to a transaction; when one fails, each is
    rebuilt alone: the failing one is named and stays pending, the others land."""
    write(tmp_path / "corpus" / "a.md", CALL)
    write(tmp_path / "corpus" / "b.md", TALKS)
    real = store.rebuild_block

    def failing(session, block):
        if block == "talks:2022-01":
            raise ValueError("cannot cluster")
        return real(session, block)

    monkeypatch.setattr(store, "rebuild_block", failing)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "corpus")])
    out = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "block talks:2022-01: rebuilding failed: ValueError: cannot cluster" in out
    assert _ids() == {"2022-01-10-call-wang-yi-sergey-lavrov"}
    with Session(engine) as session:
        assert pending_blocks(session) == ["talks:2022-01"]
        assert session.execute(text("SELECT sum(n) FROM event_tally WHERE dimension = 'all'")).scalar() == 1
    monkeypatch.setattr(store, "rebuild_block", real)
    assert runner.invoke(cli, ["ingest", str(tmp_path / "corpus")]).exit_code == 0
    assert _ids() == {"2022-01-10-call-wang-yi-sergey-lavrov", "2022-01-20-talks-xi-jinping-vladimir-putin"}


def _article(month: int, body: str) -> str:
    return f"---\ndate: 2022-{month:02d}-28\n---\n{body}"


def test_a_month_no_batch_touches_any_more_is_rebuilt_while_the_run_goes_on(db_url, engine, tmp_path, monkeypatch):
    from app.ingest import pipeline

    monkeypatch.setattr(pipeline, "BATCH", 1)
    monkeypatch.setattr(pipeline, "QUIET", 1)
    folder = tmp_path / "corpus"
    write(folder / "1.md", _article(1, "1月10日，王毅同拉夫罗夫通电话。"))
    write(folder / "2.md", _article(3, "3月10日，习近平同普京举行会谈。"))
    write(folder / "3.md", _article(5, "5月10日，王毅同布林肯通电话。"))
    write(folder / "4.md", _article(1, "另据报道，1月10日，中国外长王毅应约同俄罗斯外长拉夫罗夫通电话。"))
    visible = []

    def progress(label, last):
        with Session(engine) as session:
            visible.append((Path(label).name, session.execute(text("SELECT count(*) FROM event")).scalar()))

    report = pipeline.ingest(engine, [folder], progress=progress)
    assert report.read == 4 and not report.rejected
    # January's call is an event before the third file is stored: March's batch left January quiet.
    assert visible == [("1.md", 0), ("2.md", 0), ("3.md", 1), ("4.md", 2)]
    # The fourth article touched January again: rebuilt again, one event with both reports.
    events = {json.loads(line)["id"]: json.loads(line) for line in runner.invoke(cli, ["export"]).stdout.splitlines()}
    assert set(events) == {"2022-01-10-call-wang-yi-sergey-lavrov", "2022-03-10-talks-xi-jinping-vladimir-putin",
                           "2022-05-10-call-wang-yi-antony-blinken"}
    assert len(events["2022-01-10-call-wang-yi-sergey-lavrov"]["sources"]) == 2
    with Session(engine) as session:
        assert pending_blocks(session) == []
        assert session.execute(text("SELECT sum(n) FROM event_tally WHERE dimension = 'all'")).scalar() == 3


def test_the_ingest_command_leaves_the_garbage_collector_as_it_was(db_url, tmp_path):
    import gc

    threshold = gc.get_threshold()
    result = runner.invoke(cli, ["ingest", str(write(tmp_path / "a.md", CALL))])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0
