"""`timeline eval` scores as ../shared/eval/score.py does."""
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from app.cli import app as cli
from app.evaluate import find_documents, score
from conftest import SHARED, write


def gold(doc="a.txt", kind="call", day="2022-01-10", actors=(), countries=(), required=True, **extra):
    return {"doc": doc, "type": kind, "date": day, "actors": list(actors), "countries": list(countries),
            "required": required, "evidence": "…", **extra}


def event(doc="a.txt", kind="call", day="2022-01-10", names=(), countries=(), end=None):
    return {"type": kind, "date": day, "date_end": end, "countries": list(countries),
            "actors": [{"name": n, "names": [n]} for n in names], "sources": [{"article": doc, "evidence": "…"}]}


@pytest.mark.parametrize("g, e, hit", [
    (gold(actors=["王毅", "拉夫罗夫"]), event(names=["拉夫罗夫"]), False),        # strict: every gold actor
    (gold(actors=["王毅", "拉夫罗夫"]), event(names=["拉夫罗夫", "王毅", "x"]), True),
    (gold(actors=["拉夫罗夫"], countries=["CN", "RU"]), event(names=["拉夫罗夫"], countries=["RU"]), False),
    (gold(actors=["安东尼·布林肯"]), event(names=["安东尼布林肯"]), True),          # middle dots ignored
    (gold(actors=["舍曼|谢尔曼"]), event(names=["谢尔曼"]), True),                 # variants joined by |
    (gold(actors=["王毅"]), event(names=["王毅"], kind="talks"), False),           # type differs
    (gold(actors=["王毅"]), event(names=["王毅"], day="2022-01-11"), False),       # date differs
    (gold(day="2019-12", countries=["CN", "RU"]), event(day="2019-12-05", countries=["RU", "CN", "US"]), True),
    (gold(day="2021-03-19", date_min="2021-03-18", actors=["杨洁篪"]), event(day="2021-03-18", names=["杨洁篪"]), True),
    (gold(day="2021-03-09", actors=["x"]), event(day="2021-03-08", end="2021-03-10", names=["x"]), True),  # span meets
    (gold(countries=["CN", "RU"]), event(countries=["CN"]), False),
])
def test_matching_rules(g, e, hit):
    assert (score([g], [e]).tp == 1) is hit


def test_loose_accepts_one_shared_actor_and_ignores_countries():
    g, e = gold(actors=["王毅", "拉夫罗夫"], countries=["CN", "RU"]), event(names=["拉夫罗夫"])
    assert score([g], [e]).tp == 0 and score([g], [e], loose=True).tp == 1


def test_events_of_documents_without_gold_are_false_alarms():
    result = score([gold("a.txt", actors=["x"])], [event("a.txt", names=["x"]), event("negative.txt", names=["y"])])
    assert (result.tp, result.fp, result.fn) == (1, 1, 0)
    assert result.false_alarms[0][0] == "negative.txt"


def test_optional_gold_neither_rewards_nor_punishes():
    result = score([gold(actors=["x"], required=False, day="2021-05")], [event(names=["x"], day="1999-01-01")])
    assert (result.tp, result.fp, result.fn) == (0, 0, 0)


def test_matching_is_one_to_one_and_counts_misses_and_false_alarms():
    golds = [gold(actors=["a"]), gold(actors=["a", "b"]), gold(actors=["c"], day="2022-01-12")]
    events = [event(names=["a"]), event(names=["a", "b"]), event(names=["d"])]
    result = score(golds, events)
    assert (result.tp, result.fp, result.fn) == (2, 1, 1)
    assert result.misses[0][1]["actors"] == ["c"] and result.false_alarms[0][1]["actors"][0]["name"] == "d"
    assert round(result.f1, 3) == 0.667


def _corpus(tmp_path):
    write(tmp_path / "docs" / "a.txt", "---\ndate: 2022-01-10\n---\n新华社北京1月10日电 1月10日，国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。")
    write(tmp_path / "docs" / "b.txt", "国家主席习近平28日晚同俄罗斯总统普京通电话。\n外交部发言人汪文斌29日表示，中方欢迎。")
    # c.txt has no gold line: a negative document, ingested all the same
    write(tmp_path / "docs" / "c.txt", "---\ndate: 2021-05-02\n---\n国家主席习近平1日同法国总统马克龙通电话。")
    rows = [gold("a.txt", actors=["王毅", "拉夫罗夫"], countries=["CN", "RU"]),
            gold("b.txt", day="2020-12-28", actors=["习近平", "普京"], countries=["CN", "RU"])]
    gold_file = tmp_path / "gold" / "docs.jsonl"
    write(gold_file, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return gold_file


def test_eval_command_finds_the_documents_and_scores(tmp_path):
    gold_file = _corpus(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(gold_file)])
    assert result.exit_code == 0, result.output
    # b.txt states no year anywhere: its call is held out of the timeline
    # (never dated by the machine's clock), a miss and no false alarm
    assert "documents=3 rejected=0 tp=1 fp=1 fn=1" in result.output
    assert "MISS  b.txt: call 2020-12-28" in result.output and "FALSE b.txt" not in result.output
    assert "FALSE c.txt: call 2021-05-01 习近平/马克龙" in result.output


def test_eval_with_docs_option_and_missing_documents(tmp_path):
    gold_file = _corpus(tmp_path)
    assert find_documents(gold_file, None) == tmp_path / "docs"
    result = CliRunner().invoke(cli, ["eval", str(gold_file), "--docs", str(tmp_path / "gold")])
    assert result.exit_code == 2 and "documents not found" in result.output


SETS = {"seeds": (["seeds.jsonl"], "seeds"), "dev": (["dev.jsonl", "dev-041-070.jsonl", "dev-071-100.jsonl"], "dev")}


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared is not beside the checkout")
@pytest.mark.parametrize("name", sorted(SETS))
def test_eval_agrees_with_the_shared_scorer(name, tmp_path, monkeypatch):
    files, folder = SETS[name]
    golds = [SHARED / "gold" / f for f in files if (SHARED / "gold" / f).exists()]
    result = CliRunner().invoke(cli, ["eval", *map(str, golds), "--quiet"])
    ours = dict(kv.split("=") for kv in result.output.split())
    assert int(ours["documents"]) == len(list((SHARED / folder).iterdir()))  # negatives included
    out, joined = tmp_path / "out.jsonl", tmp_path / "gold.jsonl"
    joined.write_text("".join(g.read_text(encoding="utf-8") for g in golds), encoding="utf-8")
    from app.config import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    get_settings.cache_clear()
    CliRunner().invoke(cli, ["ingest", str(SHARED / folder)])
    CliRunner().invoke(cli, ["export", "-o", str(out)])
    get_settings.cache_clear()
    theirs = json.loads(subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(joined),
                                        str(out), "--json"], capture_output=True, text=True, check=True).stdout)
    assert (int(ours["tp"]), int(ours["fp"]), int(ours["fn"])) == (theirs["tp"], theirs["fp"], theirs["fn"])
    assert float(ours["f1"]) == pytest.approx(theirs["f1"], abs=0.001)
