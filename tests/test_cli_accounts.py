"""`glazenstad users`, `tokens` and `organisations` as an administrator uses them, from an empty register."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from publisher.cli import main
from publisher.services import open_services
from publisher.settings import Settings
from register.models import Event, Organisation
from tests.conftest import client_for

PASSWORD = "een lang genoeg wachtwoord\n"


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env, input=stdin)
    return result.exit_code, result.output


def test_the_first_administrator_and_staff_on_an_empty_register(tmp_path: Path) -> None:
    env = {"GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_ORGANISATION_CODE": "gm0363",
           "GLAZENSTAD_ORGANISATION_NAME": "Gemeente Amsterdam"}
    code, output = run(env, "users", "list")
    assert code == 0 and "No users yet" in output

    code, output = run(env, "users", "add", "beheerder", "--role", "administrator", "--organisation", "gm0363",
                       "--password-stdin", stdin=PASSWORD)
    assert code == 0, output
    code, output = run(env, "users", "add", "eva", "--role", "editor", "--role", "approver",
                       "--organisation", "Gemeente Amsterdam", "--email", "eva@example.org", "--password-stdin",
                       stdin=PASSWORD)
    assert code == 0 and "approver, editor for gm0363" in output

    code, output = run(env, "users", "add", "eva", "--role", "editor", "--organisation", "gm0363")
    assert code == 1 and "name: user 'eva' already exists" in output
    code, output = run(env, "users", "add", "piet", "--role", "editor", "--organisation", "gm9999")
    assert code == 1 and "organisation: unknown organisation 'gm9999'" in output and "gm0363" in output
    code, output = run(env, "users", "add", "piet", "--role", "burgemeester", "--organisation", "gm0363")
    assert code == 2 and "'burgemeester' is not one of" in output
    code, output = run(env, "users", "add", "piet", "--role", "editor", "--organisation", "gm0363",
                       "--password-stdin", stdin="kort\n")
    assert code == 1 and "password: a password has at least 12 characters" in output

    code, output = run(env, "tokens", "create", "eva")
    assert code == 0
    token = output.strip().splitlines()[-1]
    services = open_services(Settings.from_env(env))
    with client_for(services) as client:
        headers = {"Authorization": f"Bearer {token}"}
        body = {"kind": "algorithm", "name": "Proef", "description_short": "Kort.",
                "organisations": [{"tooi_id": "gm0363", "name": "Gemeente Amsterdam"}]}
        assert client.post("/api/v1/desk/entries", json=body, headers=headers).status_code == 201

        code, output = run(env, "users", "set-roles", "eva", "--role", "councillor")
        assert code == 0 and "eva: councillor." in output
        assert client.post("/api/v1/desk/entries", json=body, headers=headers).status_code == 403

        code, output = run(env, "users", "disable", "eva")
        assert code == 0
        assert client.post("/api/v1/desk/entries", json=body, headers=headers).status_code == 401

    code, output = run(env, "users", "list")
    lines = sorted(output.strip().splitlines())
    assert lines == ["beheerder\tadministrator\tgm0363\t-\tpassword",
                     "eva\tcouncillor\tgm0363\teva@example.org\tdisabled"]

    code, output = run(env, "organisations", "self-publish", "gm0363")
    assert code == 0
    with services.sessions() as session:
        assert session.scalars(select(Organisation.editors_self_publish_other)).one() is True
        audit = [e.event_type for e in session.scalars(select(Event).where(Event.entry_id.is_(None)))]
    assert audit == ["user_added", "user_added", "token_created", "user_roles_set", "user_disabled",
                     "organisation_changed"]
    services.close()


def test_a_partner_organisation_is_added_once_by_a_valid_code_and_name(tmp_path: Path) -> None:
    env = {"GLAZENSTAD_DATA_DIR": str(tmp_path)}
    code, output = run(env, "organisations", "add", "gm1234", "Gemeente Voorbeelddorp")
    assert code == 0 and "Added Gemeente Voorbeelddorp (gm1234)" in output
    code, output = run(env, "users", "add", "dirk", "--role", "editor", "--organisation", "Gemeente Voorbeelddorp")
    assert code == 0, output

    for args, message in [
        (("gm1234", "Gemeente Anders"), "organisation: exists already: gm1234 (Gemeente Voorbeelddorp)"),
        (("gm5678", "Gemeente Voorbeelddorp"), "organisation: exists already: gm1234"),
        (("GM12", "Gemeente Hoofdletters"), "tooi_id: "),
        (("gm5678", ""), "name: "),
    ]:
        code, output = run(env, "organisations", "add", *args)
        assert code == 1 and message in output, output
    services = open_services(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'glazenstad.db'}"))
    try:
        with services.sessions() as session:
            assert session.get(Organisation, "gm5678") is None  # nothing of a refused command is kept
            added = session.scalars(select(Event).where(Event.event_type == "organisation_changed")).all()
            assert [json.loads(event.details)["added"] for event in added] == ["Gemeente Voorbeelddorp"]
    finally:
        services.close()
