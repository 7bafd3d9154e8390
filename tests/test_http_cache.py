"""HTTP caching of the public side: ETags and Last-Modified from the register's public state, 304
without rendering, kept answers retired by every publication, and a desk that is never cached."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from publisher import http_cache, pages
from publisher.http_cache import KeptAnswers, PublicState
from publisher.indexing import index_entries, reindex
from publisher.services import Services, open_services
from publisher.settings import Settings
from register.entries import add_version, create_entry, publish_version, withdraw_entry
from register.events import INTERNAL_EVENTS, PUBLIC_EVENTS, EventType
from schemas.validation import decode_content
from tests.conftest import client_for
from tests.support.desk import bearer, staff_register

CANARY = "KANARIE5c1d"
IDENTITY = {"accept-encoding": "identity"}


def content(name: str, goal: str = "<p>Parkeren controleren met een scanauto.</p>") -> Any:
    return decode_content({
        "kind": "algorithm", "name": name, "description_short": f"Beschrijving van {name}.",
        "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}], "status": "In gebruik",
        "goal": goal, "tags": "parkeren, scanauto",
    })


def publish(services: Services, name: str, at: datetime.datetime | None = None) -> str:
    with services.sessions.begin() as session:
        entry_id = create_entry(session, content(name), actor="test").entry_id
        publish_version(session, entry_id, 1, actor="test", at=at)
    index_entries(services, [entry_id])
    return entry_id


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """One process, one thread: its searcher has reloaded when a commit returns."""
    monkeypatch.setattr(http_cache, "INDEX_SETTLE_SECONDS", 0.0)


def open_register(folder: Path) -> Services:
    """A register with its search index on disk, as `glazenstad serve` has it."""
    return open_services(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'register.db'}",
                                  search_index_dir=folder / "index"))


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Services]:
    services = open_register(tmp_path)
    publish(services, "Controle parkeerrecht")
    yield services
    services.close()


@pytest.fixture
def client(register: Services) -> Iterator[TestClient]:
    with client_for(register) as client:
        yield client


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates the public pages rendered."""
    rendered: list[str] = []
    original = pages.render

    def counting(request: Any, template: str, **context: Any) -> Any:
        rendered.append(template)
        return original(request, template, **context)

    monkeypatch.setattr(pages, "render", counting)
    return rendered


def wait_for_next_second() -> None:
    """Last-Modified is sent once the second in which this worker first saw the generation is over."""
    time.sleep(1.05)


def test_every_event_type_is_public_or_internal() -> None:
    assert set(EventType) == PUBLIC_EVENTS | INTERNAL_EVENTS
    assert not PUBLIC_EVENTS & INTERNAL_EVENTS


def test_public_answers_carry_a_stable_etag_per_encoding(client: TestClient) -> None:
    for path in ("/", "/zoeken?q=parkeren", "/organisaties", "/api/v1/entries", "/api/v1/search?q=parkeren",
                 "/feeds/wijzigingen.atom"):
        first, second = client.get(path, headers=IDENTITY), client.get(path, headers=IDENTITY)
        assert first.status_code == second.status_code == 200, path
        assert first.headers["etag"] == second.headers["etag"], path
        assert first.headers["etag"].startswith('"'), path  # strong: the identity body is the same bytes
        assert first.headers["cache-control"] == "public, no-cache"
        assert first.headers["vary"] == "Accept-Encoding, Cookie"
        assert first.content == second.content
        compressed = client.get(path, headers={"accept-encoding": "gzip"})
        # gzip stamps the moment of compression into its bytes: the tag is weak and another one
        assert compressed.headers["etag"].startswith('W/"') and compressed.headers["etag"].endswith('-gzip"')
        assert compressed.headers["etag"] != first.headers["etag"]
    etags = {client.get(path, headers=IDENTITY).headers["etag"] for path in ("/", "/zoeken?q=a", "/zoeken?q=b")}
    assert len(etags) == 3


def test_if_none_match_is_answered_304_without_rendering(client: TestClient, renders: list[str]) -> None:
    first = client.get("/zoeken", params={"q": "parkeren"})
    assert renders == ["search.html"]
    again = client.get("/zoeken", params={"q": "parkeren"}, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "public, no-cache"
    listed = client.get("/zoeken", params={"q": "parkeren"},
                        headers={"if-none-match": f'"other", {first.headers["etag"]}'})
    assert listed.status_code == 304
    kept = client.get("/zoeken", params={"q": "parkeren"})
    assert kept.status_code == 200 and kept.text == first.text
    assert renders == ["search.html"]  # the 304s and the repeat were answered without rendering
    assert client.get("/zoeken", params={"q": "parkeren"}, headers={"if-none-match": '"other"'}).status_code == 200


def test_the_api_is_answered_304_too(client: TestClient) -> None:
    for path in ("/api/v1/search?q=parkeren", "/api/v1/entries", "/api/v1/openapi.json"):
        etag = client.get(path).headers["etag"]
        assert client.get(path, headers={"if-none-match": etag}).status_code == 304, path


def test_a_publication_changes_etags_and_pages(register: Services, client: TestClient, renders: list[str]) -> None:
    paths = ("/", "/zoeken?q=scanauto", "/api/v1/search?q=scanauto", "/api/v1/entries")
    before = {path: client.get(path, headers=IDENTITY) for path in paths}
    new_id = publish(register, "Cameratoezicht uitgaansgebied")
    renders.clear()
    for path in paths:
        after = client.get(path, headers={**IDENTITY, "if-none-match": before[path].headers["etag"]})
        assert after.status_code == 200, path
        assert after.headers["etag"] != before[path].headers["etag"], path
        assert "Cameratoezicht uitgaansgebied" in after.text, path
    assert renders == ["home.html", "search.html"]  # rendered anew, not taken from the kept answers
    etag = client.get(f"/register/{new_id}").headers["etag"]
    with register.sessions.begin() as session:
        withdraw_entry(session, new_id, "Gestopt.", actor="test")
    index_entries(register, [new_id])
    withdrawn = client.get(f"/register/{new_id}", headers={"if-none-match": etag})
    assert withdrawn.status_code == 200 and "Gestopt." in withdrawn.text


def test_a_backdated_publication_is_not_taken_for_an_old_copy(register: Services, client: TestClient) -> None:
    client.get("/")
    wait_for_next_second()
    old = client.get("/", headers=IDENTITY)
    assert "last-modified" in old.headers
    # imports keep the publication moments of their source: the event is older than the copy
    publish(register, "Cameratoezicht uitgaansgebied", at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    answer = client.get("/", headers={**IDENTITY, "if-modified-since": old.headers["last-modified"]})
    assert answer.status_code == 200 and "Cameratoezicht uitgaansgebied" in answer.text


def test_last_modified_and_if_modified_since(client: TestClient) -> None:
    client.get("/")
    wait_for_next_second()
    answer = client.get("/")
    last_modified = parsedate_to_datetime(answer.headers["last-modified"])
    assert last_modified <= datetime.datetime.now(datetime.UTC)
    same = client.get("/", headers={"if-modified-since": answer.headers["last-modified"]})
    assert same.status_code == 304 and same.headers["last-modified"] == answer.headers["last-modified"]
    earlier = formatdate(last_modified.timestamp() - 60, usegmt=True)
    assert client.get("/", headers={"if-modified-since": earlier}).status_code == 200
    assert client.get("/", headers={"if-modified-since": "no date"}).status_code == 200
    # If-None-Match decides when both are given (RFC 9110 §13.2.2)
    both = {"if-modified-since": answer.headers["last-modified"], "if-none-match": '"other"'}
    assert client.get("/", headers=both).status_code == 200


def test_the_language_cookie_changes_the_etag(client: TestClient) -> None:
    dutch = client.get("/zoeken", params={"q": "parkeren"})
    client.cookies.set("taal", "en")
    english = client.get("/zoeken", params={"q": "parkeren"}, headers={"if-none-match": dutch.headers["etag"]})
    assert english.status_code == 200 and english.headers["etag"] != dutch.headers["etag"]
    assert '<html lang="en">' in english.text
    client.cookies.clear()
    assert '<html lang="nl">' in client.get("/zoeken", params={"q": "parkeren"}).text


def test_the_host_is_part_of_the_key(client: TestClient) -> None:
    first = client.get("/api/v1/search?q=parkeren", headers={"host": "a.example"})
    other = client.get("/api/v1/search?q=parkeren", headers={"host": "b.example"})
    assert first.headers["etag"] != other.headers["etag"]
    assert "//b.example/" in other.json()["items"][0]["href"]


def test_head_is_answered_like_get(client: TestClient) -> None:
    get = client.get("/zoeken?q=parkeren", headers=IDENTITY)
    head = client.head("/zoeken?q=parkeren", headers=IDENTITY)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
    assert client.head("/zoeken?q=parkeren", headers={**IDENTITY, "if-none-match": get.headers["etag"]}
                       ).status_code == 304


def test_the_desk_is_never_cached_nor_answered_304(register: Services) -> None:
    tokens = staff_register(register, demo=False)
    with client_for(register) as client:
        login = client.get("/beheer/inloggen")
        assert login.headers["cache-control"] == "private, no-store" and "etag" not in login.headers
        created = client.post("/api/v1/desk/entries", headers=bearer(tokens["eva"]),
                              json=msgspec.to_builtins(content("Concept")))
        draft_url = f"/api/v1/desk/entries/{created.json()['id']}/draft"
        draft = client.get(draft_url, headers=bearer(tokens["eva"]))
        assert draft.headers["cache-control"] == "private, no-store"
        # the desk's own ETag serves If-Match for edits; it never makes a 304
        again = client.get(draft_url, headers={**bearer(tokens["eva"]), "if-none-match": draft.headers["etag"]})
        assert again.status_code == 200 and again.headers["etag"] == draft.headers["etag"]


def test_a_draft_canary_never_reaches_a_kept_answer(register: Services, client: TestClient,
                                                    renders: list[str]) -> None:
    entry_id = publish(register, "Parkeerscan")
    paths = ["/", "/zoeken?q=parkeren", f"/zoeken?q={CANARY}", "/organisaties", f"/register/{entry_id}",
             f"/register/{entry_id}/versies", "/api/v1/entries", f"/api/v1/entries/{entry_id}",
             f"/api/v1/search?q={CANARY}", "/feeds/wijzigingen.atom", f"/feeds/registraties/{entry_id}.atom"]
    for path in paths:
        client.get(path)
    with register.sessions.begin() as session:
        draft = msgspec.structs.replace(content("Parkeerscan", f"<p>{CANARY}</p>"), change_summary=CANARY)
        add_version(session, entry_id, draft, actor="test")
        create_entry(session, content(f"Concept {CANARY}"), actor="test")
    rendered = len(renders)
    kept = {path: client.get(path).text for path in paths}
    assert len(renders) == rendered  # a draft is no public event: the kept answers still hold
    publish(register, "Cameratoezicht")
    fresh = {path: client.get(path).text for path in paths}
    assert len(renders) > rendered
    leaks = [path for path, text in [*kept.items(), *fresh.items()] if CANARY in text and CANARY not in path]
    assert leaks == []


def test_a_fresh_index_commit_is_not_cached_until_it_settles(register: Services, client: TestClient,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_cache, "INDEX_SETTLE_SECONDS", 2.0)
    young = client.get("/zoeken?q=parkeren")
    # another worker's searcher may not have reloaded yet: no validator, nothing kept
    assert "etag" not in young.headers and young.headers["cache-control"] == "public, no-cache"
    monkeypatch.setattr(http_cache, "INDEX_SETTLE_SECONDS", 0.0)
    settled = client.get("/zoeken?q=parkeren").headers["etag"]
    reindex(register)  # no event, but a new index commit: answers may differ
    assert client.get("/zoeken?q=parkeren").headers["etag"] != settled


def test_search_answers_are_not_cached_without_an_index_stamp(sqlite_services: Services) -> None:
    """An index in memory, or Meilisearch, says nothing of when it changed."""
    entry_id = publish(sqlite_services, "Controle parkeerrecht")
    with client_for(sqlite_services) as client:
        for path in ("/zoeken?q=parkeren", "/api/v1/search?q=parkeren", "/api/v1/suggest?q=park"):
            answer = client.get(path)
            assert "etag" not in answer.headers and answer.headers["cache-control"] == "public, no-cache", path
        assert client.get(f"/register/{entry_id}").headers["etag"]


def test_the_generation_is_read_on_sqlite_and_postgresql(services: Services) -> None:
    state = PublicState(services)
    before = state.current()
    assert before.index is None
    with services.sessions.begin() as session:
        create_entry(session, content("Concept"), actor="test")
    assert state.current() == before  # a draft is no public event
    publish(services, "Controle parkeerrecht")
    assert state.current().public_event > before.public_event


def test_kept_answers_are_bounded_and_least_recently_used_go_first() -> None:
    answers = KeptAnswers(max_bytes=100)

    def put(key: str, size: int) -> None:
        answers.put((key,), [], b"x" * size)

    put("a", 40)
    put("b", 40)
    assert answers.get(("a",)) is not None  # a is now the most recently used
    put("c", 40)
    assert answers.get(("b",)) is None and answers.get(("a",)) is not None and answers.size == 80
    put("huge", 101)
    assert answers.get(("huge",)) is None and len(answers) == 2
