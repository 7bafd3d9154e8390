"""The demo register with a staff of users, and clients signed in as each of them."""

from __future__ import annotations

import re

import msgspec
from litestar.testing import TestClient

from publisher.demo import load_demo
from publisher.services import Services
from register.accounts import add_user, create_token, ensure_organisation

PASSWORD = "een lang genoeg wachtwoord"
HOME = "gm9999"  # Gemeente Voorbeeldstad
OTHER = "gm9998"  # Gemeente Voorbeelddorp, which shares only entries 01-03 with Voorbeeldstad
# One user per role in the home organisation, a second editor and approver, and staff of the other one.
STAFF: dict[str, tuple[tuple[str, ...], str]] = {
    "eva": (("editor",), HOME),
    "emma": (("editor",), HOME),
    "arie": (("approver",), HOME),
    "ans": (("approver",), HOME),
    "rob": (("councillor",), HOME),
    "aart": (("archivist",), HOME),
    "beheer": (("administrator",), HOME),
    "dirk": (("editor", "approver", "councillor", "archivist"), OTHER),
}
_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def staff_register(services: Services, *, demo: bool = True) -> dict[str, str]:
    """Load the demo and add the staff; answers each user's API token."""
    if demo:
        load_demo(services, actor="tests")
    tokens = {}
    with services.sessions.begin() as session:
        ensure_organisation(session, HOME, "Gemeente Voorbeeldstad")
        ensure_organisation(session, OTHER, "Gemeente Voorbeelddorp")
        for name, (roles, organisation) in STAFF.items():
            add_user(session, name, roles=roles, organisations=[organisation], password=PASSWORD,
                     email=f"{name}@example.org", actor="tests")
            tokens[name] = create_token(session, name, actor="tests")
    return tokens


def csrf_token(client: TestClient, path: str = "/beheer/inloggen") -> str:
    """The token a desk form carries, as a browser would find it in the page."""
    found = _CSRF.search(client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    answer = client.post("/beheer/inloggen", data={"naam": name, "wachtwoord": password,
                                                   "_csrf_token": csrf_token(client)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def json_of(value: object) -> dict[str, object]:
    return msgspec.to_builtins(value)  # type: ignore[no-any-return]
