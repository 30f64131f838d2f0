"""The current filter as CSV, an iCalendar feed and an Atom feed, so that
someone can load a leader's events into a spreadsheet or subscribe to them.
Each is a format streamed by app/web/exports.py (slots, threads of their
own, a time budget); absolute links start with the public address
(PUBLIC_URL), never with the Host the client sent."""
import csv
import io
import re
from datetime import date, datetime, time, timedelta, timezone
from html import escape
from urllib.parse import quote
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, Request
from icalendar import Calendar, Component
from icalendar import Event as CalendarEvent

from app.config import get_settings
from app.ingest.dates import first_day
from app.queries import EventFilter, publication_days
from app.web.exports import export
from app.web.params import event_filter
from app.web.urls import absolute, public_base

router = APIRouter(tags=["exports"])
FEED_ENTRIES = 200  # an Atom feed carries the newest; a reader polls it for what is new


@router.get("/events.csv", summary="The filtered events as CSV")
async def as_csv(f: Annotated[EventFilter, Depends(event_filter)], request: Request):
    return await export(request, f, CsvFormat(public_base(request), file_name(f, "csv")), get_settings().export_max_events)


@router.get("/events.ics", summary="The filtered events as an iCalendar feed")
async def as_ics(request: Request, f: Annotated[EventFilter, Depends(event_filter)]):
    return await export(request, f, IcsFormat(public_base(request), file_name(f, "ics")),
                        get_settings().export_max_events)


@router.get("/events.atom", summary="The filtered events as an Atom feed")
async def as_atom(request: Request, f: Annotated[EventFilter, Depends(event_filter)]):
    url = absolute(request, request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return await export(request, f, AtomFormat(public_base(request), url), FEED_ENTRIES)


COLUMNS = ["id", "date", "date_end", "date_precision", "type", "status", "location", "participants",
           "participants_en", "countries", "sources", "first_published", "outlets", "evidence", "original_urls",
           "headline", "url"]


def file_name(f: EventFilter, extension: str) -> str:
    """A download named after what it holds: events-putin-call-2022.csv."""
    parts = [*f.actor, *f.country, *f.type, *f.status]
    if f.date_from or f.date_to:
        parts.append("-".join(d.isoformat() if d else "" for d in (f.date_from, f.date_to)))
    if f.q:
        parts.append(f.q)
    slug = re.sub(r"[^\w]+", "-", "-".join(parts), flags=re.UNICODE).strip("-").lower()[:80]
    return f"events{'-' + slug if slug else ''}.{extension}"


def _disposition(name: str, how: str = "attachment") -> dict[str, str]:
    """Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    ascii_name = re.sub(r"-+", "-", name.encode("ascii", "ignore").decode()).replace("-.", ".")
    return {"Content-Disposition": f'{how}; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}'}


class CsvFormat:
    """A header row, a row an event; a file cut short ends with one row whose
    only cell starts with `#`. Addresses are absolute, so the file works
    wherever it is opened."""
    media_type = "text/csv; charset=utf-8"
    says_when_capped = True

    def __init__(self, base: str, name: str):
        self.base, self.headers = base, _disposition(name)

    def head(self, first: list[dict]) -> str:
        return "\ufeff" + _csv([COLUMNS])

    def items(self, events: list[dict]) -> str:
        return _csv([_row(e, self.base) for e in events])

    def note(self, text: str) -> str:
        return _csv([[f"# {text}"]])

    def tail(self) -> str:
        return ""


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _row(e: dict, base: str) -> list:
    published = publication_days(e)
    return [e["id"], e["date"], e["date_end"] or "", e["date_precision"], e["type"], e["status"],
            e["location"] or "", "; ".join(a["name"] for a in e["actors"]),
            "; ".join(a["name_en"] or "" for a in e["actors"]), " ".join(e["countries"]),
            len(e["sources"]), published[0] if published else "",
            "; ".join(dict.fromkeys(s["outlet"] for s in e["sources"] if s["outlet"])),
            e["sources"][0]["evidence"] if e["sources"] else "",
            " ".join(s["original_url"] for s in e["sources"] if s["original_url"]), e["headline"], base + e["url"]]


class IcsFormat:
    """VCALENDAR's properties, a VEVENT an event, END:VCALENDAR — what
    icalendar writes for the whole calendar, written a component at a time.
    A file cut short ends with an X-TIMELINE-INCOMPLETE component (RFC 5545
    x-comp: calendar programs skip it, a program reading the file finds it)."""
    media_type = "text/calendar; charset=utf-8"
    says_when_capped = True

    def __init__(self, base: str, name: str):
        self.base, self.headers = base, _disposition(name, "inline")
        self.stamp = datetime.now(timezone.utc)

    def head(self, first: list[dict]) -> str:
        calendar = Calendar()
        calendar.add("prodid", "-//Diplomatic timeline//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", "外交时间线 Diplomatic timeline")
        return calendar.to_ical().decode("utf-8").removesuffix(self.tail())

    def items(self, events: list[dict]) -> str:
        return "".join(self._event(e).to_ical().decode("utf-8") for e in events)

    def _event(self, e: dict) -> CalendarEvent:
        start, end = _days_of(e)
        item = CalendarEvent()
        item.add("uid", f"{e['id']}@diplomatic-timeline")
        item.add("dtstamp", self.stamp)
        item.add("dtstart", start)
        item.add("dtend", end + timedelta(days=1))
        item.add("status", "TENTATIVE" if e["status"] == "planned" else "CONFIRMED")
        item.add("transp", "TRANSPARENT")  # news, not the reader's own time
        vague = {"month": "（月内，日期不详）", "year": "（年内，日期不详）"}.get(e["date_precision"], "")
        item.add("summary", e["headline"] + ("（计划）" if e["status"] == "planned" else "") + vague)
        if e["location"]:
            item.add("location", e["location"])
        item.add("description", "\n".join(s["evidence"] for s in e["sources"]))
        item.add("url", self.base + e["url"])
        return item

    def note(self, text: str) -> str:
        note = Component()
        note.name = "X-TIMELINE-INCOMPLETE"
        note.add("description", text)
        return note.to_ical().decode("utf-8")

    def tail(self) -> str:
        return "END:VCALENDAR\r\n"


ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


class AtomFormat:
    """The feed's head, an entry an event (the entries are written without a
    namespace prefix inside <feed xmlns=Atom>, so they are Atom's). A feed
    is a window of the newest entries anyway: one cut short is a shorter
    window, and ends with an XML comment saying so."""
    media_type = "application/atom+xml; charset=utf-8"
    headers: dict[str, str] = {}
    says_when_capped = False  # a feed is a window of the newest entries

    def __init__(self, base: str, url: str):
        self.base, self.url = base, url

    def head(self, first: list[dict]) -> str:
        feed = ET.Element(f"{{{ATOM}}}feed")
        ET.SubElement(feed, f"{{{ATOM}}}title").text = "外交时间线 Diplomatic timeline"
        ET.SubElement(feed, f"{{{ATOM}}}id").text = self.url
        ET.SubElement(feed, f"{{{ATOM}}}link", href=self.url, rel="self")
        author = ET.SubElement(feed, f"{{{ATOM}}}author")  # RFC 4287: a feed or each entry has one
        ET.SubElement(author, f"{{{ATOM}}}name").text = "外交时间线 Diplomatic timeline"
        ET.SubElement(author, f"{{{ATOM}}}uri").text = self.base + "/about"
        ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((_reported(e) for e in first), default=_stamp("2000-01-01"))
        whole = "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(feed, encoding="unicode")
        return whole.removesuffix(self.tail())

    def items(self, events: list[dict]) -> str:
        return "".join(ET.tostring(self._entry(e), encoding="unicode") for e in events)

    def _entry(self, e: dict) -> ET.Element:
        entry = ET.Element("entry")
        ET.SubElement(entry, "title").text = f"{e['date']} {e['headline']}"
        ET.SubElement(entry, "id").text = self.base + e["url"]
        ET.SubElement(entry, "link", href=self.base + e["url"])
        ET.SubElement(entry, "published").text = _stamp(e["date"])  # the event's day
        ET.SubElement(entry, "updated").text = _reported(e)  # when the newest report of it came out
        ET.SubElement(entry, "summary").text = e["sources"][0]["evidence"] if e["sources"] else ""
        return entry

    def note(self, text: str) -> str:
        return f"<!-- {escape(text).replace('--', '—')} -->"

    def tail(self) -> str:
        return "</feed>"


def _days_of(e: dict) -> tuple[date, date]:
    """First and last day: a month or a year known only as such covers all
    of it (an all-day span), not its first day."""
    start = first_day(e["date"])
    if e["date_end"]:
        return start, date.fromisoformat(e["date_end"])
    if e["date_precision"] == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, following - timedelta(days=1)
    if e["date_precision"] == "year":
        return start, date(start.year, 12, 31)
    return start, start


def _reported(e: dict) -> str:
    """When the newest report of an event was published, else its day: an
    entry is updated when a new report adds to it, not on the event's day."""
    days = [str(s["published"]) for s in e["sources"] if s.get("published")]
    newest = max(days, default=None)
    if newest is None:
        return _stamp(e["date"])
    moment = datetime.fromisoformat(newest) if "T" in newest else datetime.combine(date.fromisoformat(newest[:10]), time())
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone(timedelta(hours=8)))).isoformat()


def _stamp(value: str) -> str:
    return datetime.combine(first_day(value), time(), timezone(timedelta(hours=8))).isoformat()
