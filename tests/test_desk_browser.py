"""The editorial flow end to end in headless Chromium, and axe on every desk page along the way.

An editor creates and submits an entry, an approver approves and publishes it, the public site
shows it, a councillor asks a question, the editor answers, and the public page shows the answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from publisher.app import create_app
from publisher.services import Services
from tests.support.axe import format_violations, run_axe
from tests.support.browser import GuardedContext, serve_app
from tests.support.desk import PASSWORD, staff_register

pytestmark = pytest.mark.browser
NAME = "Slimme afvalbakken in het centrum"


@pytest.fixture
def site(make_services: Callable[[str], Services], tmp_path: Path) -> Iterator[str]:
    services = make_services(f"sqlite:///{tmp_path / 'browser.db'}")
    staff_register(services)
    with serve_app(create_app(services=services)) as base_url:
        yield base_url


class Checked:
    """Runs axe on each page it is shown and keeps what it found."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failures: list[str] = []

    def __call__(self, name: str) -> None:
        violations = run_axe(self.page)
        if violations:
            self.failures.append(f"{name} ({self.page.url}):\n{format_violations(violations)}")


def sign_in(page: Page, site: str, name: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/beheer")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn registraties")).to_be_visible()


def step(page: Page, button: str, reason: str) -> None:
    page.get_by_label("Reden of toelichting").fill(reason)
    page.get_by_role("button", name=button).click()


def test_from_draft_to_public_answer(site: str, page: Page, browser_context: GuardedContext) -> None:
    axe = Checked(page)
    page.goto(f"{site}/beheer")
    axe("login page")

    # 1. An editor logs in, creates an entry and submits it.
    sign_in(page, site, "eva")
    axe("my entries")
    page.get_by_role("link", name="Nieuwe registratie").click()
    axe("new entry form")
    page.locator("[name='name']").fill(NAME)
    page.locator("[name='description_short']").fill("Sensoren in afvalbakken melden wanneer een bak vol is.")
    page.locator("[name='organisations.0.tooi_id']").fill("gm9999")
    page.locator("[name='organisations.0.name']").fill("Gemeente Voorbeeldstad")
    page.locator("[name='goal']").fill("Minder volle bakken:\n\n- minder ritten\n- schonere straten")
    page.get_by_role("button", name="Voorbeeld van de tekstvelden").click()
    expect(page.locator(".gs-preview li", has_text="minder ritten")).to_be_visible()
    axe("form with Markdown previews")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    axe("desk entry page")
    page.get_by_role("link", name="Voorbeeld zoals op de openbare site").click()
    expect(page.get_by_text("Voorbeeld van een niet-gepubliceerde versie")).to_be_visible()
    axe("preview")
    page.go_back()
    step(page, "Indienen ter goedkeuring", "Nieuwe registratie, graag controleren.")
    expect(page.get_by_text("Ingediend").first).to_be_visible()
    entry_url = page.url
    entry_id = entry_url.rsplit("/", 1)[-1]

    # 2. An approver approves and publishes it.
    sign_in(page, site, "arie")
    page.get_by_role("link", name=NAME).click()
    step(page, "Goedkeuren", "Duidelijk beschreven.")
    expect(page.get_by_text("Goedgekeurd").first).to_be_visible()
    step(page, "Publiceren", "Publiceren.")
    expect(page.get_by_text("Gepubliceerd").first).to_be_visible()

    # 3. The public site shows the entry.
    page.goto(f"{site}/register/{entry_id}")
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()

    # 4. A councillor asks a question, and the editor answers it.
    sign_in(page, site, "rob")
    page.goto(entry_url)
    page.get_by_label("Uw vraag of opmerking").fill("Hoe vaak worden de sensoren gecontroleerd?")
    page.get_by_role("button", name="Vraag stellen").click()
    expect(page.get_by_text("Hoe vaak worden de sensoren gecontroleerd?")).to_be_visible()
    page.goto(f"{site}/beheer/raad")
    expect(page.get_by_role("heading", name="Raadsoverzicht")).to_be_visible()
    axe("council review dashboard")
    page.goto(f"{site}/register/{entry_id}")
    expect(page.get_by_text("Hoe vaak worden de sensoren gecontroleerd?")).to_have_count(0)  # not yet answered

    sign_in(page, site, "eva")
    expect(page.get_by_role("heading", name="Vragen die op een antwoord wachten")).to_be_visible()
    page.goto(entry_url)
    page.get_by_label("Antwoord").fill("Elke maand, door de afdeling Afval.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.get_by_role("link", name="Verschil met de gepubliceerde versie").click()
    axe("diff")

    # 5. The public page shows the answer.
    page.goto(f"{site}/register/{entry_id}")
    expect(page.get_by_role("heading", name="Vragen van de gemeenteraad")).to_be_visible()
    expect(page.get_by_text("Elke maand, door de afdeling Afval.")).to_be_visible()
    axe("public entry with an answered question")

    page.goto(f"{site}/beheer/raad")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()  # eva is no councillor
    axe("no access page")
    assert not axe.failures, "\n\n".join(axe.failures)
    browser_context.assert_no_third_party_requests()
