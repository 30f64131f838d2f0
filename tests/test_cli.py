"""The `timeline` command on a temporary database."""
import json
import sys

import pytest
from typer.testing import CliRunner

from app.cli import app as cli
from conftest import SEEDS, write

runner = CliRunner()


def test_ingest_reports_and_rejects_bad_files_without_stopping(db_url, tmp_path):
    good = write(tmp_path / "corpus" / "good.txt", "新华社北京1月10日电 1月10日，国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。")
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    (tmp_path / "corpus" / "blob.bin").write_bytes(bytes(range(256)) * 8)
    write(tmp_path / "corpus" / "z-later.txt", "国家主席习近平28日晚同俄罗斯总统普京通电话。")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "corpus"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1, result.output  # partial failure
    out = " ".join(result.output.split())
    assert "articles read: 2" in out and "files rejected: 3" in out
    for name, reason in (("empty.txt", "empty file"), ("blob.bin", "binary"), ("missing.txt", "no such file")):
        assert name in out and reason in out
    assert good.exists()


def test_ingest_exit_status_when_nothing_could_be_read(db_url, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert runner.invoke(cli, ["ingest", str(tmp_path / "empty.txt")]).exit_code == 2


def test_ingest_again_changes_nothing(db_url, tmp_path):
    assert runner.invoke(cli, ["ingest", str(SEEDS)]).exit_code == 0
    first = runner.invoke(cli, ["export"]).stdout
    again = runner.invoke(cli, ["ingest", str(SEEDS)])
    assert again.exit_code == 0 and "already stored: 5" in " ".join(again.output.split())
    assert runner.invoke(cli, ["export"]).stdout == first


def test_if_empty_skips_a_filled_database(db_url, tmp_path):
    write(tmp_path / "a.md", "---\ndate: 2021-06-29\n---\n国家主席习近平28日晚同俄罗斯总统普京通电话。")
    assert runner.invoke(cli, ["ingest", "--if-empty", str(tmp_path / "a.md")]).exit_code == 0
    result = runner.invoke(cli, ["ingest", "--if-empty", str(SEEDS)])
    assert "nothing to do" in result.output
    lines = runner.invoke(cli, ["export"]).stdout.splitlines()
    assert len(lines) == 1


def test_export_writes_event_format_lines_to_a_file(db_url, tmp_path):
    runner.invoke(cli, ["ingest", str(SEEDS)])
    out = tmp_path / "events.jsonl"
    result = runner.invoke(cli, ["export", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(events) > 10
    for event in events:
        assert {"id", "url", "type", "status", "date", "date_end", "date_precision", "location", "actors",
                "countries", "sources"} <= set(event)
        assert event["url"] == f"/events/{event['id']}"
        assert all({"article", "evidence", "date_text"} <= set(s) for s in event["sources"])


def test_export_rejects_unknown_format(db_url):
    result = runner.invoke(cli, ["export", "--format", "xml"])
    assert result.exit_code == 2 and "unknown format" in result.output


def test_encoding_option(db_url, tmp_path):
    write(tmp_path / "gbk.txt", "国家主席习近平28日晚同俄罗斯总统普京通电话。", "gbk")
    result = runner.invoke(cli, ["ingest", "--encoding", "gbk", str(tmp_path / "gbk.txt")])
    assert result.exit_code == 0, result.output


def test_changed_article_is_re_extracted_and_keeps_its_event_ids(db_url, tmp_path):
    path = write(tmp_path / "a.md", "---\ndate: 2022-01-11\n---\n1月10日，王毅同拉夫罗夫通电话。\n\n9日，习近平同普京通电话。")
    runner.invoke(cli, ["ingest", str(path)])
    first = {json.loads(line)["id"] for line in runner.invoke(cli, ["export"]).stdout.splitlines()}
    assert first == {"2022-01-10-call-wang-yi-sergey-lavrov", "2022-01-09-call-xi-jinping-vladimir-putin"}
    write(path, "---\ndate: 2022-01-11\n---\n1月10日，王毅同拉夫罗夫通电话，双方交换意见。\n\n8日，习近平同普京通电话。")
    result = runner.invoke(cli, ["ingest", str(path)])
    assert "changed since last time: 1" in " ".join(result.output.split())
    events = [json.loads(line) for line in runner.invoke(cli, ["export"]).stdout.splitlines()]
    assert {e["id"] for e in events} == {"2022-01-10-call-wang-yi-sergey-lavrov", "2022-01-08-call-xi-jinping-vladimir-putin"}
    call = next(e for e in events if e["id"].startswith("2022-01-10"))
    assert [s["evidence"] for s in call["sources"]] == ["1月10日，王毅同拉夫罗夫通电话，双方交换意见。"]  # the old text is gone


def test_version_is_the_installed_distributions():
    from importlib.metadata import version

    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.split() == ["diplomatic-timeline", version("diplomatic-timeline")]


def test_sqlite_needs_no_postgresql_driver(tmp_path, monkeypatch):
    """psycopg is the postgres extra: a plain install has none."""
    from app.config import get_settings

    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` fails, as when it is not installed
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'timeline.db'}")
    get_settings.cache_clear()
    try:
        assert runner.invoke(cli, ["ingest", str(SEEDS)]).exit_code == 0
        assert runner.invoke(cli, ["export"]).stdout.strip()
    finally:
        get_settings.cache_clear()


def test_a_postgresql_url_without_the_driver_says_which_extra_to_install(monkeypatch, capsys):
    from app.cli import main
    from app.config import get_settings

    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://timeline:secret@127.0.0.1:1/timeline")
    monkeypatch.setattr(sys, "argv", ["timeline", "migrate"])
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            main()
    finally:
        get_settings.cache_clear()
    message = " ".join(capsys.readouterr().err.split())
    assert stopped.value.code == 2
    assert "driver is not installed" in message and "diplomatic-timeline[postgres]" in message
    assert "Traceback" not in message


def test_a_crash_has_its_own_exit_status(db_url, monkeypatch, capsys):
    """Exit 1 means some files were rejected; a bug must not look like that."""
    import sys

    from app import cli
    from app.ingest import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pipeline, "ingest", broken)
    monkeypatch.setattr(sys, "argv", ["timeline", "ingest", "seeds"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == cli.CRASHED == 3
    assert "internal error (RuntimeError): a bug" in " ".join(capsys.readouterr().err.split())
