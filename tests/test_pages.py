"""Facets, histogram, paging, actor, country and article pages, suggestions,
exports, permalink extras, redirects of changed ids, the language switch."""
import csv
import io
import re
from xml.etree import ElementTree as ET

import pytest
from icalendar import Calendar

from conftest import write

CALL = "2022-01-10-call-wang-yi-sergey-lavrov"
GENEVA = "2022-01-10-talks-sergei-ryabkov-wendy-sherman"


@pytest.fixture
def web(client, seeded):
    return client


def test_the_timeline_loads_its_counts_after_the_events(web):
    html = web.get("/?country=RU").text
    assert 'hx-get="/counts?country=RU" hx-trigger="load"' in html and 'href="/counts?country=RU"' in html
    fragment = web.get("/counts?country=RU", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'id="counts-top" class="counts-summary" hx-swap-oob="true"' in fragment.text
    assert fragment.headers["Vary"].startswith("HX-Request")
    page = web.get("/counts?country=RU").text  # without JavaScript: a page of its own
    assert "<!doctype html>" in page and 'href="/?country=RU"' in page and 'class="chart"' in page


def test_counts_as_json(web, monkeypatch):
    data = web.get("/counts.json?country=RU&type=call").json()
    assert data["complete"] and data["total"] == web.get("/api/events?country=RU&type=call").json()["total"]
    assert sum(m["count"] for m in data["months"]) == data["total"]
    assert {"value": "call", "label": "call", "count": data["total"]} in data["facets"]["type"]
    from app.config import get_settings
    monkeypatch.setattr(get_settings(), "facet_budget_ms", 0)
    partial = web.get("/counts.json?country=RU&type=call").json()
    assert not partial["complete"] and partial["total"] == data["total"] and partial["facets"]["actor"] is None


def test_facets_count_under_the_filter_and_narrow_it(web):
    html = web.get("/counts?country=RU").text
    assert 'href="/?country=RU&amp;type=call"' in html          # type facet adds to the current query
    assert 'href="/?country=RU&amp;actor=vladimir-putin"' in html
    assert 'href="/?country=RU&amp;from=2021-01-01&amp;to=2021-12-31"' in html  # a year sets the range
    narrowed = web.get("/api/events?country=RU&type=call").json()["total"]
    facet = html.split('href="/?country=RU&amp;type=call"')[1].split('class="n">')[1].split("<")[0]
    assert int(facet) == narrowed


def test_the_drawn_timeline_has_a_month_for_each_with_events_and_year_links(web):
    html = web.get("/counts").text
    assert '<svg class="chart"' in html and 'role="img"' in html
    months = re.findall(r'<g class="m" data-from="(\d{4}-\d{2})-01" data-to="(\d{4}-\d{2}-\d{2})"><title>([^<]+)</title>', html)
    assert ("2022-01", "2022-01-31") == months[-1][:2] and months[-1][2].startswith("2022-01: ")
    assert [m for m, _, _ in months] == sorted(m for m, _, _ in months) and len(months) >= 6
    assert html.count("<a href=") >= html.count('<text class="year"') >= 3  # the years are the links, not the months
    assert 'href="/?from=2021&amp;to=2021"' in html
    assert '<rect class="call"' in html and '<rect class="talks"' in html and '<rect class="visit"' in html


def test_years_and_months_group_the_list(web):
    html = web.get("/").text
    assert '<h2 class="year">2022年</h2>' in html and '<h2 class="year">2021年</h2>' in html


def test_paging_plain_and_infinite(web, monkeypatch):
    from app.config import get_settings
    monkeypatch.setattr(get_settings(), "page_size", 5)
    first = web.get("/").text
    more = re.search(r'<p class="more-link" id="more"><a href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert more.startswith("/?cursor=") and 'hx-trigger="revealed, click"' in first
    page2 = web.get(more, headers={"HX-Request": "true"}).text
    assert "<html" not in page2 and 'id="facets"' not in page2 and 'class="event ' in page2
    assert not set(re.findall(r'href="/events/([^"]+)"', first)) & set(re.findall(r'href="/events/([^"]+)"', page2))
    assert "<!doctype html>" in web.get(more).text  # without JavaScript, a whole page


def test_actor_page(web):
    html = web.get("/actors/vladimir-putin").text
    for text in ("普京", "Vladimir Putin", "普丁", "总统 2012-05-07", "习近平", "/?actor=vladimir-putin&amp;actor=xi-jinping"):
        assert text in html, text
    data = web.get("/actors/vladimir-putin.json").json()
    assert data["country"] == "RU" and "普亭" in data["names"] and len(data["events"]) == 5
    assert data["counterparts"][0] == {"id": "xi-jinping", "name": "习近平", "events": 3,
                                       "per_year": {"2020": 2, "2021": 1}}
    assert web.get("/actors/nobody").status_code == 404


def test_country_page(web):
    data = web.get("/countries/ru.json").json()
    partners = {p["code"]: p for p in data["partners"]}
    assert partners["CN"]["events"] >= 8 and partners["US"]["by_year"]["2022"] >= 1
    html = web.get("/countries/RU").text
    assert "俄罗斯" in html and 'href="/?country=RU&amp;country=CN"' in html
    assert web.get("/countries/XX").status_code == 404


def test_article_view_marks_the_sentences_that_made_events(web):
    event = web.get(f"/api/events/{CALL}").json()
    article_id = event["sources"][0]["article_id"]
    html = web.get(f"/articles/{article_id}").text
    assert f'<a class="evidence" id="{CALL}" href="/events/{CALL}"><mark>1月10日，国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。</mark></a>' in html
    assert "美联储副主席将提前离职" in html  # the whole text, as written
    assert web.get(f"/articles/{article_id}.json").json()["events"]
    assert f'/articles/{article_id}#{CALL}' in web.get(f"/events/{CALL}").text


def test_article_text_is_never_html(client, engine, tmp_path):
    from app.ingest.pipeline import ingest
    path = write(tmp_path / "x.txt", "---\ndate: 2022-01-11\n---\n10日，王毅同拉夫罗夫通电话。&lt;script&gt;alert(1)&lt;/script&gt; <b onclick=x>粗</b>")
    assert ingest(engine, [path]).ok
    article_id = client.get("/api/events").json()["events"][0]["sources"][0]["article_id"]
    html = client.get(f"/articles/{article_id}").text
    assert "<script>alert(1)</script>" not in html and "<b onclick" not in html


@pytest.mark.parametrize("typed, expected", [("普", "普京"), ("普丁", "普京"), ("Put", "Vladimir Putin"),
                                             ("xi", "Xi Jinping"), ("習", "习近平"), ("拉夫", "拉夫罗夫")])
def test_suggestions_as_you_type(web, typed, expected):
    r = web.get("/suggest/actors", params={"actor": typed}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and expected in r.text and 'class="suggestion"' in r.text


def test_suggestions_for_the_last_of_several_names(web):
    html = web.get("/suggest/actors", params={"actor": "普京, 拜"}).text
    assert "拜登" in html and "普京" not in html


def test_csv_export_of_the_current_filter(web):
    r = web.get("/events.csv?actor=普京")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert len(rows) == 5 and all("普京" in row["participants"] for row in rows)
    assert {"id", "date", "type", "status", "countries", "url"} <= set(rows[0])


def test_ics_feed(web):
    r = web.get("/events.ics?actor=Putin")
    assert r.headers["content-type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(r.content).walk("VEVENT")]
    assert len(events) == 5
    planned = next(e for e in events if "2021-06-16" in str(e["uid"]))
    assert str(planned["summary"]).startswith("拜登同普京会谈") and planned["dtstart"].dt.isoformat() == "2021-06-16"


def test_atom_feed(web):
    r = web.get("/events.atom?country=UZ")
    assert r.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(r.content).findall("a:entry", ns)
    assert len(entries) == 1 and "米尔济约耶夫" in entries[0].find("a:title", ns).text


def test_permalink_has_open_graph_related_and_copy_link(web):
    html = web.get(f"/events/{CALL}").text
    assert '<meta property="og:title" content="王毅同拉夫罗夫通电话 (2022年1月10日)">' in html
    assert f'<meta property="og:url" content="http://testserver/events/{CALL}">' in html
    assert 'name="twitter:card"' in html and 'class="copy-link"' in html
    assert "2021-03-22-talks-wang-yi-sergey-lavrov" in html  # related: the same people, earlier


def test_changed_id_redirects_permanently(client, engine, tmp_path):
    """A report by country only gets an id from the countries; when a later
    article names the people, the event's id changes and the old one moves."""
    from app.ingest.pipeline import ingest
    first = write(tmp_path / "a.md", "---\ndate: 2022-01-11\n---\n美国和俄罗斯10日在日内瓦举行会谈。")
    second = write(tmp_path / "b.md", "---\ndate: 2022-01-11\n---\n1月10日，美国副国务卿谢尔曼与俄罗斯副外长里亚布科夫举行会谈。")
    ingest(engine, [first])
    assert client.get("/events/2022-01-10-talks-ru-us").status_code == 200
    ingest(engine, [second])
    for old, new in (("/events/2022-01-10-talks-ru-us", f"/events/{GENEVA}"),
                     ("/events/2022-01-10-talks-ru-us.json", f"/events/{GENEVA}.json"),
                     ("/api/events/2022-01-10-talks-ru-us", f"/api/events/{GENEVA}")):
        r = client.get(old, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (301, new)


def test_language_switch_is_remembered(web):
    r = web.get("/lang/en?next=/events/" + CALL, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/events/{CALL}" and "lang=en" in r.headers["set-cookie"]
    web.cookies.set("lang", "en")
    html = web.get(f"/events/{CALL}").text
    assert "<h1>Wang Yi – Sergey Lavrov phone call</h1>" in html and 'lang="en"' in html
    assert "Sergey Lavrov visits China" in web.get("/events/2021-03-22-visit-sergey-lavrov-cn").text
    assert web.get("/lang/fr").status_code == 404
    assert web.get("/lang/en?next=//evil.example", follow_redirects=False).headers["location"] == "/"


@pytest.mark.parametrize("value", ["RU", "ru", "俄罗斯", "俄羅斯", "Russia"])
def test_country_filter_by_code_or_name(web, value):
    assert web.get("/api/events", params={"country": value}).json()["total"] == web.get("/api/events?country=RU").json()["total"]


def test_evidence_is_highlighted_in_its_context(web):
    html = web.get("/events/2021-05-25-call-yang-jiechi-vladimir-putin").text
    assert '<mark>5月25日,俄总统普京同正在莫斯科的杨洁篪通了电话。</mark><span class="context">据新华社报道,普京表示' in html


def test_in_context_cuts_long_paragraphs():
    from app.profiles import in_context
    before, after = in_context("甲" * 200 + "王毅同拉夫罗夫通电话。" + "乙" * 200 + "\n下一段", "王毅同拉夫罗夫通电话。", width=10)
    assert (before, after) == ("…" + "甲" * 10, "乙" * 10 + "…")
    assert in_context("无关", "王毅") == ("", "")


def test_facets_degrade_to_counts_unavailable(web, monkeypatch):
    from app.config import get_settings
    monkeypatch.setattr(get_settings(), "facet_budget_ms", 0)
    html = web.get("/counts?q=通电话").text  # text search: nothing kept to answer from
    assert "计数暂不可用" in html and "事件数暂不可用" in html and 'class="chart"' not in html
    assert 'class="event ' in web.get("/?q=通电话").text  # the list never waits for counts
    assert web.get("/api/events?q=通电话").json()["total"] is None


@pytest.mark.parametrize("query", ["", "country=RU", "actor=普京&type=call", "type=talks&status=held",
                                   "from=2021-01-01&to=2021-06-30", "country=RU&from=2020&to=2021"])
def test_common_views_count_from_the_tally_without_a_budget(web, monkeypatch, query):
    from app.config import get_settings
    live = web.get(f"/api/events?{query}&limit=1000").json()
    monkeypatch.setattr(get_settings(), "facet_budget_ms", 0)  # no time to count anything live
    html = web.get(f"/counts?{query}").text
    assert f"{live['total']:,} 个事件" in html and 'class="chart"' in html
    assert web.get(f"/api/events?{query}").json()["total"] == live["total"] == len(live["events"])


def test_a_view_the_tally_cannot_answer_keeps_what_it_can(web, monkeypatch):
    from app import profiles
    html = web.get("/counts?country=RU").text
    assert 'href="/?country=RU&amp;actor=vladimir-putin"' in html  # co-actors counted live
    real = profiles._top_actors
    monkeypatch.setattr(profiles, "_top_actors", lambda *a: (_ for _ in ()).throw(profiles.Unavailable()))
    html = web.get("/counts?country=RU").text
    assert "暂不可用" in html and 'class="chart"' in html and real


def test_time_budget_interrupts_a_slow_query(session):
    from sqlalchemy import text
    from app.budget import Unavailable, time_budget
    slow = text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT count(*) FROM n")
    with pytest.raises(Unavailable):
        with time_budget(session, 50):
            session.execute(slow).all()


def test_profiles_list_the_newest_events_and_link_to_all(web, monkeypatch):
    from app import profiles
    monkeypatch.setattr(profiles, "PROFILE_EVENTS", 2)
    total = web.get("/api/events?actor=vladimir-putin").json()["total"]
    html = web.get("/actors/vladimir-putin").text
    assert total > 2 and html.count('class="event ') == 2 and f"全部 {total} 个事件" in html
    country = web.get("/countries/RU").text
    assert country.count('class="event ') == 2 and 'href="/?country=RU">全部事件' in country


def test_profile_counts_degrade_within_the_budget(web, monkeypatch):
    from app.config import get_settings
    monkeypatch.setattr(get_settings(), "facet_budget_ms", 0)
    assert "对象统计暂不可用" in web.get("/actors/vladimir-putin").text
    assert "伙伴统计暂不可用" in web.get("/countries/RU").text
    assert web.get("/countries/RU.json").json()["partners"] is None


def test_related_events_are_the_nearest_of_the_same_people(web):
    event = web.get("/api/events?actor=vladimir-putin&actor=xi-jinping").json()["events"][0]
    html = web.get(event["url"]).text
    everyone = web.get("/api/events?actor=vladimir-putin").json()["events"] + \
        web.get("/api/events?actor=xi-jinping").json()["events"]
    earlier = {(e["date"], e["id"]) for e in everyone if e["date"] <= event["date"] and e["id"] != event["id"]}
    newest = max(day for day, _ in earlier)
    assert any(f'href="/events/{i}"' in html for day, i in earlier if day == newest)


def test_people_compared_get_a_lane_each(web):
    html = web.get("/counts?actor=普京&actor=习近平&match=any").text
    assert re.findall(r'<text class="lane"[^>]*>([^<]+)</text>', html) == ["普京", "习近平"]
    assert '<text class="lane"' not in web.get("/counts?actor=普京").text


def test_without_javascript_no_room_is_kept_for_counts_that_never_load(web):
    html = web.get("/").text
    link = re.search(r'<noscript><link rel="stylesheet" href="(/static/noscript\.css)"></noscript>', html)
    css = web.get(link.group(1))
    assert css.status_code == 200 and re.search(r"\.counts-summary\s*\{\s*min-height:\s*0", css.text)
    assert re.search(r"\.counts-summary\s*\{\s*min-height:\s*[1-9]", web.get("/static/style.css").text)
