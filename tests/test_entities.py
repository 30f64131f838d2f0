"""Who a sentence names: gazetteer people in any spelling, unknown people by
country + title + name, role words, countries and pair compounds."""
import pytest

from app.ingest.entities import find_countries, find_people
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
    ("美国总统选举", []),
    ("克里米亚问题", []),                                                 # 克里 inside a longer name
])
def test_people(text, expected):
    assert people(text) == expected


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
])
def test_countries(text, expected):
    assert countries(text) == expected
