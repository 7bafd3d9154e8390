"""The open JSON API against the demo register, in-process over HTTP."""

from __future__ import annotations

from litestar.testing import TestClient


def all_entries(client: TestClient, **params: str) -> list[dict]:
    items: list[dict] = []
    response = client.get("/api/v1/entries", params={"limit": "7", **params})
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if not body["next"]:
            return items
        response = client.get(body["next"].split("testserver.local", 1)[-1])


def entry_named(client: TestClient, fragment: str) -> dict:
    hits = client.get("/api/v1/search", params={"q": fragment, "limit": 5}).json()["items"]
    assert hits, f"nothing found for {fragment}"
    return client.get(f"/api/v1/entries/{hits[0]['id']}").json()


def test_pages_follow_next_links_through_every_entry(demo_client: TestClient) -> None:
    first = demo_client.get("/api/v1/entries", params={"limit": 7}).json()
    items = all_entries(demo_client)
    assert len(items) == first["total"] >= 40
    assert len({item["id"] for item in items}) == len(items)
    names = [(item["name"], item["id"]) for item in items]
    assert names == sorted(names)


def test_filters_restrict_the_list(demo_client: TestClient) -> None:
    collections = all_entries(demo_client, kind="data_collection")
    assert collections and {item["kind"] for item in collections} == {"data_collection"}
    shared = all_entries(demo_client, organisation="gm9998")
    assert shared and all("Gemeente Voorbeelddorp" in item["organisations"] for item in shared)
    withdrawn = all_entries(demo_client, status="Ingetrokken")
    assert withdrawn and all(item["withdrawn"] for item in withdrawn)


def test_an_entry_has_every_public_field_under_stable_keys(demo_client: TestClient) -> None:
    entry = entry_named(demo_client, "parkeerrecht scanauto")
    for key in ("id", "source_id", "name", "description_short", "kind", "organisations", "category", "status",
                "goal", "law_references", "personal_data", "archive", "version_no", "published_at",
                "content_hash", "related", "html_url", "transparency_limitations", "ai_act"):
        assert key in entry, key
    assert entry["source_id"] == entry["id"]
    assert len(entry["content_hash"]) == 64
    assert any(link["relation"] == "uses_data_from" and link["direction"] == "outgoing"
               for link in entry["related"])


def test_links_are_visible_from_both_sides(demo_client: TestClient) -> None:
    algorithm = entry_named(demo_client, "parkeerrecht scanauto")
    target = next(link for link in algorithm["related"] if link["relation"] == "uses_data_from")
    other_side = demo_client.get(f"/api/v1/entries/{target['entry_id']}").json()
    assert any(link["entry_id"] == algorithm["id"] and link["direction"] == "incoming"
               for link in other_side["related"])


def test_every_published_version_is_available(demo_client: TestClient) -> None:
    items = all_entries(demo_client)
    with_history = []
    for item in items:
        versions = demo_client.get(f"/api/v1/entries/{item['id']}/versions").json()
        if len(versions) > 1:
            with_history.append((item["id"], versions))
    assert len(with_history) >= 5
    entry_id, versions = with_history[0]
    oldest = demo_client.get(f"/api/v1/entries/{entry_id}/versions/{versions[-1]['version_no']}").json()
    newest = demo_client.get(f"/api/v1/entries/{entry_id}/versions/{versions[0]['version_no']}").json()
    assert oldest["state"] == "superseded"
    assert oldest["content_hash"] != newest["content_hash"]


def test_errors_are_problem_json_naming_the_field(demo_client: TestClient) -> None:
    missing = demo_client.get("/api/v1/entries/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    for params, field in (({"limit": "abc"}, "limit"), ({"limit": "1000"}, "limit"), ({"cursor": "zzz"}, "cursor"),
                          ({"kind": "robot"}, "kind")):
        response = demo_client.get("/api/v1/entries", params=params)
        assert response.status_code == 400, params
        assert response.headers["content-type"] == "application/problem+json"
        assert field in [p["name"] for p in response.json()["invalid_params"]], response.json()


def test_search_answers_items_total_and_facets(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/search", params={"q": "camera", "limit": 5}).json()
    assert body["total"] >= 2 and len(body["items"]) <= 5
    assert {"id", "name", "kind", "snippet"} <= body["items"][0].keys()
    assert set(body["facets"]) == {"kind", "theme", "status", "personal_data", "publication_category",
                                   "risk_class", "organisation"}
    narrowed = demo_client.get("/api/v1/search", params={"q": "camera", "kind": "data_collection"}).json()
    assert 0 < narrowed["total"] <= body["total"]
    assert {item["kind"] for item in narrowed["items"]} == {"data_collection"}


def test_hostile_queries_never_fail(demo_client: TestClient) -> None:
    for query in ['"', "(", "*", "AND", "OR OR", "-", 'parkeren "', "a" * 2000, "k:v", "\\", "🚲", "<script>"]:
        response = demo_client.get("/api/v1/search", params={"q": query})
        assert response.status_code == 200, query
        assert isinstance(response.json()["items"], list)


def test_openapi_document_is_3_1_and_describes_the_api(demo_client: TestClient) -> None:
    response = demo_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/entries", "/api/v1/entries/{entry_id}", "/api/v1/entries/{entry_id}/versions",
            "/api/v1/entries/{entry_id}/versions/{version_no}", "/api/v1/search"} <= set(document["paths"])
    assert all(not path.startswith(("/register", "/zoeken")) for path in document["paths"])
    assert demo_client.get("/api/v1/entries").headers["api-version"] == "1.0.0"
