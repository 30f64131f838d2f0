"""The date resolver, case by case. `now` is the day the text is written
from; `narrative` a date the story already spoke of in the same paragraph."""
from datetime import date

import pytest

from app.ingest.dates import (Anchor, cn_number, dateline, find_dates, infer_year, latest_past_month, leading_date, url_date,
                              publication_line, with_duration, joined_days, url_timestamp)
from app.ingest.normalize import normalize


def resolve(text, now, future=False, narrative=None):
    anchor = Anchor(now=now)
    if narrative:
        anchor.narrative, anchor.narrative_paragraph = narrative, anchor.paragraph
    found = find_dates(normalize(text), anchor, future)
    return [(v.iso, v.end.isoformat() if v.end else None, v.imprecise) for v in found]


TUE = date(2021, 3, 23)  # a Tuesday


@pytest.mark.parametrize("text, now, future, expected", [
    # full dates, Arabic and Chinese numerals
    ("2021年3月22日，中国桂林", TUE, False, ("2021-03-22", None, False)),
    ("二〇一九年十月卅一日", TUE, False, ("2019-10-31", None, False)),
    ("二〇二二年一月十日", TUE, False, ("2022-01-10", None, False)),
    # month and day take the year of `now`; a held event cannot be after it
    ("3月22日，王毅同", TUE, False, ("2021-03-22", None, False)),
    ("5月7日晚，国家主席", date(2021, 1, 8), False, ("2020-05-07", None, False)),
    ("12月22日，国务委员", date(2021, 1, 8), False, ("2020-12-22", None, False)),
    # …unless it is only weeks away: an upcoming event written without 将
    ("应邀于11月17日至20日出席", date(2022, 11, 11), False, ("2022-11-17", "2022-11-20", False)),
    ("3月20日出席", date(2021, 1, 8), False, ("2020-03-20", None, False)),       # 71 days ahead: last year
    # …while a planned one may be
    ("定于6月16日在日内瓦举行", date(2021, 5, 26), True, ("2021-06-16", None, False)),
    ("将于1月5日访华", date(2021, 12, 20), True, ("2022-01-05", None, False)),
    # a bare day: this month, or the last when the day is still to come
    ("外长10日表示", date(2022, 1, 11), False, ("2022-01-10", None, False)),
    ("29日透露", date(2021, 1, 8), False, ("2020-12-29", None, False)),
    ("廿八日会见", date(2021, 3, 30), False, ("2021-03-28", None, False)),
    ("11日起对荷兰进行国事访问", date(2023, 12, 10), False, ("2023-12-11", None, False)),  # days away
    ("18日起对荷兰进行国事访问", date(2023, 12, 10), False, ("2023-11-18", None, False)),  # more than a week
    ("将于15日抵达", date(2021, 3, 20), True, ("2021-04-15", None, False)),
    ("将于25日抵达", date(2021, 3, 20), True, ("2021-03-25", None, False)),
    # more relative days, numeric dates, parts of months and years
    ("于22号与拉夫罗夫通话", TUE, False, ("2021-03-22", None, False)),   # Hong Kong and Taiwan usage
    ("大前天会见", TUE, False, ("2021-03-20", None, False)),
    ("昨晚通电话", TUE, False, ("2021-03-22", None, False)),
    ("今晨抵达", TUE, False, ("2021-03-23", None, False)),
    ("3天前通电话", TUE, False, ("2021-03-20", None, False)),
    ("两天后举行会谈", TUE, False, ("2021-03-25", None, False)),
    ("2021-03-14 举行会谈", TUE, False, ("2021-03-14", None, False)),    # overseas and web styles
    ("2021/3/14 举行会谈", TUE, False, ("2021-03-14", None, False)),
    # a part of a stated month is no vaguer than the month: its days, at month precision
    ("上月下旬访问", TUE, False, ("2021-02", "2021-02-28", False)),
    ("下月初访问", TUE, True, ("2021-04", "2021-04-10", False)),
    ("去年底访问", TUE, False, ("2020-12", None, True)),
    ("2019年底访问", TUE, False, ("2019-12", None, True)),
    ("今年初访问", TUE, False, ("2021-01", None, True)),
    # relative years and months
    ("今年3月22日", date(2021, 5, 26), False, ("2021-03-22", None, False)),
    ("去年6月份", date(2021, 1, 8), False, ("2020-06", None, False)),
    ("前年12月", date(2021, 1, 8), False, ("2019-12", None, False)),
    ("上月18日", date(2021, 3, 5), False, ("2021-02-18", None, False)),
    ("2019年12月，习近平", TUE, False, ("2019-12", None, False)),
    ("今年", TUE, False, ("2021", None, False)),
    # days relative to `now`
    ("今天上午", TUE, False, ("2021-03-23", None, False)),
    ("昨天", TUE, False, ("2021-03-22", None, False)),
    ("前天", TUE, False, ("2021-03-21", None, False)),
    ("明天", TUE, True, ("2021-03-24", None, False)),
    # weekdays, simplified and traditional
    ("上周五刚结束", TUE, False, ("2021-03-19", None, False)),
    ("上週五", TUE, False, ("2021-03-19", None, False)),
    ("星期一", TUE, False, ("2021-03-22", None, False)),
    ("周三", TUE, False, ("2021-03-17", None, False)),
    ("周三将举行", TUE, True, ("2021-03-24", None, False)),
    ("下周二", TUE, True, ("2021-03-30", None, False)),
    ("本周伊始又展开会晤", TUE, False, ("2021-03-22", None, False)),
    ("礼拜天", TUE, False, ("2021-03-21", None, False)),
    # ranges and spans
    ("8日至9日访问", date(2021, 3, 20), False, ("2021-03-08", "2021-03-09", False)),
    ("18、19日两天", date(2021, 3, 20), False, ("2021-03-18", "2021-03-19", False)),  # two days listed
    ("3月18、19日", date(2021, 3, 20), False, ("2021-03-18", "2021-03-19", False)),
    ("3月30日至4月2日", date(2021, 4, 5), False, ("2021-03-30", "2021-04-02", False)),
    ("2019年6月5日至7日", TUE, False, ("2019-06-05", "2019-06-07", False)),
    ("12月30日至1月2日", date(2021, 1, 5), False, ("2020-12-30", "2021-01-02", False)),
    # Taiwan's 今(15)日, month-only relative words
    ("總統今(15)日接見", date(2023, 4, 15), False, ("2023-04-15", None, False)),
    ("昨（14）日", date(2023, 4, 15), False, ("2023-04-14", None, False)),
    ("将于下月访问", date(2024, 5, 10), True, ("2024-06", None, False)),
    ("上月", date(2024, 1, 10), False, ("2023-12", None, False)),
    # vague words never become a precise date
    ("俄美两国外长近日举行会晤", date(2021, 5, 26), False, ("2021-05", None, True)),
    ("日前表示", date(2021, 5, 26), False, ("2021-05", None, True)),
    ("前不久", date(2021, 5, 26), False, ("2021-05", None, True)),
    ("本周内举行对话", date(2022, 1, 11), True, ("2022-01", None, True)),
    ("上星期在吉达举行了会谈", date(2025, 3, 3), False, ("2025-02", None, True)),  # the week before: February
    ("上个礼拜见过面", date(2025, 3, 19), False, ("2025-03", None, True)),
    ("这个星期将会面", date(2025, 3, 19), True, ("2025-03", None, True)),
])
def test_single_expression(text, now, future, expected):
    assert resolve(text, now, future)[0] == expected


@pytest.mark.parametrize("text, now, expected", [
    # the narrative moves: 8日 continues May; 此前一天 is the day before 29日
    ("5月7日晚，分别通电话；8日晚，再同普京通电话", date(2021, 1, 8), ["2020-05-07", "2020-05-08"]),
    ("29日透露。此前一天，习近平同普京通电话", date(2021, 1, 8), ["2020-12-29", "2020-12-28"]),
    ("29日在记者会上，在本月22日，两国外长", date(2021, 1, 8), ["2020-12-29", "2020-12-22"]),
    # 本月 is the month the text is written in, not the month last spoken of
    ("3月29日抵达。本月5日，两国外长", date(2021, 6, 8), ["2021-03-29", "2021-06-05"]),
    ("12月22日，中俄联合巡航。就在同一天，王毅同拉夫罗夫通电话", date(2021, 1, 8), ["2020-12-22", "2020-12-22"]),
    ("3月18日抵达，次日会见", date(2021, 3, 25), ["2021-03-18", "2021-03-19"]),
    ("6月3日抵达，当天下午会见", date(2021, 6, 10), ["2021-06-03", "2021-06-03"]),
])
def test_narrative_anchor(text, now, expected):
    assert [iso for iso, _, _ in resolve(text, now)] == expected


def test_bare_day_continues_the_narrative_month_not_the_month_of_now():
    assert resolve("15日", date(2021, 3, 30), narrative=date(2021, 2, 27))[0][0] == "2021-02-15"


@pytest.mark.parametrize("text", [
    "石破茂首相的前任上次访华是在2019年12月23日至25日。",
    "兩人上次會晤是在去年9月，地點在紐約。",
    "继去年11月在旧金山会晤之后，两国元首再次会面。",
])
def test_a_clause_that_recalls_the_last_time_leaves_the_story_where_it_was(text):
    anchor = Anchor(now=date(2024, 6, 20))
    assert find_dates(normalize(text), anchor) and anchor.narrative is None


def test_bare_day_after_narrative_cannot_pass_now():
    # the story speaks of March 2021 but is written on 10 March: 25日 is February's
    assert resolve("25日", date(2021, 3, 10), narrative=date(2021, 3, 2))[0][0] == "2021-02-25"


def test_duration_gives_the_last_day():
    anchor = Anchor(now=date(2021, 3, 1))
    text = normalize("将于3月8日起对俄罗斯进行为期3天的国事访问")
    value = with_duration(find_dates(text, anchor, future=True)[0], text)
    assert (value.iso, value.end) == ("2021-03-08", date(2021, 3, 10))


@pytest.mark.parametrize("text, now, expected", [
    ("总统于周一和周二对日本进行国事访问", date(2024, 7, 22), [("2024-07-22", "2024-07-23")]),  # a Monday
    ("两国外长12日、13日在东京举行会谈", TUE, [("2021-03-12", "2021-03-13")]),
    ("王毅12日和13日分别会见两国外长", TUE, [("2021-03-12", None), ("2021-03-13", None)]),  # each its own day
    ("5月和7月两次访俄", TUE, [("2020-05", None), ("2020-07", None)]),                     # months stay apart
    ("3月2日和3月20日两次会见", TUE, [("2021-03-02", None), ("2021-03-20", None)]),          # too far apart
])
def test_two_days_joined_are_one_span(text, now, expected):
    text = normalize(text)
    found = joined_days(find_dates(text, Anchor(now=now)), text)
    assert [(v.iso, v.end.isoformat() if v.end else None) for v in found] == expected


@pytest.mark.parametrize("text", ["日内瓦", "节日", "生日", "1号机组", "第10届", "2020举行的磋商"])
def test_not_dates(text):
    assert resolve(text, TUE) == []


def test_impossible_dates_are_skipped():
    assert resolve("2月30日", TUE) == []


@pytest.mark.parametrize("text, value", [("12", 12), ("十", 10), ("十二", 12), ("二十三", 23), ("廿八", 28),
                                         ("卅一", 31), ("三十", 30), ("二〇一九", 2019), ("两", 2),
                                         ("一百一十三", 113), ("一百零五", 105), ("一一三", 113)])
def test_chinese_numerals(text, value):
    assert cn_number(text) == value


@pytest.mark.parametrize("paragraph, year, expected", [
    ("新华社北京1月10日电 1月10日，国务委员兼外长王毅", 2022, (date(2022, 1, 10), "1月10日，国务委员兼外长王毅")),
    ("新华社莫斯科1月11日电（记者黄河）俄罗斯与美国10日", 2022, (date(2022, 1, 11), "俄罗斯与美国10日")),
    ("据新华社5月26日报道,25日中共中央政治局委员", 2021, (date(2021, 5, 26), "25日中共中央政治局委员")),
    ("路透北京3月23日 - 火药味十足的中美阿拉斯加会谈", 2021, (date(2021, 3, 23), "火药味十足的中美阿拉斯加会谈")),
    ("中新网莫斯科4月11日电 (记者 王修君)中国驻俄大使", 2021, (date(2021, 4, 11), "中国驻俄大使")),
    ("2021-01-08 环球网", None, (date(2021, 1, 8), "")),
    ("（中央社记者温贵香台北15日电）总统赖清德今天接见", 2024, (date(2024, 5, 15), "总统赖清德今天接见")),
    ("韩联社首尔1月14日电 韩国外交部长官", 2024, (date(2024, 1, 14), "韩国外交部长官")),
    ("（中央社重庆14日综合外电报导）德国总理萧兹今天抵达重庆", 2024, (date(2024, 5, 14), "德国总理萧兹今天抵达重庆")),
    ("（中央社记者游凯翔台北28日专讯）国防部今天", 2024, (date(2024, 5, 28), "国防部今天")),
])
def test_datelines(paragraph, year, expected):
    filed, offset = dateline(paragraph, year, date(2024, 5, 29))
    assert (filed, paragraph[offset:]) == expected


@pytest.mark.parametrize("paragraph", ["5月7日晚，国家主席习近平", "外交部发言人汪文斌11日表示", "今年3月22日，俄罗斯外长"])
def test_not_datelines(paragraph):
    assert dateline(paragraph, 2021, None) is None


def test_dateline_later_than_publication_is_last_year():
    filed, _ = dateline("中新网莫斯科4月11日电 正文", 2021, date(2021, 1, 8))
    assert filed == date(2020, 4, 11)


@pytest.mark.parametrize("text, year", [
    ("刚刚过去的2021年是中俄关系奋发笃行的一年。2020年2月24日，他出售股票。", 2022),
    ("2021年1月至4月，中俄贸易额增长。上一轮磋商于2019年12月举行，机制于2005年建立。", 2021),
    ("今年即2023年，双方将举行会谈。", 2023),
    ("中俄条约于2001年签署。", 2001),
    ("没有年份。", None),
])
def test_year_of_an_undated_article(text, year):
    assert infer_year(text) == year


@pytest.mark.parametrize("text, latest", [
    ("两国元首上次会晤是在2023年10月。", (2023, 10)),
    ("2021年1月至4月，贸易增长；2019年十二月曾举行磋商。", (2021, 4)),
    ("双方将于2026年3月举行会谈。", None),                   # the future says nothing of when it was written
    ("此前，两人曾于2019年在大阪会面。", None),               # a year alone
])
def test_the_latest_month_a_story_speaks_of_as_past(text, latest):
    assert latest_past_month(text) == latest


def test_a_dateline_without_a_year_lies_after_what_the_story_calls_past():
    filed, _ = dateline("新华社北京5月16日电 正文", 2023, None, not_before=(2023, 10))
    assert filed == date(2024, 5, 16)
    filed, _ = dateline("新华社北京11月16日电 正文", 2023, None, not_before=(2023, 10))
    assert filed == date(2023, 11, 16)


@pytest.mark.parametrize("line, published", [
    ("美國之音 2025年3月19日", date(2025, 3, 19)),
    ("发布时间：2025-03-19 10:30:00 来源：人民网", date(2025, 3, 19)),
    ("2024/11/5 联合早报", date(2024, 11, 5)),
    ("习近平2025年3月19日同普京通电话，双方讨论了乌克兰问题。", None),  # a sentence, not a line about the page
    ("来源：人民网", None),
])
def test_a_publication_line(line, published):
    assert publication_line(line) == published


def test_days_from_the_story_date():
    """两天后 counts from the day the story last spoke of, not from publication."""
    assert resolve("两天后，双方举行会谈", date(2021, 3, 30), narrative=date(2021, 3, 20)) == [
        ("2021-03-22", None, False)]


@pytest.mark.parametrize("text", ["15号文件", "地铁3号线", "第2334号决议", "3号航站楼",
                                  "唐宁街10号", "长安街15号", "中山北路2号", "空军一号", "嫦娥五号", "等同日韩会谈"])
def test_numbers_that_are_no_days(text):
    assert resolve(text, TUE) == []


@pytest.mark.parametrize("url, expected", [
    ("https://www.example.gov.cn/zxxx/202104/t20210415_11223344.shtml", ("2021-04-15", "day")),
    ("http://news.example.com/content/2019-08/23/content_1234567.htm", ("2019-08-23", "day")),
    ("http://example.com/a/guoji/2018/0612/7788.html", ("2018-06-12", "day")),
    ("https://example.com.my/news/international/2021/05/04/123456", ("2021-05-04", "day")),
    ("https://example.com.my/20240718/%e5%a4%96%e4%ba%a4", ("2024-07-18", "day")),
    ("https://news.example.com.tw/cna/202211/202211081234567.html", ("2022-11-08", "day")),
    ("https://example.com/gn/2016/09-21/1122334.shtml", ("2016-09-21", "day")),
    ("https://m.example.com/china/202205/50-1020304.html", ("2022-05-01", "month")),   # the month only
    ("https://udn.example.com/news/story/1234/5678901", None),                        # ids, no date
    ("https://example.com/a/15-1700000000123456.html", None),
    ("https://example.com/20231345/1.html", None),                                   # no such month
    (None, None),
])
def test_the_day_a_news_address_files_its_story_under(url, expected):
    found = url_date(url)
    assert (found[0].isoformat(), found[1]) == expected if expected else found is None


@pytest.mark.parametrize("url, expected", [
    ("https://www.example.com/a/15-1669552435436323.html", "2022-11-27"),   # microseconds, Beijing time
    ("https://www.example.com/news?id=1669552435123", "2022-11-27"),        # milliseconds
    ("https://www.example.com/news/1669552435.html", "2022-11-27"),         # seconds
    ("https://www.example.com/news/16695524.html", None),                   # an article number
    ("https://www.example.com/news/123456789012.html", None),               # twelve digits: no time
    ("https://www.example.com/news/2099999999.html", None),                 # beyond 2033
])
def test_a_unix_time_in_an_address(url, expected):
    found = url_timestamp(url)
    assert (found.isoformat() if found else None) == expected


def test_the_end_of_a_stretch_lies_after_its_start():
    text = normalize("从本月18日至12月上旬，东盟多国领导人将访问日本。")
    found = find_dates(text, Anchor(now=date(2022, 11, 27)))
    assert [v.iso for v in found] == ["2022-11-18", "2022-12"]


@pytest.mark.parametrize("text, now, expected", [
    # digits set apart with spaces (Hong Kong, overseas and web-typeset pages), ideographic spaces too
    ("外长将于 9 月 3 日抵达东京", date(2025, 8, 20), [("2025-09-03", None, False)]),
    ("2024 年 11 月 18 日，两国总理举行会谈", date(2025, 1, 6), [("2024-11-18", None, False)]),
    ("2024　年　11　月　18　日", date(2025, 1, 6), [("2024-11-18", None, False)]),
    ("特使 21 日在白宫会见总统", date(2025, 6, 23), [("2025-06-21", None, False)]),
    ("双方（ 19 日 ）通电话", date(2025, 6, 23), [("2025-06-19", None, False)]),
    ("代表团 6 月 2 日至 5 日访问", date(2025, 6, 23), [("2025-06-02", "2025-06-05", False)]),
    ("去年 10 月出访", date(2025, 6, 23), [("2024-10", None, False)]),
    ("第 3 次会晤", date(2025, 6, 23), []),                       # a space before no date word stays a gap
    ("今年 一些国家领导人", date(2025, 6, 23), [("2025", None, False)]),  # …as does one before a number of no date
])
def test_spaces_inside_dates(text, now, expected):
    assert resolve(text, now) == expected


def test_a_spaced_date_keeps_its_place_in_the_sentence():
    sentence = normalize("部长于 8 月 6 日会见来宾")
    value = find_dates(sentence, Anchor(now=date(2025, 9, 1)))[0]
    assert (value.text, sentence[value.span[0]:value.span[1]]) == ("8 月 6 日", "8 月 6 日")


WED = date(2025, 10, 15)  # a Wednesday


@pytest.mark.parametrize("text, expected", [
    # 昨, 今, 明 alone (Taiwan, Hong Kong, Singapore): before a time word, a verb or a preposition
    ("韩国外长昨在首尔会见日本外相", "2025-10-14"),
    ("總統府發言人今上午表示", "2025-10-15"),
    ("總理昨與來訪的德國總理會談", "2025-10-14"),
    ("两国元首今午举行会谈", "2025-10-15"),
    ("访问团明晨启程前往东京", "2025-10-16"),
    ("新措施明起实施", "2025-10-16"),
    ("外長今抵布魯塞爾", "2025-10-15"),
    # Taiwan's day written beside the word, with 日 inside the parenthesis too
    ("外交部發言人今(15日)回應", "2025-10-15"),
    ("總統昨（十四）日接見訪團", "2025-10-14"),
])
def test_a_lone_day_word(text, expected):
    assert [iso for iso, _, _ in resolve(text, WED)] == [expected]


@pytest.mark.parametrize("text", [
    "两国关系至今已有五十年", "如今在国际舞台上", "迄今为止", "当今世界正经历变局", "今后将加强合作",
    "双方明确表示", "总统李在明表示", "韩国总统李在明将访问日本", "部长说明起草过程", "今明两天有雨",
    "今次会面气氛良好",
])
def test_words_that_hold_the_character_are_no_day(text):
    assert resolve(text, WED) == []


@pytest.mark.parametrize("text, expected", [
    ("今年", "2025"), ("明年", None), ("昨天", "2025-10-14"), ("昨日", "2025-10-14"), ("今天", "2025-10-15"),
])
def test_the_whole_words_keep_their_meaning(text, expected):
    assert [iso for iso, _, _ in resolve(text, WED)] == ([expected] if expected else [])


@pytest.mark.parametrize("text, taiwanese, expected", [
    # years of the Republic (1912 = 1): with 民國 anywhere, without it in a Taiwanese text
    ("外交部於民國114年6月12日公告", False, ("2025-06-12", None)),
    ("中華民國一一三年十月十日國慶", False, ("2024-10-10", None)),
    ("中華民國一百一十三年", False, ("2024", None)),
    ("民國38年", False, ("1949", None)),
    ("总统府112年08月16日新闻稿", True, ("2023-08-16", None)),
    ("訪團預定114年9月3日至5日訪問帛琉", True, ("2025-09-03", "2025-09-05")),
    ("本案於113年5月提出", True, ("2024-05", None)),
])
def test_years_of_the_republic(text, taiwanese, expected):
    found = find_dates(normalize(text), Anchor(now=date(2025, 9, 17), roc=taiwanese))
    assert [(v.iso, v.end.isoformat() if v.end else None) for v in found] == [expected]


@pytest.mark.parametrize("text, taiwanese", [
    ("113年3月5日", False),          # a mainland or overseas text: no year of the Republic without 民國
    ("两国建交50年3月迎来纪念日", True),  # a Republic year this old needs 民國
])
def test_numbers_of_years_that_are_no_republic_year(text, taiwanese):
    assert find_dates(normalize(text), Anchor(now=date(2025, 9, 17), roc=taiwanese)) == []


@pytest.mark.parametrize("text, now, expected", [
    # a weekday glossed with its date: the date is the day, the weekday no second date
    ("两国外长周一（9月1日）在东京会谈", date(2025, 9, 3), [("2025-09-01", None, False)]),
    ("總統週二(7月22日)接見訪問團", date(2025, 7, 24), [("2025-07-22", None, False)]),
    ("峰会星期三（13日）开幕", date(2025, 8, 16), [("2025-08-13", None, False)]),
    ("周四（ 19 日 ）双方通电话", date(2025, 6, 23), [("2025-06-19", None, False)]),
    ("特使将于下周二（9月9日）抵达", date(2025, 9, 3), [("2025-09-09", None, False)]),
    ("总理周一（2024年12月30日）访问越南", date(2025, 1, 2), [("2024-12-30", None, False)]),
    # a bare day the weekday places in the month before (Monday the 15th: September's, not October's)
    ("周一（15日）举行会谈", date(2025, 10, 8), [("2025-09-15", None, False)]),
    ("周三（15日）举行会谈", date(2025, 10, 8), [("2025-10-15", None, False)]),
    # …and the weekday after its date only glosses it
    ("9月1日（周一）会见", date(2025, 9, 3), [("2025-09-01", None, False)]),
    ("10 月 6 日 （星期一），双方会谈", date(2025, 10, 8), [("2025-10-06", None, False)]),
])
def test_a_weekday_glossed_with_its_date(text, now, expected):
    assert resolve(text, now) == expected


@pytest.mark.parametrize("text, now, future, expected", [
    # halves of a year: six months at month precision, vague (no month of them is named)
    ("中方愿在今年下半年举行第三轮对话", date(2025, 3, 4), True, ("2025-07", "2025-12-31", True)),
    ("两国上半年已举行两次磋商", date(2025, 9, 4), False, ("2025-01", "2025-06-30", True)),
    ("总统计划明年上半年访华", date(2025, 9, 4), True, ("2026-01", "2026-06-30", True)),
    ("2024年下半年，双方恢复会晤", date(2025, 9, 4), False, ("2024-07", "2024-12-31", True)),
    ("去年上半年", date(2025, 9, 4), False, ("2024-01", "2024-06-30", True)),
    # parts of a stated month: the month, with the part's days
    ("外长3月上旬出访欧洲", date(2025, 4, 2), False, ("2025-03", "2025-03-10", False)),
    ("峰会将于本月中旬举行", date(2025, 4, 2), True, ("2025-04", "2025-04-20", False)),
    ("代表团下月上旬访问", date(2025, 4, 2), True, ("2025-05", "2025-05-10", False)),
    ("2024年2月下旬", date(2025, 4, 2), False, ("2024-02", "2024-02-29", False)),
    ("明年1月底", date(2025, 4, 2), True, ("2026-01", "2026-01-31", False)),
    ("今年3月中，两国举行会谈", date(2025, 4, 2), False, ("2025-03", "2025-03-20", False)),
])
def test_halves_of_a_year_and_parts_of_a_month(text, now, future, expected):
    assert resolve(text, now, future) == [expected]


def test_a_part_of_a_month_still_to_come_is_ahead():
    value = find_dates(normalize("本月下旬访问"), Anchor(now=date(2025, 4, 8)))[0]
    assert value.start == date(2025, 4, 21)


def test_zhong_before_a_word_is_no_part_of_the_month():
    assert resolve("3月中美会谈", date(2025, 4, 2)) == [("2025-03", None, False)]


@pytest.mark.parametrize("text, now, expected", [
    # 次月, 翌月: the month after the story's (else after `now`'s)
    ("两国于6月28日签署协议，次月5日外长再度会晤", date(2025, 9, 17), ["2025-06-28", "2025-07-05"]),
    ("代表团10月30日抵达，翌月2日离开", date(2025, 11, 20), ["2025-10-30", "2025-11-02"]),
    ("双方约定次月3日再谈", date(2025, 9, 17), ["2025-10-03"]),
])
def test_the_month_after_the_storys(text, now, expected):
    assert [iso for iso, _, _ in resolve(text, now)] == expected


@pytest.mark.parametrize("text, now, expected", [
    # days listed: from the first to the last
    ("首相于7、8、9日访问越南", date(2025, 9, 17), ("2025-09-07", "2025-09-09", False)),
    ("外长12日、13日、14日在日内瓦磋商", date(2025, 9, 17), ("2025-09-12", "2025-09-14", False)),
    ("峰会10月20、21、22日举行", date(2025, 10, 23), ("2025-10-20", "2025-10-22", False)),
    ("2024年5月6、7、8日", date(2025, 9, 17), ("2024-05-06", "2024-05-08", False)),
    ("本月3、4、5日", date(2025, 9, 17), ("2025-09-03", "2025-09-05", False)),
])
def test_days_listed(text, now, expected):
    assert resolve(text, now) == [expected]


@pytest.mark.parametrize("text, now, expected", [
    # the clock named before a date does not break it
    ("两国元首美东时间26日举行会谈", date(2025, 9, 28), ["2025-09-26"]),
    ("当地时间2025年9月5日上午，总理抵达雅加达", date(2025, 9, 6), ["2025-09-05"]),
    ("特使台北时间15日晚抵达华府", date(2025, 9, 17), ["2025-09-15"]),
    # a parenthesis converting the time to another clock gives no second date: the local day is the event's
    ("两人美东时间28日晚（北京时间29日上午）通电话", date(2025, 9, 30), ["2025-09-28"]),
    ("訪團當地時間10日(臺北時間10日晚間及11日凌晨)抵達", date(2025, 9, 12), ["2025-09-10"]),
    ("会谈定于美东时间2日下午3时（台湾时间3日凌晨3时）举行", date(2025, 9, 1), ["2025-09-02"]),
    # …unless the parenthesis is the local clock's
    ("北京时间30日凌晨（当地时间29日下午），两国元首会晤", date(2025, 10, 2), ["2025-09-29"]),
])
def test_clocks(text, now, expected):
    assert [iso for iso, _, _ in resolve(text, now, future="定于" in text)] == expected


@pytest.mark.parametrize("paragraphs, expected", [
    (["2021年6月15日，外交部发言人汪文斌主持例行记者会。"], "2021-06-15"),          # a lead opening with its date
    (["标题", "当地时间2023年9月5日上午，国务院总理李强乘包机离开北京。"], "2023-09-05"),
    (["雅加达-越南总理定于周四（2023年9月7日）上午会晤。"], "2023-09-07"),          # a weekday glossed with its date
    (["两国于2019年12月30日建交。"], None),                                          # a date inside a sentence
    (["2019年12月40日，"], None),
])
def test_the_day_an_undated_page_states_for_itself(paragraphs, expected):
    found = leading_date([normalize(p) for p in paragraphs])
    assert (found.isoformat() if found else None) == expected


def test_the_same_words_for_a_date_in_one_sentence_are_the_same_date():
    text = normalize("马克龙说他将于4月访问日本，4月访日之后还将前往韩国。")
    found = find_dates(text, Anchor(now=date(2026, 2, 8)), future_clauses=[(0, 11)])
    assert [v.iso for v in found] == ["2026-04", "2026-04"]
