"""Whole sentences, as Chinese-language news writes them, and the events
the extractor must (or must not) find in them."""
from datetime import date

import pytest

from app.ingest.extract import extract
from app.ingest.mentions import slug_for
from app.ingest.read import RawArticle


def article(text: str, published: date) -> RawArticle:
    return RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text=text, encoding="utf-8",
                      published=published, published_from="metadata")


def events(text: str, published: date) -> set[tuple]:
    found = set()
    for m in extract(article(text, published)):
        parties = frozenset(a.name for a in m.actors) or frozenset(m.countries)
        found.add((m.type, m.date, m.date_end, parties, m.status))
    return found


def f(*names):
    return frozenset(names)


CASES = [
    ("新华社北京3月22日电 国务委员兼外长王毅22日在桂林同俄罗斯外长拉夫罗夫举行会谈。", date(2021, 3, 22),
     {("talks", "2021-03-22", None, f("王毅", "拉夫罗夫"), "held")}),
    ("国家主席习近平28日晚同俄罗斯总统普京通电话。", date(2020, 12, 29),
     {("call", "2020-12-28", None, f("习近平", "普京"), "held")}),
    ("国家主席习近平5月7日晚分别同乌兹别克斯坦总统米尔济约耶夫、葡萄牙总统德索萨通电话。", date(2020, 5, 8),
     {("call", "2020-05-07", None, f("习近平", "米尔济约耶夫"), "held"),
      ("call", "2020-05-07", None, f("习近平", "德索萨"), "held")}),
    ("应国务委员兼外长王毅邀请，俄罗斯外长拉夫罗夫将于3月22日至23日对中国进行正式访问。", date(2021, 3, 19),
     {("visit", "2021-03-22", "2021-03-23", f("拉夫罗夫"), "planned")}),
    ("日本外相林芳正19日同韩国外长朴振通电话。", date(2022, 7, 20),
     {("call", "2022-07-19", None, f("林芳正", "朴振"), "held")}),
    ("美国总统特使威特科夫11日抵达莫斯科。", date(2025, 4, 12),
     {("visit", "2025-04-11", None, f("威特科夫"), "held")}),
    ("俄罗斯总统普京19日抵达平壤，对朝鲜进行国事访问。", date(2024, 6, 20),
     {("visit", "2024-06-19", None, f("普京"), "held")}),
    ("印度总理莫迪将于7月8日至9日访问俄罗斯。", date(2024, 7, 1),
     {("visit", "2024-07-08", "2024-07-09", f("莫迪"), "planned")}),
    ("國家主席習近平8日晚同俄羅斯總統普京通電話。", date(2020, 5, 9),
     {("call", "2020-05-08", None, f("习近平", "普京"), "held")}),
    ("美國總統川普與俄羅斯總統普丁16日在赫爾辛基舉行會談。", date(2018, 7, 17),
     {("talks", "2018-07-16", None, f("特朗普", "普京"), "held")}),
    ("中俄两国外长22日通电话。", date(2020, 12, 23),
     {("call", "2020-12-22", None, f("王毅", "拉夫罗夫"), "held")}),
    ("阿根廷外长蒙迪诺5日在北京同王毅举行会谈。", date(2024, 6, 6),
     {("talks", "2024-06-05", None, f("蒙迪诺", "王毅"), "held")}),
    ("中美双方10日在日内瓦举行经贸会谈。", date(2025, 5, 11),
     {("talks", "2025-05-10", None, f("CN", "US"), "held")}),
    ("2023年3月20日，俄罗斯总统普京在莫斯科同来访的国家主席习近平举行会谈。", date(2023, 3, 21),
     {("talks", "2023-03-20", None, f("普京", "习近平"), "held"),
      ("visit", "2023-03-20", None, f("习近平"), "held")}),
    ("国家主席习近平20日抵达莫斯科，对俄罗斯进行国事访问。", date(2023, 3, 21),
     {("visit", "2023-03-20", None, f("习近平"), "held")}),
    ("俄罗斯将在本周内先后与美国、北约和欧安组织举行对话。", date(2022, 1, 10),
     {("talks", "2022-01", None, f("RU", "US"), "planned"), ("talks", "2022-01", None, f("RU", "NATO"), "planned"),
      ("talks", "2022-01", None, f("RU", "OSCE"), "planned")}),
    ("日韩外长会谈18日在东京举行。", date(2022, 7, 19),
     {("talks", "2022-07-18", None, f("林芳正", "朴振"), "held")}),
    ("朝鲜国务委员长金正恩13日在俄罗斯东方航天发射场同普京举行会谈。", date(2023, 9, 14),
     {("talks", "2023-09-13", None, f("金正恩", "普京"), "held")}),
    # Taiwan and Hong Kong phrasing
    ("美國總統拜登與中國國家主席習近平15日在舊金山會面。", date(2023, 11, 16),
     {("talks", "2023-11-15", None, f("拜登", "习近平"), "held")}),
    ("日本首相岸田文雄與韓國總統尹錫悅16日在東京舉行峰會。", date(2023, 3, 17),
     {("talks", "2023-03-16", None, f("岸田文雄", "尹锡悦"), "held")}),
    ("美國國務卿布林肯今(6)日與沙烏地阿拉伯王儲穆罕默德晤談。", date(2023, 6, 6),
     {("talks", "2023-06-06", None, f("布林肯", "穆罕默德·本·萨勒曼"), "held")}),
    ("韩联社首尔1月14日电 韩国外交部长官赵兑烈14日同日本外务大臣上川阳子举行电话会谈。", date(2024, 1, 15),
     {("call", "2024-01-14", None, f("赵兑烈", "上川阳子"), "held")}),
    ("（中央社記者溫貴香台北15日電）總統賴清德今天接見美國聯邦參議員達克沃絲率領的訪問團。", date(2024, 5, 16),
     {("talks", "2024-05-15", None, f("赖清德", "达克沃丝"), "held")}),
    ("塔斯社平壤6月19日电 俄罗斯总统普京19日凌晨抵达平壤，开始对朝鲜进行为期两天的国事访问。\n当天，普京与金正恩举行了会谈。",
     date(2024, 6, 19),
     {("visit", "2024-06-19", "2024-06-20", f("普京"), "held"), ("talks", "2024-06-19", None, f("普京", "金正恩"), "held")}),
    ("外交部发言人华春莹27日宣布：应国家主席习近平邀请，南非总统拉马福萨将于9月2日至3日对中国进行国事访问。", date(2024, 8, 27),
     {("visit", "2024-09-02", "2024-09-03", f("拉马福萨"), "planned")}),
    ("1月26日至27日，王毅在泰国曼谷同美国总统国家安全事务助理沙利文举行新一轮战略沟通。", date(2024, 1, 28),
     {("talks", "2024-01-26", "2024-01-27", f("王毅", "沙利文"), "held")}),
    ("国家主席习近平15日下午在人民大会堂分别会见来华出席论坛的哈萨克斯坦总统托卡耶夫和吉尔吉斯斯坦总统扎帕罗夫。",
     date(2024, 10, 16),
     {("talks", "2024-10-15", None, f("习近平", "托卡耶夫"), "held"), ("talks", "2024-10-15", None, f("习近平", "扎帕罗夫"), "held"),
      ("visit", "2024-10-15", None, f("托卡耶夫"), "held"), ("visit", "2024-10-15", None, f("扎帕罗夫"), "held")}),
    ("据朝中社报道，朝鲜外相崔善姬9日在平壤会见了到访的俄罗斯外长拉夫罗夫。", date(2024, 11, 10),
     {("talks", "2024-11-09", None, f("崔善姬", "拉夫罗夫"), "held"),
      ("visit", "2024-11-09", None, f("拉夫罗夫"), "held")}),
    ("特朗普周二与普京通话。", date(2025, 3, 20),
     {("call", "2025-03-18", None, f("特朗普", "普京"), "held")}),
    # the subject of an earlier clause carries over
    ("朝鮮最高領導人金正恩12日乘專列抵達俄羅斯，13日在東方航天發射場與普丁舉行會談。", date(2023, 9, 14),
     {("visit", "2023-09-12", None, f("金正恩"), "held"), ("talks", "2023-09-13", None, f("金正恩", "普京"), "held")}),
    # a visit with talks is a visit and a talks event; visitor and host told apart
    ("国家主席习近平6日在北京人民大会堂同来华进行国事访问的法国总统马克龙举行会谈。", date(2023, 4, 7),
     {("visit", "2023-04-06", None, f("马克龙"), "held"), ("talks", "2023-04-06", None, f("习近平", "马克龙"), "held")}),
    ("沙特王储兼首相穆罕默德·本·萨勒曼8日在利雅得会见来访的国家主席习近平。", date(2022, 12, 9),
     {("talks", "2022-12-08", None, f("穆罕默德·本·萨勒曼", "习近平"), "held"),
      ("visit", "2022-12-08", None, f("习近平"), "held")}),
    # an assistant of the president is not the president
    ("俄罗斯总统助理乌沙科夫11日同美国总统特使威特科夫在莫斯科会谈。", date(2025, 4, 12),
     {("talks", "2025-04-11", None, f("乌沙科夫", "威特科夫"), "held")}),
    # a future marker after the trigger, a month only
    ("中日外长会谈将于本月下旬在北京举行。", date(2024, 3, 10),
     {("talks", "2024-03", None, f("王毅", "上川阳子"), "planned")}),
    ("应埃及总统塞西邀请，国家主席习近平将于下月对埃及进行国事访问。", date(2024, 5, 10),
     {("visit", "2024-06", None, f("习近平"), "planned")}),
    # a short form of a name the gazetteer knows in full
    ("王毅今天在北京同来访的阿联酋外长阿卜杜拉举行会谈。", date(2024, 5, 30),
     {("talks", "2024-05-30", None, f("王毅", "阿卜杜拉·本·扎耶德"), "held"),
      ("visit", "2024-05-30", None, f("阿卜杜拉·本·扎耶德"), "held")}),
    # an unknown name read after a title, with transliteration characters
    ("王毅今天在北京同来访的加纳外长博奇韦举行会谈。", date(2022, 8, 2),
     {("talks", "2022-08-02", None, f("王毅", "博奇韦"), "held"),
      ("visit", "2022-08-02", None, f("博奇韦"), "held")}),
    # the items of a list keep the list's subject
    ("1月以来，王毅已同多国外长通电话。第一个，1月8日，巴基斯坦外长库雷希；第二个，1月9日，俄罗斯外长拉夫罗夫。",
     date(2021, 1, 12),
     {("call", "2021-01-08", None, f("王毅", "库雷希"), "held"), ("call", "2021-01-09", None, f("王毅", "拉夫罗夫"), "held")}),
    # countries beyond the usual pairs, and Taiwan's own press
    ("挪威首相斯特勒12日在奥斯陆会见来访的印度总理莫迪。", date(2025, 5, 13),
     {("talks", "2025-05-12", None, f("斯特勒", "莫迪"), "held"),
      ("visit", "2025-05-12", None, f("莫迪"), "held")}),
    ("外交部長林佳龍13日與來訪的巴拉圭外長拉米雷斯舉行會談。", date(2025, 3, 14),
     {("talks", "2025-03-13", None, f("林佳龙", "拉米雷斯"), "held"),
      ("visit", "2025-03-13", None, f("拉米雷斯"), "held")}),
    ("国家主席习近平7月6日同所罗门群岛总理马内莱通电话。", date(2024, 7, 7),
     {("call", "2024-07-06", None, f("习近平", "马内莱"), "held")}),
    ("马里过渡总统戈伊塔23日在巴马科会见俄罗斯副外长。", date(2024, 2, 24),
     {("talks", "2024-02-23", None, f("戈伊塔"), "held")}),
    ("印度總理莫迪於7月8日抵達莫斯科，展開為期兩天的訪問。", date(2024, 7, 9),
     {("visit", "2024-07-08", "2024-07-09", f("莫迪"), "held")}),
    ("新西兰总理拉克森将于6月17日起对中国进行为期5天的访问。", date(2024, 6, 10),
     {("visit", "2024-06-17", "2024-06-21", f("拉克森"), "planned")}),
    ("德國總理默茨上週五在柏林接待了來訪的烏克蘭總統澤倫斯基。", date(2025, 5, 31),
     {("talks", "2025-05-23", None, f("默茨", "泽连斯基"), "held"),
      ("visit", "2025-05-23", None, f("泽连斯基"), "held")}),
    ("普京本月2日与伊朗总统佩泽希齐扬在克里姆林宫会谈。", date(2025, 1, 20),
     {("talks", "2025-01-02", None, f("普京", "佩泽希齐扬"), "held")}),
    ("美国总统特朗普18日与俄罗斯总统普京在电话中讨论了乌克兰问题。", date(2025, 3, 19),
     {("call", "2025-03-18", None, f("特朗普", "普京"), "held")}),
    ("法國總統馬克宏12日與中國國家主席習近平視像會議。", date(2025, 1, 13),      # Hong Kong usage
     {("call", "2025-01-12", None, f("马克龙", "习近平"), "held")}),
    ("越南国家主席梁强16日造访莫斯科，与普京会商双边关系。", date(2025, 5, 17),
     {("visit", "2025-05-16", None, f("梁强"), "held"), ("talks", "2025-05-16", None, f("梁强", "普京"), "held")}),
    ("美國聯邦參議員團12日抵台訪問。", date(2025, 4, 14),                      # a delegation: countries only
     {("visit", "2025-04-12", None, f("US", "TW"), "held")}),
    # the second clause's subject is the first's, though a title stands after 与;
    # its bare day follows the story's upcoming 10日
    ("日本首相石破茂10日起访英，11日在伦敦与英国首相斯塔默会面。", date(2025, 6, 9),
     {("visit", "2025-06-10", None, f("石破茂"), "planned"),
      ("talks", "2025-06-11", None, f("石破茂", "斯塔默"), "planned")}),
    ("普京16日致电特朗普，祝贺其就职。", date(2025, 1, 17), set()),            # 致电 with congratulations: a message
    ("习近平19日致电土耳其总统埃尔多安，就土耳其发生强烈地震表示慰问。", date(2023, 2, 20), set()),
    ("川普16日致電蒲亭，雙方討論了停火問題。", date(2025, 3, 17),              # 致电 with nothing to send: a call
     {("call", "2025-03-16", None, f("特朗普", "普京"), "held")}),
    # 分别 after the list: one call with each; the list of countries owns the title
    ("王毅18日同法国、德国、英国外长分别通电话。", date(2025, 3, 19),
     {("call", "2025-03-18", None, f("王毅", "巴罗"), "held"), ("call", "2025-03-18", None, f("王毅", "贝尔伯克"), "held"),
      ("call", "2025-03-18", None, f("王毅", "拉米"), "held")}),
    # 三国领导人 names the meeting just reported, not a second one among the objects
    ("11日，美国总统拜登在白宫会见了日本首相岸田文雄和菲律宾总统小马科斯，三国领导人举行了首次峰会。", date(2024, 4, 12),
     {("talks", "2024-04-11", None, f("拜登", "岸田文雄", "小马科斯"), "held")}),
    ("另外，盧比歐預計5日轉往巴黎，與法國外長巴羅會晤。", date(2025, 4, 4),
     {("visit", "2025-04-05", None, f("鲁比奥"), "planned"), ("talks", "2025-04-05", None, f("鲁比奥", "巴罗"), "planned")}),
    # the future marker belongs to the second clause: the arrival is past
    ("以色列总理内塔尼亚胡7日抵达华盛顿，将与特朗普会面。", date(2025, 7, 8),
     {("visit", "2025-07-07", None, f("内塔尼亚胡"), "held"), ("talks", "2025-07-07", None, f("内塔尼亚胡", "特朗普"), "planned")}),
    ("印度外交秘书米斯里9日抵达达卡，与孟加拉国临时政府首席顾问尤努斯会面。", date(2024, 12, 10),
     {("visit", "2024-12-09", None, f("米斯里"), "held"), ("talks", "2024-12-09", None, f("米斯里", "尤努斯"), "held")}),
    # a traveller's second stop in one sentence; a list of destinations; a destination's qualifier
    ("普京20日结束对朝鲜的国事访问，抵达越南首都河内。", date(2024, 6, 21),
     {("visit", "2024-06-20", None, f("普京"), "held")}),
    ("王毅将于2月14日至22日访问英国、德国和法国。", date(2025, 2, 10),
     {("visit", "2025-02-14", "2025-02-22", f("王毅"), "planned")}),
    ("總統賴清德今（30）日啟程出訪友邦史瓦帝尼。", date(2025, 6, 30),
     {("visit", "2025-06-30", None, f("赖清德"), "held")}),
    # a meeting at a conference is dated by its day, though 会议上 looks like a speech's venue
    ("王毅20日在东盟外长会议上同布林肯举行会谈。", date(2025, 3, 21),
     {("talks", "2025-03-20", None, f("王毅", "布林肯"), "held")}),
    # a date days ahead of publication, written without 将, is upcoming (not last year's)
    ("国家主席习近平应邀于11月17日至20日出席亚太经合组织第二十九次领导人非正式会议并对泰国进行访问。",
     date(2022, 11, 11), {("visit", "2022-11-17", "2022-11-20", f("习近平"), "planned")}),
    ("（中央社記者台北3日電）經濟部長郭智輝今天與來訪的美國商務部副部長舉行會談。", date(2025, 4, 3),
     {("talks", "2025-04-03", None, f("郭智辉"), "held")}),
    # an organisation's summit is a gathering attended, not a talk with the organisation
    ("印度总理莫迪周日（8月31日）抵达天津出席上合组织峰会，并于当天与习近平举行会晤。", date(2025, 9, 1),
     {("visit", "2025-08-31", None, f("莫迪"), "held"), ("talks", "2025-08-31", None, f("莫迪", "习近平"), "held")}),
    # (attending it abroad is a trip there)
    ("土耳其总统埃尔多安11日在华盛顿出席北约峰会。", date(2024, 7, 12),
     {("visit", "2024-07-11", None, f("埃尔多安"), "held")}),
    ("中国—东盟峰会10日在万象举行。", date(2024, 10, 11), {("talks", "2024-10-10", None, f("CN", "ASEAN"), "held")}),
    # 唐宁街10号 is an address; 本周三 is this week's Wednesday
    ("英国首相施纪贤本周三在伦敦唐宁街10号会见了到访的德国总理默茨。", date(2025, 7, 19),
     {("talks", "2025-07-16", None, f("斯塔默", "默茨"), "held"),
      ("visit", "2025-07-16", None, f("默茨"), "held")}),
    ("美國總統川普星期四與烏克蘭總統澤倫斯基通了電話。", date(2025, 3, 21),
     {("call", "2025-03-20", None, f("特朗普", "泽连斯基"), "held")}),
    ("韓國總統尹錫悅昨（10）日與美國總統拜登通話約20分鐘。", date(2024, 11, 11),
     {("call", "2024-11-10", None, f("尹锡悦", "拜登"), "held")}),
    ("美國國務卿魯比奧和國家安全顧問華爾茲上星期在沙烏地阿拉伯吉達與烏克蘭代表團舉行了會談。", date(2025, 3, 19),
     {("talks", "2025-03", None, f("鲁比奥", "沃尔兹"), "held")}),
    # 访问期间: a meeting with no date of its own lies within the days of the visit just reported
    ("应国家主席习近平邀请，法国总统马克龙将于4月5日至7日对中国进行国事访问。访问期间，习近平主席将同马克龙总统举行会谈。",
     date(2023, 4, 1), {("visit", "2023-04-05", "2023-04-07", f("马克龙"), "planned"),
                        ("talks", "2023-04-05", "2023-04-07", f("习近平", "马克龙"), "planned")}),
    ("俄罗斯总统普京5月16日至17日对中国进行国事访问。访问期间，两国元首举行了会谈。", date(2024, 5, 18),
     {("visit", "2024-05-16", "2024-05-17", f("普京"), "held"),
      ("talks", "2024-05-16", "2024-05-17", f("普京", "习近平"), "held")}),
    ("访问期间，两国元首举行了会谈。", date(2024, 5, 18), set()),  # no visit reported before: no days
    # the visitor's meeting in the paragraph that reported the visit
    ("5月16日至17日，俄罗斯总统普京对中国进行国事访问。习近平主席同普京总统在北京举行会谈。", date(2024, 12, 30),
     {("visit", "2024-05-16", "2024-05-17", f("普京"), "held"),
      ("talks", "2024-05-16", "2024-05-17", f("习近平", "普京"), "held")}),
    ("5月16日至17日，俄罗斯总统普京对中国进行国事访问。\n\n习近平主席同普京总统在北京举行会谈。", date(2024, 12, 30),
     {("visit", "2024-05-16", "2024-05-17", f("普京"), "held"),   # the next paragraph: still the visit's days
      ("talks", "2024-05-16", "2024-05-17", f("习近平", "普京"), "held")}),
    # a meeting on the margins of an organisation's gathering is between the two people only
    ("7月3日，习近平主席在阿斯塔纳出席上海合作组织成员国元首理事会会议期间会见普京总统。", date(2024, 12, 30),
     {("talks", "2024-07-03", None, f("习近平", "普京"), "held")}),
    ("10月22日，习近平主席在喀山出席金砖国家领导人第十六次会晤期间同普京总统举行会谈。", date(2024, 12, 30),
     {("talks", "2024-10-22", None, f("习近平", "普京"), "held")}),
    # an office behind an institution's abbreviation; 将拜会: the subject is the visitor's, and it is planned
    ("美國在台協會（AIT）主席羅森伯格今天抵台訪問，將拜會總統賴清德。", date(2024, 2, 20),
     {("visit", "2024-02-20", None, f("罗森伯格"), "held"),
      ("talks", "2024-02-20", None, f("罗森伯格", "赖清德"), "planned")}),
    # 中巴 and 巴方 mean the country the sentence or the article names (Brazil here, Pakistan by default)
    ("中国外交部长王毅与巴西总统首席特别顾问阿莫林8日在北京举行第二次中巴战略对话。", date(2025, 5, 9),
     {("talks", "2025-05-08", None, f("王毅", "阿莫林"), "held")}),
    ("中巴两国外长8日在北京举行战略对话。", date(2025, 5, 9), {("talks", "2025-05-08", None, f("王毅", "达尔"), "held")}),
    # a meeting attended abroad is a trip there; the organisation's ministers are no side of it
    ("外交部长王毅将于4月28日至30日出席在巴西里约热内卢举行的金砖国家外长会晤。", date(2024, 4, 27),
     {("visit", "2024-04-28", "2024-04-30", f("王毅"), "planned")}),
    ("国家主席习近平26日出席在北京举行的中非合作论坛。", date(2024, 4, 27), set()),  # at home: no trip
    # 奥利 in 巴黎奥利机场 is an airport, not Nepal's prime minister
    ("国家主席习近平26日乘专机抵达巴黎奥利机场，开始对法国进行国事访问。", date(2024, 4, 27),
     {("visit", "2024-04-26", None, f("习近平"), "held")}),
    # 会晤 with an object keeps the clause's subject
    ("日本外相岩屋毅26日访问韩国，会晤韩国外长赵兑烈。", date(2025, 4, 27),
     {("visit", "2025-04-26", None, f("岩屋毅"), "held"), ("talks", "2025-04-26", None, f("岩屋毅", "赵兑烈"), "held")}),
    ("美国国务卿鲁比奥计划本月晚些时候访问印度。", date(2025, 6, 5), {("visit", "2025-06", None, f("鲁比奥"), "planned")}),
    ("中俄双方按计划于5日举行会谈。", date(2025, 6, 6), {("talks", "2025-06-05", None, f("CN", "RU"), "held")}),  # as planned: held
    # a clause that recalls an earlier meeting (继…之后) does not move the story to its month
    ("继去年11月在旧金山会晤之后，中美两国元首16日在利马再次会晤。", date(2024, 11, 17),
     {("talks", "2024-11-16", None, f("习近平", "拜登"), "held")}),
    # a future marker of the first clause carries to a clause that goes on with 并
    ("日本首相石破茂计划下周出席在加拿大举行的七国集团峰会，并与特朗普举行会晤。", date(2025, 6, 7),
     {("visit", "2025-06", None, f("石破茂"), "planned"), ("talks", "2025-06", None, f("石破茂", "特朗普"), "planned")}),
    # 首脑 and 领导人 are the offices that lead each country: a prime minister, a president, a general secretary
    ("日美首脑17日在加拿大举行会谈。", date(2025, 6, 20), {("talks", "2025-06-17", None, f("石破茂", "特朗普"), "held")}),
    ("中越两国领导人19日举行会谈。", date(2025, 6, 20), {("talks", "2025-06-19", None, f("习近平", "苏林"), "held")}),
    # a meeting held by video is a call
    ("国家主席习近平15日晚以视频方式同美国总统拜登举行会晤。", date(2021, 11, 16),
     {("call", "2021-11-15", None, f("习近平", "拜登"), "held")}),
    ("李强15日通过视频连线同德国总理朔尔茨举行会谈。", date(2021, 11, 16),
     {("call", "2021-11-15", None, f("李强", "朔尔茨"), "held")}),
    ("中欧双方15日举行视频峰会。", date(2021, 11, 16), {("call", "2021-11-15", None, f("CN", "EU"), "held")}),
    # across the Strait, as Taiwan's press writes it: 赴陸, 大陸, 國台辦 are the mainland's
    ("國民黨副主席夏立言今天率團赴陸。", date(2025, 6, 20), {("visit", "2025-06-20", None, f("夏立言"), "held")}),
    ("國民黨副主席夏立言今天率團訪問大陸，與國台辦主任宋濤會面。", date(2025, 6, 20),
     {("visit", "2025-06-20", None, f("夏立言"), "held"), ("talks", "2025-06-20", None, f("夏立言", "宋涛"), "held")}),
    ("马克龙20日访问非洲大陆多国。", date(2025, 6, 21), set()),  # a continent, not the mainland
    # the offices of a summit (中美元首) are the people the sentence already names
    ("中国国家主席习近平15日在旧金山同美国总统拜登举行中美元首会晤。", date(2023, 11, 16),
     {("talks", "2023-11-15", None, f("习近平", "拜登"), "held")}),
    # a name the gazetteer lacks, read to its end (思); 马斯 in 马斯喀特 is no one
    ("美防长赫格塞思19日与日本防相中谷元通电话。", date(2025, 3, 20),
     {("call", "2025-03-19", None, f("赫格塞思", "中谷元"), "held")}),
    ("伊朗外长阿拉格齐与美国中东问题特使威特科夫19日在阿曼首都马斯喀特举行间接会谈。", date(2025, 4, 20),
     {("talks", "2025-04-19", None, f("阿拉格齐", "威特科夫"), "held")}),
    # a compound title is no head of state: the adviser is the party
    ("外交部长王毅3日同德国总理外交顾问普勒特纳通电话。", date(2024, 6, 4),
     {("call", "2024-06-03", None, f("王毅", "普勒特纳"), "held")}),
    ("行政長官李家超將率領香港特區政府代表團於7月28日至8月1日訪問越南和寮國。", date(2025, 7, 20),
     {("visit", "2025-07-28", "2025-08-01", f("李家超"), "planned")}),
]


@pytest.mark.parametrize("text, published, expected", CASES, ids=[c[0][:16] for c in CASES])
def test_events_found(text, published, expected):
    assert events(text, published) == expected


@pytest.mark.parametrize("text, country", [
    ("土耳其外長費坦昨日抵達敍利亞首都大馬士革訪問。", "SY"),     # 敍: the Hong Kong form of 叙
    ("伊朗外長昨日與敍利亞外長通電話。", "SY"),
])
def test_hong_kong_variant_forms_are_read_as_their_standard_characters(text, country):
    found = extract(article(text, date(2024, 12, 23)))
    assert found and all(country in m.countries for m in found)


NOT_EVENTS = [
    "外交部发言人汪文斌11日表示，中方对此坚决反对。",  # a spokesperson's statement
    "王毅10日在记者会上回答提问时表示，中俄关系不针对第三方。",  # a press conference
    "外交部发言人毛宁20日在例行记者会上表示，中方欢迎美方与俄方举行会谈。",  # the date is the briefing's
    "普京28日说，他愿意与泽连斯基会面。",
    "两国外长20日在联合国大会期间擦肩而过，未举行会谈。",
    "由于疫情，普京今年没能来华访问。",  # negated
    "如果两国元首3月举行会晤，将有助于缓和局势。",  # hypothetical
    "两国元首今年已通过5次电话，还有两次面对面的会晤。",  # counts, not one event
    "美国3日宣布对中国官员实施制裁。",  # sanctions
    "习近平20日在北京主持召开中央政治局会议。",  # a domestic meeting
    "俄方希望，待疫情克服后，普京总统能成为第一个访问中国的外国元首。",  # a wish
    "中俄战略安全磋商机制于2005年建立。",  # an institution, not a meeting
    "英国《金融时报》24日评价道，杨洁篪前往俄罗斯举行战略安全磋商。",  # dated speech, undated trip
    "原定于3月举行的会谈被推迟。",  # postponed
    "俄外交部发言人扎哈罗娃13日在例行记者会上表示，俄方将继续同朝方保持接触。",  # a spokesperson
    "习近平5日复信美国友人。",  # a letter
    "普京20日未与特朗普会面。",  # did not meet
    "特朗普20日并未同普京通话。",
    "白宫否认特朗普20日曾与普京通话。",  # denied
    "金正恩与普京在平壤举行会谈后，两国签署条约。",  # no date: not dated by publication
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_events(text):
    assert events(text, date(2021, 5, 26)) == set()


def test_an_article_without_metadata_is_dated_by_its_publication_line():
    text = "川普與普丁通話\n\n美國之音 2025年3月19日\n\n川普隨後在星期三與烏克蘭總統澤倫斯基通話。"
    raw = RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text=text, encoding="utf-8",
                     published=None, published_from=None)
    assert [(m.type, m.date) for m in extract(raw)] == [("call", "2025-03-19")]
    assert raw.published == date(2025, 3, 19)


@pytest.mark.parametrize("url, expected", [
    ("https://news.example.com/world/2024-03/27/c_1130.htm", "2024-03-26"),  # the day of its address
    ("https://news.example.com/world/202403/50-1574992.html", "2024-03-26"),  # the month gives the year
    ("https://www.example.com/a/15-1711442400123456.html", "2024-03-26"),     # a Unix time, in microseconds
    ("https://m.example.com/article/1711442400.html", "2024-03-26"),          # … in seconds
])
def test_an_article_without_metadata_is_dated_by_its_address(url, expected):
    text = "据报道，26日，王毅在吉隆坡会见马来西亚外长哈桑。此前他曾于2022年访问越南。"
    raw = RawArticle(name="t.txt", path="t.txt", sha256="x", format="text", text=text, encoding="utf-8",
                     published=None, published_from=None, url=url)
    assert [(m.type, m.date) for m in extract(raw) if m.type == "talks"] == [("talks", expected)]


def test_an_item_after_a_dated_story_is_planned_only_if_still_to_come_at_publication():
    """A roundup: the 6th lies after the first item's dateline (the 4th) but
    before the page was published (the 7th): held."""
    text = ("新华社华盛顿6月4日电 美国总统特朗普4日与中国国家主席习近平通电话。\n\n"
            "据韩联社报道，韩国新任总统李在明6日晚与美国总统特朗普通电话。")
    assert events(text, date(2025, 6, 7)) == {("call", "2025-06-04", None, f("特朗普", "习近平"), "held"),
                                              ("call", "2025-06-06", None, f("李在明", "特朗普"), "held")}


def test_dateline_dates_a_lead_without_its_own_date():
    text = "新华社北京1月10日电 国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。"
    assert events(text, date(2022, 1, 11)) == {("call", "2022-01-10", None, f("王毅", "拉夫罗夫"), "held")}


def test_undated_sentence_later_in_a_story_is_not_dated_by_publication():
    text = "新华社北京1月10日电 王毅10日同拉夫罗夫通电话。\n王毅曾同布林肯举行会谈。"
    found = events(text, date(2022, 1, 11))
    assert not any("布林肯" in e[3] for e in found)


def test_meeting_by_country_takes_participants_from_the_next_sentence():
    text = "美国与中国官员上周五结束了阿拉斯加会谈。中央外事工作委员会办公室主任杨洁篪对美方表示，你们没有资格。"
    [mention] = extract(article(text, date(2021, 3, 23)))
    assert (mention.type, mention.date, [a.name for a in mention.actors]) == ("talks", "2021-03-19", ["杨洁篪"])
    assert set(mention.countries) == {"US", "CN"}


def test_original_spelling_is_kept():
    [m] = extract(article("12月22日,國務委員兼外長王毅同俄羅斯外長拉夫羅夫通電話。", date(2021, 1, 8)))
    assert [(a.name, a.as_written) for a in m.actors] == [("王毅", "王毅"), ("拉夫罗夫", "拉夫羅夫")]
    assert m.evidence == "12月22日,國務委員兼外長王毅同俄羅斯外長拉夫羅夫通電話。"


def test_planned_event_with_location_and_trail():
    [m] = extract(article("俄罗斯总统普京和美国总统拜登的首次会晤定于6月16日在瑞士日内瓦举行。", date(2021, 5, 26)))
    assert (m.status, m.date, m.location) == ("planned", "2021-06-16", "日内瓦")
    assert any("6月16日" in step and "anchor now 2021-05-26" in step for step in m.trail)


@pytest.mark.parametrize("name, slug", [("刘晓明", "liu-xiaoming"), ("杰尼索夫", "jienisuofu"),
                                        ("安德烈·克林", "andelie-kelin"), ("蒙迪诺", "mengdinuo"),
                                        ("张汉晖", "zhang-hanhui")])
def test_romanized_ids(name, slug):
    assert slug_for(name) == slug


@pytest.mark.parametrize("text, published, countries", [
    ("（中央社記者台北3日電）經濟部長郭智輝今天與來訪的美國商務部副部長舉行會談。", date(2025, 4, 3), ["TW", "US"]),
    ("马里过渡总统戈伊塔23日在巴马科会见俄罗斯副外长。", date(2024, 2, 24), ["ML", "RU"]),
    ("挪威首相斯特勒12日在奥斯陆会见来访的印度总理莫迪。", date(2025, 5, 13), ["NO", "IN"]),
    ("英国首相斯塔默10日在北爱尔兰同爱尔兰总理马丁举行会谈。", date(2025, 3, 11), ["GB", "IE"]),
])
def test_sides_of_less_common_countries(text, published, countries):
    """An unnamed title in Taiwan's press is Taiwan's; a country missing from
    the gazetteer (or read as YAML's false) would make its leader Chinese."""
    [mention] = [m for m in extract(article(text, published)) if m.type == "talks"]
    assert mention.countries == countries
    assert mention.actors[0].country == countries[0]


def test_a_person_introduced_with_a_title_is_known_by_name_afterwards():
    """巴拉圭总统X in the lead, bare X later: the later sentences' events
    still have X (a person the gazetteer lacks)."""
    text = ("（中央社記者台北21日電）總統賴清德今天在總統府接見來訪的巴拉圭總統卡瓦列羅，雙方交換意見。\n\n"
            "卡瓦列羅昨天抵達台灣，展開為期4天的國是訪問。外交部長林佳龍20日晚間與卡瓦列羅舉行會談。")
    assert events(text, date(2025, 5, 21)) == {
        ("talks", "2025-05-21", None, f("赖清德", "卡瓦列罗"), "held"),
        ("visit", "2025-05-21", None, f("卡瓦列罗"), "held"),  # 來訪的: the same visit, once merged
        ("visit", "2025-05-20", "2025-05-23", f("卡瓦列罗"), "held"),
        ("talks", "2025-05-20", None, f("林佳龙", "卡瓦列罗"), "held"),
    }
    assert all(m.countries == ["PY", "TW"] for m in extract(article(text, date(2025, 5, 21))) if m.type == "visit")


SHORT_REFERENCES = [
    # surname + a title the person holds (Singapore press)
    ("新加坡总理黄循财10日抵达北京访问。\n\n黄总理11日同李强举行会谈。", date(2024, 11, 12),
     ("talks", "2024-11-11", f("黄循财", "李强"))),
    # a person the gazetteer lacks, introduced in a photo caption only (老挝总理宋坎(右))
    ("图为图瓦卢总理费莱蒂·特奥(右)与澳大利亚总理握手。（记者摄）\n\n特奥今年3月8日对新西兰进行正式访问。", date(2024, 4, 1),
     ("visit", "2024-03-08", f("费莱蒂·特奥"))),
    # the last part of a transliterated name (overseas Chinese press)
    ("圣多美和普林西比外长伊尔扎·瓦斯3日抵达北京。\n\n王毅4日同瓦斯举行会谈。", date(2023, 5, 5),
     ("talks", "2023-05-04", f("王毅", "伊尔扎·瓦斯"))),
    # a Japanese family name alone (Taiwan press)
    ("日本外務大臣茂木敏充今天抵達雅加達。\n\n茂木15日與印尼外交部長蘇吉約諾會談。", date(2026, 1, 14),
     ("talks", "2026-01-15", f("茂木敏充", "苏吉约诺"))),
    # a surname + title of an unknown person named with his title (Hong Kong press)
    ("巴拉圭總統卡瓦列羅今日抵港。\n\n卡總統15日與特首李家超會面。", date(2025, 5, 14),
     ("talks", "2025-05-15", f("卡瓦列罗", "李家超"))),
]


@pytest.mark.parametrize("text, published, expected", SHORT_REFERENCES, ids=[c[0][:10] for c in SHORT_REFERENCES])
def test_a_person_introduced_earlier_is_found_by_a_short_reference(text, published, expected):
    kind, day, parties = expected
    found = {(m.type, m.date, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))}
    assert (kind, day, parties) in found


@pytest.mark.parametrize("text, published, kind, day", [
    # two introduced people share the surname: 王外长 stays unresolved, no one is guessed
    ("外交部长王毅和新加坡外长王乙康10日会见客人。\n\n王外长11日同俄罗斯外长拉夫罗夫举行会谈。", date(2024, 6, 12), "talks", "2024-06-11"),
])
def test_a_short_reference_two_people_fit_is_no_one(text, published, kind, day):
    found = [m for m in extract(article(text, published)) if m.type == kind and m.date == day]
    assert all("王乙康" not in {a.name for a in m.actors} for m in found)
    assert all("王毅" not in {a.name for a in m.actors} for m in found)


def test_a_subject_carried_from_another_sentence_keeps_its_own_spelling():
    """The offsets of 王毅 fit the first sentence only; read in the second
    they would record 罗斯 as a spelling of 王毅."""
    text = "國務委員兼外長王毅10日抵達莫斯科。當天下午，同俄羅斯外長拉夫羅夫舉行會談。"
    talks = [m for m in extract(article(text, date(2025, 3, 11))) if m.type == "talks"]
    assert [(a.name, a.as_written) for a in talks[0].actors] == [("王毅", "王毅"), ("拉夫罗夫", "拉夫羅夫")]


@pytest.mark.parametrize("text, published, written", [
    ("美国财政部长珍妮特·耶伦7日抵达北京，开始对中国进行访问。", date(2024, 4, 8), ["珍妮特·耶伦"]),
    ("美國眾議院議長南希·裴洛西2日晚間抵達台北。", date(2022, 8, 3), ["南希·裴洛西"]),
    ("美國總統川普今天表示，他昨天和俄羅斯總統普亭保持通話。", date(2025, 8, 20), ["川普", "普亭"]),
])
def test_a_known_person_keeps_the_form_written(text, published, written):
    [mention] = extract(article(text, published))
    assert [a.as_written for a in mention.actors] == written


@pytest.mark.parametrize("text, published, kind, countries", [
    ("日美韓三國領袖18日在大衛營舉行會談。", date(2023, 8, 19), "talks", ["JP", "US", "KR"]),
    ("中日韩领导人会议27日在首尔举行会谈。", date(2024, 5, 28), "talks", ["CN", "JP", "KR"]),
    ("肯亞總統魯托20日抵達美國，訪問了喬治亞州亞特蘭大。", date(2024, 5, 21), "visit", ["KE", "US"]),
])
def test_every_side_of_a_run_and_no_country_from_a_state(text, published, kind, countries):
    assert [m.countries for m in extract(article(text, published)) if m.type == kind] == [countries]


def test_a_relative_named_after_a_person_is_the_party():
    text = "普京2000年7月19日首度访问朝鲜，与金正恩的父亲金正日举行会谈。"
    talks = [m for m in extract(article(text, date(2024, 6, 18))) if m.type == "talks"]
    assert [sorted(a.name for a in m.actors) for m in talks] == [["普京", "金正日"]]


def test_he_means_the_person_the_sentences_before_named():
    text = ("美國國務卿盧比歐今天在布魯塞爾與日本外相岩屋毅舉行會談。\n\n"
            "盧比歐此行是出席北約外長會議。他昨天抵達布魯塞爾後，先與北約秘書長呂特會面。")
    found = events(text, date(2025, 4, 3))
    assert ("visit", "2025-04-02", None, f("鲁比奥"), "held") in found
    assert ("talks", "2025-04-02", None, f("鲁比奥", "吕特"), "held") in found


def test_they_is_no_one_person():
    text = "美國國務卿盧比歐此行是出席北約外長會議。他們昨天抵達布魯塞爾。"
    assert events(text, date(2025, 4, 3)) == set()


def test_an_anaphoric_mention_takes_the_parties_of_the_story():
    """上一次通话 in a later paragraph: the call before, between the story's parties."""
    text = ("俄罗斯总统普京与美国总统特朗普星期一（5月19日）通电话。\n\n"
            "克里姆林宫助理乌沙科夫说，两国元首讨论了乌克兰问题。\n\n这是两人今年以来第三次通话。上一次通话是在3月18日。")
    assert events(text, date(2025, 5, 20)) == {("call", "2025-05-19", None, f("普京", "特朗普"), "held"),
                                               ("call", "2025-03-18", None, f("RU", "US"), "held")}



@pytest.mark.parametrize("text, kind, location", [
    ("国务院总理李强13日在人民大会堂会见卢拉。", "talks", "北京人民大会堂"),   # the venue's city is added
    ("国家主席习近平13日在北京人民大会堂会见卢拉。", "talks", "北京人民大会堂"),
    ("普京13日在克里姆林宫与卢拉举行会谈。", "talks", "莫斯科克里姆林宫"),
    ("习近平13日在北京会见卢拉。", "talks", "北京"),
    ("13日，习近平在北京人民大会堂同来华进行国事访问的巴西总统卢拉举行会谈。", "visit", "北京"),  # a visit: the city
    ("卢拉13日抵达上海，并于当天与习近平举行会晤。", "talks", "上海"),  # a meeting on arrival: where he arrived
    ("中美阿拉斯加会谈上周五刚结束，中俄两国外长13日展开会晤。", "talks", None),  # no arrival: no place
    ("俄罗斯外长拉夫罗夫13日结束对朝鲜的访问后返回莫斯科。", "visit", None),  # home is not where he visited
    ("日美首脑13日在加拿大举行会谈。", "talks", "加拿大"),                   # no city: the country
])
def test_locations_name_the_city(text, kind, location):
    found = {m.type: m.location for m in extract(article(text, date(2025, 5, 14)))}
    assert found[kind] == location



@pytest.mark.parametrize("text, published, hosts", [
    ("普京20日结束对朝鲜的国事访问，抵达越南首都河内。", date(2024, 6, 21), [["RU", "KP"], ["RU", "VN"]]),
    ("王毅将于2月14日至22日访问英国、德国和法国。", date(2025, 2, 10), [["CN", "GB"], ["CN", "DE"], ["CN", "FR"]]),
    ("總統賴清德今（30）日啟程出訪友邦史瓦帝尼。", date(2025, 6, 30), [["TW", "SZ"]]),
    # 对巴勒斯坦: the whole name after 对, not 巴 (Pakistan's one-character form); one visit, not two
    ("30日，韩国总统朴槿惠抵达巴勒斯坦，对巴勒斯坦进行正式访问。", date(2013, 5, 31), [["KR", "PS"]]),
    ("巴西总统卢拉对巴林进行国事访问。", date(2013, 5, 31), [["BR", "BH"]]),  # no date: the story's (publication)
    ("卢拉30日对巴林进行国事访问。", date(2013, 5, 31), [["BR", "BH"]]),
    ("马克龙30日访问了越南和印尼。", date(2025, 5, 31), [["FR", "VN"], ["FR", "ID"]]),  # 了 before the destination
    # 对 opening the list before the trigger; 以及 and a formal name's tail (国, 联合共和国) between destinations
    ("国务院总理李强11日起对西班牙、葡萄牙和希腊进行正式访问。", date(2025, 6, 12), [["CN", "ES"], ["CN", "PT"], ["CN", "GR"]]),
    ("习近平主席8日对坦桑尼亚联合共和国、肯尼亚进行国事访问。", date(2019, 3, 9), [["CN", "TZ"], ["CN", "KE"]]),
    ("外交部長林佳龍3日起依序走訪諾魯共和國以及帛琉。", date(2025, 9, 3), [["TW", "NR"], ["TW", "PW"]]),
    ("國防部長顧立雄5日訪問了我國太平洋友邦馬紹爾群島。", date(2025, 9, 6), [["TW", "MH"]]),  # words that describe it
    ("印度总理莫迪12日访问非洲大陆。", date(2025, 6, 13), []),                             # a continent is no destination
    ("林芳正从本月10日起出访英国和意大利。", date(2023, 5, 14), [["JP", "GB"], ["JP", "IT"]]),     # 从…起 dates the trip
    # a visit word with nothing after it is where the clause puts it; a later clause's dates are not its own
    ("林芳正正在越南進行3天官方訪問，越南外交部今天發表聲明稱，范明政昨天會見了林芳正。", date(2023, 5, 12),
     [["JP", "VN"]]),
    ("川普將於4月訪中。", date(2026, 2, 8), [["US", "CN"]]),                               # 访中, 访陆, 来台: in the word
    ("美國參議員一行7日來台訪問。", date(2025, 4, 8), [["US", "TW"]]),                      # a delegation known by country
    ("美國聯邦參議員達克沃絲7日來台訪問。", date(2025, 4, 8), [["US", "TW"]]),
])
def test_one_visit_to_each_destination(text, published, hosts):
    assert [m.countries for m in extract(article(text, published)) if m.type == "visit"] == hosts


@pytest.mark.parametrize("text, countries", [
    ("巴西总统卢拉将于13日访华。\n\n中巴双方8日在北京举行磋商。", ["CN", "BR"]),          # named earlier in the article
    ("巴勒斯坦问题持续升温。\n\n王毅8日会见巴方代表。", ["CN", "PS"]),
    ("王毅8日会见巴方代表。", ["CN", "BR"]),                                                # nothing named: the first listed
    ("新西兰总理拉克森将访华。\n\n中新两国外长8日通电话。", ["CN", "NZ"]),
    ("中新两国外长8日通电话。", ["CN", "SG"]),
])
def test_a_word_several_countries_share_means_the_one_the_article_names(text, countries):
    found = [m.countries for m in extract(article(text, date(2025, 5, 9))) if m.date == "2025-05-08"]
    assert found == [countries]


@pytest.mark.parametrize("text", [
    "7月3日，习近平主席在阿斯塔纳出席上海合作组织成员国元首理事会会议期间会见普京总统。",
    "10月22日，习近平主席在喀山出席金砖国家领导人第十六次会晤期间同普京总统举行会谈。",
    "印度总理莫迪8月31日抵达天津出席上合组织峰会。",
])
def test_an_organisations_gathering_is_no_side(text):
    assert all(not {"SCO", "BRICS"} & set(m.countries) for m in extract(article(text, date(2024, 12, 30))))


@pytest.mark.parametrize("text, published, expected", [
    # a count announces the list; its items follow in the next paragraphs
    ("外长王毅本周启程出访欧洲。行前，他共打了3个电话，对象都是邻国外长。\n\n第一个在3月2日，对象是日本外相林芳正。"
     "\n\n第二个，3月4日，俄罗斯外长拉夫罗夫。\n\n第三个，3月4日，韩国外长朴振。", date(2023, 3, 8),
     {("call", "2023-03-02", f("王毅", "林芳正")), ("call", "2023-03-04", f("王毅", "拉夫罗夫")),
      ("call", "2023-03-04", f("王毅", "朴振"))}),
    ("馬來西亞首相安華上週共打了兩通電話。\n\n3月4日，印尼總統普拉博沃。\n\n3月6日，新加坡總理黃循財。", date(2025, 3, 10),
     {("call", "2025-03-04", f("安瓦尔", "普拉博沃")), ("call", "2025-03-06", f("安瓦尔", "黄循财"))}),
    # a counted or plural set of partners named after a colon: one event with each
    ("15日，国务院总理李强在天津先后同3位外国领导人举行会晤：越南总理范明政、新加坡总理黄循财、巴西总统卢拉。",
     date(2024, 6, 16), {("talks", "2024-06-15", f("李强", "范明政")), ("talks", "2024-06-15", f("李强", "黄循财")),
                         ("talks", "2024-06-15", f("李强", "卢拉"))}),
    ("國務院總理李強3日在北京分別會見多國外長：德國外長貝爾伯克、法國外長巴羅。", date(2024, 9, 4),
     {("talks", "2024-09-03", f("李强", "贝尔伯克")), ("talks", "2024-09-03", f("李强", "巴罗"))}),
])
def test_lists_announced_before_their_items(text, published, expected):
    assert {(m.type, m.date, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # the last date its paragraph set
    ("金正恩12日乘专列抵达俄罗斯。他在东方航天发射场同普京举行会谈。", date(2023, 9, 14),
     {("visit", "2023-09-12", f("金正恩")), ("talks", "2023-09-12", f("金正恩", "普京"))}),
    # the day of publication, when nothing else dates the story (Taiwan, Hong Kong styles)
    ("澤倫斯基抵達華府，他在白宮會晤了美國總統拜登。", date(2022, 12, 22),
     {("visit", "2022-12-22", f("泽连斯基")), ("talks", "2022-12-22", f("泽连斯基", "拜登"))}),
    ("石破茂與尹錫悅在峰會期間舉行雙邊會談。", date(2024, 11, 16), {("talks", "2024-11-16", f("石破茂", "尹锡悦"))}),
    # told as now (此际, 正在): the time of writing, not the paragraph's last date
    ("歐盟上月（2月3日）公布了新的制裁方案。眼下，石破茂正在訪華。", date(2025, 3, 12), {("visit", "2025-03-12", f("石破茂"))}),
    # a retelling of an event the article dates is that event
    ("王毅10日在北京同布林肯举行会谈。\n\n分析人士指出，王毅同布林肯举行会谈释放了积极信号。", date(2023, 6, 11),
     {("talks", "2023-06-10", f("王毅", "布林肯"))}),
    # no story date for a recollection, a reference back, a topic, a year of its own, a caption
    ("王毅曾同布林肯举行会谈。", date(2023, 6, 11), set()),
    ("此次会谈取得了积极成果，王毅表示满意。", date(2023, 6, 11), set()),
    ("美朝峰会的筹备工作进入尾声。", date(2018, 6, 10), set()),
    ("两国联合委员会会议于2019年在首尔举行，日本外相河野太郎率团访问韩国。", date(2020, 4, 15), set()),
    ("總理黃循財（右）與越南總理范明政會談。（路透社）", date(2025, 10, 1), set()),
])
def test_an_undated_event_sentence_takes_the_date_of_its_story(text, published, expected):
    assert {(m.type, m.date, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


def test_a_story_date_is_trailed_and_less_certain():
    dated, undated = extract(article("普京12日抵达平壤。他同金正恩举行了会谈。", date(2024, 6, 13)))[-2:]
    assert undated.confidence < dated.confidence
    assert any("no date in the sentence" in step for step in undated.trail)


@pytest.mark.parametrize("text", [
    "在万象期间，李强还将出席中国—东盟（10+1）领导人会议、东亚峰会等活动。",
    "李強8日出席中國—東盟峰會。",
])
def test_a_summit_attended_is_no_talks_with_the_organisation(text):
    assert [m for m in extract(article(text, date(2023, 9, 8))) if m.type == "talks"] == []


def test_a_taiwanese_text_counts_years_from_the_republic():
    text = "（中央社記者台北17日電）外交部表示，外交部長林佳龍於114年9月3日在台北會見帛琉總統惠普斯。"
    found = {(m.type, m.date) for m in extract(article(text, date(2025, 9, 17)))}
    assert ("talks", "2025-09-03") in found


@pytest.mark.parametrize("text, published, expected", [
    # the month dates taking office; the visit is the story's (its paragraph's last date)
    ("新西兰外长皮特斯25日在北京同王毅举行会谈。这是皮特斯十一月就任后首次访华。", date(2024, 3, 26),
     {("talks", "2024-03-25"), ("visit", "2024-03-25")}),
    ("這是施紀賢本月就任英國首相以來首次與習近平通話。", date(2024, 7, 27), {("call", "2024-07-27")}),  # the story's day
    ("普拉博沃是李强自2023年3月就任以来在北京会见的第一位东南亚元首。", date(2024, 11, 10), set()),
    ("他从本月10日起出访以色列和卡塔尔。", date(2026, 1, 14), set()),                     # 从…起 starts it: no one named
])
def test_a_date_of_taking_office_is_not_the_events(text, published, expected):
    assert {(m.type, m.date) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # 两人 are the two people of the story's last meeting or call
    ("林芳正11日與韓國外長朴振通電話。\n\n兩人在七月出席東協外長會議時，於場邊舉行會談。", date(2023, 9, 12),
     {("call", "2023-09-11", f("林芳正", "朴振")), ("talks", "2023-07", f("林芳正", "朴振"))}),
    ("安瓦尔10日在北京同李强举行会谈。两人上一次会面是在去年6月。", date(2024, 11, 11),
     {("talks", "2024-11-10", f("安瓦尔", "李强")), ("talks", "2023-06", f("安瓦尔", "李强"))}),
    # the latest, the last, once more: one event, not a count
    ("马克龙4日与朔尔茨通话。两人最近一次面对面会晤是在去年10月。", date(2024, 3, 5),
     {("call", "2024-03-04", f("马克龙", "朔尔茨")), ("talks", "2023-10", f("马克龙", "朔尔茨"))}),
    ("默克尔今天将在柏林和奥巴马举行最后一次会谈。", date(2016, 11, 17), {("talks", "2016-11-17", f("默克尔", "奥巴马"))}),
])
def test_two_of_them_are_the_pair_in_focus(text, published, expected):
    assert {(m.type, m.date, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # 分别 + a list whose items carry titles with 、 in them, cut by commas
    ("5月8日，王毅分别会见越南共产党中央书记处常务书记、中央组织部部长梁强，越南政府副总理、外交部长裴青山，"
     "公安部长苏林，就双边关系深入交流。", date(2023, 5, 9),
     {("talks", f("王毅", "梁强")), ("talks", f("王毅", "裴青山")), ("talks", f("王毅", "苏林"))}),
    # 来华出席…的 A、B: each listed guest visits
    ("国防部长董军今天在北京分别会见了来华出席安全论坛的马来西亚国防部长卡利德、新加坡国防部长黄永宏。", date(2024, 9, 13),
     {("talks", f("董军", "卡利德")), ("talks", f("董军", "黄永宏")), ("visit", f("卡利德")), ("visit", f("黄永宏"))}),
    ("總統賴清德今天分別接見來台參加國慶的馬紹爾群島總統海妮、吐瓦魯總理戴斐立。", date(2024, 10, 9),
     {("talks", f("赖清德", "海妮")), ("talks", f("赖清德", "戴斐立")), ("visit", f("海妮")), ("visit", f("戴斐立"))}),
])
def test_each_partner_of_a_list(text, published, expected):
    assert {(m.type, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text", [
    "默克爾原本5月訪華，計劃則遭德方取消。",                                        # called off after the trigger
    "韩方探询下月举行韩日外长会谈的可能性，但遭到日方拒绝。",                         # only mooted, then refused
    "卢拉同意20日与马杜罗会面，但巴西外交部随后表示目前没有此类会谈的计划。",
    "只要美方停止对台军售，中美两军对话就能在下月恢复。",                         # a condition
    "因暴雨成灾，莫迪5月访日恐难成行。",
    "两国外长表示，将为石破茂年内访华创造条件。",                                 # a goal worked for
    "外界認為，這些接觸是在為蒲亭與馬克宏再度會晤鋪平道路。",
])
def test_a_meeting_called_off_after_its_trigger_is_no_event(text):
    assert extract(article(text, date(2025, 4, 10))) == []


@pytest.mark.parametrize("text, expected", [
    ("馬克宏多次提到他將於5月訪日。", {("visit", "2025-05", "planned")}),      # a count of the telling
    ("馬克宏今年已三次訪日。", set()),                                              # a count of visits
])
def test_a_count_is_of_events_unless_it_counts_the_telling(text, expected):
    assert {(m.type, m.date, m.status) for m in extract(article(text, date(2025, 2, 10)))} == expected


def test_the_goal_is_no_event_but_the_deed_that_works_for_it_is():
    text = "王毅9日同法國外長巴羅通電話，雙方同意為兩國元首年內會晤鋪平道路。"
    assert {(m.type, m.date) for m in extract(article(text, date(2025, 4, 10)))} == {("call", "2025-04-09")}


@pytest.mark.parametrize("text, published, expected", [
    # the traveller of a clause with no one in it is the sentence's subject
    ("外交部今日召開記者會表示，外交部長林佳龍將於8月3日至9日展開友邦之旅，率團訪問帛琉及諾魯。", date(2025, 7, 28),
     {("visit", f("林佳龙"), ("TW", "PW")), ("visit", f("林佳龙"), ("TW", "NR"))}),
    # whoever invites stays at home
    ("应马来西亚总理安瓦尔邀请，国家主席习近平14日乘专机离开北京，赴吉隆坡进行国事访问。", date(2025, 4, 15),
     {("visit", f("习近平"), ("CN", "MY"))}),
    # several travellers named before one visit word each travel (都, 先后; or of different countries)
    ("去年10月，瓜地馬拉總統阿雷巴洛與貝里斯總理布里塞諾相繼訪台。", date(2025, 3, 2),
     {("visit", f("阿雷巴洛"), ("GT", "TW")), ("visit", f("布里塞诺"), ("BZ", "TW"))}),
    ("新华社北京6月9日电 巴西外长维埃拉、智利外长范克拉韦伦6月上旬相继来华访问。", date(2024, 6, 9),
     {("visit", f("维埃拉"), ("BR", "CN")), ("visit", f("范克拉韦伦"), ("CL", "CN"))}),
    ("法國總統馬克宏與德國總理朔爾茨20日訪問美國。", date(2025, 2, 21),
     {("visit", f("马克龙"), ("FR", "US")), ("visit", f("朔尔茨"), ("DE", "US"))}),
    # two of one country with nothing saying each travels: one traveller's party
    ("国家主席习近平和夫人彭丽媛12日抵达莫斯科。", date(2025, 5, 13), {("visit", f("习近平"), ("CN", "RU"))}),
    # the traveller of a later trip in the sentence is not the one who invited
    ("应马来西亚总理安瓦尔和泰国政府邀请，国务院总理李强5日离开北京，赴吉隆坡进行正式访问，并赴曼谷出席会议。",
     date(2025, 6, 6), {("visit", f("李强"), ("CN", "MY")), ("visit", f("李强"), ("CN", "TH"))}),
    # 对上述三国: the countries the sentence named before (those who invited)
    ("应新西兰总理拉克森、澳大利亚总理阿尔巴尼斯邀请，国务院总理李强13日离开北京，对上述两国进行正式访问。",
     date(2024, 6, 14), {("visit", f("李强"), ("CN", "NZ")), ("visit", f("李强"), ("CN", "AU"))}),
    # who accompanies the traveller travels with him: one visit of both
    ("外长王毅5日陪同国务院总理李强访问德国。", date(2025, 6, 6), {("visit", f("李强", "王毅"), ("CN", "DE"))}),
    # 来访 with no destination: a foreigner comes to the paper's own country
    ("中央社台北3月2日電 巴拉圭總統潘尼亞上個月再度來訪，出席經貿論壇。", date(2025, 3, 2),
     {("visit", f("佩尼亚"), ("PY", "TW"))}),
    ("新华社北京3月2日电 上个月，老挝国家主席通伦来访，出席论坛开幕式。", date(2025, 3, 2),
     {("visit", f("通伦"), ("LA", "CN"))}),
])
def test_who_travels(text, published, expected):
    assert {(m.type, frozenset(a.name for a in m.actors), tuple(m.countries))
            for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # the partners follow 与 in a later clause: the subject is the earlier clause's traveller
    ("日本首相石破茂3日抵達北京，隨後與習近平及尹錫悅會面。", date(2025, 3, 3),
     {("visit", f("石破茂")), ("talks", f("石破茂", "习近平")), ("talks", f("石破茂", "尹锡悦"))}),
    # 同日 is the same day, not 同 (with): the person before it is the subject
    ("新华社首尔3月3日电 韩国总统尹锡悦3日会见王沪宁。同日王沪宁将与韩国外长赵兑烈举行会谈。", date(2025, 3, 3),
     {("talks", f("尹锡悦", "王沪宁")), ("talks", f("王沪宁", "赵兑烈"))}),
    # the one who tells of the meeting is not its subject
    ("外交部次長吳志中說，林佳龍本週將與巴拉圭總統潘尼亞、瓜地馬拉總統阿雷巴洛會面。", date(2025, 3, 3),
     {("talks", f("林佳龙", "佩尼亚")), ("talks", f("林佳龙", "阿雷巴洛"))}),
])
def test_the_subject_a_clause_left_to_an_earlier_one(text, published, expected):
    assert {(m.type, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # one subject, several partners listed after 与/同 or the verb: one talk with each (ANNOTATION: lists)
    ("新华社北京5月8日电 8日，王毅在北京与巴西外长维埃拉、智利外长范克拉韦伦会面。", date(2025, 5, 8),
     {f("王毅", "维埃拉"), f("王毅", "范克拉韦伦")}),
    ("中央社台北5月8日電 總統賴清德8日接見巴拉圭總統潘尼亞及瓜地馬拉總統阿雷巴洛。", date(2025, 5, 8),
     {f("赖清德", "佩尼亚"), f("赖清德", "阿雷巴洛")}),
    # one meeting of all, as the sentence says
    ("8日，王毅与日本外相岩屋毅、韩国外长赵兑烈举行三方会谈。", date(2025, 5, 9), {f("王毅", "岩屋毅", "赵兑烈")}),
])
def test_each_partner_listed_or_one_meeting_of_all(text, published, expected):
    assert {frozenset(a.name for a in m.actors) for m in extract(article(text, published))
            if m.type == "talks"} == expected


@pytest.mark.parametrize("text, published, expected", [
    # attending abroad is a trip there: at a foreign city, or a foreign country's own ceremony
    ("安华总理6月3日至5日在河内出席亚洲经济论坛。", date(2025, 6, 6), {("visit", "2025-06-03", ("MY", "VN"))}),
    ("石破茂首相4日在越南河内参加日越经济论坛。", date(2025, 6, 6), {("visit", "2025-06-04", ("JP", "VN"))}),
    ("立法院長韓國瑜5日率團出席瓜地馬拉總統就職典禮。", date(2025, 6, 6),
     {("visit", "2025-06-05", ("TW", "GT"))}),
    # at home, or nowhere said: no trip
    ("王毅4日在北京出席论坛开幕式。", date(2025, 6, 6), set()),
    ("石破茂首相4日参加日越经济论坛。", date(2025, 6, 6), set()),
])
def test_attending_abroad_is_a_visit(text, published, expected):
    assert {(m.type, m.date, tuple(m.countries)) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # dates listed before 分别 pair in order with the deeds after it
    ("今年3月和5月，洪森分别访华和赴日本出席论坛，其间会见了两国领导人。", date(2025, 8, 1),
     {("visit", "2025-03", ("KH", "CN")), ("visit", "2025-05", ("KH", "JP"))}),
    ("去年4月和10月，瓜地馬拉總統阿雷巴洛分別與賴清德舉行會談。", date(2025, 8, 1),
     {("talks", "2024-04", ("GT", "TW")), ("talks", "2024-10", ("GT", "TW"))}),
])
def test_dates_before_each_pair_in_order(text, published, expected):
    assert {(m.type, m.date, tuple(m.countries)) for m in extract(article(text, published))} == expected


def test_a_trip_told_as_finished_takes_the_days_the_article_gives_the_trip():
    text = ("新华社北京5月11日电 在结束对智利、秘鲁、巴西的访问后，全国政协主席王沪宁10日晚回到北京。\n\n"
            "王沪宁此行为期六天（5月4日至9日），出席了30多场活动。")
    visits = {(m.countries[1], m.date, m.date_end) for m in extract(article(text, date(2024, 5, 11)))
              if m.type == "visit"}
    assert visits == {("CL", "2024-05-04", "2024-05-09"), ("PE", "2024-05-04", "2024-05-09"),
                      ("BR", "2024-05-04", "2024-05-09")}


def test_a_trip_told_as_finished_without_its_days_is_no_event():
    text = "新华社北京5月11日电 在结束对智利的访问后，全国政协主席王沪宁10日晚回到北京。"
    assert [m for m in extract(article(text, date(2024, 5, 11))) if m.type == "visit"] == []


def test_at_that_time_is_the_day_of_the_planned_event_of_the_same_people():
    text = ("新华社北京12月30日电 巴西外长维埃拉将于1月5日访华。维埃拉今天在东京会见了日本外相岩屋毅。\n\n"
            "发言人说，届时，王毅将同维埃拉举行会谈，就两国关系交换意见。")
    talks = {(frozenset(a.name for a in m.actors), m.date) for m in extract(article(text, date(2025, 12, 30)))
             if m.type == "talks"}
    assert (frozenset({"王毅", "维埃拉"}), "2026-01-05") in talks


def test_a_visit_recalled_sets_no_days_for_the_storys_meetings():
    text = "新华社河内6月20日电 普京20日抵达河内。他上一次访问越南是2017年11月10日至11日。访问期间，普京同苏林举行会谈。"
    talks = [m for m in extract(article(text, date(2024, 6, 20))) if m.type == "talks"]
    assert [(m.date, m.date_end) for m in talks] == [("2024-06-20", None)]


def test_a_person_introduced_earlier_in_a_sentence_is_known_by_name_later_in_it():
    text = "中央社台北11月2日電 巴拉圭外長拉米瑞茲今年3月訪台；外交部說，拉米瑞茲上個月再度來訪。"
    assert events(text, date(2025, 11, 2)) == {("visit", "2025-03", None, f("拉米瑞兹"), "held"),
                                               ("visit", "2025-10", None, f("拉米瑞兹"), "held")}


def test_a_call_is_dated_by_the_local_clock_not_its_conversion():
    text = "美国总统特朗普美东时间28日晚（北京时间29日上午）同俄罗斯总统普京通电话。"
    found = {(m.type, m.date) for m in extract(article(text, date(2025, 9, 30)))}
    assert found == {("call", "2025-09-28")}


def test_items_of_a_list_take_the_date_the_story_set_before_the_list():
    text = ("新华社北京7月1日电 刚刚过去的6月，中国外交密集展开，其中对欧交往尤为活跃：\n\n"
            "——李强访问新西兰；\n\n——王毅对西班牙、葡萄牙进行正式访问；\n\n■ 6月25日，王毅在北京会见老挝外长。")
    found = {(m.type, m.date, tuple(m.countries)) for m in extract(article(text, date(2024, 7, 2)))}
    assert found == {("visit", "2024-06", ("CN", "NZ")), ("visit", "2024-06", ("CN", "ES")),
                     ("visit", "2024-06", ("CN", "PT")), ("talks", "2024-06-25", ("CN", "LA"))}


@pytest.mark.parametrize("text, published, expected", [
    ("3月5日，中联部副部长孙海燕同英国工党副领袖雷纳进行视频交流。", date(2024, 3, 6),
     {("call", "2024-03-05", f("孙海燕", "雷纳"))}),
    # a pair nickname (Taiwan, Hong Kong), written as the spellings it comes from
    ("外界關注的習拜會將於15日在舊金山舉行。", date(2023, 11, 14), {("talks", "2023-11-15", f("习近平", "拜登"))}),
    ("第二次川金會27日在河內舉行，川金會見證了雙方的分歧。", date(2019, 2, 28), {("talks", "2019-02-27", f("特朗普", "金正恩"))}),
    ("兩國元首夫婦9日在西湖畔茶敘。", date(2023, 5, 10), set()),                       # nobody named, no countries
    ("習近平9日同馬克宏在西湖畔茶敘。", date(2023, 5, 10), {("talks", "2023-05-09", f("习近平", "马克龙"))}),
    ("日本首相石破茂預計晚間7點到達馬尼拉。", date(2025, 4, 29), {("visit", "2025-04-29", f("石破茂"))}),
    # 到 right before a country or city is a visit; after 回/受/提, or from A to B, it is not
    ("外长王毅下周一到土耳其首都安卡拉出席会议。", date(2025, 6, 7),
     {("visit", "2025-06-09", f("王毅"))}),
    ("越南总理范明政9日到新加坡进行正式访问。", date(2025, 6, 10), {("visit", "2025-06-09", f("范明政"))}),
    ("国家主席习近平9日回到北京。", date(2025, 6, 10), set()),
    ("普京9日提到美国总统特朗普。", date(2025, 6, 10), set()),
    ("俄罗斯总统普京9日从莫斯科到北京的专机上接受采访。", date(2025, 6, 10), set()),
])
def test_more_ways_to_say_it(text, published, expected):
    assert {(m.type, m.date, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


def test_a_malaysian_papers_prime_minister_is_malaysias():
    text = "首相拿督斯里安华12日抵达新加坡，展开两天工作访问。安华将礼貌拜会总统尚达曼，接着将与总理黄循财会谈。"
    found = {(m.type, frozenset(a.name for a in m.actors)) for m in extract(article(text, date(2024, 6, 12)))}
    assert found == {("visit", f("安瓦尔")), ("talks", f("安瓦尔", "尚达曼")), ("talks", f("安瓦尔", "黄循财"))}


@pytest.mark.parametrize("text, published, expected", [
    ("馬克宏表示，上週會面後，他一直和朔爾茨保持通話。", date(2024, 3, 26), set()),                # keeping in touch: no one event
    ("艾爾段稱，內塔尼亞胡已同意與阿巴斯晤談，不過以方隔天指出，眼下並無計畫安排這種會晤。", date(2024, 3, 26), set()),
    ("記者問拜登，為何金正恩不願與尹錫悅會面。", date(2023, 3, 26), set()),
    ("評論員周五（8日）在微博上表示，莫迪與中方通話。", date(2024, 3, 9), set()),            # the date is the post's
    ("石破茂力爭在拜登11月訪華前與他通話。", date(2024, 10, 5), {("visit", "2024-11", "planned")}),  # 力争: ahead
])
def test_what_a_sentence_says_of_its_meeting(text, published, expected):
    assert {(m.type, m.date, m.status) for m in extract(article(text, published)) if m.type != "call"} == expected


@pytest.mark.parametrize("text, published, expected", [
    ("北京將制裁訪問台灣的日本議員。", date(2023, 9, 9), set()),                     # describes somebody
    ("中方将接待本周第二位访问中国的外国元首。", date(2022, 11, 27), set()),
    ("赵乐际此行被看做是对越南国会主席王廷惠今年4月访华的回访。", date(2024, 7, 10), {("visit", "2024-04")}),  # named
    ("韓國外交部長官朴振邀請越南總理范明政訪問韓國。", date(2023, 8, 12), set()),            # an invitation
    ("韩国外长邀请越南总理范明政将于9月20日访问韩国。", date(2023, 8, 12), {("visit", "2023-09-20")}),  # agreed, dated
    ("義大利6月13日將在普利亞舉行G7峰會，梅洛尼已邀請莫迪參加G7峰會。", date(2024, 6, 2), set()),  # the summit, attended
    ("柬埔寨首相洪玛奈热情欢迎王毅部长来访。", date(2025, 4, 2), set()),              # said abroad of one of ours
    ("議長把澤倫斯基來訪當天懸掛的國旗送給他。", date(2025, 4, 2), set()),              # the visit as a time
])
def test_a_visit_that_only_describes_or_invites(text, published, expected):
    assert {(m.type, m.date) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # the event just told, named again as a noun in the same sentence, is that event
    ("愛麗舍宮指出，馬克宏和朔爾茨9日通話；發言人表示，兩人的通話持續一個小時。", date(2024, 3, 10),
     {("call", "2024-03-09", f("马克龙", "朔尔茨"))}),
    # a transliterated name may start with 特 (特梅尔), unlike an office (特使)
    ("2日，习近平在杭州会见巴西总统特梅尔。", date(2016, 9, 3), {("talks", "2016-09-02", f("习近平", "特梅尔"))}),
])
def test_one_event_told_twice_in_a_sentence(text, published, expected):
    assert {(m.type, m.date, frozenset(a.name for a in m.actors)) for m in extract(article(text, published))} == expected


@pytest.mark.parametrize("text, published, expected", [
    # Taiwan: 打電話給; mainland: 给…打电话; Hong Kong: 打了一通電話
    ("美國總統拜登昨天打電話給法國總統馬克宏。", date(2024, 3, 6),
     {("call", "2024-03-05", None, f("拜登", "马克龙"), "held")}),
    ("美国总统拜登5日给法国总统马克龙打电话，讨论中东局势。", date(2024, 3, 6),
     {("call", "2024-03-05", None, f("拜登", "马克龙"), "held")}),
    ("美國總統特朗普周二與俄羅斯總統普京打了一通電話。", date(2025, 3, 20),
     {("call", "2025-03-18", None, f("特朗普", "普京"), "held")}),
])
def test_a_call_told_as_making_a_phone_call(text, published, expected):
    assert events(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("法国总统马克龙5日抵达北京开始访华。6日，习近平同他举行会谈。", date(2024, 3, 7),
     {("visit", "2024-03-05", None, f("马克龙"), "held"), ("talks", "2024-03-06", None, f("习近平", "马克龙"), "held")}),
    ("印度總理莫迪5日抵達莫斯科。普京當天會見了他。", date(2024, 3, 7),
     {("visit", "2024-03-05", None, f("莫迪"), "held"), ("talks", "2024-03-05", None, f("普京", "莫迪"), "held")}),
    # 他们 is no one person
    ("拜登5日同普京通话。他与他们也保持沟通。", date(2024, 3, 7),
     {("call", "2024-03-05", None, f("拜登", "普京"), "held")}),
])
def test_he_as_the_partner_is_the_person_in_focus(text, published, expected):
    assert events(text, published) == expected


@pytest.mark.parametrize("text, location", [
    ("印度总理莫迪5日抵达莫斯科。普京当天会见了他。", "莫斯科"),               # the trip's city
    ("印度总理莫迪5日抵达莫斯科。7日，普京同莫迪举行会谈。", "莫斯科"),          # a day of the trip
    ("印度总理莫迪5日抵达莫斯科。20日，普京同莫迪举行会谈。", None),              # long after it
    ("印度总理莫迪5日抵达莫斯科。6日，莫迪同拜登通电话。", None),                 # a call, not with his hosts
    ("印度总理莫迪5日抵达莫斯科。6日，普京在索契同莫迪举行会谈。", "索契"),        # a place of its own
])
def test_a_meeting_on_a_trip_without_a_place_of_its_own_is_in_the_trips_city(text, location):
    found = [m for m in extract(article(text, date(2024, 3, 25))) if m.type != "visit"]
    assert [m.location for m in found] == [location]
