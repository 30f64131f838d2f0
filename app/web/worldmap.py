"""The world map of a view: the countries of its events shaded by count,
each a link to the view narrowed to it, with a tooltip in the page's
language. The shapes are made once (app/web/geo.py); a page only chooses
their classes and links. A country too small to click is a dot on the map
and, like an organisation, which has no shape at all, still a line of the
ranked list beside the map — which is also the keyboard's and the screen
reader's way to the same links: the map's links are no tab stops (a world
of them would be a hundred stops before the page goes on)."""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
    on_map: bool  # has a shape big enough to click


@dataclass
class WorldMap:
    svg: Markup
    shown: list[Place]  # the busiest, and those the map cannot show
    folded: list[Place] = field(default_factory=list)  # the rest, behind a disclosure
    home: bool = False  # a country is marked as the page's own (the legend says so)

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
    busiest = max(counts.values(), default=0)
    labels = {code: tooltip(code, n, visits.get(code, 0), lang) for code, n in counts.items()}
    svg = _svg(counts, busiest, link, labels, home, visits, lang, title)
    gz, drawn = load(), world().by_code
    order = sorted(counts.items(), key=lambda kv: (-kv[1], _name(gz, kv[0], lang)))
    ranked = [Place(rank, code, n, link(code), labels[code], code in drawn and not drawn[code].small)
              for rank, (code, n) in enumerate(order, 1)]
    shown = [p for p in ranked if p.rank <= SHOWN or not p.on_map]
    return WorldMap(svg, shown, [p for p in ranked if p not in shown], any(code in drawn for code in home))


def tooltip(code: str, count: int, trips: int, lang: str) -> str:
    """俄罗斯：5 个事件 / Russia: 5 events (and the trips there, on a person's map)."""
    name = _name(load(), code, lang)
    if lang == "zh":
        return f"{name}：{count} 个事件" + (f"，其中出访 {trips} 次" if trips else "")
    events = "event" if count == 1 else "events"
    return f"{name}: {count} {events}" + (f", {trips} {'trip' if trips == 1 else 'trips'} there" if trips else "")


def _name(gz, code: str, lang: str) -> str:
    if code not in gz.countries:
        return code
    return gz.country_name(code) if lang == "zh" else gz.country_en(code)


def _svg(counts: dict, busiest: int, link: Callable[[str], str], labels: dict, home: frozenset[str],
         visits: Mapping[str, int], lang: str, title: str) -> Markup:
    """Plain land first, then the countries with events as links, busiest
    last so their outlines are drawn over their neighbours'; dots on top."""
    found = world()
    code_of = {id(shape): code for code, shape in found.by_code.items()}
    plain, marked, linked, dots = [], [], [], []
    for shape in found.shapes:
        code = code_of.get(id(shape))
        if code in home:
            marked.append(_home(shape, _name(load(), code, lang)))
        elif code in counts:
            classes = f"{shade(counts[code], busiest)}{' visited' if code in visits else ''}"
            linked.append((counts[code], _linked(shape, link(code), labels[code], classes)))
            if shape.small:
                dots.append((counts[code], _linked_dot(shape, link(code), labels[code], classes)))
        elif shape.d:
            plain.append(shape.d)
    parts = [f'<svg class="world" viewBox="0 0 {found.width} {found.height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<path class="land" d="{"".join(plain)}"/>', *marked]
    parts += [element for _, element in sorted(linked, key=lambda pair: pair[0])]
    parts += [element for _, element in sorted(dots, key=lambda pair: pair[0])]
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
