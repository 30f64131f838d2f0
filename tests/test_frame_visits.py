"""visits.py: who travels where in a visit frame."""
from datetime import date

import pytest

from app.ingest.frames import visits, when
from app.ingest.gazetteer import load

NOW = date(2024, 6, 20)


def _visits(frame):
    value = when.date_of(frame)[0]
    return [([p.name for p in people], codes[-1]) for people, codes in visits.groups(frame, value)]


@pytest.mark.parametrize("sentence, found", [
    ("朔尔茨18日访问日本、韩国和越南。", [(["朔尔茨"], "JP"), (["朔尔茨"], "KR"), (["朔尔茨"], "VN")]),
    ("朔尔茨18日对意大利、希腊进行正式访问。", [(["朔尔茨"], "IT"), (["朔尔茨"], "GR")]),
    ("应泰国总理和越南总理邀请，李强18日离开北京，对上述两国进行正式访问。",
     [(["李强"], "TH"), (["李强"], "VN")]),                                             # the countries named before
    ("法国外长塞茹尔内和德国外长贝尔伯克18日先后访华。",
     [(["塞茹尔内"], "CN"), (["贝尔伯克"], "CN")]),                                      # each travels
    ("外长王毅18日陪同国务院总理李强访问德国。", [(["李强", "王毅"], "DE")]),              # who accompanies travels too
    ("应普京邀请，莫迪18日访问俄罗斯。", [(["莫迪"], "RU")]),                              # the inviter stays home
    ("莫迪18日邀请普京访问印度。", []),                                                  # an invitation
    ("美国18日宣布制裁访问委内瑞拉的官员。", []),                                          # describes somebody
])
def test_groups(read_frames, sentence, found):
    frame = next(f for f in read_frames(sentence, NOW) if f.kind == "visit")
    assert _visits(frame) == found


def test_laifang_is_a_visit_to_the_papers_own_country(read_frames):
    frame = read_frames("巴西总统卢拉18日再度来访。", NOW, home="CN")[0]
    assert _visits(frame) == [(["卢拉"], "CN")]
    abroad = read_frames("黄循财18日表示，欢迎王毅部长来访。", NOW, home="CN")[0]  # one of ours, welcomed abroad
    assert _visits(abroad) == []
    as_time = read_frames("卢拉来访当天，双方签署了协议。", NOW, home="CN")              # a time, not an event
    assert not any(_visits(f) for f in as_time if f.kind == "visit")


@pytest.mark.parametrize("sentence, country", [
    ("莫迪18日在河内出席论坛。", "VN"),                                         # the place right before
    ("莫迪18日在越南河内参加会议。", "VN"),
    ("莫迪18日出席巴西总统就职典礼。", "BR"),                                   # a country's own ceremony
    ("莫迪18日在阿斯塔纳出席峰会期间会见普京。", None),                          # only sets the scene
    ("莫迪18日出席论坛。", None),                                               # attending is no trip by itself
])
def test_attended_abroad(sentence, country):
    gz = load()
    from app.ingest.normalize import normalize
    text = normalize(sentence)
    trigger = next(t for t in gz.trigger_regex.finditer(text) if t.group(0) in gz.cues["attend_words"])
    assert visits.attended_abroad(text, trigger, gz) == country


@pytest.mark.parametrize("sentence, found", [
    ("越方代表团18日抵达北京。", [([], "CN")]),                                          # a state's delegation
    ("日本自民黨代表團18日訪華。", [([], "CN")]),
    ("新加坡武装部队代表团18日访问澳洲。", [([], "AU")]),
    ("美國國會議員代表團18日抵達台北。", [([], "TW")]),                                    # legislators, unnamed
    ("巴西國家隊18日出訪葡萄牙，將與對手進行熱身賽。", []),                               # a team
    ("日本國家隊18日出訪英國。", []),                                                   # 日本国 + 家队: still a team
    ("香港管弦樂團18日出訪韓國，於首爾等三個城市巡演。", []),                              # a troupe (乐团)
    ("德国地震专家代表团18日访问印尼。", []),                                            # experts
    ("马来西亚国家石油公司总裁18日前往越南，洽谈海上油气合作。", []),                       # a firm
    ("清華大學女排18日訪問日本，與當地球隊進行友誼賽。", []),                               # a school's team
    ("英国皇家海军舰艇18日抵达越南金兰湾。", []),                                         # a ship
    ("嫌犯18日从曼谷乘机抵达广州，随即被警方控制。", []),                                  # where he came from
])
def test_a_country_alone_travels_only_for_its_state(read_frames, sentence, found):
    frames = [f for f in read_frames(sentence, NOW) if f.kind == "visit"]
    assert [group for frame in frames for group in _visits(frame)] == found
