"""The data the extractor knows the world by is consistent and current."""
import importlib.util
import re
from collections import Counter
from datetime import date

import pytest

from app.ingest.gazetteer import DATA, load
from conftest import ROOT

gz = load()


def test_every_person_has_a_known_country_and_known_titles():
    assert {p.country for p in gz.people.values()} <= set(gz.countries)
    assert {o.title for p in gz.people.values() for o in p.offices} <= set(gz.titles)


def test_no_spelling_names_two_people():
    counts = Counter(s for p in gz.people.values() for s in p.spellings)
    assert [s for s, n in counts.items() if n > 1] == []


def test_offices_end_after_they_start():
    assert all(o.start < o.end for p in gz.people.values() for o in p.offices if o.start and o.end)


def test_places_belong_to_known_countries_and_titles_have_offices():
    assert set(gz.places.values()) <= set(gz.countries)
    assert all(gz.titles.values())


def test_country_codes_are_iso_codes_or_organisation_codes():
    """YAML reads a bare NO (Norway) as false; every code must stay a string."""
    codes = [*gz.countries, *gz.places.values(), *(p.country for p in gz.people.values())]
    assert all(isinstance(c, str) and re.fullmatch(r"[A-Z]{2}|[A-Z0-9]{2,5}(?:-ORG)?", c) for c in codes)
    assert gz.places["奥斯陆"] == "NO" and gz.country_words["挪威"] == "NO"


UN_MEMBERS = """AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF
TD CL CN CO KM CG CD CR CI HR CU CY CZ KP DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW
GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX
FM MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST
SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE
VN YE ZM ZW""".split()


def test_every_un_member_is_known():
    """Diplomacy involves every state; one missing makes its leaders Chinese by default."""
    assert len(UN_MEMBERS) == 193
    assert [code for code in UN_MEMBERS if code not in gz.countries] == []
    assert {"TW", "PS", "VA"} <= set(gz.countries)


def test_no_country_word_names_two_countries():
    words = Counter(w for e in gz.countries.values() for w in e.get("names", []))
    assert [w for w, n in words.items() if n > 1] == []


def test_each_not_country_word_contains_a_country_word():
    """A not_countries word only matters if it hides a country name (印度洋 → 印度)."""
    for word in gz.cues["not_countries"]:
        assert word not in gz.country_words
        assert any(name in word for name in gz.country_words if len(name) >= 2), word


@pytest.mark.parametrize("country, office, day, holder", [
    ("CN", "foreign_minister", date(2020, 12, 22), "wang-yi"),
    ("CN", "foreign_minister", date(2023, 3, 1), "qin-gang"),
    ("CN", "foreign_minister", date(2012, 6, 1), "yang-jiechi"),
    ("RU", "foreign_minister", date(2015, 6, 1), "sergey-lavrov"),
    ("US", "head_of_state", date(2019, 6, 1), "donald-trump"),
    ("US", "head_of_state", date(2021, 6, 1), "joe-biden"),
    ("US", "head_of_state", date(2025, 6, 1), "donald-trump"),
    ("US", "foreign_minister", date(2018, 6, 1), "mike-pompeo"),
    ("JP", "head_of_government", date(2024, 12, 1), "shigeru-ishiba"),
    ("KR", "foreign_minister", date(2023, 1, 1), "park-jin"),
    ("KR", "head_of_state", date(2020, 1, 1), "moon-jae-in"),
    ("GB", "head_of_government", date(2022, 10, 1), "liz-truss"),
    ("IN", "foreign_minister", date(2024, 7, 8), "s-jaishankar"),
    ("TW", "head_of_state", date(2020, 1, 1), "tsai-ing-wen"),
    ("KP", "foreign_minister", date(2021, 1, 1), "ri-son-gwon"),
    # a leader (领导人, 首脑) is the office that leads each country
    ("JP", "leader", date(2025, 6, 1), "shigeru-ishiba"),
    ("US", "leader", date(2025, 6, 1), "donald-trump"),
    ("VN", "leader", date(2025, 6, 1), "to-lam"),
    ("CN", "leader", date(2025, 6, 1), "xi-jinping"),
])
def test_role_words_resolve_to_the_holder_of_the_day(country, office, day, holder):
    assert gz.holder(country, office, day).id == holder


def test_no_holder_when_the_office_is_not_known_for_that_day():
    assert gz.holder("CN", "foreign_minister", date(1990, 1, 1)) is None


@pytest.mark.parametrize("office", ["legislator", "envoy", "ambassador", "spokesperson", "deputy_foreign_minister"])
def test_an_office_many_hold_at_once_has_no_holder(office):
    """美国议员 is one of hundreds: never the one legislator the gazetteer knows."""
    assert office in gz.title_words["plural_offices"]
    assert all(gz.holder(code, office, date(2024, 6, 18)) is None for code in gz.countries)


def test_every_plural_office_is_an_office_of_some_title():
    offices = {t["office"] for t in gz.title_words["titles"]}
    assert set(gz.title_words["plural_offices"]) <= offices


@pytest.mark.parametrize("query, person", [("Putin", "vladimir-putin"), ("普丁", "vladimir-putin"),
                                           ("習近平", "xi-jinping"), ("xi jinping", "xi-jinping"),
                                           ("拉夫羅夫", "sergey-lavrov"), ("sergey-lavrov", "sergey-lavrov")])
def test_search_by_any_spelling(query, person):
    assert person in [p.id for p in gz.search(query)]


def test_traditional_spellings_are_filled():
    spec = importlib.util.spec_from_file_location("fill", ROOT / "scripts" / "fill_traditional.py")
    fill = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fill)
    text = (DATA / "people.yaml").read_text(encoding="utf-8")
    assert fill.fill(text) == text, "run scripts/fill_traditional.py after editing people.yaml"
    assert "拉夫羅夫" in gz.people["sergey-lavrov"].traditional


def test_venues_and_their_cities_are_places_of_one_country():
    for venue, city in gz.venues.items():
        assert venue in gz.places and city in gz.places, venue
        assert gz.places[venue] == gz.places[city], venue


def test_no_place_reads_as_a_person():
    """科纳克里 holds 克里 (Kerry), 巴黎奥利机场 holds 奥利 (Oli): a place is no one."""
    from app.ingest.entities import find_people
    readings = {place: [p.name for p in find_people(f"在{place}举行会谈", gz) if not p.role_only]
                for place in [*gz.places, *gz.venues]}
    assert {place: names for place, names in readings.items() if names} == {}


def test_organisations_are_marked():
    assert {code for code in gz.countries if gz.is_organisation(code)} >= {"EU", "UN", "NATO", "ASEAN", "SCO", "G7"}
    assert not any(gz.is_organisation(code) for code in UN_MEMBERS)
