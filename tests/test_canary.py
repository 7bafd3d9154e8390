"""A canary string in a draft (and in an unpublished new version) never reaches the public side."""

from __future__ import annotations

import re

import msgspec
from litestar.testing import TestClient

from publisher.indexing import index_entries
from publisher.services import Services
from register.accounts import actor_of, get_user
from register.council import answer_question, ask_question
from register.entries import add_version, create_entry, publish_version
from schemas.validation import decode_content
from tests.conftest import client_for
from tests.support.desk import bearer, staff_register

CANARY = "KANARIE7f3a"


def content(name: str, goal: str) -> object:
    return decode_content({
        "kind": "algorithm", "name": name, "description_short": f"Beschrijving van {name}.",
        "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}], "status": "In gebruik",
        "goal": goal, "tags": "parkeren, scanauto",
    })


def crawl(client: TestClient, start: list[str]) -> dict[str, str]:
    """Follow every local link from the start pages; return each page's text."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < 300:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.text
        for link in re.findall(r'(?:href|action)="(/[^"#]*)"', response.text):
            link = link.replace("&amp;", "&")
            if not link.startswith(("/static", "/taal")) and link not in seen:
                queue.append(link)
        if response.headers.get("content-type", "").startswith("application/json"):
            for link in re.findall(r'"(https?://testserver[^"]*)"', response.text):
                queue.append(link.split("testserver.local", 1)[-1])
    return seen


def test_canary_in_drafts_never_appears_publicly(sqlite_services: Services) -> None:
    with sqlite_services.sessions.begin() as session:
        create_entry(session, content(f"Concept {CANARY}", f"<p>Doel {CANARY}</p>"), actor="test")
        published = create_entry(session, content("Controle parkeerrecht", "<p>Parkeren controleren</p>"),
                                  actor="test").entry_id
        publish_version(session, published, 1, actor="test")
        draft = msgspec.structs.replace(content("Controle parkeerrecht", f"<p>{CANARY} nieuw doel</p>"),
                                        change_summary=f"{CANARY}")
        add_version(session, published, draft, actor="test")
    index_entries(sqlite_services, [published])
    with client_for(sqlite_services) as client:
        pages = crawl(client, [
            "/", "/zoeken", f"/zoeken?q={CANARY}", "/zoeken?q=concept", "/organisaties",
            f"/register/{published}", f"/register/{published}/versies", f"/register/{published}/versies/2",
            "/api/v1/entries", f"/api/v1/entries/{published}", f"/api/v1/entries/{published}/versions",
            f"/api/v1/entries/{published}/versions/2", f"/api/v1/search?q={CANARY}", "/api/v1/search?q=concept",
            "/api/v1/openapi.json", "/feeds/wijzigingen.atom", f"/feeds/registraties/{published}.atom",
        ])
        assert len(pages) > 15
        leaks = [url for url, text in pages.items() if CANARY in text and CANARY not in url]
        assert leaks == []
        assert client.get(f"/register/{published}/versies/2").status_code == 404
        assert client.get(f"/api/v1/entries/{published}/versions/2").status_code == 404
        assert client.get("/api/v1/search", params={"q": CANARY}).json()["total"] == 0


def test_desk_work_in_progress_never_appears_publicly(sqlite_services: Services) -> None:
    """Drafts, submitted and approved versions made at the desk, unanswered and internal questions."""
    tokens = staff_register(sqlite_services, demo=False)
    with client_for(sqlite_services) as client:
        def step(entry_id: str, user: str, action: str) -> None:
            answer = client.post(f"/api/v1/desk/entries/{entry_id}/transitions", headers=bearer(tokens[user]),
                                 json={"action": action, "reason": f"stap {CANARY}"})
            assert answer.status_code == 200, answer.text

        def new(name: str) -> str:
            body = msgspec.to_builtins(content(name, f"<p>Doel {CANARY}</p>"))
            answer = client.post("/api/v1/desk/entries", json=body, headers=bearer(tokens["eva"]))
            assert answer.status_code == 201, answer.text
            return str(answer.json()["id"])

        new(f"Concept {CANARY}")
        step(new(f"Ingediend {CANARY}"), "eva", "submit")
        approved = new(f"Goedgekeurd {CANARY}")
        step(approved, "eva", "submit")
        step(approved, "arie", "approve")
        published = client.post("/api/v1/desk/entries", headers=bearer(tokens["eva"]),
                                json=msgspec.to_builtins(content("Parkeerscan", "<p>Parkeren controleren</p>")))
        public_id = published.json()["id"]
        for user, action in (("eva", "submit"), ("arie", "approve"), ("arie", "publish")):
            client.post(f"/api/v1/desk/entries/{public_id}/transitions", headers=bearer(tokens[user]),
                        json={"action": action, "reason": "Publiceren."})
        with sqlite_services.sessions.begin() as session:
            rob, eva = actor_of(get_user(session, "rob")), actor_of(get_user(session, "eva"))
            ask_question(session, public_id, f"Open vraag {CANARY}", rob)
            internal = ask_question(session, public_id, f"Interne vraag {CANARY}", rob, internal=True)
            answer_question(session, internal.id, f"Intern antwoord {CANARY}", eva)

        pages = crawl(client, [
            "/", "/zoeken", f"/zoeken?q={CANARY}", "/organisaties", f"/register/{public_id}",
            f"/register/{public_id}/versies", "/api/v1/entries", f"/api/v1/search?q={CANARY}",
            "/feeds/wijzigingen.atom", f"/feeds/registraties/{public_id}.atom",
        ])
        assert f"/register/{public_id}" in pages and len(pages) > 8
        leaks = [url for url, text in pages.items() if CANARY in text and CANARY not in url]
        assert leaks == []
