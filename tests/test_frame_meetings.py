"""meetings.py: who meets whom in a talks or call frame — one event per
partner when a subject meets several, offices resolved to their holders."""
from datetime import date

import pytest

from app.ingest.frames import meetings, when

NOW = date(2024, 6, 20)


def _groups(frame):
    value = when.date_of(frame)[0]
    return [sorted(p.name for p in people) for people, _ in meetings.groups(frame, value, frame.sides())]


@pytest.mark.parametrize("sentence, groups", [
    ("莫迪18日同普京通电话。", [["普京", "莫迪"]]),
    ("莫迪18日分别同普京、拜登通电话。", [["普京", "莫迪"], ["拜登", "莫迪"]]),          # 分别: one call each
    ("莫迪18日同普京、拜登分别通电话。", [["普京", "莫迪"], ["拜登", "莫迪"]]),
    ("莫迪18日先后会见了普京和拜登。", [["普京", "莫迪"], ["拜登", "莫迪"]]),
    ("莫迪18日与普京及拜登会面。", [["普京", "莫迪"], ["拜登", "莫迪"]]),             # listed after 与: one each
    ("莫迪18日与普京及拜登举行三方会谈。", [["拜登", "普京", "莫迪"]]),               # one meeting of all
    ("莫迪18日同俄罗斯总统通电话。", [["普京", "莫迪"]]),                            # an office → its holder that day
])
def test_groups(read_frames, sentence, groups):
    frame = next(f for f in read_frames(sentence, NOW) if f.kind != "visit")
    assert _groups(frame) == groups


def test_a_counted_set_of_partners_is_read_from_the_list_after_the_colon(read_frames):
    sentence = "王毅18日先后同3位外国外长通电话：俄罗斯外长拉夫罗夫、法国外长塞茹尔内、日本外相上川阳子。"
    frame = read_frames(sentence, NOW)[0]
    assert _groups(frame) == [["拉夫罗夫", "王毅"], ["塞茹尔内", "王毅"], ["上川阳子", "王毅"]]


def test_an_office_named_beside_its_holder_is_not_a_second_person(read_frames):
    frame = read_frames("习近平18日同拜登举行中美元首会晤。", NOW)[0]
    assert _groups(frame) == [["习近平", "拜登"]]


@pytest.mark.parametrize("sentence, sides", [
    ("中国石化董事长18日会见了沙特阿美公司总裁。", set()),                          # firms are no sides
    ("臺灣高等法院院長18日會見了前來交流的阿聯酋法官代表團。", set()),                 # judges, a court
    ("北京大学校长18日会见了英国剑桥大学代表团。", set()),                           # schools
    ("据日本媒体报道，日本外相18日同韩国外长举行会谈。", {"JP", "KR"}),              # the media say; the ministers meet
    ("越南外交部副部长18日会见了来访的中国外交部副部长。", {"VN", "CN"}),            # a ministry is the state
    ("中国与欧盟经贸高层对话18日在布鲁塞尔举行。", {"CN", "EU"}),                  # 经贸 after a joiner: both sides'
    ("美國在台協會處長18日會見了台灣外交部長。", {"US", "TW"}),                      # AIT speaks for its state
])
def test_a_country_that_only_says_whose_a_body_is_is_no_side(read_frames, sentence, sides):
    frame = next(f for f in read_frames(sentence, NOW) if f.kind != "visit")
    assert {code for _, code in frame.sides()} == sides
