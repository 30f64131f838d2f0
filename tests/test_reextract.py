"""After an upgrade of the extractor, `timeline reextract` brings a database
to what a fresh ingest of the same articles gives, from the stored text."""
import json

import pytest
from typer.testing import CliRunner

import app.ingest.pipeline as pipeline
from app.cli import app as cli
from bench.corpus import write_corpus
from conftest import write

runner = CliRunner()


def _export() -> list[dict]:
    result = runner.invoke(cli, ["export"])
    return sorted((json.loads(line) for line in result.stdout.splitlines()), key=lambda e: e["id"])


def _without_visits(extract):
    """An older extractor: the same, but it finds no visits."""
    return lambda raw: [m for m in extract(raw) if m.type != "visit"]


def test_reextract_ends_like_a_fresh_ingest(db_url, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=3)
    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    real = pipeline.extract
    monkeypatch.setattr(pipeline, "extract", _without_visits(real))
    assert runner.invoke(cli, ["ingest", str(corpus)]).exit_code == 0
    before = _export()
    assert before and not any(e["type"] == "visit" for e in before)

    monkeypatch.setattr(pipeline, "extract", real)
    result = runner.invoke(cli, ["reextract"])
    assert result.exit_code == 0, result.output
    assert "articles extracted again: 40" in result.output
    again = _export()

    from app.config import get_settings
    monkeypatch.setenv("DATABASE_URL", fresh_url)
    get_settings.cache_clear()
    assert runner.invoke(cli, ["ingest", str(corpus)]).exit_code == 0
    fresh = _export()
    assert any(e["type"] == "visit" for e in fresh)
    assert again == fresh


def test_reextract_with_nothing_new_changes_nothing(db_url, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 20, seed=4)
    assert runner.invoke(cli, ["ingest", str(corpus)]).exit_code == 0
    before = _export()
    result = runner.invoke(cli, ["reextract"])
    assert result.exit_code == 0
    assert "with changed events: 0" in result.output
    assert _export() == before


@pytest.mark.parametrize("wrong_day", ["2025-03-19", "2025-02-19"])  # the same month, or another block
def test_a_changed_event_id_redirects(db_url, tmp_path, monkeypatch, client, wrong_day):
    """An older extractor read the day wrong; the permalink it gave moves."""
    write(tmp_path / "a.md", "---\ndate: 2025-03-21\n---\n王毅20日同俄罗斯外长拉夫罗夫通电话。")
    real = pipeline.extract

    def a_day_early(raw):
        mentions = real(raw)
        for m in mentions:
            m.date = wrong_day
        return mentions

    monkeypatch.setattr(pipeline, "extract", a_day_early)
    assert runner.invoke(cli, ["ingest", str(tmp_path / "a.md")]).exit_code == 0
    [old] = _export()
    monkeypatch.setattr(pipeline, "extract", real)
    assert runner.invoke(cli, ["reextract"]).exit_code == 0
    [new] = _export()
    assert (old["date"], new["date"]) == (wrong_day, "2025-03-20")
    response = client.get(old["url"], follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"].endswith(new["url"])
