"""Ingest files and folders: each article read, extracted and stored in a
transaction of its own, so one bad file never stops or spoils a batch."""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from app.ingest.extract import extract
from app.ingest.read import ArticleError, read_article
from app.ingest.store import find_article, find_by_path, store_article
from app.models import Event


@dataclass
class Report:
    read: int = 0
    unchanged: int = 0
    replaced: int = 0
    mentions: int = 0
    events_before: int = 0
    events_after: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every file named or found below a named folder (hidden ones skipped),
    in a stable order; paths that do not exist are reported."""
    files, missing = [], []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in _walk(path) if p.is_file() or (p.is_symlink() and not p.exists()))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            missing.append((str(path), "no such file or folder"))
    return files, missing


def _walk(folder: Path) -> Iterator[Path]:
    """Files below a folder; symbolic links to folders are not followed (a
    link to a parent would loop), links to files are read like files."""
    for entry in sorted(folder.rglob("*")):
        if not any(part.startswith(".") for part in entry.relative_to(folder).parts):
            yield entry


def count_events(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Event)).one()


def ingest(engine, paths: Iterable[Path], encoding: str | None = None,
           progress: Callable[[Path], None] | None = None, workers: int = 1) -> Report:
    files, missing = collect_files(paths)
    report = Report(rejected=list(missing))
    with Session(engine) as session:
        report.events_before = count_events(session)
    if workers > 1:
        _ingest_in_parallel(engine.url.render_as_string(hide_password=False), files, encoding, progress, workers, report)
    else:
        for path in files:
            if progress:
                progress(path)
            _ingest_one(engine, path, encoding, report)
    with Session(engine) as session:
        report.events_after = count_events(session)
    return report


def _ingest_in_parallel(url: str, files: list[Path], encoding, progress, workers: int, report: Report) -> None:
    """Worker processes, each with its own connection, one file at a time;
    the order files finish in does not matter (ids are deterministic).
    Workers are spawned, not forked: a forked child would share the
    parent's pooled database connections."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for path, part in zip(files, pool.map(_ingest_file, [(url, p, encoding) for p in files], chunksize=4)):
            if progress:
                progress(path)
            report.read += part.read
            report.unchanged += part.unchanged
            report.replaced += part.replaced
            report.mentions += part.mentions
            report.rejected += part.rejected


def _ingest_file(job: tuple[str, Path, str | None]) -> Report:
    from app.db import engine_for

    url, path, encoding = job
    part = Report()
    _ingest_one(engine_for(url), path, encoding, part)
    return part


def _ingest_one(engine, path: Path, encoding: str | None, report: Report) -> None:
    """Read and extract outside any transaction; then, in one short writing
    transaction, check again that nobody stored it meanwhile, and store."""
    try:
        raw = read_article(path, encoding)
    except ArticleError as exc:
        report.rejected.append((str(path), str(exc)))
        return
    except OSError as exc:
        report.rejected.append((str(path), f"cannot read: {exc.strerror or exc}"))
        return
    raw.path = str(path.resolve())
    with Session(engine) as session:
        known = find_article(session, raw.sha256) is not None
    if known:
        report.unchanged += 1
        return
    try:
        mentions = extract(raw)
    except Exception as exc:  # noqa: BLE001 — one article's failure must not end the batch
        report.rejected.append((str(path), f"extraction failed: {exc.__class__.__name__}: {exc}"))
        return
    with Session(writer_engine(engine)) as session:
        try:
            older = find_by_path(session, raw.path)  # the same file, edited since
            stored = store_article(session, raw, mentions, replaces=older)
            session.commit()
        except Exception as exc:  # noqa: BLE001
            session.rollback()
            report.rejected.append((str(path), f"storing failed: {exc.__class__.__name__}: {exc}"))
            return
    if stored is None:
        report.unchanged += 1
        return
    report.read += 1
    report.replaced += older is not None
    report.mentions += len(mentions)


def writer_engine(engine):
    from app.db import engine_for

    return engine_for(engine.url.render_as_string(hide_password=False), writer=True)
