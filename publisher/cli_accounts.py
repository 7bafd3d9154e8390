"""`glazenstad users`, `glazenstad tokens` and `glazenstad organisations`: who may work in the desk."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from publisher.services import open_services
from publisher.settings import Settings
from register.accounts import (
    add_organisation,
    add_user,
    create_token,
    disable_user,
    ensure_organisation,
    find_organisation,
    list_users,
    set_roles,
)
from register.events import EventType, record_event
from register.workflow import NotAllowed
from schemas.enums import Role
from schemas.problems import ContentError

ACTOR = "cli"
ROLE_CHOICE = click.Choice([role.value for role in Role], case_sensitive=False)


@contextmanager
def _transaction(ctx: click.Context) -> Iterator[Session]:
    """One command, one transaction; a refused change prints the field and the reason."""
    settings: Settings = ctx.obj
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            yield session
    except (ContentError, NotAllowed) as error:
        problems = error.problems if isinstance(error, ContentError) else []
        text = "; ".join(f"{p.field}: {p.message_en}" for p in problems) or str(error)
        raise click.ClickException(text) from None
    finally:
        services.close()


@click.group()
def users() -> None:
    """Accounts of the editorial desk."""


@users.command(name="add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_CHOICE, help="a role; repeat for more")
@click.option("--organisation", "organisations", multiple=True, required=True,
              help="the organisation's TOOI code or exact name; repeat for more")
@click.option("--email", default=None, help="address for notifications")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input (at least 12 characters)")
@click.pass_context
def add_command(ctx: click.Context, name: str, roles: tuple[str, ...], organisations: tuple[str, ...],
                email: str | None, password_stdin: bool) -> None:
    """Add a user. Without --password-stdin the user can only use API tokens."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    settings: Settings = ctx.obj
    with _transaction(ctx) as session:
        ensure_organisation(session, settings.organisation_code, settings.organisation_name)
        user = add_user(session, name, roles=roles, organisations=organisations, password=password, email=email,
                        actor=ACTOR)
        click.echo(f"Added {user.name}: {user.roles.replace(' ', ', ')} for "
                   f"{', '.join(o.tooi_id for o in user.organisations)}.")


@users.command(name="list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """Every user with roles, organisations and whether they can sign in."""
    with _transaction(ctx) as session:
        rows = list_users(session)
        if not rows:
            click.echo("No users yet. Add the first administrator with: glazenstad users add NAME "
                       "--role administrator --organisation CODE --password-stdin")
        for user in rows:
            state = "disabled" if user.disabled else ("password" if user.password_hash else "token only")
            click.echo(f"{user.name}\t{user.roles.replace(' ', ',')}\t"
                       f"{','.join(o.tooi_id for o in user.organisations)}\t{user.email or '-'}\t{state}")


@users.command(name="disable")
@click.argument("name")
@click.pass_context
def disable_command(ctx: click.Context, name: str) -> None:
    """Stop a user signing in; ends their sessions and revokes their tokens. Nothing is deleted."""
    with _transaction(ctx) as session:
        disable_user(session, name, actor=ACTOR)
        click.echo(f"Disabled {name}; their sessions and tokens no longer work.")


@users.command(name="set-roles")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_CHOICE, help="a role; repeat for more")
@click.pass_context
def set_roles_command(ctx: click.Context, name: str, roles: tuple[str, ...]) -> None:
    """Replace a user's roles; their open sessions end."""
    with _transaction(ctx) as session:
        user = set_roles(session, name, roles, actor=ACTOR)
        click.echo(f"{name}: {user.roles.replace(' ', ', ')}.")


@click.group()
def tokens() -> None:
    """API bearer tokens for the editorial API."""


@tokens.command(name="create")
@click.argument("name")
@click.pass_context
def create_token_command(ctx: click.Context, name: str) -> None:
    """Create a token for user NAME. The token is the last line; it is shown only this once."""
    with _transaction(ctx) as session:
        token = create_token(session, name, actor=ACTOR)
    click.echo(f"Token for {name} (store it now; only its hash is kept):", err=True)
    click.echo(token)


@click.group()
def organisations() -> None:
    """The organisations of the register and their settings."""


@organisations.command(name="add")
@click.argument("code")
@click.argument("name")
@click.pass_context
def add_organisation_command(ctx: click.Context, code: str, name: str) -> None:
    """Add an organisation by its TOOI CODE (gm0363) and exact NAME (Gemeente Amsterdam), before importing its
    entries or adding its staff."""
    with _transaction(ctx) as session:
        added = add_organisation(session, code, name, actor=ACTOR)
        click.echo(f"Added {added.name} ({added.tooi_id}).")


@organisations.command(name="self-publish")
@click.argument("organisation")
@click.option("--allow/--forbid", default=True, show_default=True,
              help="may editors publish 'Overige algoritmes' without an approver")
@click.pass_context
def self_publish_command(ctx: click.Context, organisation: str, allow: bool) -> None:
    """Let an organisation's editors publish "Overige algoritmes" themselves, or stop it."""
    with _transaction(ctx) as session:
        found = find_organisation(session, organisation)
        found.editors_self_publish_other = allow
        record_event(session, EventType.ORGANISATION_CHANGED, actor=ACTOR,
                     details={"organisation": found.tooi_id, "editors_self_publish_other": allow})
        click.echo(f"{found.name}: editors {'may' if allow else 'may not'} publish 'Overige algoritmes' themselves.")
