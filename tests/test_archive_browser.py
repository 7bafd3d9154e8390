"""The archivist's pages in headless Chromium, with axe on each: the dashboard, a worklist, an entry's
archive page (also with a refused form), a destruction list before and after execution, transfer, and
the public notice of a destruction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from publisher.app import create_app
from publisher.services import Services
from tests.support.browser import GuardedContext, serve_app
from tests.support.desk import staff_register
from tests.test_desk_browser import Checked, sign_in

pytestmark = pytest.mark.browser
TREES = "0117dff6-7bba-5f9c-8472-b8ab186a452d"  # trees (open data): published, gm9999 only


@pytest.fixture
def site(make_services: Callable[[str], Services], tmp_path: Path) -> Iterator[str]:
    services = make_services(f"sqlite:///{tmp_path / 'browser.db'}")
    staff_register(services)
    with serve_app(create_app(services=services)) as base_url:
        yield base_url


def test_the_archivists_pages_pass_axe(site: str, page: Page, browser_context: GuardedContext) -> None:
    axe = Checked(page)
    sign_in(page, site, "aart")
    page.get_by_role("link", name="Archief", exact=True).click()
    expect(page.get_by_role("heading", name="Werklijsten")).to_be_visible()
    axe("archive dashboard")
    page.get_by_role("link", name="Bevroren (niet te vernietigen)").click()
    expect(page.get_by_role("cell", name="Woo-verzoek 2026-0412")).to_be_visible()
    axe("worklist")

    page.goto(f"{site}/beheer/registraties/{TREES}/archief")
    expect(page.get_by_role("heading", name="Huidig bewaarbesluit")).to_be_visible()
    axe("entry archive page")
    page.get_by_label("Resultaat selectielijst").select_option("2.1")
    page.get_by_label("Waardering").select_option("V")
    page.get_by_label("Bewaartermijn").fill("")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Bij waardering V (vernietigen) is een bewaartermijn verplicht.").first).to_be_visible()
    axe("entry archive page with a refused decision")
    page.get_by_label("Bewaartermijn").fill("P10Y")
    page.get_by_label("Procestermijn").select_option("vast_te_leggen_datum")
    page.get_by_label("Datum aanleiding").fill("2010-01-01")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#einddatum")).to_contain_text("1 januari 2020")

    page.goto(f"{site}/beheer/archief/vernietiging")
    axe("destruction lists")
    page.get_by_role("button", name="Vernietigingslijst opstellen").click()
    expect(page.get_by_role("heading", name="Registraties op de lijst, per resultaat")).to_be_visible()
    axe("drafted destruction list")
    list_url = page.url
    page.get_by_role("button", name="Lijst is gecontroleerd").click()
    page.get_by_label("Namens het college goedgekeurd door").fill("Afdelingshoofd Informatiebeheer (mandaat)")
    page.get_by_label("Kenmerk van het besluit").fill("B&W 2026/2002")
    page.get_by_role("button", name="Goedkeuring vastleggen").click()
    page.get_by_label("Kenmerk van de machtiging").fill("Machtiging RA-2026-050")
    page.get_by_label("Staande machtiging").check()
    page.get_by_role("button", name="Machtiging vastleggen").click()
    page.get_by_role("button", name="Vernietiging uitvoeren").click()
    expect(page.get_by_role("heading", name="Verklaring van vernietiging")).to_be_visible()
    axe("executed destruction list")

    page.goto(f"{site}/beheer/archief/overbrenging")
    axe("transfer")
    page.context.clear_cookies()
    page.goto(f"{site}/vernietigingen/{list_url.rsplit('/', 1)[-1]}")
    expect(page.get_by_role("cell", name="Bomen in Voorbeeldstad (open data)")).to_be_visible()
    axe("public notice of a destruction")
    assert not axe.failures, "\n\n".join(axe.failures)
    browser_context.assert_no_third_party_requests()
