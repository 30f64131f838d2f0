"""The `timeline` command: migrate, ingest, reextract, export, eval, serve."""
import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.markup import escape
from sqlmodel import Session, func, select

from app.config import DISTRIBUTION, get_settings, version
from app.db import MissingDriver, get_engine, migrate

app = typer.Typer(help="A timeline of diplomatic calls, talks and visits from Chinese-language news.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"{DISTRIBUTION} {version()}")
        raise typer.Exit()


@app.callback()
def options(
    show_version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                               help="Print the installed version and exit")] = False,
) -> None:
    """Options before the command; --version answers which build a bug report is about."""


@app.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema (Alembic)."""
    migrate()
    err.print(f"schema up to date: {get_settings().database_url}")


GATE_HELP = ("Pass over, without running the reader, articles no event can be built from "
             "(default: the GATE setting, on); --no-gate reads every article")


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: seeds/)")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Read every file in this encoding instead of detecting it")] = None,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when the database already holds articles")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Extraction processes feeding the one writer of this ingest")] = 1,
    share: Annotated[Optional[str], typer.Option(help="Only the Kth of N shares of the files (K/N), to split a corpus among machines writing to one PostgreSQL")] = None,
    gate: Annotated[Optional[bool], typer.Option("--gate/--no-gate", help=GATE_HELP)] = None,
    profile: Annotated[bool, typer.Option("--profile", help="Also print the seconds each stage took")] = False,
) -> None:
    """Read articles, extract their events and store them. A file may hold
    many: JSON Lines and CSV dumps, RSS/Atom feeds, WARC files, zip and tar
    archives, gzipped files — each record is reported by its label
    (dump.jsonl:1834, news.zip:2024/a.html, crawl.warc.gz:#17).

    Exit status: 0 when every file and record was ingested (or was already
    there), 1 when some were rejected, 2 when none could be ingested, 3
    when the command crashed (a bug)."""
    from app.ingest.pipeline import ingest as run_ingest
    from app.ingest.pipeline import settled_heap
    from app.ingest.share import Share
    from app.models import Article

    try:
        part = Share.parse(share) if share else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--share") from None
    migrate()
    engine = get_engine()
    if if_empty:
        with Session(engine) as session:
            if session.exec(select(Article).limit(1)).first() is not None:
                err.print("database already holds articles; nothing to do (--if-empty)")
                return
    paths = paths or [Path("seeds")]
    with settled_heap(), _progress("ingest", None) as (update, rebuilding):
        report = run_ingest(engine, paths, encoding=encoding, workers=workers, rebuilding=rebuilding, gate=gate,
                            progress=lambda label, last: update(advance=int(last), description=_shown(_tail(label))),
                            found=lambda total: update(total=total), share=part)
    _print_report(report)
    if profile:
        _print_profile(report)
    if report.rejected:
        raise typer.Exit(2 if report.read == 0 and report.unchanged == 0 else 1)


@app.command()
def reextract(
    gate: Annotated[Optional[bool], typer.Option("--gate/--no-gate", help=GATE_HELP)] = None,
) -> None:
    """Extract the events of every stored article again, from the text the
    database keeps — after an upgrade of timeline or of its data — and
    rebuild the months whose events changed. Permalinks of changed events
    redirect to their new addresses."""
    from app.ingest.pipeline import reextract as run_reextract
    from app.ingest.pipeline import settled_heap
    from app.models import Article

    migrate()
    engine = get_engine()
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(Article)).one()
    with settled_heap(), _progress("extract", total) as (update, rebuilding):
        report = run_reextract(engine, progress=lambda n: update(advance=n), rebuilding=rebuilding, gate=gate)
    err.print(f"articles extracted again: {report.read}   with changed events: {report.replaced}   "
              f"mentions found: {report.mentions}   events: {report.events_before} → {report.events_after}")
    _print_passed_over(report)
    if report.text_not_kept:
        err.print(f"not read again: {report.text_not_kept} article(s) stored without their text "
                  "(KEEP_EVENTLESS_TEXT=false when they were ingested): ingest their files again to read them")
    _print_held_out(report)
    for name, reason in report.rejected:
        err.print(f"[red]failed[/red] {_shown(name)}: {_shown(reason)}", soft_wrap=True)
    if report.rejected:
        raise typer.Exit(1)


@contextmanager
def _progress(stage: str, total: int | None):
    """One progress bar for a run: `update(**fields)` moves it, `rebuilding`
    shows the months being rebuilt at the end."""
    with Progress(TextColumn("[bold]{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as progress:
        task = progress.add_task("", total=total, stage=stage)

        def rebuilding(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, stage="events", description="rebuilding months")

        yield (lambda **fields: progress.update(task, **fields)), rebuilding


def _print_report(report) -> None:
    err.print(f"articles read: {report.read} (changed since last time: {report.replaced})   already stored: {report.unchanged}   "
              f"mentions found: {report.mentions}   events: {report.events_before} → {report.events_after}   "
              f"files rejected: {len(report.rejected)}"
              + (f"   held out (no events on the timeline): {len(report.held_out)}" if report.held_out else ""))
    _print_passed_over(report)
    _print_held_out(report)
    for path, reason in report.rejected:
        err.print(f"[red]rejected[/red] {_shown(path)}: {_shown(reason)}", soft_wrap=True)


def _print_passed_over(report) -> None:
    if report.passed_over:
        err.print(f"passed over by the relevance gate (no event possible): {report.passed_over}")


def _print_profile(report) -> None:
    """Seconds per stage (with workers, summed over the processes) and the wall time."""
    err.print("seconds by stage: " + "   ".join(f"{name} {seconds:.2f}" for name, seconds in report.stages.items())
              + f"   (wall {report.seconds:.2f}, articles/s {report.read / report.seconds if report.seconds else 0:.0f})")


def _print_held_out(report) -> None:
    """Articles stored with no events on the timeline, or with some of its
    reports left out, and why (warnings: the exit status does not change)."""
    for path, reason in report.held_out:
        err.print(f"[yellow]warning[/yellow] {_shown(path)}: no events on the timeline: {_shown(reason)}",
                  soft_wrap=True)
    for path, note in report.warnings:
        err.print(f"[yellow]warning[/yellow] {_shown(path)}: {_shown(note)}", soft_wrap=True)


# Control characters and the marks that reorder text: a file or archive
# member named with them must not move the cursor or rewrite the terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(text: str) -> str:
    """A name or reason as printed: unprintable characters as \\xNN or
    \\uNNNN, Rich markup escaped."""
    return escape(_UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                                   else f"\\u{ord(m.group()):04x}", text))


def _tail(label: str) -> str:
    """The end of a label, for the progress bar: a file's or a record's name."""
    return label.rsplit("/", 1)[-1]


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="Only jsonl for now")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout)")] = None,
) -> None:
    """Write every event as one JSON object per line (EVENT_FORMAT.md),
    streamed: memory stays flat whatever the number of events. A file is
    written beside its name and renamed when complete."""
    from app.queries import every_event_json

    if format != "jsonl":
        err.print(f"[red]unknown format {format!r}; use jsonl[/red]")
        raise typer.Exit(2)
    migrate()
    with Session(get_engine()) as session:
        lines = (json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in every_event_json(session))
        if output is None:
            for line in lines:
                sys.stdout.write(line)
            return
        partial = output.with_name(output.name + ".partial")
        with open(partial, "w", encoding="utf-8") as f:
            count = sum(1 for line in lines if f.write(line))
        partial.replace(output)
    err.print(f"{count} events written to {output}")


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (one annotated event per line), scored together")],
    docs: Annotated[Optional[Path], typer.Option(help="Folder of the gold files' documents (default: found beside the first)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the figures")] = False,
    loose: Annotated[bool, typer.Option(help="Parties agree when one gold actor is found (score.py --loose)")] = False,
) -> None:
    """Ingest every document of the gold files' folder — also those with no
    gold line, whose events are false alarms — into a temporary database and
    score the events found as ../shared/eval/score.py does: precision,
    recall, F1, every miss and false alarm."""
    import tempfile

    from app.evaluate import find_documents, load_jsonl, score
    from app.ingest.pipeline import ingest as run_ingest
    from app.queries import all_events, iter_events_json

    gold_rows = [row for path in gold for row in load_jsonl(path)]
    folder = find_documents(gold[0], docs)
    missing = sorted({row["doc"] for row in gold_rows if not (folder / row["doc"]).is_file()})
    if missing:
        err.print(f"[red]documents not found in {escape(str(folder))}: {escape(', '.join(missing))}[/red]")
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'eval.db'}"
        migrate(url)
        from app.db import engine_for

        engine = engine_for(url)
        report = run_ingest(engine, [folder])
        with Session(engine) as session:
            events = list(iter_events_json(session, all_events(session)))
        engine.dispose()
    result = score(gold_rows, events, loose=loose)
    if not quiet:
        for doc, row in result.misses:
            typer.echo(f"MISS  {doc}: {row['type']} {row['date']} {row['actors'] or row['countries']} | {row['evidence']}")
        for doc, event in result.false_alarms:
            names = "/".join(a["name"] for a in event["actors"]) or "/".join(event["countries"])
            evidence = next((s["evidence"] for s in event["sources"] if Path(s["article"]).name == doc), "")
            typer.echo(f"FALSE {doc}: {event['type']} {event['date']} {names} {event['countries']} | {evidence}")
    typer.echo(f"documents={report.read + report.unchanged} rejected={len(report.rejected)} {result.figures()}")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Address to listen on")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port")] = None,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes sharing the port")] = 1,
    proxy_headers: Annotated[bool, typer.Option(help="Trust X-Forwarded-* from the reverse proxy")] = False,
    access_log: Annotated[bool, typer.Option(help="Log every request")] = True,
) -> None:
    """Serve the timeline (default http://127.0.0.1:8000)."""
    import uvicorn

    settings = get_settings()
    migrate()
    config = uvicorn.Config("app.web.main:app", host=host or settings.host, port=port or settings.port,
                            reload=reload, workers=workers, proxy_headers=proxy_headers,
                            access_log=access_log)
    if workers > 1 and not reload:
        _serve_in_processes(config)
    else:
        uvicorn.Server(config).run()


def _serve_in_processes(config) -> None:
    """uvicorn's own --workers binds its socket with protocol 0, and asyncio
    then leaves Nagle's algorithm on for every connection: each keep-alive
    response waits ~40 ms for the client's delayed ACK (Kludex/uvicorn#3149).
    The same socket, declared TCP, gets TCP_NODELAY on every connection."""
    import socket

    from uvicorn.supervisors import Multiprocess

    bound = config.bind_socket()
    sock = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()


CRASHED = 3  # never 1 ("some files rejected") nor 2 ("none could be ingested")


def main() -> None:
    """The console script. A missing database driver is the user's setup,
    not a bug: one line saying what to install, no traceback. A crash is a
    bug: its own exit status, so a script never takes it for a partial run."""
    try:
        app(standalone_mode=True)
    except MissingDriver as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001
        import traceback

        traceback.print_exc()
        err.print(f"[red]internal error ({escape(exc.__class__.__name__)}): {escape(str(exc))}[/red] — what was "
                  "stored before it stays stored; please report it with the traceback above.")
        sys.exit(CRASHED)


if __name__ == "__main__":
    main()
