"""Text search (q) without a full-text index: a page walks the timeline
testing each event for a part of its time budget, then lists the matching
reports for the rest; a page the budget cuts short says how far it
searched, and its cursor goes on from there — paging through cut-short
pages gives exactly what the whole search gives."""
import pytest

from app import queries
from app.budget import Unavailable
from app.queries import EventFilter, find_events, find_page

SEARCHES = [
    EventFilter(q="通电话"), EventFilter(q="会谈"), EventFilter(q="拉夫罗夫"), EventFilter(q="普京", type=["call"]),
    EventFilter(q="日内瓦"), EventFilter(q="桂林"), EventFilter(q="电话", country=["RU"]),
    EventFilter(q="Lavrov"), EventFilter(q="没有这个词"),
]


def _all(session, f) -> list[str]:
    return [e.id for e in find_events(session, f, limit=10_000)[0]]


@pytest.mark.parametrize("f", SEARCHES, ids=lambda f: f.q)
def test_walking_and_listing_find_the_same_events(session, seeded, f):
    walked = session.exec(queries.page_query(session, f, 10_000, text_plan="walk")).all()
    assert [e.id for e in walked] == _all(session, f)


@pytest.mark.parametrize("f", SEARCHES, ids=lambda f: f.q)
def test_a_page_in_time_is_the_page_of_the_whole_search(session, seeded, f):
    page = find_page(session, f, 3, budget_ms=60_000)
    assert [e.id for e in page.events] == _all(session, f)[:3] and page.searched_to is None
    assert (page.next is None) == (len(_all(session, f)) <= 3)


def _cut_short(monkeypatch):
    """Every page walks one chunk of three events and the listing never
    finishes in time."""
    def never(session, ms):
        raise Unavailable()
    monkeypatch.setattr(queries, "SEARCH_CHUNK", 3)
    monkeypatch.setattr(queries, "time_budget", never)


@pytest.mark.parametrize("f", SEARCHES, ids=lambda f: f.q)
def test_paging_through_cut_short_pages_finds_everything_once_in_order(session, seeded, monkeypatch, f):
    _cut_short(monkeypatch)
    found, cursor, cut = [], None, 0
    for _ in range(1000):
        page = find_page(session, f, 2, cursor, budget_ms=1)
        found += [e.id for e in page.events]
        cut += page.searched_to is not None
        if page.next is None:
            break
        assert page.next != cursor  # every page moves the search on
        cursor = page.next
    assert found == _all(session, f) and cut > 0


def test_a_cut_short_page_says_how_far_it_searched_and_searches_on_when_asked(client, seeded, monkeypatch):
    from app.config import get_settings

    _cut_short(monkeypatch)
    monkeypatch.setattr(get_settings(), "search_budget_ms", 1)
    html = client.get("/?q=没有这个词").text
    assert "到目前为止没有找到匹配的事件" in html and "已搜索至" in html and "继续搜索更早的事件" in html
    assert 'hx-trigger="click"' in html and "revealed" not in html.split('id="more"')[1].split("</p>")[0]
    further = html.split('id="more"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert "cursor=" in further and client.get(further).status_code == 200
    data = client.get("/api/events?q=没有这个词").json()
    assert data["searched_to"] and data["next"] and data["events"] == []


def test_a_search_in_time_reports_no_cut(client, seeded):
    every = client.get("/api/events?q=会谈").json()["events"]
    data = client.get("/api/events?q=会谈&limit=2").json()
    assert len(every) > 2 and data["searched_to"] is None
    assert [e["id"] for e in data["events"]] == [e["id"] for e in every[:2]] and data["next"]
