"""One real-world event, many mentions: one event with every source."""
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingest.merge import assign_ids, cluster


def src(article_id, kind, day, actors=(), countries=(), precision=None, imprecise=False, evidence="", end=None):
    """`actors`: (id, country) of gazetteer people (they have an English
    name), or (id, country, None) of people the gazetteer lacks."""
    return SimpleNamespace(
        article_id=article_id, type=kind, date=day, date_end=end, status="held", location=None,
        date_precision=precision or {10: "day", 7: "month", 4: "year"}[len(day)], imprecise=imprecise,
        confidence=0.9, evidence=evidence or f"{kind}{day}{actors}{countries}",
        actors=[{"id": a[0], "name": a[0], "as_written": a[0], "country": a[1],
                 "name_en": a[2] if len(a) > 2 else a[0].title()} for a in actors], countries=list(countries))


WANG, LAVROV = ("wang-yi", "CN"), ("sergey-lavrov", "RU")
XI, PUTIN, MIRZ = ("xi-jinping", "CN"), ("vladimir-putin", "RU"), ("shavkat-mirziyoyev", "UZ")
NAMES = {1: "a.txt", 2: "b.txt", 3: "c.txt"}


def ids(sources):
    return sorted(i for i, _ in assign_ids(cluster(sources, NAMES)))


def test_same_call_in_two_articles_is_one_event():
    drafts = cluster([src(1, "call", "2022-01-10", [WANG, LAVROV], ["CN", "RU"]),
                      src(2, "call", "2022-01-10", [LAVROV, WANG], ["RU", "CN"])], NAMES)
    assert len(drafts) == 1 and len(drafts[0].sources) == 2


def test_country_report_joins_named_report_of_the_same_day():
    drafts = cluster([src(1, "talks", "2022-01-10", countries=["RU", "US"]),
                      src(2, "talks", "2022-01-10", [("wendy-sherman", "US"), ("sergei-ryabkov", "RU")], ["US", "RU"])], NAMES)
    assert len(drafts) == 1
    assert {a["id"] for a in drafts[0].actors} == {"wendy-sherman", "sergei-ryabkov"}


def test_month_reports_between_same_countries_stay_apart_from_named_meeting():
    drafts = cluster([src(1, "talks", "2019-12", countries=["CN", "RU"]),
                      src(1, "talks", "2019-12", [XI, ("nikolai-patrushev", "RU")], ["CN", "RU"])], NAMES)
    assert len(drafts) == 2


def test_vague_report_joins_the_precise_one():
    drafts = cluster([src(1, "talks", "2022-01", countries=["RU", "US"], imprecise=True),
                      src(2, "talks", "2022-01-10", countries=["RU", "US"])], NAMES)
    assert len(drafts) == 1 and drafts[0].date == "2022-01-10"


def test_month_precise_mention_keeps_the_day_of_another():
    drafts = cluster([src(1, "visit", "2021-03", [LAVROV], ["RU", "CN"]),
                      src(2, "visit", "2021-03-22", [LAVROV], ["RU", "CN"])], NAMES)
    assert len(drafts) == 1 and (drafts[0].date, drafts[0].precision) == ("2021-03-22", "day")


def test_two_calls_of_one_leader_on_one_day_stay_apart():
    drafts = cluster([src(1, "call", "2020-05-07", [XI, MIRZ], ["CN", "UZ"]),
                      src(1, "call", "2020-05-07", [XI, ("marcelo-rebelo-de-sousa", "PT")], ["CN", "PT"])], NAMES)
    assert len(drafts) == 2


def test_different_days_or_types_stay_apart():
    assert len(cluster([src(1, "call", "2020-05-07", [XI, PUTIN]), src(1, "call", "2020-05-08", [XI, PUTIN])], NAMES)) == 2
    assert len(cluster([src(1, "visit", "2021-03-22", [LAVROV]), src(1, "talks", "2021-03-22", [LAVROV])], NAMES)) == 2


def test_spans_meet():
    drafts = cluster([src(1, "visit", "2021-03-22", [LAVROV], end="2021-03-23"),
                      src(2, "visit", "2021-03-23", [LAVROV])], NAMES)
    assert len(drafts) == 1 and drafts[0].date_end == "2021-03-23"


def test_reports_of_one_visit_on_its_different_days_are_one_visit():
    """抵达 on the 12th, 来华进行国事访问的卢拉 on the 13th: one visit, 12th to 13th."""
    lula = ("luiz-inacio-lula-da-silva", "BR")
    drafts = cluster([src(1, "visit", "2025-05-13", [lula], ["BR", "CN"]),
                      src(2, "visit", "2025-05-12", [lula], ["BR", "CN"])], NAMES)
    assert len(drafts) == 1
    assert (drafts[0].date, drafts[0].date_end) == ("2025-05-12", "2025-05-13")


def test_visits_a_few_days_apart_do_not_chain_into_one():
    """Days 1, 5, 9, 13: each within six days of the one before, but a visit
    is measured from its first report."""
    drafts = cluster([src(n, "visit", f"2025-05-{day:02d}", [LAVROV], ["RU", "CN"])
                      for n, day in enumerate((1, 5, 9, 13), start=1)], {n: f"{n}.txt" for n in range(1, 5)})
    assert [(d.date, d.date_end) for d in drafts] == [("2025-05-01", "2025-05-05"), ("2025-05-09", "2025-05-13")]


def test_visits_more_than_a_week_apart_stay_apart():
    drafts = cluster([src(1, "visit", "2025-05-12", [LAVROV], ["RU", "CN"]),
                      src(2, "visit", "2025-05-20", [LAVROV], ["RU", "CN"])], NAMES)
    assert len(drafts) == 2


def test_every_spelling_is_kept():
    a = src(1, "call", "2020-12-22", [WANG, LAVROV])
    b = src(2, "call", "2020-12-22", [WANG, LAVROV])
    b.actors[1]["as_written"] = "拉夫羅夫"
    [draft] = cluster([a, b], NAMES)
    lavrov = next(x for x in draft.actors if x["id"] == "sergey-lavrov")
    assert lavrov["names"] == ["sergey-lavrov", "拉夫羅夫"]


def test_a_person_the_gazetteer_lacks_is_one_person_however_outlets_spell_him():
    """拉米雷斯 (mainland) and 拉米瑞茲 (Taiwan): Paraguay's foreign minister both times."""
    a = src(1, "talks", "2025-05-15", [WANG, ("lamileisi", "PY", None)], ["CN", "PY"])
    b = src(2, "talks", "2025-05-15", [WANG, ("lamiruizi", "PY", None)], ["CN", "PY"])
    [draft] = cluster([a, b], NAMES)
    assert [x["id"] for x in draft.actors] == ["wang-yi", "lamileisi"]
    assert draft.actors[1]["names"] == ["lamileisi", "lamiruizi"]


def test_two_people_the_gazetteer_lacks_of_one_country_in_one_report_stay_two():
    a = src(1, "talks", "2025-05-15", [WANG, ("pena", "PY", None), ("lamileisi", "PY", None)], ["CN", "PY"])
    b = src(2, "talks", "2025-05-15", [WANG, ("lamiruizi", "PY", None)], ["CN", "PY"])
    [draft] = cluster([a, b], NAMES)
    assert [x["id"] for x in draft.actors] == ["wang-yi", "lamileisi", "lamiruizi", "pena"]


def test_known_people_of_one_country_are_not_taken_for_each_other():
    a = src(1, "call", "2025-05-15", [WANG, LAVROV], ["CN", "RU"])
    b = src(2, "call", "2025-05-15", [WANG, PUTIN], ["CN", "RU"])
    assert len(cluster([a, b], NAMES)) == 2


def test_id_is_date_type_participants_china_first():
    assert ids([src(1, "call", "2022-01-10", [LAVROV, WANG])]) == ["2022-01-10-call-wang-yi-sergey-lavrov"]
    assert ids([src(1, "talks", "2022-01-10", countries=["US", "RU"])]) == ["2022-01-10-talks-ru-us"]
    assert ids([src(1, "visit", "2021-03-22", [LAVROV], ["RU", "CN"])]) == ["2021-03-22-visit-sergey-lavrov-cn"]


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]])
def test_ids_do_not_depend_on_ingest_order(order):
    sources = [src(1, "talks", "2022-01-10", countries=["RU", "US"]),
               src(2, "talks", "2022-01-10", [("wendy-sherman", "US"), ("sergei-ryabkov", "RU")]),
               src(3, "call", "2022-01-10", [WANG, LAVROV]),
               src(3, "call", "2022-01-10", [WANG, LAVROV], evidence="again")]
    assert ids([sources[i] for i in order]) == ["2022-01-10-call-wang-yi-sergey-lavrov",
                                                "2022-01-10-talks-sergei-ryabkov-wendy-sherman"]


def test_country_reports_of_a_month_and_of_a_day_in_it_merge():
    drafts = cluster([src(1, "talks", "2019-12", countries=["CN", "RU"]),
                      src(2, "talks", "2019-12-05", countries=["CN", "RU"])], NAMES)
    assert len(drafts) == 1 and drafts[0].date == "2019-12-05"


def test_colliding_ids_are_numbered():
    """Ids name four participants at most; two summits that share the first
    four but not the fifth are two events and need two ids."""
    four = [(f"leader-{c}", c.upper()) for c in "abcd"]
    got = ids([src(1, "talks", "2024-10-22", four + [("leader-e", "E")]),
               src(2, "talks", "2024-10-22", four + [("leader-f", "F")])])
    assert got == ["2024-10-22-talks-leader-a-leader-b-leader-c-leader-d-and-1-more",
                   "2024-10-22-talks-leader-a-leader-b-leader-c-leader-d-and-1-more-2"]


def _plain_first_fit(sources, names):
    """The definition the candidate index must agree with: every draft is tried."""
    from app.ingest.merge import Draft, sort_key

    drafts = []
    for source in sorted(sources, key=lambda s: sort_key(s, names.get(s.article_id, ""))):
        home = next((d for d in drafts if d.accepts(source)), None)
        if home is None:
            drafts.append(Draft([source]))
        else:
            home.add(source)
    return drafts


PEOPLE = [WANG, LAVROV, XI, PUTIN, MIRZ, ("antony-blinken", "US")]
DAYS = ["2022-01", "2022-01-09", "2022-01-10", "2022-01-11", "2022-01-12"]


@given(st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(DAYS),
                          st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True),
                          st.lists(st.sampled_from(["CN", "RU", "US", "UZ"]), max_size=2, unique=True),
                          st.booleans(), st.integers(0, 3)), max_size=25))
@settings(max_examples=300, deadline=None)
def test_the_candidate_index_finds_the_same_drafts_as_trying_every_draft(rows):
    sources = []
    for n, (article, day, people, codes, imprecise, span) in enumerate(rows):
        end = None
        if len(day) == 10 and span:
            end = f"2022-01-{int(day[-2:]) + span:02d}"
        sources.append(src(article, "talks", day, people, codes, imprecise=imprecise, end=end, evidence=f"e{n}"))
    fast = [[s.evidence for s in d.sources] for d in cluster(sources, NAMES)]
    plain = [[s.evidence for s in d.sources] for d in _plain_first_fit(sources, NAMES)]
    assert fast == plain


@pytest.mark.parametrize("places, expected", [
    (["华府", "华盛顿", "纽约"], "华盛顿"),                  # two names of one place outnumber the other
    (["华府", "华府", "华盛顿", "纽约", "纽约"], "华府"),    # written as most of its reports write it
    (["莫斯科克宫", "莫斯科克里姆林宫", "圣彼得堡"], "莫斯科克里姆林宫"),
    (["纽约", "纽约", "华府"], "纽约"),
])
def test_two_names_of_one_place_are_one_place(places, expected):
    sources = [src(i, "talks", "2024-03-05", [WANG, LAVROV], ["CN", "RU"], evidence=f"会谈{i}") for i in
               range(len(places))]
    for source, place in zip(sources, places):
        source.location = place
    drafts = cluster(sources, {i: f"{i}.txt" for i in range(len(places))})
    assert len(drafts) == 1 and drafts[0].location == expected
