"""The map of what the city collects, /kaart: the table every browser gets (filtered by the server without
JavaScript), the base tiles the site fetches and keeps so that no browser talks to a third party, and the
Leaflet map in a real Chromium: markers and areas drawn, a filter taking effect, popups, no axe violations."""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient
from lxml import html

from publisher.app import create_app
from publisher.map_tiles import MAX_UPSTREAM_FETCHES, TileCache, tile_in_bounds
from publisher.services import Services
from publisher.settings import PDOK_BRT_TILES, Settings
from register.entries import create_entry, publish_version
from schemas.entry import DataCollection, EntryContent, Organisation
from schemas.enums import EntryKind, PersonalDataLevel, SensorType
from tests.conftest import client_for
from tests.support.axe import format_violations, run_axe
from tests.support.browser import GuardedContext, serve_app

# a real 1x1 PNG, what the local tile server hands out
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b2e7a40000000049454e44ae426082"
)
AMSTERDAM_TILE = (12, 2103, 1346)  # zoom 12 over Amsterdam
ATLANTIC_TILE = (12, 1500, 1346)


class TileServer:
    """A tile service on this machine, standing in for PDOK; counts what it is asked."""

    def __init__(self, delay: float = 0.0) -> None:
        self.paths: list[str] = []
        self.busy = self.most_at_once = 0
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with lock:
                    server.paths.append(self.path)
                    server.busy += 1
                    server.most_at_once = max(server.most_at_once, server.busy)
                time.sleep(delay)
                with lock:
                    server.busy -= 1
                self.send_response(200)
                self.send_header("content-type", "image/png")
                self.send_header("content-length", str(len(PNG)))
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/brt/{{z}}/{{x}}/{{y}}.png"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tile_server() -> Iterator[TileServer]:
    server = TileServer()
    yield server
    server.stop()


def with_tiles(services: Services, tiles: str, data_dir: Path) -> Services:
    """The demo register with a map tile service and a data folder of its own."""
    settings = msgspec.structs.replace(services.settings, map_tiles=tiles, data_dir=data_dir)
    return dataclasses.replace(services, settings=settings)


def table_rows(page_html: str) -> list[html.HtmlElement]:
    """The rows a reader sees (those outside the filters are sent hidden)."""
    return html.fromstring(page_html).xpath(
        "//table[contains(@class,'gs-map-table')]/tbody/tr[@data-entry and not(@hidden)]")


def test_the_table_lists_every_data_collection_with_what_a_citizen_asks(demo_client: TestClient) -> None:
    geojson = demo_client.get("/api/v1/data-collections.geojson").json()
    located = {feature["properties"]["entry_id"]: feature["properties"] for feature in geojson["features"]}
    answer = demo_client.get("/kaart")
    assert answer.status_code == 200
    rows = table_rows(answer.text)
    assert {row.get("data-entry") for row in rows} == set(located)
    for row in rows:
        properties = located[row.get("data-entry")]
        cells = [cell.text_content().strip() for cell in row.xpath("./th|./td")]
        assert cells[0] == properties["name"]
        assert row.xpath("./th/a/@href") == [f"/register/{properties['entry_id']}"]
        assert cells[2] == properties["observes"]
        assert cells[3] == properties["personal_data_label"]
        assert cells[4] == (properties["legal_basis"] or "")
        locations = [f for f in geojson["features"] if f["properties"]["entry_id"] == properties["entry_id"]]
        assert cells[5].startswith(f"{len(locations)}:")
    # without JavaScript the map stays hidden and the table is the page; Leaflet comes from this site only
    document = html.fromstring(answer.text)
    assert document.xpath("//div[@id='gs-map']/@hidden") == [""]
    assert all(src.startswith("/static/") for src in document.xpath("//script/@src"))
    assert demo_client.get("/static/leaflet/leaflet.js").status_code == 200
    assert demo_client.get("/static/leaflet/images/marker-icon.png").headers["content-type"] == "image/png"


def test_the_filters_narrow_the_table_without_javascript(demo_client: TestClient) -> None:
    features = demo_client.get("/api/v1/data-collections.geojson").json()["features"]
    by_entry = {f["properties"]["entry_id"]: f["properties"] for f in features}
    total = len(by_entry)
    for field, key in (("soort", "sensor_type"), ("persoonsgegevens", "personal_data")):
        values = {properties[key] for properties in by_entry.values()}
        assert len(values) > 1, f"the demo should have more than one {key}"
        for value in values:
            rows = table_rows(demo_client.get("/kaart", params={field: value}).text)
            expected = {entry for entry, properties in by_entry.items() if properties[key] == value}
            assert {row.get("data-entry") for row in rows} == expected
            assert 0 < len(rows) < total
    both = demo_client.get("/kaart", params={"soort": "optical_camera", "persoonsgegevens": "none"})
    assert {row.get("data-entry") for row in table_rows(both.text)} == {
        entry for entry, p in by_entry.items() if p["sensor_type"] == "optical_camera" and p["personal_data"] == "none"}
    assert "Geen dataverzamelingen bij deze keuze." in both.text or table_rows(both.text)


def test_a_wrong_filter_is_refused_naming_it(demo_client: TestClient) -> None:
    answer = demo_client.get("/kaart", params={"persoonsgegevens": "somewhat"})
    assert answer.status_code == 400
    assert "<li><code>persoonsgegevens</code>:" in answer.text


def test_the_map_page_speaks_english_too(demo_client: TestClient) -> None:
    answer = demo_client.get("/kaart", params={"lang": "en"})
    assert "<h1>Map: what the municipality collects where</h1>" in answer.text
    labels = {row.xpath("./td")[2].text_content() for row in table_rows(answer.text)}
    assert labels and labels <= {level.label("en") for level in PersonalDataLevel}, labels


def test_tiles_are_fetched_once_kept_and_only_for_the_netherlands(
    demo_services: Services, tile_server: TileServer, tmp_path: Path
) -> None:
    with TestClient(create_app(services=with_tiles(demo_services, tile_server.url, tmp_path))) as client:
        page = client.get("/kaart").text
        assert 'data-tiles="/kaart/tegels/{z}/{x}/{y}.png"' in page
        z, x, y = AMSTERDAM_TILE
        first = client.get(f"/kaart/tegels/{z}/{x}/{y}.png")
        assert first.status_code == 200 and first.content == PNG
        assert first.headers["content-type"] == "image/png"
        assert "max-age" in first.headers["cache-control"]
        assert tile_server.paths == [f"/brt/{z}/{x}/{y}.png"]
        assert client.get("/kaart/tegels/17/67300/43080.png").content == PNG  # street level: passed on
        assert not (tmp_path / "kaarttegels" / "17").exists()  # and not kept: nobody can fill the disk
        tile_server.stop()  # kept: the second answer needs no upstream
        assert client.get(f"/kaart/tegels/{z}/{x}/{y}.png").content == PNG
        assert (tmp_path / "kaarttegels" / str(z) / str(x) / f"{y}.png").read_bytes() == PNG
        # a tile not kept, with the upstream gone: a gateway error, nothing cached
        assert client.get(f"/kaart/tegels/{z}/{x}/{y + 1}.png").status_code == 502
        assert not (tmp_path / "kaarttegels" / str(z) / str(x) / f"{y + 1}.png").exists()
        # outside the Netherlands, beyond the zoom levels, or not a tile at all
        z, x, y = ATLANTIC_TILE
        assert client.get(f"/kaart/tegels/{z}/{x}/{y}.png").status_code == 404
        assert client.get("/kaart/tegels/3/4/2.png").status_code == 404
        assert client.get("/kaart/tegels/25/1/1.png").status_code == 404
        assert client.get("/kaart/tegels/12/2103/1346.jpg").status_code in (400, 404)


def test_no_more_than_a_few_tiles_are_fetched_at_once(tmp_path: Path) -> None:
    """A crawler asking for many street-level tiles (which are not kept) cannot make the site hammer the tile
    service: the fetches wait their turn, and each is answered."""
    server = TileServer(delay=0.2)
    try:
        cache = TileCache(server.url, tmp_path)
        tiles = [(17, 67300 + n, 43080) for n in range(12)]
        with ThreadPoolExecutor(max_workers=len(tiles)) as pool:
            answers = list(pool.map(lambda tile: cache.tile(*tile), tiles))
    finally:
        server.stop()
    assert answers == [PNG] * len(tiles)
    assert len(server.paths) == len(tiles)
    assert 1 < server.most_at_once <= MAX_UPSTREAM_FETCHES


def test_without_a_tile_service_the_map_has_no_base_layer(demo_client: TestClient) -> None:
    assert 'data-tiles=""' in demo_client.get("/kaart").text
    assert demo_client.get("/kaart/tegels/12/2103/1346.png").status_code == 404


def test_the_bounds_are_those_of_the_netherlands() -> None:
    assert tile_in_bounds(*AMSTERDAM_TILE)
    assert tile_in_bounds(8, 131, 84)  # Maastricht region at zoom 8
    assert not tile_in_bounds(*ATLANTIC_TILE)
    assert not tile_in_bounds(12, 2103, 1500)  # south of Paris
    assert not tile_in_bounds(12, 2 ** 12, 1346)


def test_the_tile_setting_defaults_to_pdok_and_refuses_a_bad_address(tmp_path: Path) -> None:
    assert Settings.from_env({"GLAZENSTAD_DATA_DIR": str(tmp_path)}).map_tiles == PDOK_BRT_TILES
    assert "service.pdok.nl/brt/achtergrondkaart" in PDOK_BRT_TILES
    assert Settings.from_env({"GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_MAP_TILES": ""}).map_tiles == ""
    with pytest.raises(ValueError, match="GLAZENSTAD_MAP_TILES"):
        Settings.from_env({"GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_MAP_TILES": "tiles.example/{z}"})


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture
def map_site(demo_services: Services, tile_server: TileServer, tmp_path: Path) -> Iterator[str]:
    with serve_app(create_app(services=with_tiles(demo_services, tile_server.url, tmp_path))) as base_url:
        yield base_url


@pytest.mark.browser
def test_the_map_draws_every_location_and_a_filter_takes_effect(
    map_site: str, demo_client: TestClient, page: object, browser_context: GuardedContext, tile_server: TileServer
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    features = demo_client.get("/api/v1/data-collections.geojson").json()["features"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    areas = [f for f in features if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    assert points and areas, "the demo has sensors at a point and collections over an area"

    page.goto(f"{map_site}/kaart")
    expect(page.locator("#gs-map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#gs-map")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(len(points))
    expect(page.locator("path.leaflet-interactive")).to_have_count(
        sum(len(f["geometry"]["coordinates"]) if f["geometry"]["type"] == "MultiPolygon" else 1 for f in areas))
    # the base map came through this site, from the (local) tile service
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_visible()
    assert tile_server.paths and all(re.fullmatch(r"/brt/\d+/\d+/\d+\.png", p) for p in tile_server.paths)

    # a marker's popup says what is measured, whether personal data are involved, the basis, and links on
    first = points[0]["properties"]
    page.locator(".leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    popup_text = popup.inner_text()
    assert "Wat wordt gemeten" in popup_text and "Persoonsgegevens" in popup_text
    assert popup.locator("a").get_attribute("href", timeout=1000).startswith("/register/")
    names = {f["properties"]["name"] for f in points}
    assert any(name in popup_text for name in names)
    assert first["name"] in names

    violations = run_axe(page)
    assert not violations, format_violations(violations)

    # filter on personal data: markers, areas and rows follow without a page load
    page.select_option("#persoonsgegevens", "identifiable")
    identifiable = [f for f in features if f["properties"]["personal_data"] == "identifiable"]
    expected_points = [f for f in identifiable if f["geometry"]["type"] == "Point"]
    assert 0 < len(identifiable) < len(features)
    expect(page.locator("#gs-map")).to_have_attribute("data-markers", str(len(identifiable)))
    expect(page.locator(".leaflet-marker-icon")).to_have_count(len(expected_points))
    visible_rows = page.locator("tr[data-entry]:not([hidden])")
    expect(visible_rows).to_have_count(len({f["properties"]["entry_id"] for f in identifiable}))
    assert "persoonsgegevens=identifiable" in page.url
    count_text = page.locator("[data-map-count]").inner_text()
    assert count_text.startswith(str(len({f["properties"]["entry_id"] for f in identifiable})))

    page.select_option("#persoonsgegevens", "")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(len(points))

    # opened with a filter chosen by the server, widened in the page: no reload, every row and marker back
    page.goto(f"{map_site}/kaart?persoonsgegevens=identifiable")
    expect(page.locator("#gs-map")).to_have_attribute("data-ready", "true")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(len(expected_points))
    page.evaluate("window.stayedOnThePage = true")
    page.select_option("#persoonsgegevens", "")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(len(points))
    expect(page.locator("tr[data-entry]:not([hidden])")).to_have_count(len({f["properties"]["entry_id"]
                                                                              for f in features}))
    assert page.evaluate("window.stayedOnThePage") is True
    browser_context.assert_no_third_party_requests()


def test_a_collection_without_a_location_is_in_the_table_not_on_the_map(sqlite_services: Services) -> None:
    content = EntryContent(
        kind=EntryKind.DATA_COLLECTION, name="Geluidsmeters in de haven",
        description_short="Meters die het geluid in de haven meten.",
        organisations=[Organisation(tooi_id="gm9999", name="Gemeente Voorbeeldstad")],
        personal_data=PersonalDataLevel.NONE, lawful_basis="De Wet geluidhinder.",
        data_collection=DataCollection(sensor_type=SensorType.SOUND, observes="Het geluidsniveau in decibel."),
    )
    with sqlite_services.sessions.begin() as session:
        entry_id = create_entry(session, content, actor="tests").entry_id
        publish_version(session, entry_id, 1, actor="tests")
    with client_for(sqlite_services) as client:
        rows = table_rows(client.get("/kaart").text)
        assert [row.get("data-entry") for row in rows] == [entry_id]
        cells = [cell.text_content().strip() for cell in rows[0].xpath("./th|./td")]
        assert cells == ["Geluidsmeters in de haven", "Geluid", "Het geluidsniveau in decibel.",
                         "Geen persoonsgegevens", "De Wet geluidhinder.", "Geen locatie gepubliceerd"]
        assert client.get("/api/v1/data-collections.geojson").json()["features"] == []
