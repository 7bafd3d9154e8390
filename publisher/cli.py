"""The `glazenstad` command line. Each command that writes is one transaction."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from publisher.cli_accounts import organisations, tokens, users
from publisher.cli_archive import archive
from publisher.cli_outbox import outbox
from publisher.demo import RegisterNotEmpty, load_demo
from publisher.export_files import FILES_BY_NAME, OPEN_DATA_FILES
from publisher.indexing import index_entries, reindex
from publisher.open_data import refusal_lines
from publisher.renditions import make_renditions
from publisher.services import Services, open_services
from publisher.settings import SETTINGS_HELP, Settings
from register.database import make_engine, upgrade_database
from register.exchange import ImportFailed, ImportReport, encode_export, export_document, import_files
from search import SearchUnavailable

ACTOR = "cli"


class ProgressLine:
    """Prints `label: done/total` to stderr at most a few times a second, and always at the end."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.last = 0.0

    def __call__(self, done: int, total: int, _item: str = "") -> None:
        now = time.monotonic()
        if done == total or now - self.last > 0.5:
            self.last = now
            click.echo(f"{self.label}: {done}/{total}", err=True)


def _settings_epilog() -> str:
    return "Settings (environment variables):\n\n" + "\n\n".join(
        f"  {name}: {text}" for name, text in SETTINGS_HELP.items()
    )


@click.group(epilog=_settings_epilog())
@click.pass_context
def main(ctx: click.Context) -> None:
    """Glazen Stad: the municipal register of algorithms and data collections."""
    try:
        ctx.obj = Settings.from_env()
    except ValueError as error:  # a setting with a value it cannot have: say which, no traceback
        raise click.ClickException(str(error)) from error


main.add_command(outbox)


def _services(ctx: click.Context) -> Services:
    settings: Settings = ctx.obj
    try:
        return open_services(settings)
    except SearchUnavailable as error:
        raise click.ClickException(f"cannot open the search index: {error}") from error
    except Exception as error:
        raise click.ClickException(f"cannot open the register at {settings.database_url}: {error}") from error


def default_workers() -> int:
    """One worker process per CPU, at most four: pages are rendered in Python, so a process per core
    uses the machine; beyond that each one adds memory (its own kept answers) and no speed."""
    return max(1, min(os.cpu_count() or 1, 4))


@main.command(epilog=_settings_epilog())
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="port to listen on")
@click.option("--workers", default=default_workers, show_default="one per CPU, at most 4",
              type=click.IntRange(1, 16), help="worker processes")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="log every request (leave it to the reverse proxy when there is one)")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the public site and the API."""
    import uvicorn

    _services(ctx).close()  # fail early, with a clear message, when the database cannot be opened
    click.echo(f"Glazen Stad: http://{host}:{port}/ ({workers} worker{'s' if workers > 1 else ''})", err=True)
    # uvicorn takes uvloop and httptools, dependencies of ours, when they import (not on Windows)
    uvicorn.run("publisher.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", access_log=access_log, proxy_headers=False, server_header=False)


@main.command()
@click.option("--if-empty", is_flag=True, help="do nothing (and succeed) when the register already has entries")
@click.pass_context
def demo(ctx: click.Context, if_empty: bool) -> None:
    """Fill an empty register with the demo register of Gemeente Voorbeeldstad."""
    services = _services(ctx)
    try:
        report = load_demo(services, actor=ACTOR, progress=ProgressLine("demo"))
    except RegisterNotEmpty as not_empty:
        if if_empty:
            click.echo(f"The register already holds {not_empty.count} entries; demo not loaded.", err=True)
            return
        raise click.ClickException(str(not_empty)) from None
    click.echo(f"Demo register loaded: {len(report.entry_ids)} entries, {report.versions} versions.", err=True)


@main.command(name="import")
@click.option("--publish", is_flag=True, help="publish each imported national record as its first version")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, publish: bool, files: tuple[Path, ...]) -> None:
    """Import national standard 1.0 files or Glazen Stad exports (detected per file)."""
    services = _services(ctx)
    try:
        with services.sessions.begin() as session:
            report = import_files(session, list(files), publish=publish, actor=ACTOR,
                                  default_organisation=services.settings.organisation,
                                  progress=ProgressLine("import"))
    except ImportFailed as failure:
        for problem in failure.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"import refused: {len(failure.problems)} problem(s); nothing was written") from None
    if report.published:
        index_entries(services, report.entry_ids)
        make_renditions(services, report.entry_ids)
    _print_report(report)


def _print_report(report: ImportReport) -> None:
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"Imported {len(report.entry_ids)} entries ({report.versions} versions, {report.published} published).",
               err=True)


EXPORT_FORMATS = ("glazenstad", *FILES_BY_NAME)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--format", "export_format", type=click.Choice(EXPORT_FORMATS), default="glazenstad",
              show_default=True,
              help="glazenstad: every field and every version, for a backup or another register; "
              + "; ".join(f"{file.name}: {file.help}" for file in OPEN_DATA_FILES))
@click.pass_context
def export(ctx: click.Context, file: Path | None, export_format: str) -> None:
    """Write the register to FILE (or standard output): all of it in the Glazen Stad format, or what is published
    in one of the open-data formats (the same files as the downloads on /open-data)."""
    services = _services(ctx)
    if export_format in FILES_BY_NAME:
        with services.published() as register:
            made = FILES_BY_NAME[export_format].make(register, services.settings)
        for line in refusal_lines(made.refused):
            click.echo(f"refused: {line}", err=True)
        data, summary = made.data, made.summary + (" (see above)" if made.refused else "")
    else:
        with services.sessions() as session:
            data = encode_export(export_document(session))
        summary = "the Glazen Stad format"
    if file is None:
        sys.stdout.buffer.write(data)
        click.echo(f"Exported {summary}.", err=True)
    else:
        file.write_bytes(data)
        click.echo(f"Exported to {file} ({len(data)} bytes): {summary}.", err=True)


@main.command(name="reindex")
@click.pass_context
def reindex_command(ctx: click.Context) -> None:
    """Rebuild the search index from the register's published versions."""
    services = _services(ctx)
    started = time.monotonic()
    count = reindex(services, progress=lambda n: click.echo(f"reindex: {n}", err=True))
    click.echo(f"Indexed {count} entries in {time.monotonic() - started:.1f} s.", err=True)


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Apply all migrations."""
    settings: Settings = ctx.obj
    if settings.database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(make_engine(settings.database_url))
    click.echo("Database is up to date.", err=True)


main.add_command(users)
main.add_command(tokens)
main.add_command(organisations)
main.add_command(archive)
