"""The public site as a citizen uses it: no JavaScript needed, Dutch first, safe."""

from __future__ import annotations

import re
from html import unescape

import msgspec
from litestar.testing import TestClient

from publisher.indexing import index_entries
from publisher.services import Services
from register.entries import create_entry, publish_version
from schemas.validation import decode_content
from tests.conftest import client_for


def first_hit(client: TestClient, query: str) -> str:
    return client.get("/api/v1/search", params={"q": query}).json()["items"][0]["id"]


def test_home_shows_counts_and_recent_changes(demo_client: TestClient) -> None:
    html = demo_client.get("/").text
    assert '<html lang="nl">' in html
    counts = {kind: demo_client.get("/api/v1/entries", params={"kind": kind}).json()["total"]
              for kind in ("algorithm", "data_collection", "dataset")}
    for kind, label in (("algorithm", "Algoritme"), ("data_collection", "Dataverzameling")):
        withdrawn = len([i for i in demo_client.get("/api/v1/entries", params={"kind": kind, "limit": 100})
                        .json()["items"] if i["withdrawn"]])
        assert re.search(rf'gs-counts__number">{counts[kind] - withdrawn}</span>\s*<span class="gs-counts__label">'
                         rf"{label}", html), kind
    assert html.count('class="gs-card"') == 8


def test_search_page_works_with_a_plain_form(demo_client: TestClient) -> None:
    html = demo_client.get("/zoeken", params={"q": "parkeren"}).text
    assert "Zoekresultaten voor “parkeren”" in html
    assert '<input type="checkbox"' in html and "Filters toepassen" in html
    assert "<mark>" in html
    filtered = demo_client.get("/zoeken", params={"q": "parkeren", "kind": "dataset"}).text
    assert filtered.count('class="gs-card"') < html.count('class="gs-card"')
    assert 'value="dataset" checked' in filtered


def test_entry_page_has_readable_sections(demo_client: TestClient) -> None:
    entry_id = first_hit(demo_client, "parkeerrecht scanauto")
    html = unescape(demo_client.get(f"/register/{entry_id}").text)
    for heading in ("Wat en waarom", "Wettelijke basis", "Persoonsgegevens", "Risico's en menselijk toezicht",
                    "Gegevens en sensoren", "Archivering", "Contact en bezwaar", "Samenhang met andere registraties"):
        assert f">{heading}</h2>" in html, heading
    assert "wetten.overheid.nl" in html
    assert "/versies" in html


def test_history_page_compares_versions(demo_client: TestClient) -> None:
    with_history = next(
        item["id"] for item in demo_client.get("/api/v1/entries", params={"limit": 100}).json()["items"]
        if len(demo_client.get(f"/api/v1/entries/{item['id']}/versions").json()) > 1
    )
    html = demo_client.get(f"/register/{with_history}/versies").text
    assert "Wijzigingen van versie" in html
    assert "<ins>" in html or "<del>" in html
    assert "Vergelijk versies" in html
    # the list reads only each version's change summary; the whole version, read on its own, must agree
    listed = demo_client.get(f"/api/v1/entries/{with_history}/versions").json()
    summaries = [demo_client.get(f"/api/v1/entries/{with_history}/versions/{v['version_no']}").json().get(
        "change_summary") for v in listed]
    assert [v["change_summary"] for v in listed] == summaries
    assert any(summaries)
    for summary in filter(None, summaries):
        assert summary in unescape(html)


def test_withdrawn_entry_shows_its_reason(demo_client: TestClient) -> None:
    withdrawn = demo_client.get("/api/v1/entries", params={"status": "Ingetrokken"}).json()["items"][0]
    html = demo_client.get(f"/register/{withdrawn['id']}").text
    assert "Deze registratie is ingetrokken op" in html and "Reden:" in html


def test_language_switch_keeps_content_dutch(demo_client: TestClient) -> None:
    client = TestClient(demo_client.app)
    response = client.get("/taal/en", params={"terug": "/zoeken?q=camera"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/zoeken?q=camera"
    english = client.get("/zoeken", params={"q": "camera"}).text
    assert '<html lang="en">' in english and "Search results for" in english
    assert "Cameratoezicht" in english
    assert '<h3 class="gs-card__title" lang="nl">' in english  # Dutch content is marked as Dutch
    assert client.get("/taal/en", params={"terug": "https://evil.example"},
                           follow_redirects=False).headers["location"] == "/"


def test_pages_send_security_headers_and_load_nothing_from_elsewhere(demo_client: TestClient) -> None:
    for url in ("/", "/zoeken?q=camera", "/toegankelijkheid", "/organisaties"):
        response = demo_client.get(url)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', response.text)
        assert assets and all(asset.startswith("/") for asset in assets), assets


def test_unknown_pages_answer_404_in_dutch(demo_client: TestClient) -> None:
    response = demo_client.get("/register/bestaat-niet")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.text


HOSTILE = {
    "goal": "Doel\n\n<script>alert('goal')</script><p onclick=\"alert(1)\">klik</p>",
    "risks": "[klik hier](javascript:alert(1)) en <a href=\"javascript:alert(2)\">hier</a>",
    "human_intervention": "<img src=x onerror=alert(3)><iframe src=\"https://evil.example\"></iframe>Mens",
    "description_short": "<b onmouseover=alert(4)>Kort</b> <script>alert(5)</script>",
    "name": "Gevaarlijke <script>alert(6)</script> invoer",
}


def test_hostile_markdown_and_html_are_rendered_inert(sqlite_services: Services) -> None:
    content = decode_content({
        "kind": "algorithm", "name": "x", "description_short": "x", "status": "In gebruik",
        "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}],
    })
    content = msgspec.structs.replace(content, **HOSTILE)
    with sqlite_services.sessions.begin() as session:
        entry_id = create_entry(session, content, actor="test").entry_id
        publish_version(session, entry_id, 1, actor="test")
    index_entries(sqlite_services, [entry_id])
    with client_for(sqlite_services) as client:
        for url in (f"/register/{entry_id}", "/zoeken?q=gevaarlijke", "/", f"/register/{entry_id}/versies"):
            html = client.get(url).text.lower()
            assert "<script>alert" not in html and "<script" not in html.split("</head>")[1], url
            for attribute in ("onclick", "onerror", "onmouseover", "javascript:alert(2)", "<iframe", "<img"):
                assert attribute not in html, (url, attribute)
        api = client.get(f"/api/v1/entries/{entry_id}").json()
        assert "<script" not in api["goal"] and "onclick" not in api["goal"]


def test_head_answers_like_get_without_a_body(demo_client: TestClient) -> None:
    for url in ("/", "/zoeken?q=camera", "/api/v1/entries"):
        head, get = demo_client.head(url), demo_client.get(url)
        assert head.status_code == get.status_code == 200
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]


def test_whatever_a_citizen_types_gives_a_page(demo_client: TestClient) -> None:
    for query in ['"', "(", "*", "AND", "OR", "-", "parkeren -", '"open', "a" * 2000, "b" * 5000, "🚲 fiets",
                  "<script>alert(1)</script>", "%", "\\", "k:v"]:
        response = demo_client.get("/zoeken", params={"q": query})
        assert response.status_code == 200, query
        assert "<script>alert(1)" not in response.text
