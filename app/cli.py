"""The `timeline` command: migrate, ingest, export, serve."""
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.markup import escape
from sqlmodel import Session, select

from app.config import get_settings
from app.db import get_engine, migrate

app = typer.Typer(help="A timeline of diplomatic calls, talks and visits from Chinese-language news.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)


@app.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema (Alembic)."""
    migrate()
    err.print(f"schema up to date: {get_settings().database_url}")


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: seeds/)")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Read every file in this encoding instead of detecting it")] = None,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when the database already holds articles")] = False,
) -> None:
    """Read articles, extract their events and store them.

    Exit status: 0 when every file was ingested (or was already there),
    1 when some files were rejected, 2 when none could be ingested."""
    from app.ingest.pipeline import collect_files, ingest as run_ingest
    from app.models import Article

    migrate()
    engine = get_engine()
    if if_empty:
        with Session(engine) as session:
            if session.exec(select(Article).limit(1)).first() is not None:
                err.print("database already holds articles; nothing to do (--if-empty)")
                return
    paths = paths or [Path("seeds")]
    files, _ = collect_files(paths)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as progress:
        task = progress.add_task("", total=len(files))

        def step(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        report = run_ingest(engine, paths, encoding=encoding, progress=step)
    _print_report(report)
    if report.rejected:
        raise typer.Exit(2 if report.read == 0 and report.unchanged == 0 else 1)


def _print_report(report) -> None:
    err.print(f"articles read: {report.read}   already stored: {report.unchanged}   "
              f"mentions found: {report.mentions}   events: {report.events_before} → {report.events_after}   "
              f"files rejected: {len(report.rejected)}")
    for path, reason in report.rejected:
        err.print(f"[red]rejected[/red] {escape(path)}: {escape(reason)}", soft_wrap=True)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="Only jsonl for now")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout)")] = None,
) -> None:
    """Write every event as one JSON object per line (EVENT_FORMAT.md)."""
    from app.queries import all_events, event_json

    if format != "jsonl":
        err.print(f"[red]unknown format {format!r}; use jsonl[/red]")
        raise typer.Exit(2)
    migrate()
    with Session(get_engine()) as session:
        lines = [json.dumps(event_json(session, e), ensure_ascii=False, sort_keys=True) for e in all_events(session)]
    text = "".join(line + "\n" for line in lines)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"{len(lines)} events written to {output}")
    else:
        sys.stdout.write(text)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Address to listen on")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port")] = None,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
) -> None:
    """Serve the timeline (default http://127.0.0.1:8000)."""
    import uvicorn

    settings = get_settings()
    migrate()
    uvicorn.run("app.web.main:app", host=host or settings.host, port=port or settings.port, reload=reload)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
