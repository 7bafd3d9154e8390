"""The Atom change feeds: valid Atom, the register's publications and withdrawals, never a draft."""

from __future__ import annotations

import datetime
from html import unescape

import msgspec
from litestar.testing import TestClient
from lxml import etree

from publisher.demo import load_demo_entries
from publisher.services import Services
from register.entries import add_version, create_entry, publish_version, withdraw_entry
from register.models import Version
from schemas.enums import VersionState
from schemas.export_format import ExportedEntry
from schemas.validation import decode_content
from tests.conftest import client_for

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_URL = "http://127.0.0.1:8000"
DEMO_DRAFT_CANARY = "Vuurtorenproef"


def parse_feed(client: TestClient, path: str) -> etree._Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = etree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed


def items(feed: etree._Element) -> list[dict[str, str]]:
    """Each Atom entry's id, title, link, updated and summary."""
    return [{
        "id": entry.findtext(f"{ATOM}id"),
        "title": entry.findtext(f"{ATOM}title"),
        "link": entry.find(f"{ATOM}link").get("href"),
        "updated": entry.findtext(f"{ATOM}updated"),
        "summary": entry.findtext(f"{ATOM}summary") or "",
        "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
    } for entry in feed.iter(f"{ATOM}entry")]


def demo_events() -> list[tuple[datetime.datetime, str]]:
    """Every publication and withdrawal in the demo files, as (moment, public link), newest first."""
    events = []
    for entry in load_demo_entries():
        for version in entry.versions:
            if version.published_at:
                events.append((version.published_at, f"{PUBLIC_URL}/register/{entry.id}/versies/{version.version_no}"))
            if version.withdrawn_at:
                events.append((version.withdrawn_at, f"{PUBLIC_URL}/register/{entry.id}"))
    return sorted(events, reverse=True)


def demo_entry(state: VersionState) -> ExportedEntry:
    return next(e for e in load_demo_entries() if any(v.state == state for v in e.versions))


def content(name: str, change_summary: str | None = None) -> object:
    return decode_content({
        "kind": "algorithm", "name": name, "description_short": f"Beschrijving van {name}.",
        "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}], "status": "In gebruik",
        "change_summary": change_summary,
    })


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def test_register_feed_lists_the_newest_publications_and_withdrawals(demo_client: TestClient) -> None:
    feed = parse_feed(demo_client, "/feeds/wijzigingen.atom")
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{PUBLIC_URL}/feeds/wijzigingen.atom"
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert feed.findtext(f"{ATOM}title") == "Glazen Stad: wijzigingen in het register"
    listed = items(feed)
    expected = demo_events()[:50]
    assert len(listed) == len(expected) == 50
    assert [moment(item["updated"]) for item in listed] == [at for at, _ in expected]
    assert moment(feed.findtext(f"{ATOM}updated")) == expected[0][0]
    assert {item["link"] for item in listed} <= {link for _, link in demo_events()}
    assert len({item["id"] for item in listed}) == 50
    assert all(item["id"].startswith("urn:uuid:") and item["author"] for item in listed)
    assert all(item["title"].startswith(("Gepubliceerd: ", "Ingetrokken: ")) for item in listed)


def test_entry_feed_has_every_publication_and_the_withdrawal(demo_client: TestClient) -> None:
    withdrawn = demo_entry(VersionState.WITHDRAWN)
    feed = parse_feed(demo_client, f"/feeds/registraties/{withdrawn.id}.atom")
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{PUBLIC_URL}/feeds/registraties/{withdrawn.id}.atom"
    listed = items(feed)
    name = withdrawn.versions[-1].content.name
    assert [item["title"] for item in listed] == [
        f"Ingetrokken: {name}", f"Gepubliceerd: {name} (versie 2)", f"Gepubliceerd: {name} (versie 1)",
    ]
    assert listed[0]["link"] == f"{PUBLIC_URL}/register/{withdrawn.id}"
    assert listed[0]["summary"] == withdrawn.versions[-1].withdrawal_reason
    assert listed[1]["link"] == f"{PUBLIC_URL}/register/{withdrawn.id}/versies/2"
    assert listed[1]["summary"] == withdrawn.versions[1].content.change_summary
    assert moment(feed.findtext(f"{ATOM}updated")) == withdrawn.versions[-1].withdrawn_at
    again = items(parse_feed(demo_client, f"/feeds/registraties/{withdrawn.id}.atom"))
    assert [item["id"] for item in again] == [item["id"] for item in listed]


def test_feeds_never_show_a_draft(demo_client: TestClient) -> None:
    with_draft = demo_entry(VersionState.DRAFT)
    draft_no = next(v.version_no for v in with_draft.versions if v.state == VersionState.DRAFT)
    entry_feed = demo_client.get(f"/feeds/registraties/{with_draft.id}.atom").text
    register_feed = demo_client.get("/feeds/wijzigingen.atom").text
    assert DEMO_DRAFT_CANARY in msgspec.json.encode(with_draft).decode()
    for text in (entry_feed, register_feed):
        assert DEMO_DRAFT_CANARY not in text
        assert f'/register/{with_draft.id}/versies/{draft_no}"' not in text
    assert f"(versie {draft_no})" not in entry_feed
    assert "(versie 1)" in entry_feed


def test_unknown_or_unpublished_entries_have_no_feed(sqlite_services: Services) -> None:
    with sqlite_services.sessions.begin() as session:
        draft_only = create_entry(session, content("Nog niet gepubliceerd"), actor="test").entry_id
    with client_for(sqlite_services) as client:
        for path in (f"/feeds/registraties/{draft_only}.atom", "/feeds/registraties/onbekend.atom",
                     f"/feeds/registraties/{draft_only}"):
            response = client.get(path)
            assert response.status_code == 404
            assert "Pagina niet gevonden" in response.text


def test_a_new_publication_tops_the_feeds_and_submitted_versions_stay_out(services: Services) -> None:
    earlier = datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.UTC)
    with services.sessions.begin() as session:
        entry_id = create_entry(session, content("Controle parkeerrecht"), actor="test", at=earlier).entry_id
        publish_version(session, entry_id, 1, actor="test", at=earlier)
        other = create_entry(session, content("Fietstellers"), actor="test", at=earlier).entry_id
        publish_version(session, other, 1, actor="test", at=earlier + datetime.timedelta(days=1))
        withdraw_entry(session, other, "Niet meer in gebruik.", actor="test", at=earlier + datetime.timedelta(days=2))
        submitted = add_version(session, entry_id, content("Controle parkeerrecht", "KANARIE ingediend"), actor="test")
        submitted.state = VersionState.SUBMITTED
    with services.sessions.begin() as session:
        add_version(session, entry_id, content("Controle parkeerrecht", "Nieuwe scanauto's."), actor="test")
        publish_version(session, entry_id, 3, actor="test")
        assert session.get(Version, submitted.id).state == VersionState.SUBMITTED
    with client_for(services) as client:
        register_items = items(parse_feed(client, "/feeds/wijzigingen.atom"))
        entry_items = items(parse_feed(client, f"/feeds/registraties/{entry_id}.atom"))
    assert [item["title"] for item in register_items] == [
        "Gepubliceerd: Controle parkeerrecht (versie 3)", "Ingetrokken: Fietstellers",
        "Gepubliceerd: Fietstellers (versie 1)", "Gepubliceerd: Controle parkeerrecht (versie 1)",
    ]
    assert register_items[0] == entry_items[0]
    assert register_items[0]["link"] == f"{PUBLIC_URL}/register/{entry_id}/versies/3"
    assert register_items[0]["summary"] == "Nieuwe scanauto's."
    assert [item["title"] for item in entry_items] == [
        "Gepubliceerd: Controle parkeerrecht (versie 3)", "Gepubliceerd: Controle parkeerrecht (versie 1)",
    ]
    assert all("KANARIE" not in item["summary"] for item in register_items + entry_items)


def test_pages_announce_and_link_the_feeds(demo_client: TestClient) -> None:
    entry_id = demo_entry(VersionState.WITHDRAWN).id
    home = unescape(demo_client.get("/").text)
    entry_page = unescape(demo_client.get(f"/register/{entry_id}").text)
    register_feed = '<link rel="alternate" type="application/atom+xml" href="/feeds/wijzigingen.atom"'
    entry_feed = f'<link rel="alternate" type="application/atom+xml" href="/feeds/registraties/{entry_id}.atom"'
    assert register_feed in home and register_feed in entry_page
    assert entry_feed in entry_page
    assert '<a href="/feeds/wijzigingen.atom" type="application/atom+xml">Volg de wijzigingen' in home
    assert f'<a href="/feeds/registraties/{entry_id}.atom" type="application/atom+xml">Volg de wijzigingen' \
        in entry_page
