"""Who a sentence names: gazetteer people in any spelling, unknown people by
country + title + name, role words, countries and pair compounds."""
import pytest

from app.ingest.entities import find_countries, find_people, home_country, introduce, with_introduced
from app.ingest.gazetteer import load
from app.ingest.normalize import normalize


def people(text):
    return [(p.name, p.country, p.role_only) for p in find_people(normalize(text), load())]


def countries(text):
    return [c.code for c in find_countries(normalize(text), load())]


@pytest.mark.parametrize("text, expected", [
    ("韩国外长朴振通电话", [("朴振", "KR", False)]),                      # the name ends before 通
    ("美国总统特使威特科夫抵达莫斯科", [("威特科夫", "US", False)]),
    ("俄罗斯驻华大使杰尼索夫29日透露", [("杰尼索夫", "RU", False)]),
    ("阿根廷外长蒙迪诺抵达北京", [("蒙迪诺", "AR", False)]),               # unknown: transliterated
    ("外交部副部长马朝旭强调", [("马朝旭", "CN", False)]),                 # no country: China
    ("俄罗斯驻英国大使安德烈·克林表示", [("安德烈·克林", "RU", False)]),  # the embassy is not the country
    ("美国联邦众议院外委会主席麦考尔率团", [("麦考尔", "US", False)]),    # an organ between country and title
    ("普丁與川普會面", [("普京", "RU", False), ("特朗普", "US", False)]),  # Taiwan spellings
    ("馬克宏抵達北京", [("马克龙", "FR", False)]),
    ("沙特王储兼首相穆罕默德举行会谈", [("穆罕默德·本·萨勒曼", "SA", False)]),  # a short form of a known name
    ("与俄外长达成共识", [("外长", "RU", True)]),                        # a role, and 达成 is no name
    ("中俄两国外长通电话", [("外长", "CN", True), ("外长", "RU", True)]),
    ("俄罗斯总统助理乌沙科夫", [("乌沙科夫", "RU", False)]),              # 总统助理 is no president
    ("韩国外交部长官赵兑烈同日本外务大臣上川阳子", [("赵兑烈", "KR", False), ("上川阳子", "JP", False)]),
    ("美國聯邦參議員達克沃絲率領的訪問團", [("达克沃丝", "US", False)]),
    ("马里过渡总统戈伊塔会见", [("戈伊塔", "ML", False)]),              # a qualifier between country and title
    ("俄罗斯前总统梅德韦杰夫", [("梅德韦杰夫", "RU", False)]),
    ("巴拉圭外长拉米雷斯", [("拉米雷斯", "PY", False)]),
    ("印度总理莫迪于7月8日抵达", [("莫迪", "IN", False)]),                # 于 is the preposition here
    ("普京本月2日与伊朗总统会谈", [("普京", "RU", False), ("总统", "IR", True)]),  # 本月, not a longer name
    ("王毅与拉夫罗夫达成共识", [("王毅", "CN", False), ("拉夫罗夫", "RU", False)]),
    ("柬埔寨人民党主席洪森会见", [("洪森", "KH", False)]),                 # office words not in the lists
    ("英国外交、英联邦和发展事务大臣拉米会见", [("拉米", "GB", False)]),
    ("美国总统特朗普的乌克兰问题特使维特科会见", [("特朗普", "US", False), ("维特科", "US", False)]),  # the topic is no owner
    ("俄罗斯总统中东问题特使博格丹诺夫", [("博格丹诺夫", "RU", False)]),  # no role word 总统 either
    ("中国政府朝鲜半岛事务特别代表刘晓明", [("刘晓明", "CN", False)]),
    ("同法国、德国和英国外长通电话", [("外长", "FR", True), ("外长", "DE", True), ("外长", "GB", True)]),
    ("石破首相与特朗普总统通电话", [("石破茂", "JP", False), ("特朗普", "US", False)]),  # surname + title
    ("，尹总统表示", [("尹锡悦", "KR", False)]),
    ("日本石破首相", [("石破茂", "JP", False)]),
    ("王毅外长会见", [("王毅", "CN", False)]),                            # a name before its title: no role word
    ("日本自民党干事长森山裕率团", [("森山裕", "JP", False)]),              # Japanese surname + given name
    ("日本经济产业大臣武藤容治会见", [("武藤容治", "JP", False)]),
    ("日本众议院议长额贺福志郎会见", [("额贺福志郎", "JP", False)]),
    ("日本前首相鸠山由纪夫会见", [("鸠山由纪夫", "JP", False)]),
    ("日本前首相会见", []),                                               # a former holder is not today's
    ("美国候任总统会见", []),
    ("美防长赫格塞思与日本防相中谷元通电话", [("赫格塞思", "US", False), ("中谷元", "JP", False)]),
    ("美國在台協會（AIT）主席羅森伯格抵台", [("罗森伯格", "US", False)]),  # an abbreviation between
    ("國民黨主席朱立倫在華府會面", [("朱立伦", "TW", False)]),            # Taiwan's parties are Taiwan's
    ("中国国民党副主席夏立言率团", [("夏立言", "TW", False)]),
    ("美國在台協會處長谷立言會面", [("谷立言", "US", False)]),
    # a name written after a title ends where a title, a time word or a verb begins
    ("外交部长秦刚大使在华盛顿", [("秦刚", "CN", False)]),
    ("越南總理范明政閣下將於", [("范明政", "VN", False)]),
    ("印尼总统佐科·维多多定于周二会晤", [("佐科", "ID", False)]),  # the known 佐科, written whole
    ("韩国外长周四承诺", [("外长", "KR", True)]),
    ("巴西外长维埃拉应邀访华", [("维埃拉", "BR", False)]),
    ("应塔吉克斯坦总统之邀，中国领导人", [("总统", "TJ", True), ("领导人", "CN", True)]),
    ("美国总统选举", []),
    ("克里米亚问题", []),                                                 # 克里 inside a longer name
    # leaders' pair nicknames name both; a name spelled by the pair (川普) or a word (基金会) does not
    ("外界關注的習拜會", [("习近平", "CN", False), ("拜登", "US", False)]),
    ("川普會見記者", [("特朗普", "US", False)]),
    ("比尔及梅琳达·盖茨基金会", []),
    # a leader named for his government takes no part (拜登政府国务卿布林肯: the minister does)
    ("美國拜登政府國務卿布林肯抵達", [("布林肯", "US", False)]),
    ("岸田內閣的外相上川陽子", [("上川阳子", "JP", False)]),
    # a country after a title is no name: the title of the one named comes next
    ("兩國元首瓜地馬拉總統阿雷巴洛與巴拉圭總統潘尼亞", [("阿雷巴洛", "GT", False), ("佩尼亚", "PY", False)]),
    # a known two-character name that goes on with a given name's character is someone else
    ("博物馆馆长张军鑫18日率团出访", []),
    ("地方法院院長毛寧怡今天會見代表團", []),
    ("张军18日会见", [("张军", "CN", False)]),
    ("毛宁表示", [("毛宁", "CN", False)]),
])
def test_people(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize("text, written", [
    # a transliterated first name and a dot before a known name are part of it
    ("美国财政部长珍妮特·耶伦访问北京", ["珍妮特·耶伦"]),
    ("美國眾議院前議長南希·裴洛西抵達台北", ["南希·裴洛西"]),
    ("与南希·佩洛西会面", ["南希·佩洛西"]),
    ("俄罗斯总统弗拉基米尔·普京会见", ["弗拉基米尔·普京"]),          # a known full alias stays as it is
    ("耶伦访问北京", ["耶伦"]),
    # a known short alias followed by a common verb is still the person
    ("她一直與俄羅斯總統普亭保持聯繫", ["普亭"]),
    ("普京希望两国加强合作", ["普京"]),
    ("普丁坦言會談很有成果", ["普丁"]),
    ("马克龙特别强调", ["马克龙"]),
    ("美國眾議院議長南希·裴洛西上月訪台", ["南希·裴洛西"]),           # 上月 ends the name
])
def test_written_forms_of_known_people(text, written):
    original = text
    assert [original[p.span[0]:p.span[1]] for p in find_people(normalize(text), load()) if p.person] == written


@pytest.mark.parametrize("text, expected", [
    # X的父亲Y: the relative is named, not X
    ("當時普廷與時任北韓最高領導人、金正恩的父親金正日舉行會談", [("普京", "RU", False), ("最高领导人", "KP", True),
                                                           ("金正日", "KP", False)]),
    ("特朗普的女儿伊万卡会见日本首相", [("伊万卡", "US", False), ("首相", "JP", True)]),
    ("拜登的儿子亨特访问乌克兰", [("亨特", "US", False)]),
    ("金正恩的妹妹会见", []),                              # a relative without a name: nobody read
    ("金正恩会见普京", [("金正恩", "KP", False), ("普京", "RU", False)]),
])
def test_a_relative_is_not_the_person(text, expected):
    assert people(text) == expected


def offices(text):
    return [(p.name, p.country, p.title, p.office) for p in find_people(normalize(text), load())]


@pytest.mark.parametrize("text, expected", [
    # a title followed by a suffix (助理, 顾问, 秘书, 发言人, 特使 …) is the longer office, not the head's
    ("德国总理外交顾问施密特今天抵达北京", [("施密特", "DE", "总理外交顾问", "adviser")]),
    ("外交部部长助理华春莹会见巴西客人", [("华春莹", "CN", "外交部部长助理", "assistant")]),
    ("中共中央對外聯絡部部長助理孫海燕同越南客人會談", [("孙海燕", "CN", "部长助理", "assistant")]),
    ("美國總統國家安全顧問蘇利文抵達", [("沙利文", "US", "总统国家安全顾问", "national_security_adviser")]),
    ("俄罗斯总统新闻秘书佩斯科夫表示", [("佩斯科夫", "RU", "总统新闻秘书", "spokesperson")]),
    ("伊朗最高國家安全委員會秘書拉里賈尼訪問莫斯科", [("拉里贾尼", "IR", "最高国家安全委员会秘书", "security_council_secretary")]),
    ("日本首相特使二阶俊博访问首尔", [("二阶俊博", "JP", "首相特使", "envoy")]),
    ("同法国总统外交顾问通电话", [("总统外交顾问", "FR", "总统外交顾问", "adviser")]),  # no name: no Macron either
    ("联合国秘书长发言人表示", [("秘书长发言人", "UN", "秘书长发言人", "spokesperson")]),
    # Hong Kong's and Macau's chief executives, by the regions' long names
    ("香港特区行政长官李家超会见新加坡客人", [("李家超", "HK", "行政长官", "chief_executive")]),
    ("澳門特別行政區行政長官岑浩輝率團訪問葡萄牙", [("岑浩辉", "MO", "行政长官", "chief_executive")]),
    ("香港特別行政區行政長官陳大文抵達曼谷", [("陈大文", "HK", "行政长官", "chief_executive")]),  # unknown: the region's
    ("特首李家超今日啟程", [("李家超", "HK", "特首", "chief_executive")]),
])
def test_compound_titles_and_regions(text, expected):
    assert offices(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("中俄两国", ["CN", "RU"]),
    ("10日中俄两国外长", ["CN", "RU"]),          # the 日 of a date is not Japan
    ("日韩外长会谈", ["JP", "KR"]),
    ("中美阿拉斯加会谈", ["CN", "US"]),
    ("美俄代表团", ["US", "RU"]),
    ("其中美国代表", ["US"]),                     # 其中 is not 中美
    ("中方和俄方", ["CN", "RU"]),
    ("欧洲安全与合作组织（欧安组织）", ["OSCE", "OSCE"]),
    ("中西部地区", []),
    ("挪威和瑞典", ["NO", "SE"]),                 # YAML must not read NO as false
    ("所罗门群岛和巴布亚新几内亚", ["SB", "PG"]),
    ("印度洋和北爱尔兰", []),                     # words that only contain a country's name
    ("沿海地区", []),
    ("马里和马里兰州", ["ML"]),
    ("韩国瑜会见", []),
    ("澳门特别行政区政府代表团", ["MO"]),
    ("香港特區政府和新加坡", ["HK", "SG"]),
    ("在香港会见", []),                            # a bare 香港 is a place
    ("肯亞總統訪問了喬治亞州亞特蘭大", ["KE"]),      # a US state, not Georgia
    ("他前往乔治亚州和新墨西哥州", []),
    ("格鲁吉亚和乔治亚", ["GE", "GE"]),
    ("将举行日美韩领袖会谈", ["JP", "US", "KR"]),      # a run of three forms: three sides
    ("中日韩领导人会议", ["CN", "JP", "KR"]),
    ("美日菲三国防长", ["US", "JP", "PH"]),
])
def test_countries(text, expected):
    assert countries(text) == expected


def people_at_home(text, home):
    return [(p.name, p.country) for p in find_people(normalize(text), load(), home=home)]


def test_a_title_without_a_country_is_the_home_governments():
    assert people_at_home("经济部长郭智辉会见美国商务部长", "TW")[0] == ("郭智辉", "TW")
    assert people_at_home("经济部长郭智辉会见美国商务部长", "CN")[0] == ("郭智辉", "CN")
    assert people_at_home("日本经济部长郭智辉", "TW")[0] == ("郭智辉", "JP")  # a named country still wins


@pytest.mark.parametrize("text, url, home", [
    ("外交部长王毅同俄罗斯外长通电话。", None, "CN"),
    ("（中央社记者台北3日电）外交部长林佳龙今天接见", None, "TW"),            # one strong marker
    ("行政院今天通过……立法院明天审议", None, "TW"),                          # two markers
    ("首相今早抵达曼谷，展开工作访问。", "https://www.example.com.my/20240718/x", "MY"),  # a Malaysian paper
    ("首相拿督斯里安华今早抵达雅加达。", None, "MY"),                          # a Malaysian honorific
    ("新加坡总理李显龙会见马来西亚首相安华。", None, "CN"),                    # names alone tell no outlet
    ("我国总理今天在本地会见来访的越南总理。", "https://www.example.com.sg/news/1", "SG"),
    ("行政院今天通过", None, "CN"),                                           # one is not enough
    ("国台办发言人说，民进党当局的行政院和立法院……", None, "CN"),              # mainland usage rules it out
    ("外交部长今天接见", "https://www.cna.com.tw/news/aipl/1.aspx", "TW"),
    ("外交部长今天接见", "https://udn.com/news/story/1", "TW"),
    ("外交部长今天接见", "https://www.xinhuanet.com/world/1.htm", "CN"),
    ("外交部长今天接见", "https://notudn.com/x", "CN"),                      # a domain, not a suffix of a name
])
def test_home_country(text, url, home):
    assert home_country(normalize(text), url, load()) == home


def test_home_country_reads_either_script_as_written():
    assert home_country("（中央社記者游凱翔台北3日電）國防部長今天", None, load()) == "TW"
    assert home_country("行政院今天通過……立法院明天審議", None, load()) == "TW"
    assert home_country("國台辦發言人說，民進黨當局的行政院和立法院", None, load()) == "CN"


@pytest.mark.parametrize("text, codes", [
    ("俄乌代表团举行谈判", ["RU", "UA"]),
    ("美以关系", ["US", "IL"]),
    ("巴以双方", ["PS", "IL"]),                       # a fixed pair: Palestine, not Pakistan
    ("中巴两国", ["CN", "PK"]),
    ("中波两国外长", ["CN", "PL"]),
    ("所以中美关系很重要", ["CN", "US"]),              # 以 ends 所以
    ("希望两国关系", []),
    ("风波两国", []),
    ("大陸委員會與國台辦", ["TW", "CN"]),            # the MAC is Taiwan's though it holds 大陆
])
def test_pairs_of_one_character_forms(text, codes):
    assert countries(text) == codes


@pytest.mark.parametrize("earlier, later, expected", [
    ("新加坡總理黃循財今天抵達", "，黃總理表示", ["黄循财"]),                   # surname + title (overseas)
    ("老挝总理宋赛(右)为代表团设宴", "随后与宋赛举行会谈", ["宋赛"]),            # a bare name, read in a caption
    ("日本外務大臣茂木敏充抵達", "茂木此行還將會晤越南總理", ["茂木敏充"]),      # a Japanese family name (Taiwan)
    ("日本首相岸田文雄会见", "岸田随后表示", ["岸田文雄"]),
    ("圣多美和普林西比外长伊尔扎·瓦斯抵达", "王毅同瓦斯举行会谈", ["王毅", "伊尔扎·瓦斯"]),  # a name's last part
    ("老挝总理宋赛·西潘敦抵达", "宋赛表示", ["宋赛·西潘敦"]),                 # … or its first
    ("巴拉圭總統卡瓦列羅今日抵港", "卡總統與特首會面", ["卡瓦列罗"]),           # an unknown person by surname + title
    ("巴拉圭總統卡瓦列羅今日抵港", "卡外長與特首會面", []),                      # the title must fit
    ("外长王毅和新加坡外长王乙康会见", "王外长表示", []),                        # two fit: no one
    ("日本外务大臣茂木敏充和经济产业大臣茂木健一郎", "茂木表示", []),
    ("中国国家主席习近平会见", "，习主席表示", ["习近平"]),                     # mainland
])
def test_short_references_to_people_introduced_earlier(earlier, later, expected):
    gz, introduced = load(), {}
    introduce(find_people(normalize(earlier), gz), introduced)
    text = normalize(later)
    found = with_introduced(text, find_people(text, gz), introduced, gz)
    assert [p.name for p in found if not p.role_only] == expected
