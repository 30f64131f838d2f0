"""The ingest's profile: every stage is there, none is negative, and in
one process they add up to no more than the run's wall time (a stage timed
inside another is not counted twice); workers' stages come back to the
writer's report."""
import time

from typer.testing import CliRunner

from app.cli import app as cli
from app.ingest import stages
from app.ingest.pipeline import ingest
from bench.corpus import write_corpus
from conftest import SEEDS

runner = CliRunner()


def test_one_process_profile_has_every_stage_and_fits_in_the_wall_time(engine):
    report = ingest(engine, [SEEDS])
    assert list(report.stages) == list(stages.STAGES)
    assert all(seconds >= 0 for seconds in report.stages.values())
    assert report.stages["read"] > 0 and report.stages["extract"] > 0 and report.stages["normalize"] > 0
    assert report.stages["store"] > 0 and report.stages["rebuild"] > 0
    assert sum(report.stages.values()) <= report.seconds


def test_workers_send_their_stages_back(engine, tmp_path):
    write_corpus(tmp_path / "corpus", 8, seed=3)
    report = ingest(engine, [tmp_path / "corpus"], workers=2)
    assert report.read == 8
    assert report.stages["read"] > 0 and report.stages["extract"] > 0
    assert all(seconds >= 0 for seconds in report.stages.values())


def test_a_stage_inside_another_counts_once():
    before = stages.snapshot()
    started = time.perf_counter()
    with stages.stage("extract"):
        time.sleep(0.02)
        with stages.stage("normalize"):
            time.sleep(0.02)
    wall = time.perf_counter() - started
    spent = stages.since(before)
    assert spent["normalize"] >= 0.02 and spent["extract"] >= 0.02
    assert spent["normalize"] + spent["extract"] <= wall


def test_timed_counts_the_time_an_iterator_takes_to_produce():
    def slow():
        for n in range(3):
            time.sleep(0.01)
            yield n

    before = stages.snapshot()
    assert list(stages.timed(slow(), "read")) == [0, 1, 2]
    assert stages.since(before)["read"] >= 0.03


def test_ingest_profile_option_prints_the_stages(db_url):
    result = runner.invoke(cli, ["ingest", "--profile", str(SEEDS)])
    assert result.exit_code == 0
    assert "seconds by stage:" in result.stderr
    assert all(f"{name} " in result.stderr for name in stages.STAGES)
