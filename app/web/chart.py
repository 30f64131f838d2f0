"""The drawn timeline: events per month stacked by type, on a labelled year
axis, one lane per person when several are compared — SVG written on the
server, so it shows without JavaScript. A month is no link (133 bars were
133 tab stops); a year label is, and with JavaScript a click on a month or
a drag across months narrows the view to them (static/app.js). When a lane
has few visits, each is also drawn as a span from its first to its last
day under the bars — a link to the visit — so a state visit of a week reads
as a week, not as one more unit in a month's bar."""
from calendar import monthrange
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape

from markupsafe import Markup

TYPES = ("call", "talks", "visit")
WIDTH = 1000  # viewBox units; the SVG scales to its box
LANE = 64  # height of one lane's bars
AXIS = 18  # the year labels under the lanes
LABEL = 14  # a lane's name above its bars
GAP = 12  # empty months in a row drawn as months; a longer run is one gap mark
SPAN = 6  # height of one row of visit spans
SPAN_ROWS = 3  # overlapping visits stack in at most this many rows


@dataclass
class Span:
    """A visit: its first and last day (a visit known only to its month
    covers the month, drawn hollow), where it links to and its tooltip."""
    start: date
    end: date
    href: str
    tip: str
    whole_month: bool = False


@dataclass
class Lane:
    label: str | None
    months: dict[date, Counter]  # first of the month → events per type
    spans: list[Span] = field(default_factory=list)


def timeline_svg(lanes: list[Lane], year_link: Callable[[int], str], title: str) -> Markup:
    """The chart for these lanes, or nothing when no lane has events."""
    slots = _slots({month for lane in lanes for month in lane.months})
    if not slots:
        return Markup("")
    width = WIDTH / len(slots)
    busiest = max(sum(c.values()) for lane in lanes for c in lane.months.values())
    labelled = len(lanes) > 1
    track = SPAN * SPAN_ROWS + 4 if any(lane.spans for lane in lanes) else 0
    lane_height = LANE + (LABEL if labelled else 0) + track
    height = lane_height * len(lanes) + AXIS
    index_of = {slot: i for i, slot in enumerate(slots) if isinstance(slot, date)}
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for index, lane in enumerate(lanes):
        top = index * lane_height + (LABEL if labelled else 0)
        if labelled:
            parts.append(f'<text class="lane" x="0" y="{top - 3}">{escape(lane.label or "")}</text>')
        parts.append(f'<line class="base" x1="0" x2="{WIDTH}" y1="{top + LANE}" y2="{top + LANE}"/>')
        parts += [_month(slot, i * width, width, top, lane.months.get(slot, Counter()), busiest)
                  for i, slot in enumerate(slots) if isinstance(slot, date) and lane.months.get(slot)]
        parts += _spans(lane.spans, index_of, width, top + LANE + 3)
    parts += [_gap(i * width, width, lane_height * len(lanes)) for i, slot in enumerate(slots) if isinstance(slot, tuple)]
    parts += _years(slots, width, lane_height * len(lanes), year_link)
    parts.append("</svg>")
    return Markup("".join(parts))


def _slots(months: set[date]) -> list:
    """Every month from the first to the last, but a run of more than GAP
    empty months is one slot (first, last) drawn as a gap."""
    slots: list = []
    for month in sorted(months):
        if slots:
            empty = []
            current = _next(slots[-1])  # the month before is always one with events
            while current < month:
                empty.append(current)
                current = _next(current)
            slots += empty if len(empty) <= GAP else [(empty[0], empty[-1])]
        slots.append(month)
    return slots


def _month(month: date, x: float, width: float, top: int, counts: Counter, busiest: int) -> str:
    total = sum(counts.values())
    last = month.replace(day=monthrange(month.year, month.month)[1])
    tip = f"{month:%Y-%m}: {total} (" + ", ".join(f"{t} {counts[t]}" for t in TYPES if counts[t]) + ")"
    rects, y = [], top + LANE
    for kind in TYPES:
        if counts[kind]:
            h = max(1.0, LANE * counts[kind] / busiest)
            y -= h
            rects.append(f'<rect class="{kind}" x="{x + width * 0.1:.2f}" y="{y:.2f}" '
                         f'width="{max(width * 0.8, 0.6):.2f}" height="{h:.2f}"/>')
    return (f'<g class="m" data-from="{month.isoformat()}" data-to="{last.isoformat()}"><title>{tip}</title>'
            + "".join(rects) + "</g>")


def _spans(spans: list[Span], index_of: dict[date, int], width: float, top: float) -> list[str]:
    """Each visit from its first to its last day, in the first row where it
    does not overlap the one before; at least a sliver wide, so a one-day
    visit on a decade's chart can still be seen and clicked."""
    parts, row_ends = [], [-1.0] * SPAN_ROWS
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        x1 = _day_x(span.start, index_of, width)
        x2 = max(_day_x(span.end, index_of, width, end_of_day=True), x1 + 2)
        row = next((r for r, end in enumerate(row_ends) if end < x1), SPAN_ROWS - 1)
        row_ends[row] = x2
        kind = "span month" if span.whole_month else "span"
        parts.append(f'<a href="{escape(span.href)}"><rect class="{kind}" x="{x1:.2f}" y="{top + row * SPAN:.2f}" '
                     f'width="{x2 - x1:.2f}" height="{SPAN - 2}" rx="1"><title>{escape(span.tip)}</title></rect></a>')
    return parts


def _day_x(day: date, index_of: dict[date, int], width: float, end_of_day: bool = False) -> float:
    """Where a day falls on the axis: its month's slot, and the share of the
    month gone by. A day in a month the axis does not show (a visit running
    into a gap) is put at the edge of the nearest month shown before it."""
    month = day.replace(day=1)
    if month not in index_of:
        shown = [m for m in index_of if m <= month]
        return (index_of[max(shown)] + 1) * width if shown else 0.0
    days = monthrange(day.year, day.month)[1]
    return (index_of[month] + (day.day - (0 if end_of_day else 1)) / days) * width


def _gap(x: float, width: float, height: int) -> str:
    return f'<rect class="gap" x="{x + width * 0.3:.2f}" y="0" width="{max(width * 0.4, 1):.2f}" height="{height}"/>'


def _years(slots: list, width: float, bottom: int, year_link: Callable[[int], str]) -> list[str]:
    """A tick at each year's first month, a label where there is room."""
    parts, last_label, seen = [], -1000.0, set()
    for i, slot in enumerate(slots):
        if not isinstance(slot, date) or slot.year in seen:
            continue
        seen.add(slot.year)
        x = i * width
        parts.append(f'<line class="tick" x1="{x:.2f}" x2="{x:.2f}" y1="{bottom}" y2="{bottom + 4}"/>')
        if x - last_label >= 38 and x <= WIDTH - 30:
            last_label = x
            parts.append(f'<a href="{escape(year_link(slot.year))}"><text class="year" x="{x + 1:.2f}" '
                         f'y="{bottom + 15}">{slot.year}</text></a>')
    return parts


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
