"""The relevance gate (app/ingest/gate.py) passes over articles no event
can be built from — and never one the reader finds an event in."""
import ast
import json
from datetime import date
from pathlib import Path

import opencc
import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app as cli
from app.ingest.extract import extract
from app.ingest.gate import _CONVERTIBLE, _vocabulary, gate
from app.ingest.gazetteer import load
from app.ingest.normalize import normalize
from app.ingest.read import RawArticle
from bench.nondiplomatic import ARTICLES
from conftest import ROOT, SEEDS, SHARED, write

runner = CliRunner()


def article(text: str, published: date = date(2024, 6, 1)) -> RawArticle:
    return RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text=text, encoding="utf-8",
                      published=published, published_from="metadata")


def reads_an_event(text: str) -> bool:
    return bool(extract(article(text)))


DIPLOMATIC = [
    ("mainland", "国家主席习近平10日晚同法国总统马克龙通电话。"),
    ("mainland", "国务委员兼外长王毅5日在北京会见来访的新加坡外长维文。"),
    ("mainland", "中俄两国外长今天在莫斯科举行会谈。"),
    ("mainland, pinyin gloss", "國家主席習(xí)近平5日在北京同俄羅斯總統普京會(huì)談。"),
    ("Taiwan", "（中央社記者台北5日電）總統賴清德今天接見來訪的巴拉圭總統潘尼亞。"),
    ("Taiwan", "外交部長林佳龍5日在台北與日本眾議員古屋圭司會面。"),
    ("Hong Kong", "【明報專訊】國家主席習近平昨日在北京人民大會堂與到訪的俄羅斯總統普京舉行會談。"),
    ("Hong Kong", "特首李家超昨日啟程前往新加坡訪問，將與新加坡總理黃循財會面。"),
    ("overseas, Singapore", "新加坡总理黄循财昨天同中国国务院总理李强通电话。"),
    ("overseas, United States", "美国国务卿布林肯周一抵达北京，开始对中国进行为期两天的访问。"),
    ("a pair nickname", "川金会6月12日在新加坡举行。"),
    ("offices only", "俄外长5日同美国务卿通电话。"),
]


@pytest.mark.parametrize("style, text", DIPLOMATIC, ids=[f"{s}: {t[:12]}" for s, t in DIPLOMATIC])
def test_the_gate_passes_diplomatic_news(style, text):
    assert reads_an_event(text), "the row is no diplomatic sentence the reader reads"
    assert gate().relevant(text)


# (where, the sentence, whether the gate can pass it over, why)
NOT_DIPLOMATIC = [
    ("mainland: telecom 通话", "中国移动表示，春节期间用户通话时长同比增长一成。", True,
     "one country, no one: nobody to call"),
    ("Taiwan: telecom 通話", "電信業者指出，連假期間行動通話量成長一成。", True, "no one, no country"),
    ("mainland: corporate 会谈", "华为与比亚迪高层在深圳举行会谈，双方签署合作协议。", True, "no one, no country"),
    ("Hong Kong: corporate 會談", "港鐵與承建商昨日舉行會談，商討工程延誤問題。", True, "no one, no country"),
    ("mainland: a team's 访问", "省青年足球队赴广州访问交流，先后走访多家俱乐部。", True, "no traveller"),
    ("mainland: a coach's 会见", "主教练赛后在球场外会见了数百名球迷。", True, "no one the gazetteer knows"),
    ("mainland: a spokesman, then 会见", "俱乐部发言人表示，主教练将于下周会见球员家长。", True,
     "a title with no name after it names no one"),
    ("mainland: weather 抵达", "受冷空气影响，新一轮寒潮将于周末抵达华北。", True, "no traveller"),
    ("Hong Kong: 致電 a hotline", "有乘客表示，致電港鐵熱線查詢時一直無人接聽。", True, "no one to call"),
    ("overseas: 对话 with residents", "陆交局官员在社区对话会上向居民介绍了工程进度。", True, "no one, no country"),
    ("mainland: sports 会见 a country", "中国女排启程赴日本访问，将与日本队进行三场友谊赛。", False,
     "two countries and a visit: the reader takes it for a visit of China to Japan"),
    ("Taiwan: a typhoon 抵達 Taiwan", "颱風預計明天清晨抵達臺灣東南部海面。", False,
     "one country and a visit word: whether a traveller goes elsewhere is the reader's to judge"),
    ("mainland: a chairman by name", "董事会主席王伟会见了前来洽谈合作的客户代表。", False,
     "a title with a name is a person; a second one would make a meeting"),
    ("overseas, Malaysia: exports 到", "大马榴梿出口到中国的数量大增，马来西亚果农受惠。", False,
     "two countries, 到 before one of them"),
]


@pytest.mark.parametrize("where, text, passed_over, why", NOT_DIPLOMATIC, ids=[row[0] for row in NOT_DIPLOMATIC])
def test_news_with_trap_words(where, text, passed_over, why):
    assert gate().relevant(text) is not passed_over, why
    if passed_over:
        assert not reads_an_event(text)


def test_the_gate_never_passes_over_a_sentence_of_the_extraction_tests():
    """Every sentence the test suite feeds the reader (hundreds, written to
    trip it) that gives an event passes the gate."""
    lost = [text for text in _test_sentences() if reads_an_event(text) and not gate().relevant(text)]
    assert not lost


def _test_sentences() -> list[str]:
    sentences = set()
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        if path.name == "test_gate.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 8 \
                    and any("\u4e00" <= ch <= "\u9fff" for ch in node.value):
                sentences.add(node.value)
    assert len(sentences) > 500
    return sorted(sentences)


def test_most_non_diplomatic_news_is_passed_over_and_none_with_an_event():
    passed_over = [name for name, _, text in ARTICLES if not gate().relevant(text)]
    assert len(passed_over) >= 0.8 * len(ARTICLES)
    assert not [name for name, _, text in ARTICLES if name in passed_over and reads_an_event(text)]


def test_every_word_is_found_as_traditional_script_writes_it():
    """A word of the data files written as Taiwan, Hong Kong or any
    traditional-script press writes it — which the reader's normalize()
    turns back into the word — is a spelling the gate looks for."""
    spell = gate().spell
    converters = [opencc.OpenCC(f"{name}.json").convert for name in ("s2t", "s2tw", "s2hk")]
    missed = []
    for word in _vocabulary(load()):
        spellings = set(spell.all(word))
        length = len(next(iter(spellings)))
        for written in {convert(word) for convert in converters}:
            if normalize(written) == word and written[:length] not in spellings:
                missed.append((word, written))
    assert not missed


def test_normalize_changes_no_character_the_gate_does_not_know_it_changes():
    """The gate learns what normalize() does from the blocks it may change
    (gate._CONVERTIBLE); an OpenCC that converts a character elsewhere
    would go unseen."""
    outside = [chr(code) for code in range(0x20, 0x110000) if code != 0x0A and not 0xD800 <= code <= 0xDFFF
               and not any(first <= code <= last for first, last in _CONVERTIBLE)]
    assert normalize("\n".join(outside)).split("\n") == outside


def test_full_width_letters_and_a_pinyin_gloss_are_read_as_the_reader_reads_them():
    assert gate().relevant("中美两国领导人在Ｇ２０峰会期间会晤。") == gate().relevant("中美两国领导人在G20峰会期间会晤。")
    assert gate().relevant("國家主席習(xí)近平同美國總統拜登會(huì)晤。")


@pytest.mark.skipif(not (SHARED / "dev").is_dir(), reason="../shared/dev is not beside the checkout")
def test_the_seeds_and_the_dev_set_give_the_same_events_with_and_without_the_gate(db_url, tmp_path, monkeypatch):
    result = runner.invoke(cli, ["ingest", str(SEEDS), str(SHARED / "dev")])
    assert result.exit_code == 0, result.output
    assert "passed over by the relevance gate (no event possible): " in result.output
    gated = _export()
    assert gated

    _use_a_fresh_database(tmp_path, monkeypatch)
    result = runner.invoke(cli, ["ingest", "--no-gate", str(SEEDS), str(SHARED / "dev")])
    assert result.exit_code == 0, result.output
    assert "passed over" not in result.output
    assert _export() == gated


def test_the_setting_turns_the_gate_off(db_url, tmp_path, monkeypatch):
    corpus = _mixed_corpus(tmp_path)
    monkeypatch.setenv("GATE", "off")
    _settings_changed()
    result = runner.invoke(cli, ["ingest", str(corpus)])
    assert result.exit_code == 0 and "passed over" not in result.output


def test_the_report_counts_the_articles_passed_over(db_url, tmp_path):
    result = runner.invoke(cli, ["ingest", str(_mixed_corpus(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "articles read: 4 " in result.output
    assert "passed over by the relevance gate (no event possible): 3" in result.output
    assert len(_export()) == 1


def test_eventless_articles_keep_their_text_by_default(db_url, tmp_path):
    assert runner.invoke(cli, ["ingest", str(_mixed_corpus(tmp_path))]).exit_code == 0
    assert all(text for text in _stored_texts(db_url).values())
    result = runner.invoke(cli, ["reextract"])
    assert result.exit_code == 0 and "articles extracted again: 4 " in result.output


def test_eventless_articles_may_be_stored_without_their_text(db_url, tmp_path, monkeypatch):
    corpus = _mixed_corpus(tmp_path)
    monkeypatch.setenv("KEEP_EVENTLESS_TEXT", "false")
    _settings_changed()
    assert runner.invoke(cli, ["ingest", str(corpus)]).exit_code == 0
    texts = _stored_texts(db_url)
    assert len(texts) == 4  # every article is stored: a re-ingest knows them by their content
    assert [name for name, text in texts.items() if text] == ["call.txt"]
    events = _export()

    again = runner.invoke(cli, ["ingest", str(corpus)])
    assert "already stored: 4" in again.output

    result = runner.invoke(cli, ["reextract"])
    assert result.exit_code == 0, result.output
    assert "articles extracted again: 1 " in result.output
    assert "not read again: 3 article(s) stored without their text" in result.output
    assert _export() == events


def _mixed_corpus(tmp_path: Path) -> Path:
    """One call and three articles of other news."""
    corpus = tmp_path / "corpus"
    write(corpus / "call.txt", "---\ndate: 2024-06-11\n---\n国家主席习近平10日晚同法国总统马克龙通电话。")
    for name, _, text in ARTICLES[:3]:
        write(corpus / f"{name}.txt", "---\ndate: 2024-06-11\n---\n" + text)
    return corpus


def _export() -> list[dict]:
    result = runner.invoke(cli, ["export"])
    assert result.exit_code == 0, result.output
    return sorted((json.loads(line) for line in result.stdout.splitlines()), key=lambda e: e["id"])


def _stored_texts(db_url: str) -> dict[str, str]:
    from app.db import engine_for
    from app.models import Article

    with Session(engine_for(db_url)) as session:
        return {a.name: a.text for a in session.exec(select(Article))}


def _use_a_fresh_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'without-the-gate.db'}")
    _settings_changed()


def _settings_changed() -> None:
    from app.config import get_settings

    get_settings.cache_clear()


def test_an_article_stored_without_its_text_says_so(db_url, client, tmp_path, monkeypatch):
    from app.db import engine_for
    from app.models import Article

    monkeypatch.setenv("KEEP_EVENTLESS_TEXT", "false")
    _settings_changed()
    name, _, text = ARTICLES[0]
    write(tmp_path / "corpus" / f"{name}.txt", text)
    assert runner.invoke(cli, ["ingest", str(tmp_path / "corpus")]).exit_code == 0
    with Session(engine_for(db_url)) as session:
        article_id = session.exec(select(Article.id)).one()
    page = client.get(f"/articles/{article_id}?lang=en")
    assert page.status_code == 200 and "its text was not kept" in page.text
