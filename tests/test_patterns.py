"""The speed-ups of extraction must not change what it finds: the date
grammar with its first-character lookahead, the word lists compiled as
tries, and paragraphs normalized once and sliced into sentences."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingest import dates
from app.ingest.gazetteer import load
from app.ingest.normalize import normalize, normalized_sentences
from app.ingest.patterns import first_chars, skipping, words_pattern

DATE_PIECES = ["2024年", "3月", "15日", "十二月", "廿八日", "至", "—", "今年", "去年", "本月", "上周", "周三",
               "星期日", "当天", "次日", "此前一天", "近日", "日内瓦", "月底", "中旬", "（", "）", "12", "5",
               "年", "月", "日", "号", "，", "王毅", "会见", "0", "〇", "一", "两", "个", "第二天"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=14))
def test_the_date_grammar_finds_the_same_matches_with_its_lookahead(pieces):
    text = "".join(pieces)
    plain = re.compile(dates._GRAMMAR)
    assert [m.group(0) for m in dates._MASTER.finditer(text)] == [m.group(0) for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern, expected", [
    ("ab|cd", {"a", "c"}),
    ("(?<![0-9])x?y", {"x", "y"}),
    ("[a-c]z|(?:q)+", {"a", "b", "c", "q"}),
    ("a*", None),           # can match nothing: no lookahead
    ("[^a]b", None),        # a negated class: not worked out
    (r"\dx", None),         # a category: not worked out
])
def test_first_characters(pattern, expected):
    assert first_chars(pattern) == expected


def test_a_pattern_that_can_match_nothing_is_compiled_as_it_is():
    assert skipping("a*").pattern == "a*"
    assert skipping("ab|c").pattern.startswith("(?=[")


WORDS = ["王", "王毅", "王毅外长", "毅", "外长", "长", "拉夫罗夫", "拉夫", "夫", "罗"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["，", "同", "会"]), max_size=12), st.sets(st.sampled_from(WORDS), min_size=1))
def test_a_trie_matches_like_the_words_sorted_longest_first(pieces, words):
    text = "".join(pieces)
    longest_first = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = re.compile(words_pattern(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in longest_first.finditer(text)]


def test_gazetteer_word_lists_match_as_before():
    gz = load()
    text = "中国国家主席习近平同俄罗斯总统普京在莫斯科举行会谈，美国国务卿布林肯致电王毅。"
    for words, compiled in [(gz.by_alias, gz.person_regex), (gz.country_words, gz.country_regex),
                            (gz.places, gz.place_regex)]:
        plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)]


TRADITIONAL = ["習近平", "會談", "與", "俄羅斯", "總統", "普京", "舉行", "視訊", "通話", "國務卿", "臺灣", "台灣",
               "發表", "聯合聲明", "頭髮", "皇后", "乾隆", "。", "！", "？", "」", "」。", "，", " ", "（", "）",
               "「", "說", "後", "面", "里", "裡", "著", "了", "联合国", "ＡＢＣ", "１２"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TRADITIONAL), min_size=1, max_size=20))
def test_a_paragraph_normalized_once_gives_each_sentence_as_normalizing_it_alone(pieces):
    paragraph = "".join(pieces)
    pairs = normalized_sentences(paragraph)
    assert pairs == [(s, normalize(s)) for s, _ in pairs]
    assert all(len(s) == len(n) for s, n in pairs)


@pytest.mark.parametrize("paragraph, first", [
    ("【明報專訊】中共中央政治局委員王毅前日會談。第二句。", "中共中央政治局委員王毅前日會談。"),
    ("（北京综合讯）李显龙周三会面。", "李显龙周三会面。"),
    ("[聯合報] 川普昨天與普丁通話。", "川普昨天與普丁通話。"),
    ("（图）王毅会谈。", "（图）王毅会谈。"),                   # no outlet's tag: kept
    ("（北京讯）", "（北京讯）"),                               # nothing after it: kept
])
def test_an_outlets_tag_is_no_part_of_the_first_sentence(paragraph, first):
    assert normalized_sentences(paragraph)[0][0] == first
