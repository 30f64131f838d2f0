"""Pages and API through FastAPI's TestClient on a temporary database."""
import pytest

CALL = "2022-01-10-call-wang-yi-sergey-lavrov"


@pytest.fixture
def web(client, seeded):
    return client


def test_timeline_groups_by_month_newest_first(web):
    r = web.get("/")
    assert r.status_code == 200 and "HX-Request" in r.headers["vary"]
    html = r.text
    assert "<!doctype html>" in html and 'hx-push-url="true"' in html
    months = [html.index(m) for m in ("2022年1月", "2021年6月", "2020年12月", "2019年12月")]
    assert months == sorted(months)
    assert f'href="/events/{CALL}"' in html
    assert "/static/htmx-4.0.1.min.js" in html and "cdn" not in html.lower()


def test_htmx_request_gets_the_fragment_only(web):
    r = web.get("/?type=call", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "HX-Request" in r.headers["vary"]
    assert "<html" not in r.text and 'class="event call' in r.text and 'class="event talks' not in r.text


def test_history_restore_gets_the_whole_page(web):
    r = web.get("/?type=call", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<!doctype html>" in r.text


@pytest.mark.parametrize("query, present, absent", [
    ("actor=普京", "2020-12-28-call-xi-jinping-vladimir-putin", CALL),
    ("actor=普丁", "2020-12-28-call-xi-jinping-vladimir-putin", CALL),  # Taiwan spelling, never seen in the seeds
    ("actor=習近平", "2020-05-07-call-xi-jinping-shavkat-mirziyoyev", CALL),
    ("actor=Vladimir Putin", "2021-06-16-talks-joe-biden-vladimir-putin", CALL),
    ("actor=putin", "2021-06-16-talks-joe-biden-vladimir-putin", CALL),
    ("actor=xi jinping", "2020-05-07-call-xi-jinping-shavkat-mirziyoyev", CALL),
    ("actor=sergey-lavrov", CALL, "2020-05-08-call-xi-jinping-vladimir-putin"),
    ("actor=普京&actor=拜登", "2021-06-16-talks-joe-biden-vladimir-putin", "2020-12-28-call-xi-jinping-vladimir-putin"),
    ("country=uz", "2020-05-07-call-xi-jinping-shavkat-mirziyoyev", CALL),
    ("country=US&type=talks", "2022-01-10-talks-sergei-ryabkov-wendy-sherman", CALL),
    ("type=visit", "2021-03-22-visit-sergey-lavrov-cn", CALL),
    ("status=planned", "2021-06-16-talks-joe-biden-vladimir-putin", CALL),
    ("from=2021-03-01&to=2021-03-31", "2021-03-22-talks-wang-yi-sergey-lavrov", CALL),
    ("from=2022", CALL, "2021-03-22-talks-wang-yi-sergey-lavrov"),
    ("q=日内瓦", "2021-06-16-talks-joe-biden-vladimir-putin", CALL),
    ("q=桂林", "2021-03-22-talks-wang-yi-sergey-lavrov", CALL),
])
def test_filters_in_the_query_string(web, query, present, absent):
    for url in (f"/?{query}", f"/api/events?{query}"):
        text = web.get(url).text
        assert present in text, url
        assert absent not in text, url


def test_form_reproduces_its_state(web):
    html = web.get("/?actor=普丁&type=call&type=visit&status=held&from=2020-01-01&q=电话").text
    assert 'value="普丁"' in html
    assert 'value="call" checked' in html and 'value="visit" checked' in html and 'value="talks" >' in html
    assert 'name="status" value="held" checked' in html and 'value="2020-01-01"' in html


def test_unknown_actor_matches_nothing(web):
    assert web.get("/api/events?actor=无此人").json()["total"] == 0


def test_permalink_page(web):
    r = web.get(f"/events/{CALL}")
    assert r.status_code == 200
    html = r.text
    for text in ("王毅同拉夫罗夫通电话", "2022年1月10日", "Sergey Lavrov", "外长", "俄罗斯",
                 "1月10日，国务委员兼外长王毅同俄罗斯外长拉夫罗夫通电话。", "/articles/",
                 f"/events/{CALL}.json", "anchor"):
        assert text in html, text
    assert "000_7c01e6b1b926165d.txt" not in html  # the file's name is no title; the article page has it


def test_permalink_lists_every_source_with_its_evidence(web):
    event = web.get("/api/events/2022-01-10-talks-sergei-ryabkov-wendy-sherman").json()
    assert {s["article"] for s in event["sources"]} == {"000_7c01e6b1b926165d.txt", "003_659bfe29844f7466.txt"}
    assert all(s["evidence"] and s["date_text"] for s in event["sources"])


def test_event_json_matches_event_format(web):
    event = web.get(f"/events/{CALL}.json").json()
    assert event == web.get(f"/api/events/{CALL}").json()
    assert {k: event[k] for k in ("id", "url", "type", "status", "date", "date_end", "date_precision", "location",
                                  "countries")} == {
        "id": CALL, "url": f"/events/{CALL}", "type": "call", "status": "held", "date": "2022-01-10",
        "date_end": None, "date_precision": "day", "location": None, "countries": ["CN", "RU"]}
    assert [(a["name"], a["name_en"], a["country"], a["title"]) for a in event["actors"]] == [
        ("王毅", "Wang Yi", "CN", "国务委员兼外长"), ("拉夫罗夫", "Sergey Lavrov", "RU", "外长")]
    [source] = event["sources"]
    assert (source["article"], source["date_text"]) == ("000_7c01e6b1b926165d.txt", "1月10日")


def test_names_keep_every_spelling_seen(web):
    event = web.get("/api/events/2020-12-22-call-wang-yi-sergey-lavrov").json()
    lavrov = next(a for a in event["actors"] if a["name"] == "拉夫罗夫")
    assert "拉夫羅夫" in lavrov["names"]


def test_api_pagination(web):
    first = web.get("/api/events?limit=5").json()
    assert first["count"] == 5 and first["total"] > 5 and "cursor=" in first["next"]
    seen, page = [], first
    while True:
        seen += [e["id"] for e in page["events"]]
        if page["next"] is None:
            break
        page = web.get(page["next"]).json()
    everything = web.get("/api/events?limit=1000").json()
    assert seen == [e["id"] for e in everything["events"]] and len(seen) == first["total"]  # each once, in order


@pytest.mark.parametrize("url, status", [
    ("/events/no-such-event", 404), ("/api/events/no-such-event", 404), ("/nowhere", 404),
    ("/?type=meeting", 400), ("/?from=2022-13-45", 400), ("/?from=2022-02-01&to=2022-01-01", 400),
    ("/api/events?status=maybe", 400), ("/api/events?from=yesterday", 400), ("/?cursor=yesterday", 400), ("/api/events?cursor=2022-01-10", 400),
    ("/api/events?limit=0", 422),
])
def test_bad_requests_get_clear_errors(web, url, status):
    r = web.get(url)
    assert r.status_code == status
    if url.startswith("/api/"):
        assert "detail" in r.json()
    else:
        assert "<!doctype html>" in r.text and 'role="alert"' in r.text


def test_text_is_escaped(web):
    html = web.get("/?q=<script>alert(1)</script>").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_openapi_docs_are_served_without_a_cdn(web):
    html = web.get("/docs").text
    assert "/static/swagger-ui-5.35.0/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: the page starts Swagger UI from static/docs.js
    assert web.get("/static/swagger-ui-5.35.0/swagger-ui-bundle.js").status_code == 200
    spec = web.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "country", "type", "status", "from", "to", "q", "limit", "cursor"} <= params


def test_empty_database_shows_an_empty_timeline(client):
    r = client.get("/")
    assert r.status_code == 200 and "没有符合条件的事件" in r.text


def test_empty_fields_redirect_to_the_short_url(web):
    r = web.get("/?actor=&country=RU&type=call&status=&from=&to=&q=&cursor=", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/?country=RU&type=call"


def test_htmx_request_with_empty_fields_pushes_the_short_url(web):
    r = web.get("/?actor=&type=call&q=", headers={"HX-Request": "true"})
    assert r.status_code == 200 and r.headers["HX-Push-Url"] == "/?type=call"
    assert "HX-Push-Url" not in web.get("/?type=call", headers={"HX-Request": "true"}).headers


def test_form_auto_submits_only_on_choices_not_on_typing(web):
    html = web.get("/").text
    assert 'hx-trigger="submit, change from:.auto"' in html
    assert 'id="f-actor" name="actor"' in html and 'class="auto" type="checkbox"' in html


def test_a_traditional_spelling_comes_with_its_simplified_form(engine, client, tmp_path):
    """A Taiwanese transliteration the gazetteer lacks (澤倫斯基 for 泽连斯基)
    is findable in simplified script: names holds 泽伦斯基 too."""
    from app.ingest.pipeline import ingest
    from conftest import write

    write(tmp_path / "tw.txt", "2025年10月17日\n烏克蘭總統澤倫斯基17日在白宮與美國總統川普會談。\n")
    assert ingest(engine, [tmp_path / "tw.txt"]).ok
    [event] = client.get("/api/events").json()["events"]
    ukraine = next(a for a in event["actors"] if a["country"] == "UA")
    assert {"澤倫斯基", "泽伦斯基"} <= set(ukraine["names"])


def test_a_search_for_a_place_finds_it_under_its_other_name(engine, client, tmp_path):
    from app.ingest.pipeline import ingest
    from conftest import write

    write(tmp_path / "hk.txt", "2025年3月6日\n英國外相拉米5日在華府與美國國務卿魯比奧會談。\n")
    assert ingest(engine, [tmp_path / "hk.txt"]).ok
    for q in ("华盛顿", "華府", "华府"):
        events = client.get("/api/events", params={"q": q}).json()["events"]
        assert [e["location"] for e in events] == ["华府"], q
    assert client.get("/api/events", params={"q": "纽约"}).json()["events"] == []


@pytest.mark.parametrize("short, long", [
    ("from=2022-01&to=2022-01", "from=2022-01-01&to=2022-01-31"),
    ("from=2021-02&to=2021-02", "from=2021-02-01&to=2021-02-28"),
    ("to=2021", "to=2021-12-31"),
    ("from=2020&to=2020", "from=2020-01-01&to=2020-12-31"),
    ("to=2020-12", "to=2020-12-31"),
])
def test_a_month_or_a_year_bound_covers_all_of_it(web, short, long):
    expected = [e["id"] for e in web.get(f"/api/events?{long}&limit=500").json()["events"]]
    assert [e["id"] for e in web.get(f"/api/events?{short}&limit=500").json()["events"]] == expected
    assert ("to=2022-01" not in short) or len(expected) >= 3  # every January event of the seeds, not the 1st's


def test_the_form_keeps_the_precision_it_was_given(web):
    html = web.get("/?from=2021-12&to=2022").text
    assert 'name="from" inputmode="numeric"' in html and 'value="2021-12"' in html and 'value="2022"' in html
    assert 'type="date"' not in html  # a year or a month can be typed, not only a day


@pytest.mark.parametrize("bad", ["2022-13", "22", "2022-1-5", "yesterday"])
def test_a_bound_that_is_no_year_month_or_day_says_so(web, bad):
    r = web.get(f"/api/events?to={bad}")
    assert r.status_code == 400 and "a year, a month or a day (2022, 2022-01 or 2022-01-10)" in r.text


def test_a_name_is_read_as_the_suggestions_read_it(web):
    suggested = web.get("/suggest/actors?actor=Xi").text
    assert "Xi Jinping" in suggested
    api = web.get("/api/events?actor=Xi").json()
    assert api["total"] > 0 and all(any(a["id"] == "xi-jinping" for a in e["actors"]) for e in api["events"])
    html = web.get("/?actor=Xi").text
    assert "“Xi” read as" in html or "“Xi”按" in html
    assert 'href="/actors/xi-jinping"' in html and "2020-05-07-call-xi-jinping-shavkat-mirziyoyev" in html
    assert "read as" not in web.get("/?actor=Xi Jinping").text and "按 " not in web.get("/?actor=习近平").text


def test_an_unknown_person_or_country_is_named_with_what_it_may_mean(web):
    html = web.get("/?actor=Xi Jinpng").text
    assert "Xi Jinpng" in html and ("没有叫" in html or "No person called" in html)
    assert 'href="/?actor=Xi+Jinping"' in html  # did you mean
    html = web.get("/?country=Rusia").text
    assert "RUSIA" in html and ('country=RU"' in html)
    assert "没有叫" not in web.get("/?actor=普京").text


def test_scrolling_on_does_not_repeat_the_month_and_year_headings(client, seeded, monkeypatch):
    import re

    from app.config import get_settings
    monkeypatch.setenv("PAGE_SIZE", "1")  # the seeds have two calls on 2022-01-10: pages end inside a month
    get_settings.cache_clear()
    html = client.get("/").text
    shown = re.findall(r'<h3 id="m-(\d{4}-\d{2})', html)
    following = re.search(r'hx-get="([^"]+cursor=[^"]+)"', html).group(1).replace("&amp;", "&")
    part = client.get(following, headers={"HX-Request": "true"}).text
    assert shown == ["2022-01"] and 'class="month continued" aria-label="2022年1月"' in part
    assert "<h2" not in part and not re.findall(r'<h3 id="m-2022-01', part)
    page = client.get(following).text  # without JavaScript the link opens a page of its own: headed
    assert '<h3 id="m-2022-01' in page and '<h2 class="year">2022' in page


def test_a_planned_event_whose_day_has_passed_says_when_it_was_reported(web):
    card = web.get("/?status=planned&actor=拜登").text
    assert "计划中（据2021年5月26日报道）" in card  # reported in May 2021, planned for 16 June
    web.cookies.set("lang", "en")
    page = web.get("/events/2021-06-16-talks-joe-biden-vladimir-putin").text
    assert "planned (as reported on 2021-05-26;" in page and "whether it was held, these sources do not say" in page


@pytest.mark.parametrize("status, day, end, today, expected", [
    ("planned", "2021-06-16", None, "2021-06-15", None),         # still ahead: news
    ("planned", "2021-06-16", None, "2021-06-16", None),         # today
    ("planned", "2021-06-16", None, "2021-06-17", "2021-06-01"),
    ("planned", "2021-06", None, "2021-06-30", None),            # a month: passed when the month has
    ("planned", "2021-06", None, "2021-07-01", "2021-06-01"),
    ("planned", "2021-06-16", "2021-06-20", "2021-06-18", None),  # a visit under way
    ("held", "2021-06-16", None, "2030-01-01", None),
])
def test_when_a_planned_event_is_past(status, day, end, today, expected):
    from datetime import date

    from app.web.render import reported_before
    event = {"status": status, "date": day, "date_end": end,
             "sources": [{"published": "2021-06-03T10:00:00+08:00"}, {"published": "2021-06-01"}]}
    assert reported_before(event, date.fromisoformat(today)) == expected


@pytest.mark.parametrize("url", ["/", "/counts", "/events/2021-06-16-talks-joe-biden-vladimir-putin",
                                 "/actors/xi-jinping", "/countries/RU", "/suggest/actors?actor=普"])
def test_pages_draw_no_emoji_only_svg_icons_and_codes(web, url):
    """Emoji (flags, ☎, 🤝, ✈, 📍) are empty boxes without an emoji font."""
    import re
    html = web.get(url).text
    assert not re.search("[\u2600-\u27bf\U0001f000-\U0001faff]", html), url
    if url in ("/", "/events/2021-06-16-talks-joe-biden-vladimir-putin"):
        assert '<svg class="icon-svg"' in html and '<span class="cc" aria-hidden="true">RU</span>' in html


def test_lang_in_the_address_wins_over_the_cookie_and_stays_on(web):
    web.cookies.set("lang", "zh")
    html = web.get("/?lang=en&type=call").text
    assert '<html lang="en">' in html and 'name="lang" value="en"' in html
    counts = web.get("/counts?lang=en&type=call").text
    assert "Events per month" in counts and 'href="/?lang=en&amp;type=call&amp;from=' in counts  # links keep it
    assert '<html lang="en">' in web.get("/events/2022-01-10-call-wang-yi-sergey-lavrov?lang=en").text
    assert '<html lang="zh-Hans">' in web.get("/events/2022-01-10-call-wang-yi-sergey-lavrov").text
    switched = web.get("/lang/zh?next=/%3Flang%3Den%26type%3Dcall", follow_redirects=False)
    assert switched.headers["location"] == "/?type=call"  # the choice just made is not overruled


@pytest.mark.parametrize("query, present, absent", [
    ("q=Geneva", "2021-06-16-talks-joe-biden-vladimir-putin", CALL),
    ("q=geneva", "2021-06-16-talks-joe-biden-vladimir-putin", CALL),
    ("q=Guilin", "2021-03-22-talks-wang-yi-sergey-lavrov", CALL),
    ("q=Lavrov", CALL, "2021-06-16-talks-joe-biden-vladimir-putin"),
    ("q=sergey lavrov", CALL, "2021-06-16-talks-joe-biden-vladimir-putin"),
])
def test_english_searches_match_through_the_english_names(web, query, present, absent):
    for url in (f"/?{query}", f"/api/events?{query}"):
        text = web.get(url).text
        assert present in text and absent not in text, url


@pytest.mark.parametrize("query, present, absent", [
    # all of them together (the default): the one meeting of Biden and Putin
    ("actor=普京&actor=拜登", ["2021-06-16-talks-joe-biden-vladimir-putin"], ["2020-12-28-call-xi-jinping-vladimir-putin"]),
    # any of them: Putin's calls with Xi as well, and Lavrov's talks
    ("actor=普京,拉夫罗夫&match=any", ["2021-06-16-talks-joe-biden-vladimir-putin", "2020-12-28-call-xi-jinping-vladimir-putin",
                                        CALL], ["2022-01-10-talks-sergei-ryabkov-wendy-sherman"]),
    ("country=UZ&country=US&match=any", ["2020-05-07-call-xi-jinping-shavkat-mirziyoyev",
                                         "2022-01-10-talks-sergei-ryabkov-wendy-sherman"], [CALL]),
    ("country=UZ&country=US", [], [CALL, "2020-05-07-call-xi-jinping-shavkat-mirziyoyev"]),
])
def test_several_people_or_countries_all_together_or_any(web, query, present, absent):
    found = {e["id"] for e in web.get(f"/api/events?{query}&limit=500").json()["events"]}
    assert set(present) <= found and not set(absent) & found, found
    html = web.get(f"/?{query}").text
    assert all(p in html for p in present)


def test_the_form_keeps_the_match_and_refuses_another(web):
    assert 'name="match" value="any" checked' in web.get("/?actor=普京,拜登&match=any").text
    assert 'name="match" value="all" checked' in web.get("/?actor=普京,拜登").text
    r = web.get("/api/events?match=some")
    assert r.status_code == 400 and "match must be one of all, any" in r.text


def test_a_person_page_counts_by_year_and_counterparts_year_by_year(web):
    html = web.get("/actors/vladimir-putin").text
    assert "按年份" in html and 'href="/?actor=vladimir-putin&amp;from=2021&amp;to=2021"' in html
    assert 'href="/?actor=vladimir-putin&amp;type=call&amp;from=2020&amp;to=2020"' in html
    assert 'href="/actors/xi-jinping"' in html and "共同事件" in html
    assert 'href="/?actor=vladimir-putin&amp;actor=xi-jinping&amp;from=2020&amp;to=2020"' in html
    assert 'class="s4"' in html  # the busiest cell is darkest


def test_shades_grow_with_the_count():
    from app.web.render import shade
    assert [shade(n, 8) for n in (0, 1, 2, 4, 6, 8)] == ["s0", "s1", "s2", "s3", "s4", "s4"]
    assert shade(3, 0) == "s0"


def test_a_person_json_has_the_same_years(web):
    data = web.get("/actors/vladimir-putin.json").json()
    assert sum(sum(kinds.values()) for kinds in data["per_year"].values()) == data["events_total"]
    xi = next(c for c in data["counterparts"] if c["id"] == "xi-jinping")
    assert sum(xi["per_year"].values()) == xi["events"]


def test_an_event_page_lists_its_sources_in_order_without_file_names(web):
    event = "2022-01-10-talks-sergei-ryabkov-wendy-sherman"  # two reports
    data = web.get(f"/events/{event}.json").json()
    html = web.get(f"/events/{event}").text
    listed = html.split('class="source-list"', 1)[1]
    import re
    shown = re.findall(r'<time datetime="([\d-]+)">', listed.split("</ol>", 1)[0])
    assert shown == sorted(s["published"][:10] for s in data["sources"]) and len(shown) == 2
    assert listed.count('class="badge first"') == 1 and listed.index('class="badge first"') < listed.index("<time")
    for source in data["sources"]:
        assert source["article"] not in html  # the stored file name is no title
    assert "每多一句报道它的句子加 0.05" in html and "最可信报道的" in html


def test_places_are_english_in_english(web):
    web.cookies.set("lang", "en")
    assert "Geneva" in web.get("/?q=日内瓦").text
    assert "<dd>Geneva</dd>" in web.get("/events/2021-06-16-talks-joe-biden-vladimir-putin").text
    web.cookies.set("lang", "zh")
    assert "<dd>日内瓦</dd>" in web.get("/events/2021-06-16-talks-joe-biden-vladimir-putin").text


@pytest.mark.parametrize("query, zh, en", [
    ("", "外交事件时间线", "Timeline of diplomatic events"),
    ("actor=普京&type=call&from=2022&to=2022", "普京 2022年的通话", "Calls of Vladimir Putin, 2022"),
    ("actor=普京,拜登&match=any", "普京或拜登的事件", "Events of Vladimir Putin or Joe Biden"),
    ("country=RU&type=talks&type=visit&from=2021-03", "涉及俄罗斯 2021年3月起的会谈和访问", "Talks and visits involving Russia, from 2021-03"),
    ("status=planned", "计划中的事件", "Planned events"),
    ("q=日内瓦", "事件（含“日内瓦”）", 'Events matching "日内瓦"'),
])
def test_every_view_is_named_in_its_heading_title_and_preview(web, query, zh, en):
    for lang, name in (("zh", zh), ("en", en)):
        html = web.get(f"/?{query}&lang={lang}" if query else f"/?lang={lang}").text.replace("&#34;", '"').replace("&quot;", '"')
        assert f'<h1 id="view-title" class="view-title">{name}</h1>' in html, (lang, html[:1500])
        if query:
            assert f"<title>{name} · " in html and f'<meta property="og:title" content="{name}">' in html
        assert html.count("<title>") == 1 and html.count('id="view-title"') == 1
    part = web.get(f"/?{query}", headers={"HX-Request": "true"}).text
    assert "<title>" in part and 'hx-swap-oob="true"' in part.split("</h1>")[0]


@pytest.mark.parametrize("url, title", [
    ("/actors/vladimir-putin", "普京 Vladimir Putin"),
    ("/countries/RU", "俄罗斯"),
    ("/about", "关于数据"),
    ("/events/2022-01-10-call-wang-yi-sergey-lavrov", "王毅同拉夫罗夫通电话 (2022年1月10日)"),
])
def test_every_page_has_its_own_title_and_preview(web, url, title):
    html = web.get(url).text
    assert f"<title>{title} · 外交时间线</title>" in html
    assert f'<meta property="og:title" content="{title}">' in html and 'property="og:url" content="http' in html
    assert '<meta name="description"' in html and '<link rel="canonical" href="http' in html


def test_csv_has_evidence_outlet_first_publication_and_absolute_addresses(web):
    import csv
    import io
    r = web.get("/events.csv?actor=普京&type=call&from=2020&to=2020")
    assert 'filename="events-call-2020-01-01-2020-12-31.csv"' in r.headers["content-disposition"]  # ASCII fallback
    assert "filename*=UTF-8''events-%E6%99%AE%E4%BA%AC-call-2020-01-01-2020-12-31.csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows and all(row["url"].startswith("http") and row["evidence"] and row["first_published"][:2] == "20"
                        for row in rows)
    assert {row["type"] for row in rows} == {"call"}


def test_a_file_says_when_more_events_match_than_it_holds(web, monkeypatch):
    from app.config import get_settings
    monkeypatch.setenv("EXPORT_MAX_EVENTS", "3")
    get_settings.cache_clear()
    text = web.get("/events.csv").text
    assert text.count("\n") == 1 + 3 + 1 and text.rstrip().splitlines()[-1].startswith("# 导出不完整 incomplete: the newest 3 events; more match")
    ics = web.get("/events.ics").text
    assert ics.count("BEGIN:VEVENT") == 3 and "X-TIMELINE-INCOMPLETE" in ics
    assert "more match" not in web.get("/events.csv?actor=拜登").text  # everything there is fits


def test_icalendar_spans_a_month_and_marks_planned_events_tentative(web):
    from datetime import date

    from icalendar import Calendar
    calendar = Calendar.from_ical(web.get("/events.ics").content)
    by_uid = {str(c["uid"]).split("@")[0]: c for c in calendar.walk("VEVENT")}
    month = by_uid["2022-01-talks-nato-ru"]  # known only as January 2022, planned
    assert month["dtstart"].dt == date(2022, 1, 1) and month["dtend"].dt == date(2022, 2, 1)
    assert str(month["status"]) == "TENTATIVE" and "日期不详" in str(month["summary"])
    held = by_uid["2022-01-10-call-wang-yi-sergey-lavrov"]
    assert str(held["status"]) == "CONFIRMED" and held["dtend"].dt == date(2022, 1, 11)


def test_atom_has_an_author_and_dates_entries_by_their_reports(web):
    import xml.etree.ElementTree as ET
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(web.get("/events.atom?actor=拜登").content)
    assert feed.find("a:author/a:name", ns).text
    entry = feed.find("a:entry", ns)
    assert entry.find("a:published", ns).text.startswith("2021-06-16")  # the talks' day
    assert entry.find("a:updated", ns).text.startswith("2021-05-26")  # the report that announced them


def test_english_pages_have_english_titles_roles_precision_and_years(web):
    web.cookies.set("lang", "en")
    event = web.get("/events/2021-03-22-visit-sergey-lavrov-cn").text
    assert "Foreign Minister" in event and "(visitor)" in event and "(to the day)" in event
    assert "外长" not in event.split("Participants", 1)[1].split("Sources", 1)[0]
    assert "President" in web.get("/actors/vladimir-putin").text
    counts = web.get("/counts").text
    assert ">2022</a>" in counts and "2022年" not in counts
    web.cookies.set("lang", "zh")
    event = web.get("/events/2021-03-22-visit-sergey-lavrov-cn").text
    assert "(访问方)" in event and "(精确到日)" in event


def test_every_title_the_gazetteer_knows_has_an_english_name():
    from app.ingest.gazetteer import load_data, load
    words = {t["word"] for t in load_data("titles.yaml")["titles"]}
    assert words <= set(load().titles_en), sorted(words - set(load().titles_en))
