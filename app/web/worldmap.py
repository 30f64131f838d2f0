"""The world map of a view: the countries of its events shaded by count,
each a link to the view narrowed to it, with a tooltip in the page's
language. The shapes are made once (app/web/geo.py); a page only chooses
their classes and links. A country too small to click is a dot on the map
and, like an organisation, which has no shape at all, still a line of the
ranked list beside the map — which is also the keyboard's and the screen
reader's way to the same links: the map's links are no tab stops (a world
of them would be a hundred stops before the page goes on)."""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from app.ingest.gazetteer import load
from app.web.geo import Shape, world
from app.web.render import shade

DOT = 3.5  # radius, in viewBox units, of the dot a country too small to click is drawn as
SHOWN = 10  # the ranked list shows this many, and every country the map cannot show; the rest fold away


@dataclass
class Place:
    """One country of the ranked list."""
    rank: int  # 1 for the busiest
    code: str
    count: int
    href: str
    label: str  # name and count, as the tooltip says it
    name: str  # in the page's language
    on_map: bool  # has a shape big enough to click


@dataclass
class WorldMap:
    svg: Markup
    shown: list[Place]  # the busiest, and those the map cannot show
    folded: list[Place]  # the rest, behind a disclosure
    home: bool  # a country is marked as the page's own (the legend says so)

    @property
    def places(self) -> int:
        return len(self.shown) + len(self.folded)


def world_map(counts: Mapping[str, int], link: Callable[[str], str], lang: str, title: str,
              home: frozenset[str] = frozenset(), visits: Mapping[str, int] | None = None) -> WorldMap:
    """`counts`: events per country code; `link(code)`: the narrowed view;
    `home`: the person's or page's own countries, marked and not counted;
    `visits`: trips per country (a person's), outlined and told in the tooltip."""
    counts = {code: n for code, n in counts.items() if n and code not in home}
    visits = visits or {}
    gz, drawn = load(), world().by_code
    names = {code: gz.country_in(code, lang) for code in counts}
    order = sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]]))
    ranked = [Place(rank, code, n, link(code), tooltip(names[code], n, visits.get(code, 0), lang), names[code],
                    code in drawn and not drawn[code].small)
              for rank, (code, n) in enumerate(order, 1)]
    svg = _svg(ranked, home, visits, lang, title)
    shown = [p for p in ranked if p.rank <= SHOWN or not p.on_map]
    folded = [p for p in ranked if p.rank > SHOWN and p.on_map]
    return WorldMap(svg, shown, folded, any(code in drawn for code in home))


def tooltip(name: str, count: int, trips: int, lang: str) -> str:
    """俄罗斯：5 个事件 / Russia: 5 events (and the trips there, on a person's map)."""
    if lang == "zh":
        return f"{name}：{count} 个事件" + (f"，其中出访 {trips} 次" if trips else "")
    events = "event" if count == 1 else "events"
    return f"{name}: {count} {events}" + (f", {trips} {'trip' if trips == 1 else 'trips'} there" if trips else "")


def _svg(ranked: list[Place], home: frozenset[str], visits: Mapping[str, int], lang: str, title: str) -> Markup:
    """Plain land first, then the countries with events as links, busiest
    last so their outlines are drawn over their neighbours'; dots on top."""
    found = world()
    busiest = ranked[0].count if ranked else 0
    taken = home | {place.code for place in ranked}
    parts = [f'<svg class="world" viewBox="0 0 {found.width} {found.height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<path class="land" d="{"".join(shape.d for shape in found.shapes if shape.code not in taken)}"/>']
    parts += [_home(found.by_code[code], load().country_in(code, lang)) for code in sorted(home) if code in found.by_code]
    dots = []
    for place in reversed(ranked):
        shape = found.by_code.get(place.code)
        if shape is None:
            continue
        classes = f"{shade(place.count, busiest)}{' visited' if place.code in visits else ''}"
        parts.append(_linked(shape, place.href, place.label, classes))
        if shape.small:
            dots.append(_linked_dot(shape, place.href, place.label, classes))
    parts += dots
    parts.append("</svg>")
    return Markup("".join(parts))


def _linked(shape: Shape, href: str, label: str, classes: str) -> str:
    return (f'<a href="{escape(href)}" tabindex="-1"><path class="{classes}" d="{shape.d}">'
            f"<title>{escape(label)}</title></path></a>")


def _linked_dot(shape: Shape, href: str, label: str, classes: str) -> str:
    x, y = shape.centre
    return (f'<a href="{escape(href)}" tabindex="-1"><circle class="dot {classes}" cx="{x}" cy="{y}" r="{DOT}">'
            f"<title>{escape(label)}</title></circle></a>")


def _home(shape: Shape, name: str) -> str:
    """The page's own country (the person's, the country page's, the filter's):
    marked, not counted — it takes part in every event of the view."""
    return f'<path class="home" d="{shape.d}"><title>{escape(name)}</title></path>'
