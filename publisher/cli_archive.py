"""`glazenstad archive`: renditions, fixity and the MDTO export package."""

from __future__ import annotations

from pathlib import Path

import click

from publisher.archive_export import export_package
from publisher.fixity import verify
from publisher.renditions import make_renditions
from publisher.services import open_services
from publisher.settings import Settings


@click.group()
def archive() -> None:
    """The archivist's commands."""


@archive.command(name="renditions")
@click.pass_context
def renditions_command(ctx: click.Context) -> None:
    """Make the missing renditions of published versions (each is made once and never replaced)."""
    services = open_services(_settings(ctx))
    try:
        written = make_renditions(services)
    finally:
        services.close()
    click.echo(f"Renditions: {written} files written.", err=True)


@archive.command(name="verify")
@click.pass_context
def verify_command(ctx: click.Context) -> None:
    """Check the SHA-256 of every rendition and archive file; exit 1 when any is changed or missing."""
    services = open_services(_settings(ctx))
    try:
        report = verify(services)
    finally:
        services.close()
    for problem in report.problems:
        click.echo(f"{problem.result.upper()}: {problem.path} (expected {problem.expected}, "
                   f"found {problem.found or 'no file'})")
    click.echo(f"Fixity: {report.checked} files checked, {len(report.problems)} problems.", err=True)
    if report.problems:
        raise SystemExit(1)


@archive.command(name="export")
@click.argument("items", nargs=-1, required=True, metavar="(ENTRY...|--all) DIR")
@click.option("--all", "everything", is_flag=True, help="every entry with a published version")
@click.pass_context
def export_command(ctx: click.Context, items: tuple[str, ...], everything: bool) -> None:
    """Write an MDTO export package of entries into DIR (which must be empty or new)."""
    *entry_ids, folder = items
    if everything == bool(entry_ids):
        raise click.UsageError("give entry ids or --all, and then the folder")
    services = open_services(_settings(ctx))
    try:
        report = export_package(services, None if everything else entry_ids, Path(folder),
                                progress=lambda done, total: click.echo(f"export: {done}/{total}", err=True)
                                if done == total or done % 100 == 0 else None)
    except FileExistsError as error:
        raise click.ClickException(str(error)) from None
    finally:
        services.close()
    for entry_id, reason in report.refused.items():
        click.echo(f"NOT EXPORTED: {entry_id}: {reason}")
    click.echo(f"Exported {report.entries} entries, {report.versions} versions, {report.files} files to {folder}; "
               "every MDTO file validated against MDTO-XML1.0.1.xsd.", err=True)
    if report.refused:
        raise SystemExit(1)


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings
