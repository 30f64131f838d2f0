"""How an export (CSV, iCalendar, Atom) is served without stalling anyone.

Four parallel .ics downloads once took every request thread, and the API
waited 18–20 s behind them. Now an export
- takes one of EXPORT_SLOTS slots per server process, waiting for one at
  most EXPORT_WAIT_MS in the event loop (no thread is held while waiting),
  else answers 503 with Retry-After;
- works in threads of its own (one per slot), so the THREADS request
  threads of the pages and the API are never theirs, and lets the requests
  in flight go first before each batch (Python runs one thread at a time);
- streams: the matching events' ids are read once (at most the export's
  limit of them), then the events are read, formatted and sent BATCH at a
  time, so a process holds one batch, not the whole file;
- runs under a time budget (EXPORT_BUDGET_MS, from the moment it has its
  slot). Out of time before the first byte (a slow text search): 503. Out of
  time while streaming: the file ends with a note in its own syntax saying
  how many events it holds of how many (the format's `note`)."""
import time
from collections.abc import Iterator
from typing import Protocol

import anyio
from anyio import to_thread
from fastapi import HTTPException, Request
from fastapi.responses import StreamingResponse
from sqlmodel import Session, select

from app.budget import Unavailable, time_budget
from app.config import get_settings
from app.db import get_engine
from app.models import Event
from app.queries import EventFilter, events_json, page_query
from app.web.render import language

BATCH = 50  # events read, formatted and sent at a time: ~30 ms of work, so a page waits little for a batch
RETRY_AFTER = 5  # seconds a refused client is asked to wait


class ExportFormat(Protocol):
    """What a file looks like: its start (given the first batch of events,
    as a feed's `updated` is its newest event), its events, its end, and the
    note that ends a file cut short."""
    media_type: str
    headers: dict[str, str]
    says_when_capped: bool  # a file, not a window of the newest (a feed): it says when more events match

    def head(self, first: list[dict]) -> str: ...

    def items(self, events: list[dict]) -> str: ...

    def note(self, text: str) -> str: ...

    def tail(self) -> str: ...


class ExportGate:
    """The slots and threads of one application's exports. The anyio objects
    are made on first use, inside the event loop that serves the requests."""

    def __init__(self, slots: int, wait_ms: int):
        self.size, self.wait_ms = max(1, slots), wait_ms
        self._slots: anyio.Semaphore | None = None
        self.threads: anyio.CapacityLimiter | None = None

    async def take(self, request: Request) -> None:
        """A slot, or HTTPException 503 once EXPORT_WAIT_MS have passed."""
        if self._slots is None:
            self._slots, self.threads = anyio.Semaphore(self.size), anyio.CapacityLimiter(self.size)
        with anyio.move_on_after(self.wait_ms / 1000):
            await self._slots.acquire()
            return
        raise HTTPException(503, _say(request, f"服务器正在进行 {self.size} 个导出，请 {RETRY_AFTER} 秒后再试",
                                      f"all {self.size} export slots are busy; try again in {RETRY_AFTER} s"),
                            headers={"Retry-After": str(RETRY_AFTER)})

    def give_back(self) -> None:
        self._slots.release()

    @property
    def busy(self) -> int:
        """Slots taken now (for tests and the load test's report)."""
        return 0 if self._slots is None else self.size - self._slots.value


PAGE_FIRST_MS = 100  # the longest an export's batch waits for the pages and the API in flight


async def _after_pages() -> None:
    """Let the requests in flight go first: while a request thread is busy,
    the next batch waits (up to PAGE_FIRST_MS), as Python runs one thread at
    a time and a batch would take its turns from the page."""
    pages = to_thread.current_default_thread_limiter()
    waited = 0
    while pages.borrowed_tokens and waited < PAGE_FIRST_MS:
        await anyio.sleep(0.005)
        waited += 5


def _say(request: Request, zh: str, en: str) -> str:
    return zh if language(request) == "zh" else en


class _ExportResponse(StreamingResponse):
    """Gives the slot back and closes the database session when the stream
    ends, however it ends (finished, the client gone, HEAD)."""

    def __init__(self, gate: ExportGate, chunks: Iterator[bytes], first: bytes, fmt: ExportFormat):
        super().__init__(self._stream(first), media_type=fmt.media_type, headers=fmt.headers)
        self.gate, self.chunks = gate, chunks

    async def _stream(self, first: bytes):
        yield first
        while True:
            await _after_pages()
            chunk = await to_thread.run_sync(next, self.chunks, None, limiter=self.gate.threads)
            if chunk is None:
                return
            yield chunk

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.body_iterator.aclose()
            self.chunks.close()
            self.gate.give_back()


async def export(request: Request, f: EventFilter, fmt: ExportFormat, limit: int) -> StreamingResponse:
    """The route's answer: a slot, the first batch within the budget (else
    503), then a stream of the rest."""
    gate: ExportGate = request.app.state.exports
    await gate.take(request)
    budget_ms = get_settings().export_budget_ms
    chunks = _chunks(f, fmt, limit, time.monotonic() + budget_ms / 1000, budget_ms)
    try:
        first = await to_thread.run_sync(next, chunks, limiter=gate.threads)
    except Unavailable:
        chunks.close()
        gate.give_back()
        raise HTTPException(503, _say(request, f"导出未能在 {budget_ms / 1000:g} 秒内开始：请缩小筛选范围（日期、人物、国家）",
                                      f"this export could not start within its {budget_ms / 1000:g} s budget: "
                                      "narrow the filter (dates, a person, a country)"))
    except BaseException:
        chunks.close()
        gate.give_back()
        raise
    return _ExportResponse(gate, chunks, first, fmt)


def _chunks(f: EventFilter, fmt: ExportFormat, limit: int, deadline: float, budget_ms: int) -> Iterator[bytes]:
    """The file in parts. The first part (head and first batch) raises
    Unavailable when the budget runs out before it; later parts end the file
    with the format's note instead."""
    with Session(get_engine()) as session:
        with time_budget(session, _left_ms(deadline)):
            ids = _matching_ids(session, f, limit + 1)  # one more: are there more than the file holds?
            more, ids = len(ids) > limit, ids[:limit]
            first = _batch(session, ids[:BATCH])
        yield (fmt.head(first) + fmt.items(first)).encode("utf-8")
        for start in range(BATCH, len(ids), BATCH):
            try:
                with time_budget(session, _left_ms(deadline)):
                    events = _batch(session, ids[start:start + BATCH])
            except Unavailable:
                yield (fmt.note(_cut(start, len(ids), budget_ms)) + fmt.tail()).encode("utf-8")
                return
            yield fmt.items(events).encode("utf-8")
        yield ((fmt.note(_capped(limit)) if more and fmt.says_when_capped else "") + fmt.tail()).encode("utf-8")


def _capped(limit: int) -> str:
    return (f"导出不完整 incomplete: the newest {limit:,} events; more match — narrow the filter (from/to) "
            "or write them all with `timeline export`")


def _left_ms(deadline: float) -> int:
    return int((deadline - time.monotonic()) * 1000)


def _cut(written: int, total: int, budget_ms: int) -> str:
    return (f"导出不完整 incomplete: {written} of {total} events; the export ran out of its time budget "
            f"(EXPORT_BUDGET_MS={budget_ms}); narrow the filter (from/to) for the rest")


def _matching_ids(session: Session, f: EventFilter, limit: int) -> list[str]:
    """The ids of the newest `limit` matching events, in timeline order: one
    query, the same plan as a page's (a text search lists the matching
    reports once)."""
    return list(session.exec(page_query(session, f, limit).with_only_columns(Event.id)))


def _batch(session: Session, ids: list[str]) -> list[dict]:
    """These events as JSON, in the order of `ids`; the session forgets them
    after, so memory holds one batch."""
    if not ids:
        return []
    found = {e.id: e for e in session.exec(select(Event).where(Event.id.in_(ids)))}
    events = events_json(session, [found[i] for i in ids if i in found])
    session.expunge_all()
    return events
