"""`/sitemap.xml`: every public page once, each answering 200, and nothing destroyed."""

from __future__ import annotations

import datetime

from litestar.testing import TestClient
from lxml import etree
from sqlalchemy import select

from publisher.services import Services
from publisher.sitemap import SITEMAP_NAMESPACE
from register.models import Tombstone

NS = {"s": SITEMAP_NAMESPACE}


def test_the_sitemap_lists_every_public_page_once_and_nothing_destroyed(demo_client: TestClient,
                                                                        demo_services: Services) -> None:
    answer = demo_client.get("/sitemap.xml")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(answer.content)
    assert root.tag == f"{{{SITEMAP_NAMESPACE}}}urlset"
    locations = root.xpath("/s:urlset/s:url/s:loc/text()", namespaces=NS)
    assert len(locations) == len(set(locations)) == len(root)
    for modified in root.xpath("//s:lastmod/text()", namespaces=NS):
        assert datetime.datetime.fromisoformat(modified).tzinfo is not None  # W3C datetime with its zone

    public_url = demo_services.settings.public_url
    assert all(location.startswith(public_url + "/") for location in locations)
    for location in locations:
        assert demo_client.get(location.removeprefix(public_url)).status_code == 200, location

    entries = [item["id"] for item in demo_client.get("/api/v1/entries", params={"limit": 100}).json()["items"]]
    for entry_id in entries:
        assert f"{public_url}/register/{entry_id}" in locations
        versions = demo_client.get(f"/api/v1/entries/{entry_id}/versions").json()
        assert {f"{public_url}/register/{entry_id}/versies/{v['version_no']}" for v in versions} <= set(locations)
    with demo_services.sessions() as session:
        destroyed = session.scalars(select(Tombstone.entry_id)).all()
    assert destroyed and not [location for location in locations if any(d in location for d in destroyed)]

    robots = demo_client.get("/robots.txt").text
    assert f"Sitemap: {public_url}/sitemap.xml" in robots.splitlines()
