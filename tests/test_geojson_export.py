"""The data collections as GeoJSON: valid RFC 7946 by an independent implementation of the spec, one
feature per location in longitude-latitude order, with what a citizen asks of a sensor."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from geojson_pydantic import FeatureCollection
from litestar.testing import TestClient

from publisher.cli import main
from publisher.demo import load_demo
from publisher.services import Services
from register.entries import withdraw_entry
from tests.conftest import client_for

PROPERTIES = {"entry_id", "name", "url", "sensor_type", "sensor_type_label", "observes", "personal_data",
              "personal_data_label", "legal_basis", "goal", "active_until", "location", "device_count"}


def test_the_data_collections_are_valid_geojson_in_the_netherlands(demo_client: TestClient,
                                                                    demo_services: Services) -> None:
    answer = demo_client.get("/api/v1/data-collections.geojson")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    document = answer.json()
    FeatureCollection.model_validate(document)  # raises on anything RFC 7946 does not allow
    assert "crs" not in document  # RFC 7946: WGS84 only, no other reference systems

    features = document["features"]
    assert features and len({feature["id"] for feature in features}) == len(features)
    for feature in features:
        assert set(feature["properties"]) == PROPERTIES
        for longitude, latitude in positions(feature["geometry"]["coordinates"]):
            assert 3.2 < longitude < 7.3 and 50.7 < latitude < 53.6  # the Netherlands, longitude first

    collections = {feature["properties"]["entry_id"]: feature["properties"] for feature in features}
    listed = demo_client.get("/api/v1/entries", params={"kind": "data_collection", "limit": 100}).json()["items"]
    assert set(collections) <= {item["id"] for item in listed}  # data collections only
    public_url = demo_services.settings.public_url
    for entry_id, properties in collections.items():
        entry = demo_client.get(f"/api/v1/entries/{entry_id}").json()
        assert properties["url"] == f"{public_url}/register/{entry_id}"
        assert properties["name"] == entry["name"]
        assert properties["personal_data"] == entry.get("personal_data")
    # whether it is personal, in words, for a citizen standing under a camera; and why it may be there
    assert {properties["personal_data_label"] for properties in collections.values()} == {
        "Geen persoonsgegevens", "Gepseudonimiseerde persoonsgegevens", "Herleidbare persoonsgegevens"}
    assert all(properties["legal_basis"] and properties["goal"] and "<" not in properties["goal"]
               for properties in collections.values())


def positions(coordinates: list) -> list[tuple[float, float]]:
    if coordinates and isinstance(coordinates[0], int | float):
        return [(coordinates[0], coordinates[1])]
    return [position for item in coordinates for position in positions(item)]


def test_a_withdrawn_data_collection_leaves_the_map_and_the_file_matches_the_download(
        sqlite_services: Services, tmp_path: Path) -> None:
    load_demo(sqlite_services, actor="tests")
    with client_for(sqlite_services) as client:
        before = client.get("/api/v1/data-collections.geojson").json()["features"]
        gone = before[0]["properties"]["entry_id"]
        with sqlite_services.sessions.begin() as session:
            withdraw_entry(session, gone, "De sensoren zijn weggehaald.", actor="tests")
        after = client.get("/api/v1/data-collections.geojson").json()
    assert gone not in {feature["properties"]["entry_id"] for feature in after["features"]}
    assert len(after["features"]) == len([f for f in before if f["properties"]["entry_id"] != gone])

    file = tmp_path / "sensoren.geojson"
    env = {"GLAZENSTAD_DATABASE_URL": sqlite_services.settings.database_url, "GLAZENSTAD_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(main, ["export", "--format", "geojson", str(file)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(file.read_text("utf-8")) == after
    entries = len({feature["properties"]["entry_id"] for feature in after["features"]})
    assert f"{len(after['features'])} locations of {entries} data collections as GeoJSON" in result.output
