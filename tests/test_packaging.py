"""The wheel on its own: built from a copy of the checkout, installed into a
fresh virtualenv and run from a folder outside the repository, it migrates,
ingests the seeds, exports the same events as the checkout and serves its
pages and static files. Slow (10–20 s: a wheel build, a virtualenv and a server start),
so marked `slow`; `make test` runs it.

The fresh virtualenv borrows this interpreter's installed dependencies
through a .pth file (no download); a plain path line there adds the folder
to sys.path without running the .pth files inside it, so the editable
install of the checkout stays out and only the wheel provides `app`."""
import email
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from app.cli import app as cli
from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

# Top-level folders that are the checkout's alone, never part of a build.
NOT_SOURCE = {".git", ".venv", ".bench-venv", "build", "dist", "data", "test-artifacts", ".pytest_cache"}
SHIPPED = ("templates", "static", "migrations")


def _ignore_local_state(folder: str, names: list[str]) -> set[str]:
    """Build from the sources only: a stale build/ in the checkout would
    slip old modules into the wheel, and venvs would slow the copy."""
    top = Path(folder) == ROOT
    return {n for n in names if n == "__pycache__" or n.endswith(".egg-info") or (top and n in NOT_SOURCE)}


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=_ignore_local_state)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-input", "-q", "-w", tmp / "dist", source], tmp)
    (wheel,) = (tmp / "dist").glob("*.whl")
    return wheel


def _fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A virtualenv with no project in it; the dependencies (and pip) are
    this interpreter's, seen through a .pth file."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).stdout.strip()
    ours = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (Path(purelib) / "borrowed_dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(ours)))
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", wheel], tmp)
    return venv


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("packaging")
    wheel = _build_wheel(tmp)
    venv = _fresh_venv(tmp, wheel)
    workdir = tmp / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["DATABASE_URL"] = f"sqlite:///{tmp / 'db' / 'timeline.db'}"
    return SimpleNamespace(wheel=wheel, venv=venv, workdir=workdir, env=env,
                           timeline=venv / "bin" / "timeline", python=venv / "bin" / "python")


def _checkout_files(folder: str) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_carries_the_top_level_folders_and_the_code_but_not_the_tests(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for folder in SHIPPED:
        expected = {f"app/{name}" for name in _checkout_files(folder)}
        assert expected and expected <= names, sorted(expected - names)
    code = {name for name in _checkout_files("app") if not name.endswith(".pyc")}
    assert code <= names, f"not in the wheel (add the package to pyproject.toml): {sorted(code - names)}"
    assert all(name.startswith(("app/", "diplomatic_timeline-")) for name in names), sorted(names)
    assert not any("tests/" in name or "seeds/" in name for name in names)


def test_the_wheel_metadata_makes_postgresql_an_extra(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        (path,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(wheel.read(path))
    assert metadata["License-Expression"] == "MIT"
    assert "postgres" in metadata.get_all("Provides-Extra")
    psycopg = [r for r in metadata.get_all("Requires-Dist") if r.startswith("psycopg")]
    assert psycopg and all('extra == "postgres"' in r for r in psycopg)


def test_the_fresh_venv_imports_the_wheel_not_the_checkout(installed):
    script = ("import app, app.config as c; print(app.__file__); "
              "print(*(c.resource(n) for n in ('templates', 'static', 'migrations')), sep='\\n')")
    paths = _run([installed.python, "-c", script], installed.workdir, installed.env).stdout.split()
    assert len(paths) == 4
    assert all(Path(p).is_relative_to(installed.venv) for p in paths), paths


def test_version_comes_from_the_package_metadata(installed):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    out = _run([installed.timeline, "--version"], installed.workdir, installed.env).stdout
    assert out.split() == ["diplomatic-timeline", declared]


def test_the_wheel_migrates_ingests_and_exports_what_the_checkout_does(installed, db_url):
    run = lambda *args: _run([installed.timeline, *args], installed.workdir, installed.env)  # noqa: E731
    run("migrate")
    run("ingest", SEEDS)
    exported = run("export").stdout
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS)]).exit_code == 0
    assert [json.loads(line) for line in exported.splitlines()] == \
           [json.loads(line) for line in CliRunner().invoke(cli, ["export"]).stdout.splitlines()]
    assert exported.strip(), "the seeds gave no event"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def _wait_until_serving(server: subprocess.Popen, url: str, log: Path) -> None:
    for _ in range(300):
        assert server.poll() is None, f"the server stopped:\n{log.read_text()}"
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not answer:\n{log.read_text()}")


def test_the_wheel_serves_pages_and_static_files(installed):
    port, log = _free_port(), installed.workdir / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([installed.timeline, "serve", "--port", str(port), "--no-access-log"],
                                  cwd=installed.workdir, env=installed.env, stdout=output, stderr=output)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_serving(server, base + "/api/events?limit=1", log)
        assert b'href="/static/style.css"' in _get(base + "/")
        assert _get(base + "/static/style.css") == (ROOT / "static" / "style.css").read_bytes()
        assert b"swagger-ui" in _get(base + "/docs")
    finally:
        server.terminate()
        server.wait(timeout=10)
