"""The desk in the browser's terms: sign-in, CSRF, concurrent form edits, preview, the council's
dashboard, questions on the record, and the notifications each step leaves in the outbox."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from publisher.services import Services
from register.accounts import disable_user
from register.models import Event, OutboxMessage, Question, Version
from tests.conftest import client_for
from tests.support.desk import PASSWORD, bearer, csrf_token, sign_in, staff_register
from tests.support.forms import submit

AIR = "dfa7caac-22ae-5577-8916-a5897aaa4721"  # air-quality sensors: published, gm9999
CHATBOT = "871f2872-ef3a-5c50-a707-393f24bfb5ab"  # has a draft v3 with the canary word
CANARY = "Vuurtorenproef"


class Staffed:
    def __init__(self, services: Services, tokens: dict[str, str]) -> None:
        self.services, self.tokens = services, tokens

    def client(self, user: str | None = None) -> TestClient:
        client = client_for(self.services)
        client.__enter__()
        return sign_in(client, user) if user else client

    def events(self) -> int:
        with self.services.sessions() as session:
            return len(session.scalars(select(Event.id)).all())


@pytest.fixture
def staffed(make_services: Callable[[str], Services], tmp_path: Path) -> Iterator[Staffed]:
    services = make_services(f"sqlite:///{tmp_path / 'desk.db'}")
    yield Staffed(services, staff_register(services))


def test_signing_in_sets_a_scoped_httponly_samesite_cookie_and_signing_out_ends_it(staffed: Staffed) -> None:
    client = staffed.client()
    assert client.get("/beheer").status_code == 401
    answer = client.post("/beheer/inloggen", data={"naam": "eva", "wachtwoord": PASSWORD,
                                                   "_csrf_token": csrf_token(client)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/beheer"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("gs_sessie="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/beheer" in cookie
    assert "eva" not in cookie  # the content is encrypted, not just signed
    assert client.get("/beheer").status_code == 200
    assert client.get("/").headers.get("set-cookie") is None  # the public site sets no cookies of the desk
    client.post("/beheer/uitloggen", data={"_csrf_token": csrf_token(client, "/beheer")})
    assert client.get("/beheer").status_code == 401


def test_a_wrong_password_is_refused_and_logins_are_rate_limited(staffed: Staffed) -> None:
    client = staffed.client()
    for _ in range(5):
        wrong = client.post("/beheer/inloggen", data={"naam": "eva", "wachtwoord": "fout wachtwoord!",
                                                      "_csrf_token": csrf_token(client)})
        assert wrong.status_code == 401 and "klopt niet" in wrong.text
    limited = client.post("/beheer/inloggen", data={"naam": "eva", "wachtwoord": PASSWORD,
                                                     "_csrf_token": csrf_token(client)})
    assert limited.status_code == 429 and "Te veel mislukte pogingen" in limited.text
    unknown = client.post("/beheer/inloggen", data={"naam": "niemand", "wachtwoord": PASSWORD,
                                                    "_csrf_token": csrf_token(client)})
    assert unknown.status_code == 401  # another name from the same client still gets its own answer


def test_forms_without_a_csrf_token_are_refused_and_change_nothing(staffed: Staffed) -> None:
    client = staffed.client("arie")
    before = staffed.events()
    refused = client.post(f"/beheer/registraties/{AIR}/stap", data={"actie": "withdraw", "reden": "Weg ermee."})
    assert refused.status_code == 403
    forged = client.post(f"/beheer/registraties/{AIR}/stap",
                         data={"actie": "withdraw", "reden": "Weg ermee.", "_csrf_token": "vervalst"})
    assert forged.status_code == 403
    assert staffed.events() == before
    fresh = staffed.client()
    assert fresh.post("/beheer/inloggen", data={"naam": "arie", "wachtwoord": PASSWORD}).status_code == 403


def test_a_disabled_user_is_signed_out_at_once(staffed: Staffed) -> None:
    client = staffed.client("eva")
    assert client.get("/beheer").status_code == 200
    with staffed.services.sessions.begin() as session:
        disable_user(session, "eva", actor="tests")
    assert client.get("/beheer").status_code == 401
    api = client.get(f"/api/v1/desk/entries/{AIR}/events", headers=bearer(staffed.tokens["eva"]))
    assert api.status_code == 401


def test_two_concurrent_form_edits_the_second_gets_409_and_keeps_its_text(staffed: Staffed) -> None:
    eva, emma = staffed.client("eva"), staffed.client("emma")
    path = f"/beheer/registraties/{CHATBOT}/bewerken"
    eva_form, emma_form = eva.get(path).text, emma.get(path).text
    assert eva.post(path, data=submit(eva_form, name="Chatbot Gem (versie Eva)"),
                    follow_redirects=False).status_code == 303
    conflict = emma.post(path, data=submit(emma_form, name="Chatbot Gem (versie Emma)"), follow_redirects=False)
    assert conflict.status_code == 409
    assert "Iemand anders heeft dit concept intussen gewijzigd" in conflict.text
    assert "Chatbot Gem (versie Emma)" in conflict.text  # what Emma typed is still in the form
    assert "Eva)</del>" in conflict.text  # and she sees the other change
    with staffed.services.sessions() as session:
        saved = session.scalars(select(Version).where(Version.entry_id == CHATBOT, Version.state == "draft")).one()
        assert saved.name == "Chatbot Gem (versie Eva)" and saved.last_editor == "eva"
    again = emma.post(path, data=submit(conflict.text, name="Chatbot Gem (versie Emma)"), follow_redirects=False)
    assert again.status_code == 303  # saving from the conflict page replaces the other change knowingly


def test_a_form_error_is_shown_at_the_field_and_nothing_is_saved(staffed: Staffed) -> None:
    eva = staffed.client("eva")
    path = f"/beheer/registraties/{CHATBOT}/bewerken"
    before = staffed.events()
    answer = eva.post(path, data=submit(eva.get(path).text, website="geen adres"))
    assert answer.status_code == 422
    assert re.search(r'id="veld-website"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="veld-website"',
                     answer.text)
    assert "geen adres" in answer.text
    assert staffed.events() == before


def test_preview_shows_the_draft_as_the_public_page_will_and_is_never_indexed(staffed: Staffed) -> None:
    eva = staffed.client("eva")
    preview = eva.get(f"/beheer/registraties/{CHATBOT}/voorbeeld")
    assert preview.status_code == 200 and CANARY in preview.text
    assert preview.headers["x-robots-tag"] == "noindex, nofollow"
    assert "Voorbeeld van een niet-gepubliceerde versie" in preview.text
    assert CANARY not in eva.get(f"/register/{CHATBOT}").text
    diff = eva.get(f"/beheer/registraties/{CHATBOT}/verschil")
    assert diff.status_code == 200 and "<ins>" in diff.text and CANARY in diff.text


def test_questions_are_public_once_answered_unless_internal_and_notify_both_sides(staffed: Staffed) -> None:
    rob, eva = staffed.client("rob"), staffed.client("eva")
    for question, internal in (("Wie controleert de sensoren?", False), ("Wat kost het onderhoud?", True)):
        form = {"vraag": question, "_csrf_token": csrf_token(rob, "/beheer")} | ({"intern": "ja"} if internal else {})
        assert rob.post(f"/beheer/registraties/{AIR}/vragen", data=form, follow_redirects=False).status_code == 303
    assert "Wie controleert de sensoren?" not in eva.get(f"/register/{AIR}").text  # not answered yet
    home = eva.get("/beheer").text
    assert "Wie controleert de sensoren?" in home and "Wat kost het onderhoud?" in home
    with staffed.services.sessions() as session:
        ids = session.scalars(select(Question.id).order_by(Question.id)).all()
    for question_id, answer in zip(ids, ("De afdeling Milieu, elke maand.", "Twaalfduizend euro per jaar."),
                                   strict=True):
        posted = eva.post(f"/beheer/vragen/{question_id}/antwoord",
                          data={"antwoord": answer, "_csrf_token": csrf_token(eva, "/beheer")}, follow_redirects=False)
        assert posted.status_code == 303
    public = eva.get(f"/register/{AIR}").text
    assert "Wie controleert de sensoren?" in public and "De afdeling Milieu, elke maand." in public
    assert "Wat kost het onderhoud?" not in public and "Twaalfduizend" not in public
    assert f"{datetime.date.today().day}" in public
    with staffed.services.sessions() as session:
        mail = {(m.kind, m.recipient) for m in session.scalars(select(OutboxMessage))}
    assert ("question_asked", "eva@example.org") in mail and ("question_asked", "emma@example.org") in mail
    assert ("answer_given", "rob@example.org") in mail


def test_each_workflow_step_leaves_the_right_notifications(staffed: Staffed) -> None:
    eva, arie = staffed.client("eva"), staffed.client("arie")
    steps = [(eva, "submit", "Klaar."), (arie, "reject", "Doel ontbreekt."), (eva, "submit", "Doel toegevoegd."),
             (arie, "approve", "Goed."), (arie, "publish", "Publiceren.")]
    for client, action, reason in steps:
        answer = client.post(f"/beheer/registraties/{CHATBOT}/stap", follow_redirects=False,
                             data={"actie": action, "reden": reason, "_csrf_token": csrf_token(client, "/beheer")})
        assert answer.status_code == 303, (action, answer.text)
    with staffed.services.sessions() as session:
        mail = [(m.kind, m.recipient) for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        rejected = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "rejected")).one()
    assert mail == [("submitted", "ans@example.org"), ("submitted", "arie@example.org"),
                    ("rejected", "eva@example.org"),
                    ("submitted", "ans@example.org"), ("submitted", "arie@example.org"),
                    ("published", "eva@example.org")]
    assert "Doel ontbreekt." in rejected.body
    assert CANARY in eva.get(f"/register/{CHATBOT}").text  # now it is published


def test_the_council_dashboard_lists_what_needs_attention(staffed: Staffed) -> None:
    rob = staffed.client("rob")
    api = rob  # any client reaches the API; the token decides
    overdue = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    risky = {"kind": "algorithm", "name": "Risicoscore voor vergunningen", "description_short": "Een score.",
             "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}],
             "publication_category": "Impactvolle algoritmes", "personal_data": "identifiable",
             "review_date": overdue}
    calm = risky | {"name": "Spellingcontrole voor brieven", "publication_category": "Overige algoritmes",
                    "personal_data": "none", "review_date": "2099-01-01"}
    ids = {}
    for body in (risky, calm):
        created = api.post("/api/v1/desk/entries", json=body, headers=bearer(staffed.tokens["eva"])).json()
        for user, action in (("eva", "submit"), ("arie", "approve"), ("arie", "publish")):
            api.post(f"/api/v1/desk/entries/{created['id']}/transitions", json={"action": action, "reason": "Ok."},
                     headers=bearer(staffed.tokens[user]))
        ids[body["name"]] = created["id"]

    page = rob.get("/beheer/raad").text
    sections = dict(re.findall(r'(?s)<h2 id="([a-z-]+)">.*?</h2>(.*?)(?=<section|$)', page))
    for section in ("hoog-risico", "toets-ontbreekt", "herziening-verlopen", "geen-besluit"):
        assert ids["Risicoscore voor vergunningen"] in sections[section], section
        assert ids["Spellingcontrole voor brieven"] not in sections[section], section
    assert "dit is uw eerste bezoek" in page

    # A second visit shows what changed since the first, with the diff.
    published = rob.get(f"/api/v1/entries/{AIR}").json()
    facts = ("id", "version_no", "state", "published_at", "first_published_at", "content_hash", "withdrawn_at",
             "withdrawal_reason", "html_url", "related", "source_id")
    changed = {k: v for k, v in published.items() if k not in facts and v not in (None, [])} | {
        "goal": "Schonere lucht meten."}
    etag = f'"{AIR}.{published["version_no"]}.0"'  # a new version starts from the published one
    saved = rob.put(f"/api/v1/desk/entries/{AIR}/draft", json=changed,
                    headers=bearer(staffed.tokens["eva"]) | {"If-Match": etag})
    assert saved.status_code == 200, saved.text
    for user, action in (("eva", "submit"), ("arie", "approve"), ("arie", "publish")):
        rob.post(f"/api/v1/desk/entries/{AIR}/transitions", json={"action": action, "reason": "Ok."},
                 headers=bearer(staffed.tokens[user]))
    second = rob.get("/beheer/raad").text
    changed_section = second.split('id="gewijzigd"', 1)[1].split("<section", 1)[0]
    assert AIR in changed_section and "Schonere" in changed_section
    assert ids["Spellingcontrole voor brieven"] not in changed_section


def test_a_councillor_marks_an_entry_reviewed_and_the_public_page_shows_it(staffed: Staffed) -> None:
    rob = staffed.client("rob")
    posted = rob.post(f"/beheer/registraties/{AIR}/beoordeeld", follow_redirects=False,
                      data={"datum": "2026-03-02", "_csrf_token": csrf_token(rob, "/beheer")})
    assert posted.status_code == 303
    public = rob.get(f"/register/{AIR}").text
    assert "Laatst beoordeeld door de raad" in public and "2026-03-02" in public
    future = rob.post(f"/beheer/registraties/{AIR}/beoordeeld",
                      data={"datum": "2999-01-01", "_csrf_token": csrf_token(rob, "/beheer")})
    assert future.status_code == 422 and "toekomst" in future.text


def test_the_no_access_page_says_why(staffed: Staffed) -> None:
    admin = staffed.client("beheer")
    answer = admin.get("/beheer")
    assert answer.status_code == 403 and "Geen toegang" in answer.text and "redacteur" in answer.text
