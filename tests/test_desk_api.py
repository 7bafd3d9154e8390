"""The editorial API: drafts with ETags, no lost update, the workflow with four eyes, the event log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from publisher.services import Services
from register.models import Organisation
from tests.conftest import client_for
from tests.support.desk import bearer, staff_register

CHATBOT = "871f2872-ef3a-5c50-a707-393f24bfb5ab"  # published v2, draft v3 with a canary word; Overige algoritmes
AIR = "dfa7caac-22ae-5577-8916-a5897aaa4721"  # air-quality sensors, published


def new_algorithm(name: str = "Proef met slimme vuilnisbakken") -> dict[str, object]:
    return {
        "kind": "algorithm",
        "name": name,
        "description_short": "Sensoren in vuilnisbakken melden wanneer een bak vol is.",
        "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad", "role": "responsible"}],
        "publication_category": "Impactvolle algoritmes",
        "status": "In ontwikkeling",
    }


class Desk:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def as_(self, user: str) -> dict[str, str]:
        return bearer(self.tokens[user])

    def create(self, user: str = "eva", body: dict[str, object] | None = None) -> tuple[str, str]:
        answer = self.client.post("/api/v1/desk/entries", json=body or new_algorithm(), headers=self.as_(user))
        assert answer.status_code == 201, answer.text
        return answer.json()["id"], answer.headers["etag"]

    def step(self, user: str, entry_id: str, action: str, reason: str = "Akkoord.") -> object:
        return self.client.post(f"/api/v1/desk/entries/{entry_id}/transitions",
                                json={"action": action, "reason": reason}, headers=self.as_(user))


@pytest.fixture
def desk(services: Services) -> Iterator[Desk]:
    tokens = staff_register(services)
    with client_for(services) as client:
        yield Desk(client, tokens)


@pytest.fixture
def sqlite_desk(make_services: Callable[[str], Services], tmp_path: Path) -> Iterator[Desk]:
    services = make_services(f"sqlite:///{tmp_path / 'desk.db'}")
    tokens = staff_register(services)
    with client_for(services) as client:
        yield Desk(client, tokens)


def test_a_draft_goes_through_the_workflow_and_appears_in_public(desk: Desk) -> None:
    entry_id, etag = desk.create("eva")
    client = desk.client
    assert client.get(f"/api/v1/entries/{entry_id}").status_code == 404  # a draft is not public

    draft = client.get(f"/api/v1/desk/entries/{entry_id}/draft", headers=desk.as_("emma"))
    assert draft.status_code == 200 and draft.headers["etag"] == etag
    assert draft.json()["state"] == "draft" and draft.json()["last_editor"] == "eva"

    body = draft.json() | {"goal": "Minder volle bakken en minder ritten."}
    saved = client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=body,
                       headers=desk.as_("eva") | {"If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert saved.headers["etag"] != etag and saved.json()["goal"] == "<p>Minder volle bakken en minder ritten.</p>"

    assert desk.step("eva", entry_id, "submit", "Klaar voor controle.").json()["state"] == "submitted"
    assert desk.step("arie", entry_id, "approve", "Goed beschreven.").json()["state"] == "approved"
    assert desk.step("arie", entry_id, "publish", "Publiceren.").json()["state"] == "published"

    public = client.get(f"/api/v1/entries/{entry_id}")
    assert public.status_code == 200 and public.json()["goal"] == "<p>Minder volle bakken en minder ritten.</p>"
    found = client.get("/api/v1/search", params={"q": "vuilnisbakken"}).json()
    assert entry_id in [item["id"] for item in found["items"]]

    events = client.get(f"/api/v1/desk/entries/{entry_id}/events", headers=desk.as_("eva")).json()
    assert [e["event_type"] for e in events] == ["created", "draft_saved", "submitted", "approved", "published",
                                                 "renditions_made"]
    assert [e["actor"] for e in events] == ["eva", "eva", "eva", "arie", "arie", "glazenstad"]
    assert events[2]["details"]["reason"] == "Klaar voor controle."
    assert events[4]["details"]["reason"] == "Publiceren."


def test_two_concurrent_edits_the_second_gets_412_and_nothing_is_lost(desk: Desk) -> None:
    entry_id, etag = desk.create("eva")
    client = desk.client
    first = client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=new_algorithm("Versie van Eva"),
                       headers=desk.as_("eva") | {"If-Match": etag})
    second = client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=new_algorithm("Versie van Emma"),
                        headers=desk.as_("emma") | {"If-Match": etag})
    assert first.status_code == 200
    assert second.status_code == 412
    assert second.headers["etag"] == first.headers["etag"]  # the stale editor learns what to reload
    assert second.headers["content-type"].startswith("application/problem+json")
    kept = client.get(f"/api/v1/desk/entries/{entry_id}/draft", headers=desk.as_("eva")).json()
    assert kept["name"] == "Versie van Eva"

    missing = client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=new_algorithm("Zonder If-Match"),
                         headers=desk.as_("emma"))
    assert missing.status_code == 428
    retried = client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=new_algorithm("Versie van Emma"),
                         headers=desk.as_("emma") | {"If-Match": second.headers["etag"]})
    assert retried.status_code == 200 and retried.json()["name"] == "Versie van Emma"


def test_a_submitted_draft_cannot_be_edited_until_it_is_sent_back(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    entry_id, _ = desk.create("eva")
    desk.step("eva", entry_id, "submit")
    draft = desk.client.get(f"/api/v1/desk/entries/{entry_id}/draft", headers=desk.as_("eva"))
    refused = desk.client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=new_algorithm("Te laat"),
                              headers=desk.as_("eva") | {"If-Match": draft.headers["etag"]})
    assert refused.status_code == 409
    rejected = desk.step("arie", entry_id, "reject", "De doelomschrijving ontbreekt.")
    assert rejected.json()["state"] == "draft"
    events = desk.client.get(f"/api/v1/desk/entries/{entry_id}/events", headers=desk.as_("eva")).json()
    assert events[-1]["event_type"] == "rejected"
    assert events[-1]["details"]["reason"] == "De doelomschrijving ontbreekt."
    again = desk.client.put(f"/api/v1/desk/entries/{entry_id}/draft", json=new_algorithm("Met doel"),
                            headers=desk.as_("eva") | {"If-Match": rejected.json()["etag"]})
    assert again.status_code == 200


def test_four_eyes_the_last_editor_cannot_approve_or_publish(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    with desk.client.app.state.services.sessions.begin() as session:  # type: ignore[attr-defined]
        from register.accounts import set_roles

        set_roles(session, "emma", ["editor", "approver"], actor="tests")
    entry_id, _ = desk.create("emma")
    desk.step("emma", entry_id, "submit")
    refused = desk.step("emma", entry_id, "approve")
    assert refused.status_code == 403 and "vier ogen" in refused.json()["detail"]
    assert desk.step("arie", entry_id, "approve").status_code == 200
    assert desk.step("emma", entry_id, "publish").status_code == 403
    assert desk.client.get(f"/api/v1/entries/{entry_id}").status_code == 404
    assert desk.step("ans", entry_id, "publish").status_code == 200


def test_editors_publish_other_algorithms_themselves_only_when_allowed(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    other = new_algorithm("Vertaalhulp voor brieven") | {"publication_category": "Overige algoritmes"}
    entry_id, _ = desk.create("eva", other)
    desk.step("eva", entry_id, "submit")
    assert desk.step("eva", entry_id, "publish").status_code == 403
    with desk.client.app.state.services.sessions.begin() as session:  # type: ignore[attr-defined]
        session.scalars(select(Organisation).where(Organisation.tooi_id == "gm9999")).one() \
            .editors_self_publish_other = True
    assert desk.step("eva", entry_id, "publish").status_code == 200

    impactful, _ = desk.create("eva")
    desk.step("eva", impactful, "submit")
    assert desk.step("eva", impactful, "publish").status_code == 403  # impactful ones always need an approver


def test_withdraw_keeps_the_entry_public_with_its_reason_and_history(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    before = desk.client.get(f"/api/v1/entries/{AIR}/versions").json()
    assert desk.step("eva", AIR, "withdraw", "Sensoren verwijderd").status_code == 403  # editors cannot
    answer = desk.step("aart", AIR, "withdraw", "De sensoren zijn verkeerd geregistreerd.")
    assert answer.status_code == 200 and answer.json()["state"] == "withdrawn"
    entry = desk.client.get(f"/api/v1/entries/{AIR}").json()
    assert entry["state"] == "withdrawn" and entry["withdrawal_reason"] == "De sensoren zijn verkeerd geregistreerd."
    assert len(desk.client.get(f"/api/v1/entries/{AIR}/versions").json()) == len(before)
    page = desk.client.get(f"/register/{AIR}")
    assert page.status_code == 200 and "De sensoren zijn verkeerd geregistreerd." in page.text
    assert desk.client.get(f"/register/{AIR}/versies").status_code == 200


def test_bad_content_is_refused_naming_the_field(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    bad = new_algorithm() | {"website": "geen url"}
    answer = desk.client.post("/api/v1/desk/entries", json=bad, headers=desk.as_("eva"))
    assert answer.status_code == 422
    assert answer.json()["invalid_params"][0]["name"] == "website"
    unknown = desk.client.post("/api/v1/desk/entries", json=new_algorithm() | {"naam": "x"}, headers=desk.as_("eva"))
    assert unknown.status_code == 422 and "naam" in unknown.json()["invalid_params"][0]["name"]
    no_reason = desk.step("eva", CHATBOT, "submit", "  ")
    assert no_reason.status_code == 422 and no_reason.json()["invalid_params"][0]["name"] == "reason"
    bad_action = desk.client.post(f"/api/v1/desk/entries/{CHATBOT}/transitions",
                                  json={"action": "delete", "reason": "weg"}, headers=desk.as_("arie"))
    assert bad_action.status_code == 422 and bad_action.json()["invalid_params"][0]["name"] == "action"


def test_the_openapi_document_marks_the_desk_as_needing_a_bearer_token(sqlite_desk: Desk) -> None:
    document = sqlite_desk.client.get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http", "scheme": "bearer", "description": "A token from `glazenstad tokens create NAME`"}
    desk_operations = [op for path, item in document["paths"].items() if path.startswith("/api/v1/desk")
                       for op in item.values()]
    assert len(desk_operations) == 5
    assert all(op["security"] == [{"BearerToken": []}] for op in desk_operations)
    public = document["paths"]["/api/v1/entries"]["get"]
    assert "security" not in public
