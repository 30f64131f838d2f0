"""Ingest files and folders: read and extract each article — a file, or a
record of a dump, feed, WARC file or archive (sources.py) — store them in
batches, rebuild the events of the blocks they touched. A bad file or record
is reported and skipped; it never stops or spoils the others."""
import gc
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from app.config import get_settings
from app.ingest import stages
from app.ingest.document import held_out_reason
from app.ingest.extract import extract
from app.ingest.gate import worth_reading
from app.ingest.gazetteer import load
from app.ingest.merge import block_of
from app.ingest.plausible import plausible_span, publication_problem
from app.ingest.read import ArticleError, RawArticle, storable_path
from app.ingest.share import Share
from app.ingest.sources import Record, read_source
from app.ingest.stages import stage, timed
from app.ingest.store import (Extracted, pending_blocks, rebuild_pending_blocks, redirect_moved,
                              replace_sources, store_articles, stored_articles, stored_hashes)
from app.queries import EventFilter, count_events


@dataclass(frozen=True)
class Reading:
    """How articles are read: through the relevance gate (app/ingest/gate.py)
    or all by the reader, and whether an article with no event keeps its
    text. Settled once per run and handed to the workers."""
    gate: bool = True
    keep_eventless_text: bool = True

    @classmethod
    def configured(cls, gate: bool | None = None) -> "Reading":
        """The settings (GATE, KEEP_EVENTLESS_TEXT), the gate as asked when asked."""
        settings = get_settings()
        return cls(gate=settings.gate if gate is None else gate, keep_eventless_text=settings.keep_eventless_text)


@dataclass
class Report:
    read: int = 0
    unchanged: int = 0
    replaced: int = 0
    mentions: int = 0
    events_before: int = 0
    events_after: int = 0
    passed_over: int = 0  # stored without the reader running: the relevance gate found nothing to build an event from
    text_not_kept: int = 0  # (reextract) stored without their text (KEEP_EVENTLESS_TEXT=false): nothing to read again
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path or record label, why)
    held_out: list[tuple[str, str]] = field(default_factory=list)  # (path, why): stored, events kept off the timeline
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, what): stored, something left out
    seconds: float = 0.0  # the run's wall time
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (stages.py), workers' included

    @property
    def ok(self) -> bool:
        return not self.rejected


def collect_files(paths: Iterable[Path], share: Share | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Every file named or found below a named folder (hidden ones skipped),
    in a stable order, as plain strings (a hundred thousand Path objects
    weigh ten times more); paths that do not exist or cannot be looked
    into are reported, and the others are read. With a share, only the
    files of that share (by their path below the named folder, or their
    name when a file is named)."""
    files, problems = [], []
    for path in paths:
        path = Path(path)
        try:
            if path.is_dir():
                root = str(path)
                files += (f for f in _walk(root, problems) if share is None or share.holds(os.path.relpath(f, root)))
            elif path.exists() or path.is_symlink():
                if share is None or share.holds(path.name):
                    files.append(str(path))
            else:
                problems.append((storable_path(str(path)), "no such file or folder"))
        except OSError as exc:  # a path inside a folder we may not look into
            problems.append((storable_path(str(path)), f"cannot look at it: {exc.strerror or exc}"))
    return files, problems


def _walk(folder: str, problems: list[tuple[str, str]]) -> Iterator[str]:
    """Files below a folder, by name at each level; symbolic links to
    folders are not followed (a link to a parent would loop); everything
    else is listed — links to files, broken links, pipes, devices — so
    that reading it reports what it is. A folder that cannot be listed is
    reported and the walk goes on."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        problems.append((storable_path(folder), f"cannot list this folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        kind = _kind(entry)
        if kind == "folder":
            yield from _walk(entry.path, problems)
        elif kind != "link to a folder":
            yield entry.path


def _kind(entry: os.DirEntry) -> str:
    try:
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        return "link to a folder" if entry.is_symlink() and entry.is_dir() else "other"
    except OSError:  # a link that loops: listed, and reading it says what is wrong
        return "other"


BATCH = 200  # articles per writing transaction
QUIET = 3  # batches after which a block no batch touched is rebuilt, before the run ends


Outcome = tuple[str, object, bool]  # (label, Extracted | "unchanged" | why it was rejected, the last of its file?)


def ingest(engine, paths: Iterable[Path], encoding: str | None = None,
           progress: Callable[[str, bool], None] | None = None, workers: int = 1,
           rebuilding: Callable[[int, int], None] | None = None,
           found: Callable[[int], None] | None = None, gate: bool | None = None,
           share: Share | None = None) -> Report:
    """Read and extract each file (in `workers` processes when asked), store
    the articles in batches — one transaction each — and rebuild the events
    of every block the run touched: during the run once no batch has
    touched the block for a while (news comes roughly in date order, so a
    month is mostly rebuilt once, its events appear while the run goes on,
    and the writer rebuilds while the workers extract), and at the end
    every block still pending. `progress(label, last)` is told of each
    record, and whether it was the last of its file. `gate` overrides the
    GATE setting; `share` takes one share of the files (app/ingest/share.py)."""
    started, before = time.perf_counter(), stages.snapshot()
    reading = Reading.configured(gate)
    files, missing = collect_files(paths, share)
    if found:
        found(len(files))
    report = Report(rejected=list(missing))
    with Session(engine) as session:
        report.events_before = count_events(session, EventFilter())
    writer = writer_engine(engine)
    batch: list[Extracted] = []
    touches = _Touches()
    for label, outcome, last in _extracted(engine, files, encoding, workers, reading):
        if progress:
            progress(label, last)
        if isinstance(outcome, Extracted):
            batch.append(outcome)
        elif outcome == "unchanged":
            report.unchanged += 1
        else:
            report.rejected.append((label, outcome))
        if len(batch) >= BATCH:
            _store(writer, batch, report)
            _rebuild_quiet(writer, touches.quiet_after(batch))
            batch = []
    _store(writer, batch, report)
    rebuild_pending(writer, report, rebuilding)
    with Session(engine) as session:
        report.events_after = count_events(session, EventFilter())
    report.seconds, report.stages = time.perf_counter() - started, stages.since(before)
    return report


def _extracted(engine, files: list[str], encoding, workers: int, reading: Reading | None = None) -> Iterator[Outcome]:
    """An outcome for every record of every file: in file order in this
    process; with workers, in the order the workers finish them. Workers
    get files in chunks and send back what they extracted a chunk of
    records at a time, through a bounded queue: memory stays bounded when
    the writer is the slower side, and when a file is a dump of millions of
    records."""
    reading = reading or Reading.configured()
    if workers <= 1:
        for outcomes in _read_and_extract(engine, files, encoding, reading):
            yield from outcomes
        return
    yield from _extracted_in_workers(engine, files, encoding, workers, reading)


def _extracted_in_workers(engine, files: list[str], encoding, workers: int, reading: Reading) -> Iterator[Outcome]:
    """Worker processes are spawned, not forked: a forked child would share
    the parent's pooled database connections. A few chunks of files per
    worker are in flight; each sends (task, outcomes) as it goes and
    (task, _TaskDone) when its chunk is done, with the seconds its stages
    took, which count in this process's."""
    import multiprocessing
    import queue
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    results, stop = context.Queue(maxsize=AHEAD * workers), context.Event()
    url = engine.url.render_as_string(hide_password=False)
    tasks = enumerate(files[i:i + CHUNK] for i in range(0, len(files), CHUNK))
    running: dict = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(results, stop)) as pool:
        def submit_next() -> None:
            for task, chunk in itertools.islice(tasks, 1):
                running[task] = pool.submit(_extract_in_worker, url, task, chunk, encoding, reading)

        try:
            for _ in range(AHEAD * workers):
                submit_next()
            while running:
                try:
                    task, outcomes = results.get(timeout=1)
                except queue.Empty:
                    _raise_if_failed(running.values())
                    continue
                if isinstance(outcomes, _TaskDone):
                    stages.add(outcomes.stages)
                    running.pop(task).result()
                    submit_next()
                else:
                    yield from outcomes
        finally:
            stop.set()
            _drain(results, running)


@dataclass
class _TaskDone:
    """A worker's last word on a task: the seconds its stages took."""
    stages: dict[str, float]


def _raise_if_failed(futures) -> None:
    """A worker that died (killed, out of memory) sends nothing more."""
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is not None:
            future.result()


def _drain(results, running: dict) -> None:
    """When the run stops early, the workers still running may wait to put
    into the full queue: take what they send until they see the stop and
    end, so the pool can shut down."""
    import queue

    for future in running.values():
        future.cancel()
    while not all(future.done() for future in running.values()):
        try:
            results.get(timeout=0.1)
        except queue.Empty:
            pass


CHUNK = 16  # files a worker's task reads; records looked up and extracted together
AHEAD = 8  # chunks per worker in flight: enough to keep workers busy while the writer rebuilds


def settle_heap() -> None:
    """The gazetteer and the loaded modules are a large heap that never
    becomes garbage, and an ingest allocates many short-lived objects: each
    collection would walk that heap again (an eighth of an ingest's time).
    Freeze what is loaded and collect the young generation less often.
    For a process that does nothing but ingest (the command, its workers)."""
    load()
    gc.freeze()
    gc.set_threshold(20_000, 20, 100)


@contextmanager
def settled_heap():
    """settle_heap for the length of an ingest; then the collector is as it
    was (the command may run inside a longer-lived process, as in tests)."""
    threshold = gc.get_threshold()
    settle_heap()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


_results = _stop = None  # a worker's end of the queue its outcomes go back through; set when the run stopped


def _start_worker(results=None, stop=None) -> None:
    """Workers yield the CPU to the one writer when they contend for it: the
    writer is the narrow end of the pipe, and there is more extraction
    queued than it can store."""
    global _results, _stop
    _results, _stop = results, stop
    if results is not None:
        # A worker exits only once all it sent was read (each task's end
        # comes last) or the run stopped early, when the rest is not wanted:
        # it must not wait to flush into a pipe nobody reads any more.
        results.cancel_join_thread()
    settle_heap()
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    _die_with_the_parent()


WORKER_NICENESS = 10


def _die_with_the_parent() -> None:
    """A worker must not outlive an ingest that was killed (SIGKILL leaves
    the pool no time to stop it, and an orphan blocked on the full queue
    would wait for ever): Linux kills it with its parent; elsewhere a
    thread sees the parent gone within a second."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the wish was made
            os._exit(1)
        return
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


PR_SET_PDEATHSIG = 1


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _extract_in_worker(url: str, task: int, paths: list[str], encoding: str | None, reading: Reading) -> None:
    from app.db import engine_for

    before = stages.snapshot()
    try:
        for outcomes in _read_and_extract(engine_for(url), paths, encoding, reading):
            if _stop.is_set():
                break
            _results.put((task, outcomes))
    finally:
        _results.put((task, _TaskDone(stages.since(before))))


def _read_and_extract(engine, paths: list[str], encoding: str | None, reading: Reading) -> Iterator[list[Outcome]]:
    """The outcomes of the records of these files, CHUNK records at a time
    (a dump is never held whole). Outside any transaction, contents already
    stored — looked up in one query per chunk — are not extracted again."""
    for chunk in _batched(_records(paths, encoding), CHUNK):
        hashes = [raw.sha256 for _, raw, _ in chunk if isinstance(raw, RawArticle)]
        with Session(engine) as session:
            stored = stored_hashes(session, hashes)
        yield [(label, raw if isinstance(raw, str) else "unchanged" if raw.sha256 in stored else _extract(raw, reading),
                last)
               for label, raw, last in chunk]


def _records(paths: list[str], encoding: str | None) -> Iterator[tuple[str, RawArticle | str, bool]]:
    """(label, article or why not, whether it is its file's last record)."""
    for path in paths:
        for label, raw, last in timed(_marking_the_last(read_source(Path(path), encoding)), "read"):
            yield storable_path(label), raw, last


def _marking_the_last(records: Iterator[Record]) -> Iterator[tuple[str, RawArticle | str, bool]]:
    previous = None
    for record in records:
        if previous is not None:
            yield (*previous, False)
        previous = record
    if previous is not None:
        yield (*previous, True)


def _batched(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _extract(raw: RawArticle, reading: Reading | None = None) -> Extracted | str:
    reading = reading or Reading.configured()
    try:
        extracted = _extracted_in_span(raw, plausible_span(), reading.gate)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 — one article's failure must not end the batch
        return f"extraction failed: {exc.__class__.__name__}: {exc}"
    if not (reading.keep_eventless_text or extracted.mentions or extracted.held):
        raw.text = ""  # stored without its text: KEEP_EVENTLESS_TEXT=false
    return extracted


def _extracted_in_span(raw: RawArticle, span, gate: bool = True) -> Extracted:
    """An article is refused when its publication date — from its metadata,
    or found by the extractor (a dateline, a lead) — is outside the dates
    news can have; its reports dated outside are left out, with a warning.
    One the relevance gate passes over is stored as read, with no events
    (nor a publication date the reader would have found in its text)."""
    _check_publication(raw, span)
    if gate:
        with stage("gate"):
            worth = worth_reading(raw)
        if not worth:
            return Extracted(raw, [], passed_over=True)
    with stage("extract"):
        mentions = extract(raw)
    _check_publication(raw, span)
    inside = [span.holds(m.date) and (m.date_end is None or span.holds(m.date_end)) for m in mentions]
    extracted = Extracted.of(raw, [m for m, ok in zip(mentions, inside) if ok])
    dropped = sorted({m.date for m, ok in zip(mentions, inside) if not ok})
    if dropped:
        extracted.notes.append(f"{inside.count(False)} report(s) dated outside the dates news can have ({span}) "
                               f"left out: {', '.join(dropped)}")
    return extracted


def _check_publication(raw: RawArticle, span) -> None:
    problem = publication_problem(raw.published, span)
    if problem:
        raise ArticleError(problem)


def _store(writer, batch: list[Extracted], report: Report) -> None:
    """One transaction for the batch; if it fails, each article is tried
    alone, so the one that cannot be stored is named and the others land."""
    if not batch:
        return
    with stage("store"), Session(writer) as session:
        try:
            outcomes = store_articles(session, batch)
            session.commit()
        except Exception as exc:  # noqa: BLE001
            session.rollback()
            if len(batch) > 1:
                for item in batch:
                    _store(writer, [item], report)
            else:
                report.rejected.append((batch[0].raw.path, f"storing failed: {exc.__class__.__name__}: {exc}"))
            return
    for item, outcome in zip(batch, outcomes):
        if outcome == "unchanged":
            report.unchanged += 1
            continue
        report.read += 1
        report.passed_over += item.passed_over
        report.replaced += outcome == "replaced"
        report.mentions += len(item.mentions)
        if item.raw.held_out:
            report.held_out.append((item.raw.path, held_out_reason(item.raw.held_out, len(item.held))))
        report.warnings += [(item.raw.path, note) for note in item.notes]


def reextract(engine, progress: Callable[[int], None] | None = None,
              rebuilding: Callable[[int, int], None] | None = None, gate: bool | None = None) -> Report:
    """Extract every stored article again from its stored text — after the
    extractor or its data improved — and rebuild the blocks whose sources
    changed. Articles keep their ids; an event whose id changes leaves a
    redirect, so shared permalinks keep working. `report.replaced` counts
    the articles whose events changed; an article stored without its text
    (KEEP_EVENTLESS_TEXT=false) cannot be read again and is counted in
    `report.text_not_kept`."""
    reading = Reading.configured(gate)
    report = Report()
    with Session(engine) as session:
        report.events_before = count_events(session, EventFilter())
    writer = writer_engine(engine)
    after = ""
    while True:
        with Session(engine) as session:
            raws = stored_articles(session, after, BATCH)
        if not raws:
            break
        after = raws[-1].sha256[:16]
        batch = []
        for raw in raws:
            if not raw.text:
                report.text_not_kept += 1
                continue
            report.read += 1
            outcome = _extract(raw, reading)
            if isinstance(outcome, Extracted):
                batch.append(outcome)
                report.mentions += len(outcome.mentions)
                report.passed_over += outcome.passed_over
                if raw.held_out:
                    report.held_out.append((raw.name, held_out_reason(raw.held_out, len(outcome.held))))
                report.warnings += [(raw.name, note) for note in outcome.notes]
            else:
                report.rejected.append((raw.name, outcome))
        with Session(writer) as session:
            report.replaced += replace_sources(session, batch)
            session.commit()
        if progress:
            progress(len(raws))
    rebuild_pending(writer, report, rebuilding)
    with Session(writer) as session:
        redirect_moved(session)
        session.commit()
    with Session(engine) as session:
        report.events_after = count_events(session, EventFilter())
    return report


class _Touches:
    """The blocks the run's batches touched, and the batch that last did."""

    def __init__(self):
        self.batches = 0
        self.last: dict[str, int] = {}

    def quiet_after(self, batch: list[Extracted]) -> list[str]:
        """Note this batch's blocks; those no batch touched in the last QUIET
        are returned (and forgotten — a later touch notes them again)."""
        self.batches += 1
        for item in batch:
            for mention in item.mentions:
                self.last[block_of(mention.type, mention.date)] = self.batches
        quiet = sorted(block for block, last in self.last.items() if last <= self.batches - QUIET)
        for block in quiet:
            del self.last[block]
        return quiet


def _rebuild_quiet(writer, blocks: list[str]) -> None:
    """A block that fails here stays pending for the end of the run."""
    for group in _batched(iter(blocks), REBUILT_TOGETHER):
        _rebuild_group(writer, group, failed=lambda block, exc: None)  # reported, if it fails again, by rebuild_pending


REBUILT_TOGETHER = 50  # blocks rebuilt in one transaction (store.rebuild_pending_blocks says why)


def rebuild_pending(writer, report: Report | None = None,
                    rebuilding: Callable[[int, int], None] | None = None) -> None:
    """Rebuild every pending block, REBUILT_TOGETHER to a transaction — also
    those a killed run left behind."""
    with Session(writer) as session:
        blocks = pending_blocks(session)

    def failed(block: str, exc: Exception) -> None:  # the block stays pending for the next run
        if report is None:
            raise exc
        report.rejected.append((f"block {block}", f"rebuilding failed: {exc.__class__.__name__}: {exc}"))

    done = 0
    for group in _batched(iter(blocks), REBUILT_TOGETHER):
        _rebuild_group(writer, group, failed)
        done += len(group)
        if rebuilding:
            rebuilding(done, len(blocks))


def _rebuild_group(writer, blocks: list[str], failed: Callable[[str, Exception], None]) -> None:
    """One transaction for the blocks; if it fails, each block is rebuilt
    alone, so the one that cannot be is named (`failed`) and the others land."""
    if len(blocks) > 1:
        try:
            _rebuild(writer, blocks)
            return
        except Exception:  # noqa: BLE001 — one of them cannot be rebuilt: which is found below
            pass
    for block in blocks:
        try:
            _rebuild(writer, [block])
        except Exception as exc:  # noqa: BLE001
            failed(block, exc)


def _rebuild(writer, blocks: list[str]) -> None:
    with stage("rebuild"), Session(writer) as session:
        try:
            rebuild_pending_blocks(session, blocks)
            session.commit()
        except Exception:
            session.rollback()
            raise


def writer_engine(engine):
    from app.db import engine_for

    return engine_for(engine.url.render_as_string(hide_password=False), writer=True)
