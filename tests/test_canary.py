"""A canary string in a draft (and in an unpublished new version) never reaches the public side."""

from __future__ import annotations

import re

import msgspec
from litestar.testing import TestClient

from publisher.indexing import index_entries
from publisher.services import Services
from register.entries import add_version, create_entry, publish_version
from schemas.validation import decode_content
from tests.conftest import client_for

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
