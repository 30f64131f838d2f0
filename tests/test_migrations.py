"""The migrations build exactly the schema the models describe, on SQLite
and PostgreSQL, and the newest one upgrades a database that holds events."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

import app.models  # noqa: F401 — registers the tables
from app.cli import app as cli
from conftest import write


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    # Alembic cannot compare an index with a DESC column: it reports the
    # index as removed and added again. Such a pair is compared by columns.
    added = {d[1].name: d[1] for d in differences if d[0] == "add_index"}
    removed = {d[1].name: d[1] for d in differences if d[0] == "remove_index"}
    for name in added.keys() & removed.keys():
        assert [getattr(c, "name", None) for c in removed[name].expressions] == \
               [getattr(c, "name", None) or str(c.text).split()[0] for c in added[name].expressions]
    assert [d for d in differences if d[0] not in ("add_index", "remove_index")
            or d[1].name not in added.keys() & removed.keys()] == []


def test_upgrading_fills_the_timeline_columns(db_url, engine, tmp_path):
    from alembic import command
    from alembic.config import Config

    from app.config import resource

    write(tmp_path / "a.md", "---\ndate: 2022-01-11\n---\n1月10日，王毅同拉夫罗夫通电话。")
    assert CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.md")]).exit_code == 0
    config = Config()
    config.set_main_option("script_location", str(resource("migrations")))
    config.attributes["database_url"] = db_url
    command.downgrade(config, "0003")
    command.upgrade(config, "head")
    with Session(engine) as session:
        rows = session.execute(text("select date_start from event_participant union all "
                                    "select date_start from event_country")).all()
        counts = dict(session.execute(text("select id, event_count from actor")).all())
    assert rows and all(str(r[0]).startswith("2022-01-10") for r in rows)
    assert counts == {"wang-yi": 1, "sergey-lavrov": 1}
