"""Folders of scraped pages nobody checked: every good file is ingested,
every bad one reported with its path and reason, the exit status tells a
partial failure, and nothing already stored is touched."""
import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app as cli
from conftest import SEEDS, write

runner = CliRunner()
CALL = "新华社北京3月22日电 国务委员兼外长王毅22日在桂林同俄罗斯外长拉夫罗夫举行会谈。"
CALL_TW = "新華社北京3月22日電 國務委員兼外長王毅22日在桂林同俄羅斯外長拉夫羅夫舉行會談。"


def good_files(folder):
    write(folder / "gbk.txt", "---\ndate: 2021-03-23\n---\n" + CALL, "gbk")
    write(folder / "gb18030.txt", "---\ndate: 2021-03-23\n---\n" + CALL + "𠀀", "gb18030")
    write(folder / "big5.txt", "---\ndate: 2021-03-23\n---\n" + CALL_TW, "big5")
    write(folder / "utf16.txt", "---\ndate: 2021-03-23\n---\n" + CALL, "utf-16")
    write(folder / "bom.txt", "\ufeff---\ndate: 2021-03-23\n---\n" + CALL, "utf-8")
    write(folder / "新华社 报道 (1).txt", "---\ndate: 2021-03-24\n---\n" + CALL.replace("22", "23"))
    write(folder / "script.html", "<p>" + CALL + "</p><script>alert('x')</script><p onclick=\"steal()\">正文。</p>"
          "<img src=x onerror=alert(1)>")
    write(folder / "malformed.html", "<div><p>" + CALL + "<span><b>未闭合<p>第二段</div></td></tr>")
    write(folder / "nested.html", "<div>" * 20000 + CALL + "</div>" * 20000)
    broken = ("---\ndate: 2021-03-23\n---\n" + CALL * 40).encode("utf-8")
    (folder / "broken-bytes.txt").write_bytes(broken[:300] + b"\xff\xfe" + broken[300:])
    return 10


BAD = {
    "empty.txt": "empty file",
    "image.png": "binary",
    "garbage.txt": None,   # random bytes: binary, undecodable or no Chinese — any clear reason
    "huge.txt": "too large",
    "bad-yaml.md": "invalid YAML",
    "huge-yaml.md": "front matter too large",
    "bomb.md": "anchors or aliases",
    "python.md": "invalid YAML",
    "loop-a.txt": "symbolic link",
    "dangling.txt": "symbolic link",
    "english.txt": "no Chinese text",
    "no-such-day.md": "invalid YAML front matter: day is out of range",   # date: 2019-02-30
    "no-such-month.md": "invalid YAML front matter: month must be",       # date: 2019-13-01
}


def bad_files(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    rng = random.Random(5)
    (folder / "garbage.txt").write_bytes(bytes(rng.randrange(128, 256) for _ in range(4000)))
    with open(folder / "huge.txt", "wb") as f:  # 50 MB
        f.write(("王毅同拉夫罗夫通电话。" * 1000 + "\n").encode() * 1700)
    write(folder / "bad-yaml.md", "---\ntitle: [unclosed\n---\n" + CALL)
    write(folder / "huge-yaml.md", "---\ntitle: " + "长" * 70000 + "\n---\n" + CALL)
    bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    write(folder / "bomb.md", bomb + "title: *i\n---\n" + CALL)
    write(folder / "python.md", "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n" + CALL)
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder, folder / "self-link")  # a folder link to itself: not followed
    write(folder / "english.txt", "Wang Yi held talks with Sergey Lavrov in Guilin on 22 March.")
    write(folder / "no-such-day.md", "---\ndate: 2019-02-30\n---\n" + CALL)
    write(folder / "no-such-month.md", "---\ndate: 2019-13-01\n---\n" + CALL)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "scraped"
    folder.mkdir()
    return folder, good_files(folder), bad_files(folder)


def test_hostile_corpus(db_url, corpus):
    folder, good, _ = corpus
    assert runner.invoke(cli, ["ingest", str(SEEDS)]).exit_code == 0
    before = runner.invoke(cli, ["export"]).stdout

    result = runner.invoke(cli, ["ingest", str(folder)])
    out = " ".join(result.output.split())
    assert result.exit_code == 1, (out, result.exception)  # some files rejected, others read
    assert f"articles read: {good}" in out and f"files rejected: {len(BAD) + 1}" in out  # + loop-b.txt
    for name, reason in BAD.items():
        line = next((l for l in result.output.splitlines() if name in l and "rejected" in l), None)
        assert line is not None, f"{name} not reported:\n{result.output}"
        if reason:
            assert reason in " ".join(result.output.split(name, 1)[1].split("\n")[0:2]), (name, result.output)
    assert "self-link" not in out

    after = runner.invoke(cli, ["export"]).stdout
    old_ids = {line.split('"id": "')[1].split('"')[0] for line in before.splitlines()}
    assert old_ids <= {line.split('"id": "')[1].split('"')[0] for line in after.splitlines()}
    assert "2021-03-22-talks-wang-yi-sergey-lavrov" in after


def test_every_encoding_reads_the_same_text(db_url, tmp_path):
    from app.ingest.read import read_article
    good_files(tmp_path)
    texts = {name: read_article(tmp_path / name).text for name in ("gbk.txt", "utf16.txt", "bom.txt")}
    assert len(set(texts.values())) == 1
    assert "拉夫羅夫" in read_article(tmp_path / "big5.txt").text
    assert read_article(tmp_path / "broken-bytes.txt").encoding == "utf-8 (invalid bytes replaced)"


def test_scripts_in_articles_are_dropped_or_shown_as_text(db_url, tmp_path):
    from app.ingest.read import read_article
    good_files(tmp_path)
    text = read_article(tmp_path / "script.html").text
    assert "alert" not in text and "onclick" not in text and "onerror" not in text and "正文。" in text


# ---------------------------------------------------------------- what a filesystem can hold

OUR_CALL = "---\ndate: 2023-06-09\n---\n新华社北京6月8日电 国家主席习近平8日晚同法国总统马克龙通电话。\n"


def _ingest(*paths):
    """The corpus lives in a folder of its own: tmp_path holds the database."""
    result = runner.invoke(cli, ["ingest", *map(str, paths)])
    return result, " ".join(result.output.split())


def _stored_paths(db_url) -> list[str]:
    from sqlalchemy import create_engine, text
    with create_engine(db_url).connect() as connection:
        return sorted(connection.execute(text("select path from article")).scalars())


def test_a_folder_that_cannot_be_listed_is_reported_and_the_walk_goes_on(db_url, docs, monkeypatch):
    from app.ingest import pipeline
    (docs / "locked").mkdir()
    write(docs / "locked" / "inside.txt", OUR_CALL)
    write(docs / "open" / "call.txt", OUR_CALL)
    listing = os.scandir

    def scandir(folder):
        if str(folder).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(folder))
        return listing(folder)

    monkeypatch.setattr(pipeline.os, "scandir", scandir)
    result, out = _ingest(docs)
    assert result.exit_code == 1, out
    assert "articles read: 1" in out and "files rejected: 1" in out
    assert f"rejected {docs / 'locked'}: cannot list this folder: Permission denied" in out


def test_a_path_that_cannot_be_looked_at_does_not_stop_the_others(db_url, docs, monkeypatch):
    write(docs / "call.txt", OUR_CALL)
    hidden = docs / "locked" / "a.txt"
    looking = Path.is_dir

    def is_dir(path):
        if path == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return looking(path)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    result, out = _ingest(hidden, docs / "call.txt")
    assert result.exit_code == 1 and "articles read: 1" in out, out
    assert f"rejected {hidden}: cannot look at it: Permission denied" in out


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_unreadable_folders_and_files_for_real(tmp_path):
    """With real permissions: as the user running the tests, or — the CI runs
    as root, whom modes do not stop — as `nobody`."""
    import shutil
    import subprocess
    import sys
    import tempfile

    from conftest import ROOT

    home = Path(tempfile.mkdtemp(prefix="timeline-perm-"))
    try:
        home.chmod(0o777)
        write(home / "corpus" / "ok.txt", OUR_CALL)
        write(home / "corpus" / "sealed" / "a.txt", OUR_CALL)
        write(home / "corpus" / "secret.txt", OUR_CALL)
        write(home / "alone.txt", OUR_CALL)
        for path in (home / "corpus", home / "corpus" / "ok.txt", home / "alone.txt"):
            path.chmod(0o777 if path.is_dir() else 0o644)
        (home / "corpus" / "sealed").chmod(0)
        (home / "corpus" / "secret.txt").chmod(0)
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{home / 'perm.db'}", PYTHONDONTWRITEBYTECODE="1",
                   HOME=str(home))
        command = [sys.executable, "-m", "app.cli", "ingest", str(home / "corpus"), str(home / "corpus" / "secret.txt"),
                   str(home / "alone.txt")]
        as_user = {"user": 65534, "group": 65534} if os.getuid() == 0 else {}
        try:
            run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, **as_user)
        except PermissionError:
            pytest.skip("cannot run a process as nobody here")
        if as_user and "articles read" not in run.stderr and run.returncode != 3:  # 3: our crash, a failure
            pytest.skip(f"nobody cannot run the project from {ROOT}: {run.stderr[-300:]}")
        out = " ".join(run.stderr.split())
        assert run.returncode == 1, out
        assert "articles read: 2" in out, out  # ok.txt and alone.txt
        assert f"rejected {home / 'corpus' / 'sealed'}: cannot list this folder: Permission denied" in out
        assert f"{home / 'corpus' / 'secret.txt'}: cannot read: Permission denied" in out
    finally:
        for path in (home / "corpus" / "sealed", home / "corpus" / "secret.txt"):
            path.chmod(0o700)
        shutil.rmtree(home, ignore_errors=True)


def test_pipes_and_device_links_in_a_folder_are_reported_not_skipped(db_url, docs):
    write(docs / "call.txt", OUR_CALL)
    os.mkfifo(docs / "pipe.txt")
    os.symlink("/dev/null", docs / "null.txt")
    os.symlink(docs, docs / "loop")  # a link to a folder is not followed, and not a file
    result, out = _ingest(docs)
    assert result.exit_code == 1 and "articles read: 1" in out and "files rejected: 2" in out, out
    assert "pipe.txt: not a regular file (a named pipe)" in out
    assert "null.txt: not a regular file (a character device)" in out
    assert "loop" not in out


# ---------------------------------------------------------------- reasons that say what happened

def test_a_file_name_that_is_not_utf8_is_stored(db_url, docs):
    folder = os.fsencode(docs)
    with open(folder + b"/\xb1\xa8\xb5\xc0.txt", "wb") as f:  # 报道 in GBK, as an old archive names it
        f.write(OUR_CALL.encode())
    result, out = _ingest(docs)
    assert result.exit_code == 0, out
    assert _stored_paths(db_url) == [f"{docs}/\\xb1\\xa8\\xb5\\xc0.txt"]
    again, out = _ingest(docs)
    assert again.exit_code == 0 and "already stored: 1" in out


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(db_url, docs, order):
    (docs / "call.txt").write_bytes(OUR_CALL.encode(order))
    from app.ingest.read import read_article
    assert read_article(docs / "call.txt").encoding == order
    result, out = _ingest(docs)
    assert result.exit_code == 0 and "articles read: 1" in out and "events: 0 → 1" in out, out


def test_text_in_ascii_is_not_taken_for_utf16(docs):
    from app.ingest.read import ArticleError, read_article
    (docs / "latin.txt").write_bytes(b"ab\xe9cdefghijkl" * 30)  # Latin-1 English: no Chinese, whatever the reading
    with pytest.raises(ArticleError, match="no Chinese text"):
        read_article(docs / "latin.txt")


def test_one_stray_byte_in_a_short_article_is_replaced(db_url, docs):
    data = OUR_CALL.encode()
    (docs / "call.txt").write_bytes(data[:40] + b"\xff" + data[40:])
    result, out = _ingest(docs)
    assert result.exit_code == 0 and "events: 0 → 1" in out, out


@pytest.mark.parametrize("content", [b"   \n\n\t  \n", b"\n" * 500, "\u3000\u3000\n".encode()])
def test_a_file_of_whitespace_says_so(db_url, docs, content):
    (docs / "blank.txt").write_bytes(content)
    result, out = _ingest(docs)
    assert result.exit_code == 2 and "blank.txt: only whitespace, no text" in out, out


def test_file_names_cannot_forge_report_lines_or_reach_the_terminal(db_url, docs):
    write(docs / "call.txt", OUR_CALL)
    (docs / "x\nrejected call.txt: forged").write_bytes(b"\x00\x01")
    (docs / "\x1b[2Jwipe\u202e.txt").write_bytes(b"\x00\x01")
    result = runner.invoke(cli, ["ingest", str(docs)])
    assert "\x1b" not in result.output and "\u202e" not in result.output
    rejected = [line for line in result.output.splitlines() if line.startswith("rejected")]
    assert len(rejected) == 2, result.output
    assert any("x\\x0arejected call.txt: forged" in line for line in rejected)
    assert any("\\x1b[2Jwipe\\u202e.txt" in line for line in rejected)


# ---------------------------------------------------------------- front matter has types

@pytest.mark.parametrize("field, reason", [
    ("date: [1, 2]", "front matter `date` should be a date or a timestamp, not a list"),
    ("date: {year: 2023}", "front matter `date` should be a date or a timestamp, not a mapping"),
    ("date: yes", "front matter `date` should be a date or a timestamp, not true or false"),
    ("published: !!binary MjAyMw==", "front matter `published` should be a date or a timestamp, not binary data"),
    ("title: {a: 1}", "front matter `title` should be text, not a mapping"),
    ("title: [甲, 乙]", "front matter `title` should be text, not a list"),
    ("title: !!binary 5Lit5paH", "front matter `title` should be text, not binary data"),
    ('title: "中法\\0通话"', "front matter `title` holds a control character (\\x00)"),
    ('url: "https://example.org/\\x1b[2J"', "front matter `url` holds a control character (\\x1b)"),
    ("author: {name: 记者}", "front matter `author` should be text, not a mapping"),
    ('date: "2019-02-30"', "publication date 2019-02-30 is no day"),  # quoted: text, not a YAML date
    ('published: "0000-01-01"', "publication date 0000-01-01 is no day"),
    ("date: 0001-01-01T00:00:00+05:00", "publication time 0001-01-01T00:00:00+05:00 is out of range"),
])
def test_front_matter_of_the_wrong_type_is_reported(db_url, docs, field, reason):
    write(docs / "typed.md", f"---\n{field}\n---\n" + OUR_CALL.split("---\n", 2)[2])
    write(docs / "good.md", OUR_CALL)
    result, out = _ingest(docs)
    assert result.exit_code == 1 and "articles read: 1" in out, out
    assert f"typed.md: {reason}" in out


@pytest.mark.parametrize("field, title, author", [
    ("title: 1949", "1949", None),
    ("author: [甲记者, 乙记者]", None, "甲记者, 乙记者"),
    ("title: 中法元首通话\nauthor: 记者", "中法元首通话", "记者"),
    ("tags: [外交, {a: 1}]", None, None),  # not a field the reader uses: not checked
])
def test_front_matter_of_the_right_type_is_read(docs, field, title, author):
    from app.ingest.read import read_article
    write(docs / "typed.md", f"---\n{field}\ndate: 2023-06-09\n---\n" + OUR_CALL.split("---\n", 2)[2])
    article = read_article(docs / "typed.md")
    assert article.author == author
    assert article.title == (title or "新华社北京6月8日电 国家主席习近平8日晚同法国总统马克龙通电话。")


# ---------------------------------------------------------------- dates out of the world

@pytest.mark.parametrize("day", ["0001-01-01", "1900-05-04", "9999-12-31", "2999-01-01"])
def test_a_publication_date_out_of_the_world_rejects_the_article(db_url, docs, day):
    write(docs / "odd.md", OUR_CALL.replace("2023-06-09", day))
    write(docs / "good.md", OUR_CALL.replace("8日", "9日"))
    result, out = _ingest(docs)
    assert result.exit_code == 1 and "articles read: 1" in out, out
    assert f"odd.md: publication date {day} is outside the dates news can have (1949-01-01 to " in out


def test_the_span_of_dates_is_a_setting(db_url, docs, monkeypatch):
    from app.config import get_settings
    monkeypatch.setenv("EARLIEST_YEAR", "2024")
    get_settings.cache_clear()
    write(docs / "call.md", OUR_CALL)
    result, out = _ingest(docs)
    assert result.exit_code == 2 and "outside the dates news can have (2024-01-01 to" in out, out


def test_reports_dated_out_of_the_world_are_left_out_with_a_warning(db_url, docs):
    write(docs / "typo.md", "---\ndate: 2023-06-09\n---\n"  # 1023 for 2023: a typo no reader should put on the timeline
          "1023年6月7日，国家主席习近平同法国总统马克龙举行会谈。\n\n8日，国家主席习近平同法国总统马克龙通电话。\n")
    result, out = _ingest(docs)
    assert result.exit_code == 0 and "events: 0 → 1" in out, out
    assert "warning" in out and "typo.md: 1 report(s) dated outside the dates news can have" in out
    assert "left out: 1023-06-07" in out


def test_the_histogram_spans_the_months_with_events(web_with):
    client = web_with({"a.md": OUR_CALL.replace("2023-06-09", "1950-02-03").replace("6月8日", "2月2日").replace("8日晚", "2日晚"),
                       "b.md": OUR_CALL})
    counts = client.get("/counts.json").json()
    assert [m["month"] for m in counts["months"]] == ["1950-02", "2023-06"]
    page = client.get("/counts").text
    assert page.count('<g class="m"') == 2 and page.count('<rect class="gap"') == 1


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


@pytest.fixture
def web_with(db_url, docs):
    from fastapi.testclient import TestClient

    from app.web.main import create_app

    def make(files: dict[str, str]):
        for name, content in files.items():
            write(docs / name, content)
        assert runner.invoke(cli, ["ingest", str(docs)]).exit_code == 0
        return TestClient(create_app())
    return make


@pytest.mark.parametrize("last, bars, gaps", [("2021-01", 13, 0),  # eleven empty months drawn
                                               ("2021-02", 14, 0),  # twelve
                                               ("2021-03", 2, 1),   # thirteen: one gap mark
                                               ("2999-01", 2, 1)])
def test_long_runs_of_empty_months_are_one_gap(last, bars, gaps):
    import re
    from collections import Counter
    from datetime import date

    from app.web.chart import LANE, Lane, _slots, timeline_svg
    months = {date(2020, 1, 1): Counter(call=3), date.fromisoformat(last + "-01"): Counter(talks=1)}
    drawn = _slots(set(months))
    assert sum(isinstance(s, date) for s in drawn) == bars and sum(isinstance(s, tuple) for s in drawn) == gaps
    assert drawn[0] == date(2020, 1, 1) and drawn[-1] == date.fromisoformat(last + "-01")
    svg = timeline_svg([Lane(None, months)], lambda year: f"/?from={year}", "t")
    heights = [float(h) for h in re.findall(r'<rect class="(?:call|talks)"[^>]* height="([\d.]+)"', svg)]
    assert max(heights) == LANE and len(heights) == 2  # the busiest month fills the lane
