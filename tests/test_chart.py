"""The drawn timeline's visit spans: where a visit's days fall on the month
axis, how overlapping visits stack, and when the page draws them."""
import re
from collections import Counter
from datetime import date

import pytest

from app.web.chart import SPAN, WIDTH, Lane, Span, timeline_svg

SPAN_RECT = re.compile(r'<a href="([^"]+)"><rect class="(span(?: month)?)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"')


def _drawn(spans: list[Span], months: dict) -> list[tuple]:
    svg = timeline_svg([Lane(None, months, spans)], lambda year: f"/?from={year}", "t")
    return [(href, kind, float(x), float(y), float(w)) for href, kind, x, y, w in SPAN_RECT.findall(svg)]


@pytest.mark.parametrize("start, end, share_from, share_to", [
    (date(2023, 3, 1), date(2023, 3, 31), 0, 1),                 # the whole month
    (date(2023, 3, 20), date(2023, 3, 22), 19 / 31, 22 / 31),    # three days, the last one included
    (date(2023, 3, 31), date(2023, 4, 2), 30 / 31, 1 + 2 / 30),  # across the turn of the month
])
def test_a_visit_covers_its_days_on_the_month_axis(start, end, share_from, share_to):
    months = {date(2023, 3, 1): Counter(visit=1), date(2023, 4, 1): Counter(call=1)}
    [(href, kind, x, _, w)] = _drawn([Span(start, end, "/events/v", "tip")], months)
    month = WIDTH / 2
    assert href == "/events/v" and kind == "span"
    assert x == pytest.approx(share_from * month, abs=0.01) and x + w == pytest.approx(share_to * month, abs=0.01)


def test_a_one_day_visit_on_a_long_axis_is_still_a_visible_sliver():
    months = {date(2010, 1, 1): Counter(call=1), date(2023, 3, 1): Counter(visit=1)}
    months |= {date(2010 + y, 6, 1): Counter(talks=1) for y in range(1, 13)}
    [(_, _, _, _, w)] = _drawn([Span(date(2023, 3, 5), date(2023, 3, 5), "/events/v", "tip")], months)
    assert w >= 2


def test_a_visit_known_to_its_month_is_drawn_hollow():
    months = {date(2023, 3, 1): Counter(visit=1)}
    [(_, kind, x, _, w)] = _drawn([Span(date(2023, 3, 1), date(2023, 3, 31), "/events/v", "t", whole_month=True)], months)
    assert kind == "span month" and (x, w) == (0, WIDTH)


def test_overlapping_visits_stack_in_rows_and_separate_ones_share_a_row():
    months = {date(2023, 3, 1): Counter(visit=3)}
    spans = [Span(date(2023, 3, 1), date(2023, 3, 10), "/a", "a"), Span(date(2023, 3, 5), date(2023, 3, 8), "/b", "b"),
             Span(date(2023, 3, 20), date(2023, 3, 21), "/c", "c")]
    rows = {href: y for href, _, _, y, _ in _drawn(spans, months)}
    assert rows["/b"] == rows["/a"] + SPAN and rows["/c"] == rows["/a"]


def test_no_visits_no_span_track():
    months = {date(2023, 3, 1): Counter(call=2)}
    svg = timeline_svg([Lane(None, months)], lambda year: "/", "t")
    assert 'class="span' not in svg and 'viewBox="0 0 1000 82"' in svg


def test_the_page_draws_the_visits_of_a_small_view_as_links_with_their_dates(client, seeded):
    html = client.get("/counts?type=visit").text
    drawn = SPAN_RECT.findall(html)
    visits = client.get("/api/events?type=visit").json()
    assert sorted(href for href, *_ in drawn) == sorted(e["url"] for e in visits["events"])
    tips = re.findall(r'rx="1"><title>([^<]+)</title>', html)
    assert all(re.match(r"\d{4}-\d{2}", tip) for tip in tips) and any("访问" in tip for tip in tips)
    english = client.get("/counts?type=visit&lang=en").text
    assert any(" visits " in tip for tip in re.findall(r'rx="1"><title>([^<]+)</title>', english))


def test_calls_only_draw_no_spans(client, seeded):
    assert 'class="span' not in client.get("/counts?type=call").text
