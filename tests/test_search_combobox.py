"""The search box's type-ahead in headless Chromium: the WAI-ARIA 1.2 combobox, axe, and the form without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from playwright.sync_api import ConsoleMessage, Locator, Page, expect

from publisher.app import create_app
from publisher.services import Services
from tests.support.axe import format_violations, run_axe
from tests.support.browser import GuardedContext, serve_app

pytestmark = pytest.mark.browser

BOX = "#zoekterm"
LISTBOX = "[role=listbox]"
OPTION = "[role=listbox] [role=option]"


@pytest.fixture(scope="module")
def site(demo_services: Services) -> Iterator[str]:
    with serve_app(create_app(services=demo_services)) as base_url:
        yield base_url


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Errors the page logs, such as a Content-Security-Policy refusal."""
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    return errors


def type_into_the_box(page: Page, text: str) -> Locator:
    box = page.locator(BOX)
    expect(box).to_have_attribute("role", "combobox")  # the script has run
    box.fill("")
    box.press_sequentially(text, delay=30)
    expect(page.locator(LISTBOX)).to_be_visible()
    return box


def test_the_html_has_no_combobox_roles_before_the_script(demo_client: TestClient) -> None:
    for path in ("/", "/zoeken?q=parkeren"):
        html = demo_client.get(path).text
        box = re.search(r'<input id="zoekterm"[^>]*>', html)
        assert box is not None
        assert "role=" not in box.group() and "aria-" not in box.group()
        assert 'role="listbox"' not in html
        assert '<script src="/static/js/search-combobox.js" defer></script>' in html
        assert 'data-suggest-url="/api/v1/suggest"' in box.group()


def test_typing_opens_a_listbox_of_suggestions(
    site: str, page: Page, browser_context: GuardedContext, console_errors: list[str]
) -> None:
    page.goto(site + "/")
    box = type_into_the_box(page, "parke")
    listbox = page.locator(LISTBOX)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    assert listbox.get_attribute("aria-label") == "Suggesties"
    options = page.locator(OPTION)
    assert options.count() >= 3
    expect(options.first).to_contain_text("Parkeerbezetting parkeergarages (open data)")
    expect(options.first).to_contain_text("registratie")
    announced = f"{options.count()} suggesties. Kies met pijltje omlaag en Enter."
    expect(page.locator("[role=status]")).to_have_text(announced)
    assert box.get_attribute("aria-activedescendant") is None  # nothing is chosen until the user moves
    browser_context.assert_no_third_party_requests()
    assert console_errors == []


def test_arrow_keys_move_the_active_option(site: str, page: Page) -> None:
    page.goto(site + "/")
    box = type_into_the_box(page, "parke")
    options = page.locator(OPTION)
    box.press("ArrowDown")
    first = options.nth(0)
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id") or "")
    expect(first).to_have_attribute("aria-selected", "false")
    box.press("ArrowUp")
    box.press("ArrowUp")  # past the first: round to the last
    expect(box).to_have_attribute("aria-activedescendant", options.last.get_attribute("id") or "")
    assert page.evaluate("document.activeElement.id") == "zoekterm"  # focus stays in the box


def test_enter_on_an_entry_goes_to_its_page(site: str, page: Page) -> None:
    page.goto(site + "/")
    box = type_into_the_box(page, "controle parke")
    option = page.locator(OPTION).first
    expect(option).to_contain_text("Controle parkeerrecht met scanauto's")
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert re.search(r"/register/[0-9a-f-]{36}$", page.url)
    expect(page.locator("h1")).to_have_text("Controle parkeerrecht met scanauto's")


def test_enter_on_a_term_searches_for_it(site: str, page: Page) -> None:
    page.goto(site + "/zoeken?q=&kind=algorithm")
    box = type_into_the_box(page, "parke")
    box.press("ArrowUp")  # the last suggestion: a term
    expect(page.locator(OPTION).last).to_contain_text("zoekterm")
    term = page.locator(OPTION).last.locator(".gs-combobox__text").inner_text()
    with page.expect_navigation():
        box.press("Enter")
    assert "/zoeken?" in page.url and f"q={term}" in page.url
    assert "kind=algorithm" in page.url  # the filters chosen on the page are kept


def test_enter_without_a_chosen_option_submits_the_form(site: str, page: Page) -> None:
    page.goto(site + "/")
    box = type_into_the_box(page, "parke")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/zoeken?q=parke")


def test_escape_closes_the_listbox_and_then_empties_the_box(site: str, page: Page) -> None:
    page.goto(site + "/")
    box = type_into_the_box(page, "parke")
    box.press("ArrowDown")
    box.press("Escape")
    expect(page.locator(LISTBOX)).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_have_value("parke")
    box.press("ArrowDown")  # opens again, on the first suggestion
    expect(page.locator(LISTBOX)).to_be_visible()
    expect(box).to_have_attribute("aria-activedescendant", page.locator(OPTION).first.get_attribute("id") or "")
    box.press("Escape")
    box.press("Escape")
    expect(box).to_have_value("")


def test_a_click_on_a_suggestion_goes_there(site: str, page: Page) -> None:
    page.goto(site + "/")
    type_into_the_box(page, "fietst")
    with page.expect_navigation():
        page.locator(OPTION).filter(has_text="Fietstellers").first.click()
    expect(page.locator("h1")).to_have_text("Fietstellers")


def test_one_letter_opens_nothing_and_leaving_the_box_closes_the_list(site: str, page: Page) -> None:
    page.goto(site + "/")
    box = page.locator(BOX)
    expect(box).to_have_attribute("role", "combobox")
    box.press_sequentially("p")
    page.wait_for_timeout(400)
    expect(page.locator(LISTBOX)).to_be_hidden()
    box.press_sequentially("arke", delay=30)
    expect(page.locator(LISTBOX)).to_be_visible()
    box.press("Tab")
    expect(page.locator(LISTBOX)).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("path", ["/", "/zoeken?q=parkeren", "/taal/en?terug=/"])
def test_no_axe_violations_with_the_listbox_open(site: str, page: Page, path: str) -> None:
    page.goto(site + path)
    box = type_into_the_box(page, "parke")
    box.press("ArrowDown")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_the_english_page_labels_the_list_in_english(site: str, page: Page) -> None:
    page.goto(site + "/taal/en?terug=/")
    type_into_the_box(page, "parke")
    assert page.locator(LISTBOX).get_attribute("aria-label") == "Suggestions"
    expect(page.locator("[role=status]")).to_contain_text("suggestions")
    expect(page.locator(OPTION).first).to_contain_text("entry")


def test_without_javascript_the_form_searches(site: str, chromium: object) -> None:
    context = chromium.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(site + "/")
        box = page.locator(BOX)
        assert box.get_attribute("role") is None
        assert page.locator(LISTBOX).count() == 0
        box.fill("parke")
        page.wait_for_timeout(300)
        assert page.locator(LISTBOX).count() == 0
        with page.expect_navigation():
            box.press("Enter")
        assert page.url.endswith("/zoeken?q=parke")
        assert page.locator(".gs-card").count() >= 1
    finally:
        context.close()
