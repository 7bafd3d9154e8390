"""`glazenstad outbox`: deliver and inspect the e-mail notifications of the editorial desk."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from publisher.mailer import deliver_pending
from publisher.services import Services, open_services
from publisher.settings import Settings
from register.models import OutboxMessage
from register.outbox import MAX_ATTEMPTS, finished, pending


@click.group()
def outbox() -> None:
    """E-mail notifications to editors, approvers and councillors."""


@contextmanager
def _opened(ctx: click.Context) -> Iterator[Services]:
    settings: Settings = ctx.obj
    try:
        services = open_services(settings)
    except Exception as error:
        raise click.ClickException(f"cannot open the register at {settings.database_url}: {error}") from error
    try:
        yield services
    finally:
        services.close()


@outbox.command()
@click.pass_context
def send(ctx: click.Context) -> None:
    """Deliver the pending messages.

    Without GLAZENSTAD_SMTP_HOST they are written to the log. Run it from cron, so failed messages are retried."""
    with _opened(ctx) as services:
        report = deliver_pending(services.sessions, services.settings)
    click.echo(f"Outbox: {report.sent} sent, {report.logged} written to the log, {report.failed} failed.", err=True)


@outbox.command(name="list")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="messages per part")
@click.pass_context
def list_command(ctx: click.Context, limit: int) -> None:
    """Show the pending messages and the latest delivered or given up.

    Pending messages come oldest first, the others newest first; times are in UTC."""
    with _opened(ctx) as services, services.sessions() as session:
        waiting = pending(session, limit)
        done = finished(session, limit)
    for title, messages in (("Pending", waiting), ("Recent", done)):
        click.echo(f"{title}:")
        for message in messages:
            click.echo(f"  {message.created_at:%Y-%m-%d %H:%M}  {_status(message)}  {message.recipient}  "
                       f"{message.subject}")
            if message.last_error and message.delivered_at is None:
                click.echo(f"      last error: {message.last_error}")
        if not messages:
            click.echo("  (none)")


def _status(message: OutboxMessage) -> str:
    if message.delivered_at is not None:
        return f"{message.delivery} {message.delivered_at:%Y-%m-%d %H:%M}"
    if message.attempts >= MAX_ATTEMPTS:
        return f"gave up after {message.attempts} attempts"
    return f"pending, {message.attempts} failed attempts"
