"""The current filter as CSV, an iCalendar feed and an Atom feed, so that
someone can load a leader's events into a spreadsheet or subscribe to them."""
import csv
import io
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlmodel import Session

from app.db import get_session
from app.ingest.dates import first_day
from app.queries import EventFilter, find_events, iter_events_json
from app.web.params import event_filter
from app.web.urls import absolute, public_base

router = APIRouter(tags=["exports"])
LIMIT = 10_000  # newest events in a CSV or iCalendar file; `timeline export` writes them all
FEED_ENTRIES = 200  # an Atom feed carries the newest; a reader polls it for what is new


def _events(session: Session, f: EventFilter, limit: int = LIMIT) -> list[dict]:
    events, _ = find_events(session, f, limit=limit)
    return list(iter_events_json(session, events))


@router.get("/events.csv", summary="The filtered events as CSV")
def as_csv(f: Annotated[EventFilter, Depends(event_filter)], session: Annotated[Session, Depends(get_session)]):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "date_end", "date_precision", "type", "status", "location", "participants",
                     "participants_en", "countries", "sources", "outlets", "original_urls", "headline", "url"])
    for e in _events(session, f):
        writer.writerow([e["id"], e["date"], e["date_end"] or "", e["date_precision"], e["type"], e["status"],
                         e["location"] or "", "; ".join(a["name"] for a in e["actors"]),
                         "; ".join(a["name_en"] or "" for a in e["actors"]), " ".join(e["countries"]),
                         len(e["sources"]), "; ".join(dict.fromkeys(s["outlet"] for s in e["sources"] if s["outlet"])),
                         " ".join(s["original_url"] for s in e["sources"] if s["original_url"]), e["headline"], e["url"]])
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@router.get("/events.ics", summary="The filtered events as an iCalendar feed")
def as_ics(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
           session: Annotated[Session, Depends(get_session)]):
    calendar = Calendar()
    calendar.add("prodid", "-//Diplomatic timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "外交时间线 Diplomatic timeline")
    for e in _events(session, f):
        start = first_day(e["date"])
        end = date.fromisoformat(e["date_end"]) if e["date_end"] else start
        item = CalendarEvent()
        item.add("uid", f"{e['id']}@diplomatic-timeline")
        item.add("dtstamp", datetime.now(timezone.utc))
        item.add("dtstart", start)
        item.add("dtend", end + timedelta(days=1))
        item.add("summary", e["headline"] + ("（计划）" if e["status"] == "planned" else ""))
        if e["location"]:
            item.add("location", e["location"])
        item.add("description", "\n".join(s["evidence"] for s in e["sources"]))
        item.add("url", absolute(request, e["url"]))
        calendar.add_component(item)
    return Response(calendar.to_ical(), media_type="text/calendar; charset=utf-8")


ATOM = "http://www.w3.org/2005/Atom"


@router.get("/events.atom", summary="The filtered events as an Atom feed")
def as_atom(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
            session: Annotated[Session, Depends(get_session)]):
    ET.register_namespace("", ATOM)
    base = public_base(request)
    url = absolute(request, request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "外交时间线 Diplomatic timeline"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = url
    ET.SubElement(feed, f"{{{ATOM}}}link", href=url, rel="self")
    events = _events(session, f, limit=FEED_ENTRIES)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(events[0]["date"] if events else "2000-01-01")
    for e in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{e['date']} {e['headline']}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = base + e["url"]
        ET.SubElement(entry, f"{{{ATOM}}}link", href=base + e["url"])
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(e["date"])
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = e["sources"][0]["evidence"] if e["sources"] else ""
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _stamp(value: str) -> str:
    return datetime.combine(first_day(value), time(), timezone(timedelta(hours=8))).isoformat()
