"""The world map's geometry, made once per process: Natural Earth's
countries at 1:50m (world-atlas 2.0.2, vendored in static/) decoded from
TopoJSON, simplified, cut at the antimeridian, projected with the Natural
Earth projection and written as SVG path data. A page only picks classes
and links for these paths (app/web/worldmap.py), so the map costs a page
string joins, not geometry.

TopoJSON stores each border once, as an arc shared by the two countries it
separates; simplifying the arcs (not the rings) keeps neighbours' borders
identical, so no gaps or slivers open between them. The 1:50m file is used
rather than 1:110m because the smaller one lacks states that matter in
diplomacy (Singapore, Bahrain, Malta, Hong Kong, …); simplified to what a
map 1000 units wide can show, it is about as small in the page (30 KB of
path data). Decoding TopoJSON is the few lines of decode_arcs and rings;
no library is worth a dependency for them (pytopojson, the decoder on
PyPI, was last released in 2022).

Made once: about half a second, at the server's start (app/web/main.py)."""
import json
import math
from dataclasses import dataclass
from functools import lru_cache

from app.config import resource
from app.ingest.gazetteer import load_data

ATLAS = "world-atlas-2.0.2/countries-50m.json"
WIDTH = 1000  # viewBox units; the SVG scales to its box
TOLERANCE = 0.8  # how far (viewBox units) a simplified border may stray: under a pixel at the widths shown
MIN_AREA = 3.0  # an island smaller than this (square units) is dropped, unless it is all of its country
SMALL = 4.0  # a country whose largest piece is narrower and lower than this is drawn as a dot
SOUTH = -57.0  # Antarctica and the islands south of Cape Horn are left out
ANTARCTICA = "010"


@dataclass(frozen=True)
class Shape:
    code: str | None  # ISO 3166-1 alpha-2, as the project names countries (None: not in the gazetteer)
    numeric: str  # ISO 3166-1 numeric, as the atlas keys countries
    name: str  # Natural Earth's English name
    d: str  # SVG path data
    centre: tuple[float, float]  # of the largest piece: where a dot or a marker goes
    small: bool  # too small to see or click on the map


@dataclass(frozen=True)
class World:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    by_code: dict[str, Shape]  # ISO 3166-1 alpha-2 (the project's codes) → shape


@lru_cache(maxsize=1)
def world() -> World:
    """Every country's shape, computed on first use and kept."""
    topology = json.loads((resource("static") / ATLAS).read_text(encoding="utf-8"))
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    features = _features(topology, arcs)
    ys = [y for _, _, rings in features for ring in rings for _, y in ring]
    top, bottom = min(ys), max(ys)
    codes = alpha2_by_numeric()
    shapes = tuple(_shape(codes.get(numeric), numeric, name, [[(x, y - top + 2) for x, y in ring] for ring in rings])
                   for numeric, name, rings in features)
    return World(WIDTH, math.ceil(bottom - top) + 4, shapes, {s.code: s for s in shapes if s.code})


def _features(topology: dict, arcs: list) -> list[tuple[str, str, list]]:
    """(numeric id, name, projected rings) of each country but Antarctica;
    features that share an id are one country (Australia and its Ashmore
    and Cartier Islands), those without one (Kosovo, Somaliland) each their own."""
    by_id: dict[str, tuple[str, str, list]] = {}
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric, name = geometry.get("id") or "", geometry.get("properties", {}).get("name", "")
        rings = _projected_rings(geometry, arcs)
        if numeric == ANTARCTICA or not rings:
            continue
        if numeric in by_id:
            by_id[numeric][2].extend(rings)
            continue
        feature = (numeric, name, rings)
        features.append(feature)
        if numeric:
            by_id[numeric] = feature
    return features


@lru_cache(maxsize=1)
def alpha2_by_numeric() -> dict[str, str]:
    """"643" → "RU", from app/data/iso_numeric.yaml."""
    return {str(numeric): code for code, numeric in load_data("iso_numeric.yaml").items()}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """A quantized topology's arcs as (longitude, latitude) points: each
    position is the sum of the deltas before it, scaled and translated."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič et al. 2011, as d3's
    geoNaturalEarth1) in radians of the unit sphere: y grows northward."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


_SCALE = WIDTH / (2 * natural_earth(180, 0)[0])  # the equator spans the width


def to_view(lon: float, lat: float) -> tuple[float, float]:
    """A point in viewBox units (before the top is cropped): x from 0 at
    180°W to WIDTH at 180°E, y downward."""
    x, y = natural_earth(lon, lat)
    return x * _SCALE + WIDTH / 2, -y * _SCALE


def simplify(arc: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Douglas–Peucker in viewBox units: the points of the arc (kept in
    degrees) without those that move the drawn line less than TOLERANCE.
    The arc is unwrapped first, so one crossing the antimeridian is
    measured as the line it is, not as a jump across the map."""
    if len(arc) < 3:
        return arc
    flat = [to_view(lon, lat) for lon, lat in unwrap(arc)]
    keep = [False] * len(arc)
    keep[0] = keep[-1] = True
    stack = [(0, len(arc) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance(flat[i], flat[first], flat[last])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(arc, keep) if kept]


def _distance(p, a, b) -> float:
    """From p to the segment's line (to a when the segment is a point: a closed arc)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / length


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous: a step of more than 180° is a crossing
    of the antimeridian, so 179° → −179° becomes 179° → 181°."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def rings(geometry: dict, arcs: list) -> list[list[tuple[float, float]]]:
    """A Polygon's or MultiPolygon's rings in degrees, each joined from its
    arcs (a negative index ~i is arc i reversed; joined arcs share an end)."""
    polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry["type"]) or []
    out = []
    for polygon in polygons:
        for indexes in polygon:
            ring: list = []
            for i in indexes:
                points = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(points[1:] if ring else points)
            out.append(ring)
    return out


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses 180° (Chukotka, Fiji) as its pieces on either
    side, each within −180°…180°: drawn as it is, it would streak across
    the whole map."""
    ring = unwrap(ring)
    low = min(lon for lon, _ in ring)
    if low < -180:
        ring = [(lon + 360, lat) for lon, lat in ring]
    if max(lon for lon, _ in ring) <= 180:
        return [ring]
    west = _clip(ring, lambda lon: lon <= 180)
    east = [(lon - 360, lat) for lon, lat in _clip(ring, lambda lon: lon >= 180)]
    return [piece for piece in (west, east) if len(piece) >= 3]


def _clip(ring: list[tuple[float, float]], inside) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against the meridian 180°: the part of the ring on
    the inside, with points added where its edges cross the meridian."""
    out = []
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1]):
        if inside(lon1):
            out.append((lon1, lat1))
        if inside(lon1) != inside(lon2) and lon1 != lon2:
            out.append((180.0, lat1 + (lat2 - lat1) * (180 - lon1) / (lon2 - lon1)))
    return out


def _projected_rings(geometry: dict, arcs: list) -> list[list[tuple[float, float]]]:
    """The country's rings in viewBox units: cut at the antimeridian, those
    wholly south of SOUTH left out."""
    out = []
    for ring in rings(geometry, arcs):
        for piece in split_at_antimeridian(ring):
            if max(lat for _, lat in piece) > SOUTH:
                out.append([to_view(lon, lat) for lon, lat in piece])
    return out


def _shape(code: str | None, numeric: str, name: str, projected: list[list[tuple[float, float]]]) -> Shape:
    largest = max(projected, key=_area)
    kept = [ring for ring in projected if ring is largest or _area(ring) >= MIN_AREA]
    xs, ys = [x for x, _ in largest], [y for _, y in largest]
    small = max(xs) - min(xs) < SMALL and max(ys) - min(ys) < SMALL
    return Shape(code, numeric, name, "".join(path_data(ring) for ring in kept), _centroid(largest), small)


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(_signed_area(ring))


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = _signed_area(ring)
    if abs(area) < 1e-9:
        return (round(sum(x for x, _ in ring) / len(ring), 1), round(sum(y for _, y in ring) / len(ring), 1))
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))
    return (round(cx / (6 * area), 1), round(cy / (6 * area), 1))


def path_data(ring: list[tuple[float, float]]) -> str:
    """A closed ring as compact path data: whole units (a unit is under a
    pixel wherever the map is shown), the first point, then each step
    relative to the one before, repeated points dropped."""
    points: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    steps = " ".join(f"{x2 - x1} {y2 - y1}" for (x1, y1), (x2, y2) in zip(points, points[1:]))
    return f"M{points[0][0]} {points[0][1]}" + (f"l{steps}" if steps else "") + "z"
