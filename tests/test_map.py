"""The world map: its geometry (decoded, projected, cut at the antimeridian,
inside its viewBox) and the maps of a person, a country and a filtered view
— countries shaded by their events, links to the narrowed view, tooltips in
both languages — and a person's trips in date order. Over articles written
here, so every count is known."""
import math
import re
from html import unescape

import pytest

from app.web.geo import World, decode_arcs, split_at_antimeridian, world
from conftest import write

ARTICLES = {
    "call.md": ("2022-01-11", "1月10日，国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。"),
    "jakarta.md": ("2022-02-02", "国务委员兼外长王毅2月1日抵达雅加达，开始对印度尼西亚进行正式访问。"),
    "moscow.md": ("2022-03-06", "国务委员兼外长王毅3月5日抵达莫斯科，对俄罗斯进行正式访问。"),
    "geneva.md": ("2022-03-09", "3月8日，国务委员兼外长王毅在日内瓦同美国国务卿布林肯举行会谈。"),
    "huangshan.md": ("2022-03-31", "3月30日，国务委员兼外长王毅在安徽黄山会见来访的俄罗斯外长拉夫罗夫。"),
    "jaishankar.md": ("2022-04-02", "4月1日，俄罗斯外长拉夫罗夫在莫斯科会见到访的印度外长苏杰生。"),
    "singapore.md": ("2022-04-21", "国务委员兼外长王毅4月20日抵达新加坡，对新加坡进行正式访问。"),
}
# What they hold, by country: Wang Yi (CN, all six of his events) — Russia 3 (the call, his visit
# to Moscow, talks with Lavrov in Huangshan), Indonesia, the United States (talks in Geneva),
# Singapore 1 each.
WANG_YI_TRIPS = ["2022-02-01-visit-wang-yi-id", "2022-03-05-visit-wang-yi-ru",
                 "2022-03-08-talks-wang-yi-antony-blinken", "2022-04-20-visit-wang-yi-sg"]


@pytest.fixture
def web(client, engine, tmp_path):
    from app.ingest.pipeline import ingest
    for name, (day, text) in ARTICLES.items():
        write(tmp_path / "docs" / name, f"---\ndate: {day}\n---\n{text}")
    assert ingest(engine, [tmp_path / "docs"]).ok
    return client


def svg_of(html: str) -> str:
    return html[html.index('<svg class="world"'):html.index("</svg>", html.index('<svg class="world"'))]


def links(svg: str) -> dict[str, tuple[str, str]]:
    """The map's links: href → (the shape's classes, its tooltip)."""
    found = re.findall(r'<a href="([^"]+)" tabindex="-1"><(?:path|circle) class="([^"]+)"[^>]*><title>([^<]+)</title>', svg)
    return {unescape(href): (classes, title) for href, classes, title in found}


def points(d: str) -> list[list[tuple[int, int]]]:
    """Absolute points of each ring of path data (M x y l dx dy … z)."""
    rings = []
    for start_x, start_y, steps in re.findall(r"M(-?\d+) (-?\d+)(?:l([-\d ]+))?z", d):
        x, y = int(start_x), int(start_y)
        ring = [(x, y)]
        numbers = [int(n) for n in steps.split()] if steps else []
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


# --- geometry ---

def test_topojson_arcs_are_delta_decoded_and_scaled():
    topology = {"transform": {"scale": [0.5, 0.25], "translate": [-180, -90]}, "arcs": [[[0, 0], [2, 4], [-1, 4]]]}
    assert decode_arcs(topology) == [[(-180.0, -90.0), (-179.0, -89.0), (-179.5, -88.0)]]


def test_a_ring_across_the_antimeridian_is_cut_into_pieces_on_either_side():
    ring = [(178.0, 60.0), (-178.0, 60.0), (-178.0, 64.0), (178.0, 64.0)]
    pieces = split_at_antimeridian(ring)
    assert len(pieces) == 2
    assert all(-180 <= lon <= 180 for piece in pieces for lon, _ in piece)
    beyond, before = sorted(pieces, key=lambda piece: min(lon for lon, _ in piece))
    assert {lon for lon, _ in beyond} == {-180.0, -178.0} and {lon for lon, _ in before} == {178.0, 180.0}


def test_the_world_decodes_into_finite_paths_inside_the_view_box():
    found: World = world()
    assert found.width == 1000 and 300 < found.height < 600
    for code in ("RU", "CN", "US", "FR", "BR", "FJ", "SG"):
        assert found.by_code[code].d, code
    for shape in found.shapes:
        for ring in points(shape.d):
            for x, y in ring:
                assert math.isfinite(x) and math.isfinite(y)
                assert 0 <= x <= found.width and 0 <= y <= found.height, (shape.name, x, y)
            # no edge streaks across the map (Russia and Fiji cross 180°)
            assert all(abs(x2 - x1) < found.width / 4 for (x1, _), (x2, _) in zip(ring, ring[1:])), shape.name
    russia = [[x for x, _ in ring] for ring in points(found.by_code["RU"].d)]
    assert any(max(ring) < 150 for ring in russia)  # Chukotka past 180°, drawn at the western edge
    assert any(min(ring) > 500 for ring in russia)
    assert found.by_code["SG"].small and not found.by_code["RU"].small


def test_every_country_of_the_gazetteer_has_its_number_and_a_shape():
    from app.ingest.gazetteer import load
    from app.web.geo import alpha2_by_numeric
    numbered = set(alpha2_by_numeric().values())
    countries = {code for code, entry in load().countries.items() if not entry.get("org")}
    assert countries == numbered
    assert countries - set(world().by_code) == {"TV"}  # Tuvalu: no shape in the 1:50m atlas, listed only


# --- a person ---

def test_a_persons_map_shades_the_countries_of_their_events_and_links_to_them(web):
    html = web.get("/actors/wang-yi").text
    svg = svg_of(html)
    found = links(svg)
    assert set(found) == {f"/?actor=wang-yi&country={c}" for c in ("RU", "ID", "US", "SG")}
    assert found["/?actor=wang-yi&country=RU"][0] == "s4 visited"  # the busiest, and he went there
    assert found["/?actor=wang-yi&country=US"][0] == "s2"  # met in Geneva: no trip to the US
    for href, (_, title) in found.items():  # each link narrows to as many events as its tooltip says
        count = int(re.search(r"(\d+) 个事件", title).group(1))
        assert web.get(href.replace("/?", "/api/events?")).json()["total"] == count
    assert '<path class="home"' in svg and "country=CN" not in svg  # his own country is marked, not counted


def test_a_country_without_events_is_drawn_plain_and_is_no_link(web):
    svg = svg_of(web.get("/actors/wang-yi").text)
    land = re.search(r'<path class="land" d="([^"]+)"', svg).group(1)
    brazil = world().by_code["BR"].d
    assert brazil in land and "country=BR" not in svg
    assert svg.count(brazil) == 1


def test_tooltips_in_chinese_and_english(web):
    zh = links(svg_of(web.get("/actors/wang-yi").text))
    assert zh["/?actor=wang-yi&country=RU"][1] == "俄罗斯：3 个事件，其中出访 1 次"
    assert zh["/?actor=wang-yi&country=US"][1] == "美国：1 个事件"
    en = links(svg_of(web.get("/actors/wang-yi?lang=en").text))
    assert en["/?lang=en&actor=wang-yi&country=RU"][1] == "Russia: 3 events, 1 trip there"
    assert en["/?lang=en&actor=wang-yi&country=US"][1] == "United States: 1 event"


def test_the_map_is_no_row_of_tab_stops_the_ranked_list_has_its_links(web):
    html = web.get("/actors/wang-yi").text
    svg = svg_of(html)
    assert svg.count("<a ") == svg.count('tabindex="-1"') > 0
    listed = re.findall(r'<li value="(\d+)"><a href="([^"]+)"', html)
    assert [rank for rank, _ in listed] == ["1", "2", "3", "4"]
    assert {unescape(href) for _, href in listed} == set(links(svg))
    assert unescape(listed[0][1]) == "/?actor=wang-yi&country=RU"


def test_a_country_too_small_to_click_is_a_dot_and_in_the_list(web):
    html = web.get("/actors/wang-yi").text
    assert re.search(r'<a href="/\?actor=wang-yi&amp;country=SG" tabindex="-1"><circle class="dot s2 visited"', svg_of(html))
    places = html[html.index('<ol class="places">'):]
    assert re.search(r'<li value="\d+"><a href="/\?actor=wang-yi&amp;country=SG">(?:(?!</li>).)*新加坡</a>', places)  # the keyboard's way in


def test_a_persons_trips_are_listed_in_date_order(web):
    html = web.get("/actors/wang-yi").text
    trips = html[html.index('<ol class="trips">'):html.index("</ol>", html.index('<ol class="trips">'))]
    assert re.findall(r'href="/events/([^"]+)"', trips) == WANG_YI_TRIPS  # not the call, not Huangshan at home
    assert "日内瓦" in trips and "瑞士" in trips  # talks abroad are a trip to the place's country
    english = web.get("/actors/wang-yi?lang=en").text
    assert "Switzerland, Geneva" in english
    assert "新加坡</a>" in trips and "新加坡，新加坡" not in trips  # a city-state's place is not said twice
    assert "Singapore</a>" in english and "Singapore, Singapore" not in english


def test_trips_are_read_a_chunk_at_a_time_until_there_are_enough(web, session, monkeypatch):
    from app import trips
    from app.models import Actor
    wang_yi = session.get(Actor, "wang-yi")
    monkeypatch.setattr(trips, "CHUNK", 1)  # one of his visits and talks read at a time
    newest, complete = trips.trips(session, wang_yi, 1000, size=2)
    assert [t.event_id for t in newest] == WANG_YI_TRIPS[-2:] and not complete
    every, complete = trips.trips(session, wang_yi, 1000)
    assert [t.event_id for t in every] == WANG_YI_TRIPS and complete


def test_when_only_the_newest_trips_were_read_the_map_outlines_them_without_counting(web, monkeypatch):
    from app import trips
    counted = links(svg_of(web.get("/actors/wang-yi").text))["/?actor=wang-yi&country=RU"][1]
    assert "出访" in counted  # all his trips read: how many to Russia
    monkeypatch.setattr(trips, "MAX_TRIPS", 1)  # only his newest journey
    newest = web.get("/actors/wang-yi.json").json()["trips"][-1]["country"]
    found = links(svg_of(web.get("/actors/wang-yi").text))
    outlined = {href for href, (classes, _) in found.items() if "visited" in classes}
    assert outlined == {f"/?actor=wang-yi&country={newest}"}
    assert not any("出访" in title for _, title in found.values())  # a count of the newest alone would be wrong


def test_a_visit_and_the_talks_during_it_are_one_trip(web):
    trips = web.get("/actors/sergey-lavrov.json").json()["trips"]
    assert [(t["date"], t["country"], t["event"]) for t in trips] == [
        ("2022-03-30", "CN", "2022-03-30-visit-sergey-lavrov-cn")]  # Moscow is home: no trip


def test_the_person_json_has_the_countries_and_trips(web):
    data = web.get("/actors/wang-yi.json").json()
    assert data["countries"] == {"CN": 6, "RU": 3, "ID": 1, "US": 1, "SG": 1}
    assert [t["event"] for t in data["trips"]] == WANG_YI_TRIPS and data["trips_complete"] is True


def test_the_map_degrades_within_the_budget(web, monkeypatch):
    from app.config import get_settings
    monkeypatch.setattr(get_settings(), "facet_budget_ms", 0)
    html = web.get("/actors/wang-yi").text
    assert "地图暂不可用" in html and '<svg class="world"' not in html and '<ol class="trips">' not in html


# --- a country, a filtered view ---

def test_a_country_page_maps_its_partners(web):
    found = links(svg_of(web.get("/countries/RU").text))
    assert set(found) == {"/?country=RU&country=CN", "/?country=RU&country=IN"}
    assert found["/?country=RU&country=CN"][1] == "中国：4 个事件"


def test_the_filtered_views_map_follows_the_filter(web):
    visits = links(svg_of(web.get("/counts?type=visit").text))
    assert set(visits) == {f"/?type=visit&country={c}" for c in ("CN", "RU", "ID", "SG", "IN")}
    assert visits["/?type=visit&country=RU"][1] == "俄罗斯：3 个事件"  # two to Russia, Lavrov's from it
    talks = links(svg_of(web.get("/counts?type=talks&lang=en").text))
    assert "/?type=talks&lang=en&country=US" in talks and "/?type=talks&lang=en&country=ID" not in talks
    for href, (_, title) in talks.items():
        count = int(re.search(r": (\d+) event", title).group(1))
        assert web.get(href.replace("/?", "/api/events?")).json()["total"] == count, href


def test_the_filters_countries_and_those_in_every_event_are_marked_not_linked(web):
    svg = svg_of(web.get("/counts?country=RU").text)
    assert "country=RU&amp;country=RU" not in svg and '<path class="home"' in svg
    assert set(links(svg)) == {"/?country=RU&country=CN", "/?country=RU&country=IN"}
    person = links(svg_of(web.get("/counts?actor=wang-yi").text))  # China is in every event of his
    assert "/?actor=wang-yi&country=CN" not in person and "/?actor=wang-yi&country=RU" in person


def test_the_map_scales_to_its_box(web):
    svg = svg_of(web.get("/countries/RU").text)
    opening = svg[:svg.index(">")]
    assert re.search(r'viewBox="0 0 1000 \d+"', opening) and "width=" not in opening and "height=" not in opening


def test_the_maps_queries_of_a_person_read_their_timeline_index(session):
    from datetime import date

    from sqlalchemy.dialects import sqlite

    from app import trips
    from app.profiles import ACTOR_COUNTRIES

    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan (the PostgreSQL pass runs the rest)")

    def plan(statement) -> str:
        compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        return "\n".join(row[-1] for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))

    for statement in (ACTOR_COUNTRIES.params(actor="wang-yi"),
                      trips._CANDIDATES.params(actor="wang-yi", day=date(2022, 3, 1), after="", chunk=250)):
        text = plan(statement)
        assert "ix_event_participant_timeline (actor_id=?" in text, text
        assert not any(line.startswith("SCAN") for line in text.splitlines()), text
    assert "TEMP B-TREE" not in plan(trips._CANDIDATES.params(actor="wang-yi", day=date.max, after="", chunk=250))
