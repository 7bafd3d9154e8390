"""WCAG 2.1 AA in a real headless Chromium, checked with axe, on the pages citizens use most."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from playwright.sync_api import Page

from publisher.app import create_app
from publisher.services import Services
from tests.support.axe import format_violations, run_axe
from tests.support.browser import GuardedContext, serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(demo_services: Services) -> Iterator[str]:
    with serve_app(create_app(services=demo_services)) as base_url:
        yield base_url


def pages_to_check(demo_client: TestClient) -> dict[str, str]:
    items = demo_client.get("/api/v1/entries", params={"limit": 100}).json()["items"]
    with_history = next(i["id"] for i in items
                        if len(demo_client.get(f"/api/v1/entries/{i['id']}/versions").json()) > 1)
    collection = next(i["id"] for i in items if i["kind"] == "data_collection")
    withdrawn = next(i["id"] for i in items if i["withdrawn"])
    return {
        "home": "/",
        "search results": "/zoeken?q=parkeren",
        "search with a filter": "/zoeken?q=camera&kind=data_collection",
        "search without results": "/zoeken?q=qqqqzzzz",
        "entry": f"/register/{with_history}",
        "data collection": f"/register/{collection}",
        "withdrawn entry": f"/register/{withdrawn}",
        "history": f"/register/{with_history}/versies",
        "accessibility statement": "/toegankelijkheid",
        "organisations": "/organisaties",
        "open data": "/open-data",
        "map (its table; the drawn map is checked in test_map)": "/kaart",
        "map filtered": "/kaart?persoonsgegevens=identifiable",
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_pages_have_no_axe_violations(
    site: str, demo_client: TestClient, page: Page, browser_context: GuardedContext, language: str
) -> None:
    if language == "en":
        page.goto(f"{site}/taal/en?terug=/")
    failures = []
    for name, path in pages_to_check(demo_client).items():
        response = page.goto(site + path)
        assert response is not None and response.status == 200, (name, path)
        violations = run_axe(page)
        if violations:
            failures.append(f"{name} ({path}):\n{format_violations(violations)}")
    assert not failures, "\n\n".join(failures)
    browser_context.assert_no_third_party_requests()


def test_search_works_without_javascript(site: str, chromium: object) -> None:
    context = chromium.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(site + "/")
        page.fill("#zoekterm", "fijnstof")
        page.click("button[type=submit]")
        assert "/zoeken?q=fijnstof" in page.url
        assert page.locator(".gs-card").count() >= 1
        page.check("input[name=kind][value=dataset]")
        page.click(".gs-facets button[type=submit]")
        assert "kind=dataset" in page.url
        assert page.locator(".gs-card .gs-badge--dataset").count() == page.locator(".gs-card").count()
    finally:
        context.close()


def test_keyboard_users_can_skip_to_the_content(site: str, page: Page) -> None:
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#inhoud"
    assert page.locator(".gs-skip-link").is_visible()
