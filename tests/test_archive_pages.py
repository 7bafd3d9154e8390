"""The archivist's pages in the browser's terms: the dashboard and its worklists, a retention decision
taken with the picker, holds, a destruction list from draft to execution and its public notice, and
transfer to the archive repository. Forms are posted as a browser would post what the page holds."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from publisher.services import Services
from register.models import Hold, RetentionDecision
from tests.conftest import client_for
from tests.support.desk import sign_in, staff_register
from tests.support.forms import submit

AIR = "dfa7caac-22ae-5577-8916-a5897aaa4721"  # air-quality sensors: published, gm9999 only
TREES = "0117dff6-7bba-5f9c-8472-b8ab186a452d"  # trees (open data): published, gm9999 only
BRIDGES = "8ce114e2-12f2-5beb-97d5-7fb7ac9fda8c"  # cameras at bridges: published, gm9999 only
SHARED = "8d246397-2f62-5c1a-bfbe-14fcdc9cd04a"  # scan cars: gm9999 and gm9998
STAFF_NAMES = ("aart", "eva", "emma", "arie", "ans", "rob", "beheer", "dirk")


class Staffed:
    def __init__(self, services: Services) -> None:
        self.services = services

    def client(self, user: str) -> TestClient:
        client = client_for(self.services)
        client.__enter__()
        return sign_in(client, user)

    def decisions(self, entry_id: str) -> list[RetentionDecision]:
        with self.services.sessions() as session:
            return list(session.scalars(select(RetentionDecision).where(RetentionDecision.entry_id == entry_id)))


@pytest.fixture
def staffed(make_services: Callable[[str], Services], tmp_path: Path) -> Iterator[Staffed]:
    services = make_services(f"sqlite:///{tmp_path / 'archive.db'}")
    staff_register(services)
    yield Staffed(services)


def form_at(html: str, action: str, form_id: str = "") -> str:
    """The one form on the page that posts to `action` (and has this id, when given)."""
    marker = f' id="{form_id}"' if form_id else ""
    found = re.findall(rf'<form[^>]*action="{re.escape(action)}"[^>]*{marker}>.*?</form>', html, re.S)
    assert len(found) == 1, f"{len(found)} forms post to {action}"
    return found[0]


def post_form(client: TestClient, page: str, action: str, lists: dict[str, list[str]] | None = None,
              form_id: str = "", **changes: str) -> Any:
    """Open `page`, fill in its form for `action` as a user would, and post it."""
    data = submit(form_at(client.get(page).text, action, form_id), **changes) | (lists or {})
    return client.post(action, data=data, follow_redirects=False)


def archive_page(entry_id: str) -> str:
    return f"/beheer/registraties/{entry_id}/archief"


def decide(client: TestClient, entry_id: str, **changes: str) -> Any:
    return post_form(client, archive_page(entry_id), f"{archive_page(entry_id)}/besluit", **changes)


def field_error(html: str, form: str, field: str) -> str:
    """The message shown at a field, which must also be marked invalid and described by it."""
    control = re.search(rf'<(?:input|select|textarea)[^>]*id="{form}-{field}"[^>]*>', html)
    assert control and 'aria-invalid="true"' in control.group(0), f"{form}-{field} is not marked invalid"
    assert f"{form}-{field}-fout" in control.group(0)
    message = re.search(rf'<p class="gs-error-message" id="{form}-{field}-fout">(.*?)</p>', html, re.S)
    assert message
    return re.sub(r"<[^>]+>", "", message.group(1))


def test_the_dashboard_counts_each_worklist_and_links_to_it(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    page = aart.get("/beheer/archief")
    assert page.status_code == 200
    assert '<a href="/beheer/archief"' in page.text  # the desk bar shows archivists the way in
    for slug in ("zonder-besluit", "v-zonder-termijn", "bewaartermijn-verstreken", "over-te-brengen", "bevroren"):
        assert f'href="/beheer/archief/werklijsten/{slug}"' in page.text
    held = re.search(r'werklijsten/bevroren">[^<]+</a></th>\s*<td>(.*?)</td>', page.text)
    assert held and ">1<" in held.group(1)  # the demo's one hold
    assert "Bevroren" in aart.get("/beheer/archief/werklijsten/bevroren").text
    assert "Woo-verzoek 2026-0412" in aart.get("/beheer/archief/werklijsten/bevroren").text
    assert aart.get("/beheer/archief/werklijsten/bestaat-niet").status_code == 404
    assert "<h2 id=\"werklijsten\">Worklists</h2>" in aart.get("/beheer/archief?lang=en").text
    assert 'href="/beheer/archief"' not in staffed.client("eva").get("/beheer").text


def test_deciding_with_the_picker_computes_and_shows_the_end_date(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    page = aart.get(archive_page(AIR)).text
    picker = re.search(r'<select[^>]*name="result_number".*?</select>', page, re.S)
    assert picker and picker.group(0).count("<option") > 300  # every selectable result, with its label
    assert "2.1.2 Vastgesteld – Algoritme met ingrijpend maatschappelijk effect" in picker.group(0)
    assert re.search(r'<option value="20.1.2" selected>', picker.group(0))  # the current decision is filled in
    answer = decide(aart, AIR, result_number="2.1", appraisal="V", retention_period="P10Y",
                    process_term="vast_te_leggen_datum", trigger="Sensoren vervangen", trigger_date="2014-03-31",
                    motivation="Na vervanging van de sensoren is dit gewone registerinhoud.")
    assert answer.status_code == 303 and answer.headers["location"].endswith("/archief#besluit")
    page = aart.get(archive_page(AIR)).text
    end = re.search(r'<dd id="einddatum">(.*?)</dd>', page, re.S)
    assert end and "31 maart 2024" in end.group(1)
    assert "2.1 Vastgesteld" in page and "10 jaar" in page and "door aart" in page
    history = staffed.decisions(AIR)
    assert len(history) == 2 and sum(d.superseded_at is None for d in history) == 1  # the demo's one is kept
    assert page.count("<td>20.1.2</td>") == 1  # and listed in the history


def test_a_departure_from_the_result_is_allowed_and_flagged(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    assert decide(aart, AIR, result_number="2.1", appraisal="V", retention_period="P20Y",
                  process_term="vast_te_leggen_datum", trigger_date="2014-03-31",
                  motivation="Langer bewaren vanwege het meerjarig onderzoek.").status_code == 303
    page = aart.get(archive_page(AIR)).text
    assert "Dit besluit wijkt af van de selectielijst" in page and "P20Y wijkt af van resultaat 2.1" in page


def test_v_without_a_term_is_refused_at_the_field(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    before = staffed.decisions(AIR)
    answer = decide(aart, AIR, result_number="2.1", appraisal="V", retention_period="", motivation="Zonder termijn.")
    assert answer.status_code == 422
    assert "bewaartermijn verplicht" in field_error(answer.text, "besluit", "retention_period")
    assert 'href="#besluit-retention_period"' in answer.text  # the summary leads to the field
    assert 'name="motivation"' in answer.text and "Zonder termijn." in answer.text  # what was typed stays
    bad_date = decide(aart, AIR, trigger_date="31-03-2014")
    assert bad_date.status_code == 422 and "datum" in field_error(bad_date.text, "besluit", "trigger_date")
    no_motivation = decide(aart, AIR, motivation="")
    assert no_motivation.status_code == 422 and field_error(no_motivation.text, "besluit", "motivation")
    assert len(staffed.decisions(AIR)) == len(before)  # nothing recorded


def test_a_hold_set_and_lifted_shows_on_the_page(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    page = archive_page(TREES)
    refused = post_form(aart, page, f"{page}/bevriezen", reason="woo_request", reference="")
    assert refused.status_code == 422 and field_error(refused.text, "bevriezen", "reference")
    assert post_form(aart, page, f"{page}/bevriezen", reason="woo_request",
                     reference="Woo-verzoek 2026-0777").status_code == 303
    html = aart.get(page).text
    assert "Woo-verzoek 2026-0777" in html and "<strong>loopt</strong>" in html
    assert "Woo-verzoek 2026-0777" in aart.get("/beheer/archief/werklijsten/bevroren").text
    with staffed.services.sessions() as session:
        hold_id = session.scalars(select(Hold.id).where(Hold.entry_id == TREES)).one()
    lift = f"/beheer/archief/bevriezingen/{hold_id}/opheffen"
    empty = post_form(aart, page, lift, lift_reason="")
    assert empty.status_code == 422 and field_error(empty.text, f"opheffen-{hold_id}", "lift_reason")
    answer = post_form(aart, page, lift, lift_reason="Verzoek afgehandeld.")
    assert answer.status_code == 303 and answer.headers["location"].endswith(f"{page}#bevriezingen")
    html = aart.get(page).text
    assert "Verzoek afgehandeld." in html and "<strong>loopt</strong>" not in html and lift not in html
    assert "Woo-verzoek 2026-0777" not in aart.get("/beheer/archief/werklijsten/bevroren").text


def test_a_worklist_downloads_as_csv(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    decide(aart, TREES, result_number="", appraisal="N", retention_period="", process_term="",
           motivation="Nog te bepalen met de afdeling.")
    answer = aart.get("/beheer/archief/werklijsten/nader-te-bepalen?formaat=csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith('attachment; filename="werklijst-nader-te-bepalen-')
    assert answer.content.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Registratie-id", "Naam"]
    assert [row[0] for row in rows[1:]] == [TREES] and rows[1][4] == "N"
    html = aart.get("/beheer/archief/werklijsten/nader-te-bepalen").text
    assert f'href="{archive_page(TREES)}"' in html and "?formaat=csv" in html


def test_the_destruction_flow_through_the_pages_ends_in_a_public_notice_without_staff_names(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    for entry_id in (AIR, BRIDGES, TREES):
        assert decide(aart, entry_id, result_number="2.1", appraisal="V", retention_period="P10Y",
                      process_term="vast_te_leggen_datum", trigger_date="2010-01-01",
                      motivation="Proef afgerond; bewaartermijn verstreken.").status_code == 303
    due = aart.get("/beheer/archief/vernietiging").text
    assert all(archive_page(e) in due for e in (AIR, BRIDGES, TREES))
    drafted = post_form(aart, "/beheer/archief/vernietiging", "/beheer/archief/vernietiging")
    assert drafted.status_code == 303
    page = drafted.headers["location"]
    list_id = int(page.rsplit("/", 1)[-1])
    step = f"{page}/stap"
    html = aart.get(page).text
    assert "2.1 Vastgesteld" in html and html.count("<td>P10Y</td>") == 3  # grouped under its result

    def take(action: str, form_id: str = "stap-formulier", **changes: str) -> Any:
        return post_form(aart, page, step, lists={"actie": [action]}, form_id=form_id, **changes)

    # Drafted: one entry is taken off with its reason; another gets a hold before execution.
    missing = take("remove", "verwijderen-formulier", entry_id=TREES, reason="")
    assert missing.status_code == 422 and field_error(missing.text, "verwijderen", "reason")
    assert take("remove", "verwijderen-formulier", entry_id=TREES, reason="Nog nodig voor de evaluatie.").status_code \
        == 303
    assert take("check").status_code == 303
    assert aart.post(step, data={"actie": "check", "_csrf_token": _token(aart, page)}).status_code == 409
    no_reference = take("approve", delegate="Wethouder Jansen", reference="")
    assert no_reference.status_code == 422 and field_error(no_reference.text, "stap", "reference")
    assert take("approve", delegate="Wethouder Jansen", reference="B&W 2026/2001", on="2026-10-01").status_code == 303
    assert post_form(aart, page, step, lists={"actie": ["authorise"], "standing": ["ja"]}, form_id="stap-formulier",
                     reference="Machtiging RA-2026-044", on="2026-10-15").status_code == 303
    assert post_form(aart, archive_page(BRIDGES), f"{archive_page(BRIDGES)}/bevriezen", reason="court_case",
                     reference="Rechtszaak ROT 26/123").status_code == 303

    full = aart.get(f"{page}?formaat=csv")
    public = aart.get(f"{page}?formaat=csv&variant=openbaar")
    assert full.headers["content-disposition"] == f'attachment; filename="vernietigingslijst-{list_id}-volledig.csv"'
    assert "aart" in full.text and "Wethouder Jansen" in full.text
    assert not _names_in(public.text) and "Wethouder Jansen" not in public.text
    assert "Machtiging RA-2026-044" in public.text and "Sensoren voor luchtkwaliteit" in public.text
    assert len(list(csv.reader(io.StringIO(public.content.decode("utf-8-sig"))))) == 4  # header and three items

    assert aart.get(f"/vernietigingen/{list_id}").status_code == 404  # not public before execution
    executed = aart.post(step, data={"actie": "execute", "_csrf_token": _token(aart, page)}, follow_redirects=False)
    assert executed.status_code == 303
    html = aart.get(page).text
    assert "Uitgevoerd" in html and "vernietigd" in html and "Rechtszaak ROT 26/123" in html
    assert "van de lijst gehaald" in html and "Nog nodig voor de evaluatie." in html
    declarations = re.findall(r'href="(/beheer/archief/bestanden/\d+)">(VV-[^<]+)</a>', html)
    assert {name.rsplit(".", 1)[-1] for _, name in declarations} >= {"html", "xml"}
    assert aart.get(declarations[0][0]).status_code == 200
    assert aart.get(archive_page(AIR)).status_code == 404  # only a tombstone is left
    assert aart.get(archive_page(BRIDGES)).status_code == 200  # skipped: on hold

    with client_for(staffed.services) as anonymous:
        notice = anonymous.get(f"/vernietigingen/{list_id}")
    assert notice.status_code == 200 and "set-cookie" not in notice.headers
    text = notice.text
    assert "Sensoren voor luchtkwaliteit" in text and "2.1 Vastgesteld" in text
    assert "Machtiging RA-2026-044" in text and "B&amp;W 2026/2001" in text and "10 jaar" in text
    assert "Camera's bij beweegbare bruggen" not in text and "1 registratie(s) op de lijst zijn niet" in text
    assert "Bomen in Voorbeeldstad" not in text  # taken off the list
    assert not _names_in(text) and "Wethouder Jansen" not in text and "Rechtszaak" not in text


def test_the_public_notice_of_the_demo_destruction_and_unknown_lists(staffed: Staffed) -> None:
    with client_for(staffed.services) as client:
        notice = client.get("/vernietigingen/1")
        assert notice.status_code == 200 and "Proef met het voorspellen van woninginbraken" in notice.text
        assert "archivaris (demo)" not in notice.text and "Afdelingshoofd" not in notice.text
        assert client.get("/vernietigingen/999").status_code == 404


def test_a_transfer_batch_is_recorded_from_the_form(staffed: Staffed) -> None:
    aart = staffed.client("aart")
    page = archive_page(AIR)
    assert post_form(aart, page, f"{page}/afsluiten", on="1999-12-31", reason="Sensoren buiten gebruik.").status_code \
        == 303
    assert "Deze registratie is afgesloten op" in aart.get(page).text
    report = aart.get("/beheer/archief/overbrenging").text
    assert "uiterlijk 20 jaar na het afsluiten" in report and "Archiefwet 1995" in report
    assert f'value="{AIR}"' in report and "31 december 2019" in report  # closed 1999 + 20 years
    action = "/beheer/archief/overbrenging"
    missing = post_form(aart, action, action, lists={"entries": [AIR]}, repository="", receipt_reference="OV-1")
    assert missing.status_code == 422 and field_error(missing.text, "overbrenging", "repository")
    assert 'checked' in form_at(missing.text, action)  # the chosen entry stays chosen
    answer = post_form(aart, action, action, lists={"entries": [AIR]}, repository="Regionaal Archief Voorbeeldstad",
                       on="2026-11-01", receipt_reference="Verklaring OV-2026-7", package_reference="SIP-2026-7")
    assert answer.status_code == 303
    report = aart.get(action).text
    assert "Regionaal Archief Voorbeeldstad" in report and "Verklaring OV-2026-7" in report
    assert "Sensoren voor luchtkwaliteit" in report and f'value="{AIR}"' not in report  # no longer due
    assert "Regionaal Archief Voorbeeldstad" in aart.get("/beheer/archief").text
    assert "Overgebracht" in aart.get(page).text


def test_the_archivist_of_the_other_organisation_sees_only_his_own(staffed: Staffed) -> None:
    dirk = staffed.client("dirk")
    assert dirk.get("/beheer/archief").status_code == 200
    assert dirk.get(archive_page(AIR)).status_code == 403
    assert dirk.get(archive_page(SHARED)).status_code == 200  # shared with his organisation
    assert dirk.get("/beheer/archief/vernietiging/1").status_code == 403  # the list holds a gm9999 entry
    assert "/beheer/archief/vernietiging/1" not in dirk.get("/beheer/archief/vernietiging").text


def _names_in(text: str) -> list[str]:
    return [name for name in STAFF_NAMES if re.search(rf"\b{name}\b", text)]


def _token(client: TestClient, page: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(page).text)
    assert found
    return found.group(1)
