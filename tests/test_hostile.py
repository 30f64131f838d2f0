"""Folders of scraped pages nobody checked: every good file is ingested,
every bad one reported with its path and reason, the exit status tells a
partial failure, and nothing already stored is touched."""
import os
import random

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
