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
    (gold(actors=["王毅", "拉夫罗夫"]), event(names=["拉夫罗夫"]), True),         # one shared name is enough
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


def test_optional_gold_neither_rewards_nor_punishes():
    result = score([gold(actors=["x"], required=False, day="2021-05")], [event(names=["x"], day="1999-01-01")])
    assert (result.tp, result.fp, result.fn) == (0, 0, 0)


def test_matching_is_one_to_one_and_counts_misses_and_false_alarms():
    golds = [gold(actors=["a"]), gold(actors=["a", "b"]), gold(actors=["c"], day="2022-01-12")]
    events = [event(names=["a", "b"]), event(names=["a"]), event(names=["d"])]
    result = score(golds, events)
    assert (result.tp, result.fp, result.fn) == (2, 1, 1)
    assert result.misses[0][1]["actors"] == ["c"] and result.false_alarms[0][1]["actors"][0]["name"] == "d"
    assert round(result.f1, 3) == 0.667


def _corpus(tmp_path):
    write(tmp_path / "docs" / "a.txt", "---\ndate: 2022-01-10\n---\n新华社北京1月10日电 1月10日，国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。")
    write(tmp_path / "docs" / "b.txt", "国家主席习近平28日晚同俄罗斯总统普京通电话。\n外交部发言人汪文斌29日表示，中方欢迎。")
    rows = [gold("a.txt", actors=["王毅", "拉夫罗夫"], countries=["CN", "RU"]),
            gold("b.txt", day="2020-12-28", actors=["习近平", "普京"], countries=["CN", "RU"])]
    gold_file = tmp_path / "gold" / "docs.jsonl"
    write(gold_file, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return gold_file


def test_eval_command_finds_the_documents_and_scores(tmp_path):
    gold_file = _corpus(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(gold_file)])
    assert result.exit_code == 0, result.output
    # b.txt states no year anywhere: its call cannot be dated right, and the
    # report shows both the miss and the wrongly dated event
    assert "documents=2 rejected=0 tp=1 fp=1 fn=1" in result.output
    assert "MISS  b.txt: call 2020-12-28" in result.output and "FALSE b.txt: call" in result.output


def test_eval_with_docs_option_and_missing_documents(tmp_path):
    gold_file = _corpus(tmp_path)
    assert find_documents(gold_file, None) == tmp_path / "docs"
    result = CliRunner().invoke(cli, ["eval", str(gold_file), "--docs", str(tmp_path / "gold")])
    assert result.exit_code == 2 and "documents not found" in result.output


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared is not beside the checkout")
def test_eval_agrees_with_the_shared_scorer(tmp_path, monkeypatch):
    result = CliRunner().invoke(cli, ["eval", str(SHARED / "gold" / "seeds.jsonl"), "--quiet"])
    ours = dict(kv.split("=") for kv in result.output.split())
    out = tmp_path / "out.jsonl"
    from app.config import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    get_settings.cache_clear()
    CliRunner().invoke(cli, ["ingest", str(SHARED / "seeds")])
    CliRunner().invoke(cli, ["export", "-o", str(out)])
    get_settings.cache_clear()
    theirs = json.loads(subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "gold" / "seeds.jsonl"),
                                        str(out), "--json"], capture_output=True, text=True, check=True).stdout)
    assert (int(ours["tp"]), int(ours["fp"]), int(ours["fn"])) == (theirs["tp"], theirs["fp"], theirs["fn"])
    assert float(ours["f1"]) == pytest.approx(theirs["f1"], abs=0.001)
