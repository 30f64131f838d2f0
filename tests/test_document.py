"""The document stage on sentences written for the test."""
import pytest

from app.ingest.document import (LIST_ITEM, UNDATED, article_anchor, clause_end, comma_end, comma_start, is_caption,
                                 repaired)
from app.ingest.read import RawArticle


@pytest.mark.parametrize("written, read", [
    ("國家主席習(xí)近平同南非總統(tǒng)通電話", "國家主席習近平同南非總統通電話"),  # portal conversion debris
    ("中聯(lián)部部長會(huì)見（huì）來賓", "中聯部部長會見來賓"),  # full-width parentheses
    ("烏克蘭總統澤倫斯基（Volodymyr Zelenskyy）", "烏克蘭總統澤倫斯基（Volodymyr Zelenskyy）"),  # an English name stays
    ("今(15)日上午", "今(15)日上午"),  # a day in parentheses stays
    ("他說(de)很好", "他說(de)很好"),  # no tone mark: not certainly a gloss
    ("蔡英文(Tsai Ing-wen)", "蔡英文(Tsai Ing-wen)"),
])
def test_pinyin_glosses_are_removed_and_nothing_else(written, read):
    assert repaired(written) == read


@pytest.mark.parametrize("paragraph, caption", [
    ("中國外長王毅（左）8日與泰國外長在北京會談。（新華社）", True),            # who stands where, a credit
    ("总理黄循财(左)与越南总理范明政(右)举行会谈。(王大明摄)", True),
    ("图为两国外长在记者会上。", True),                                            # opens as one
    ("国家主席习近平同哈萨克斯坦总统举行会谈。", False),
    ("新华社北京3月22日电（记者王大明）国务委员兼外长王毅22日同俄罗斯外长举行会谈。", False),  # a byline is no credit
])
def test_a_photo_caption_is_told_apart(paragraph, caption):
    assert is_caption(paragraph) is caption


@pytest.mark.parametrize("paragraph, item", [
    ("——王毅对意大利进行正式访问；", True), ("■ 3月4日，孙海燕同英国客人视频会晤。", True),
    ("一是深化合作；", True), ("（2）举行磋商", True), ("王毅对意大利进行正式访问。", False),
])
def test_an_item_of_a_list(paragraph, item):
    assert (LIST_ITEM.match(paragraph) is not None) is item


def test_clauses_end_at_their_marks():
    text = "王毅10日抵达罗马，同意大利外长会谈；随后前往荷兰。"
    at = text.index("会谈")
    assert text[comma_start(text, at):comma_end(text, at)] == "同意大利外长会谈"
    assert text[:clause_end(text, at)] == "王毅10日抵达罗马，同意大利外长会谈"


@pytest.mark.parametrize("text, url, published, source", [
    ("新华社北京3月22日电 王毅22日会见拉夫罗夫。", "https://example.com/2021/0323/1.html", "2021-03-22", "dateline"),
    ("王毅22日会见拉夫罗夫。", "https://example.com/2021/0323/1.html", "2021-03-23", "url"),
    ("2021年3月22日，外交部发言人主持例行记者会。", None, "2021-03-22", "lead"),
])
def test_the_day_an_article_is_read_from(text, url, published, source):
    raw = RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text=text, encoding="utf-8",
                     published=None, published_from=None, url=url)
    day, guessed = article_anchor(raw)
    assert (day.isoformat(), raw.published_from, guessed) == (published, source, False)


def test_a_page_with_no_year_is_held_out():
    raw = RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text="王毅22日会见拉夫罗夫。",
                     encoding="utf-8", published=None, published_from=None)
    article_anchor(raw)
    assert raw.held_out == UNDATED
