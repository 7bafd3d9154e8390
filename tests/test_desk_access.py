"""Every editorial route against anonymous, each role and another organisation: only the right
role of the right organisation gets through; everyone else gets 401 or 403 and nothing changes."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.app import create_app
from publisher.services import Services, open_services
from publisher.settings import Settings
from register.accounts import Actor, actor_of, get_user
from register.archive.decisions import decide
from register.archive.destruction import draft_list
from register.council import ask_question
from register.models import (
    ArchiveFile,
    DestructionList,
    Entry,
    Event,
    Hold,
    Question,
    RetentionDecision,
    Review,
    TransferBatch,
    Version,
)
from schemas.enums import Appraisal, ProcessTerm
from schemas.retention import RetentionDecisionInput
from tests.support.desk import STAFF, bearer, csrf_token, sign_in, staff_register

AIR = "dfa7caac-22ae-5577-8916-a5897aaa4721"  # published; owned by gm9999 only
CHATBOT = "871f2872-ef3a-5c50-a707-393f24bfb5ab"  # has an open draft; owned by gm9999 only
TREES = "0117dff6-7bba-5f9c-8472-b8ab186a452d"  # owned by gm9999 only; put on a destruction list below
HOME_EDITORS = {"eva", "emma"}
HOME_APPROVERS = {"arie", "ans"}
HOME_DESK = HOME_EDITORS | HOME_APPROVERS | {"rob", "aart"}
ARCHIVISTS = frozenset({"aart", "dirk"})  # pages that show each archivist his own organisations' work
HOME_ARCHIVIST = frozenset({"aart"})  # pages about gm9999 entries
NEW_CONTENT = {"kind": "algorithm", "name": "Nieuw", "description_short": "Kort.",
               "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}]}


class Route(msgspec.Struct, frozen=True):
    method: str
    path: str
    allowed: frozenset[str]
    form: dict[str, str] | None = None
    json: object = None


ROUTES = [
    Route("GET", "/beheer", frozenset(HOME_DESK | {"dirk"})),
    Route("GET", "/beheer/nieuw", frozenset(HOME_EDITORS | {"dirk"})),
    Route("POST", "/beheer/nieuw", frozenset(HOME_EDITORS | {"dirk"}), form={"kind": "algorithm", "name": ""}),
    Route("GET", f"/beheer/registraties/{AIR}", frozenset(HOME_DESK)),
    Route("GET", f"/beheer/registraties/{AIR}/bewerken", frozenset(HOME_EDITORS)),
    Route("POST", f"/beheer/registraties/{CHATBOT}/bewerken", frozenset(HOME_EDITORS), form={"based_on": "x"}),
    Route("GET", f"/beheer/registraties/{CHATBOT}/voorbeeld", frozenset(HOME_DESK)),
    Route("GET", f"/beheer/registraties/{CHATBOT}/verschil", frozenset(HOME_DESK)),
    Route("POST", f"/beheer/registraties/{CHATBOT}/stap", frozenset(HOME_EDITORS),
          form={"actie": "submit", "reden": "Klaar."}),
    Route("POST", f"/beheer/registraties/{AIR}/stap", frozenset(HOME_APPROVERS | {"aart"}),
          form={"actie": "withdraw", "reden": "Onjuist."}),
    Route("POST", f"/beheer/registraties/{AIR}/vragen", frozenset({"rob"}), form={"vraag": "Waarom?"}),
    Route("POST", "/beheer/vragen/{question}/antwoord", frozenset(HOME_EDITORS | HOME_APPROVERS),
          form={"antwoord": "Daarom."}),
    Route("POST", f"/beheer/registraties/{AIR}/beoordeeld", frozenset({"rob"}), form={"datum": "2026-01-05"}),
    Route("GET", "/beheer/raad", frozenset({"rob", "dirk"})),
    Route("POST", "/api/v1/desk/entries", frozenset(HOME_EDITORS), json=NEW_CONTENT),
    Route("GET", f"/api/v1/desk/entries/{CHATBOT}/draft", frozenset(HOME_DESK)),
    Route("PUT", f"/api/v1/desk/entries/{CHATBOT}/draft", frozenset(HOME_EDITORS), json=NEW_CONTENT),
    Route("POST", f"/api/v1/desk/entries/{CHATBOT}/transitions", frozenset(HOME_EDITORS),
          json={"action": "submit", "reason": "Klaar."}),
    Route("POST", f"/api/v1/desk/entries/{AIR}/transitions", frozenset(HOME_APPROVERS | {"aart"}),
          json={"action": "withdraw", "reason": "Onjuist."}),
    Route("GET", f"/api/v1/desk/entries/{AIR}/events", frozenset(HOME_DESK)),
    Route("GET", "/beheer/archief", ARCHIVISTS),
    Route("GET", "/beheer/archief/werklijsten/{slug}", ARCHIVISTS),
    Route("GET", f"/beheer/registraties/{AIR}/archief", HOME_ARCHIVIST),
    Route("POST", f"/beheer/registraties/{AIR}/archief/besluit", HOME_ARCHIVIST,
          form={"result_number": "20.1.2", "appraisal": "B", "motivation": "Publieksinformatie."}),
    Route("POST", f"/beheer/registraties/{AIR}/archief/bevriezen", HOME_ARCHIVIST,
          form={"reason": "audit", "reference": "Audit 2026-1"}),
    Route("POST", "/beheer/archief/bevriezingen/{hold}/opheffen", HOME_ARCHIVIST, form={"lift_reason": "Afgehandeld."}),
    Route("POST", f"/beheer/registraties/{AIR}/archief/afsluiten", HOME_ARCHIVIST, form={"on": "2020-01-01"}),
    Route("GET", "/beheer/archief/vernietiging", ARCHIVISTS),
    Route("POST", "/beheer/archief/vernietiging", ARCHIVISTS),
    Route("GET", "/beheer/archief/vernietiging/{list}", HOME_ARCHIVIST),
    Route("POST", "/beheer/archief/vernietiging/{list}/stap", HOME_ARCHIVIST, form={"actie": "check"}),
    Route("GET", "/beheer/archief/overbrenging", ARCHIVISTS),
    Route("POST", "/beheer/archief/overbrenging", ARCHIVISTS,
          form={"repository": "Regionaal Archief", "on": "2026-11-01", "receipt_reference": "OV-1"}),
    Route("GET", "/beheer/archief/bestanden/{file}", HOME_ARCHIVIST),
]
PLACEHOLDERS = {"{question}": "{question_id:int}", "{slug}": "{slug:str}", "{hold}": "{hold_id:int}",
                "{list}": "{list_id:int}", "{file}": "{file_id:int}"}
CALLERS = ["anonymous", "forged token", *STAFF]


def fingerprint(services: Services) -> tuple[object, ...]:
    """Everything a request could change: events, versions, questions, reviews, and the archivist's records."""
    with services.sessions() as session:
        return (
            session.scalars(select(Event.id).order_by(Event.id.desc()).limit(1)).first(),
            tuple(session.execute(select(Version.id, Version.state, Version.content_hash, Version.revision))),
            tuple(session.execute(select(Question.id, Question.answer))),
            tuple(session.scalars(select(Review.id))),
            tuple(session.execute(select(RetentionDecision.id, RetentionDecision.superseded_at))),
            tuple(session.execute(select(Hold.id, Hold.lifted_at))),
            tuple(session.execute(select(DestructionList.id, DestructionList.state))),
            tuple(session.execute(select(Entry.id, Entry.closed_at, Entry.transferred_at, Entry.destroyed_at))),
            tuple(session.scalars(select(TransferBatch.id))),
        )


class Staff(msgspec.Struct):
    database: Path
    tokens: dict[str, str]
    cookies: dict[str, dict[str, str]]  # each caller's session and CSRF cookies
    csrf: dict[str, str]  # the CSRF form token that goes with each caller's cookie
    question: int
    ids: dict[str, str]  # what each placeholder in a route's path stands for


SECRET = "matrix-test-secret"


@pytest.fixture(scope="module")
def staff(tmp_path_factory: pytest.TempPathFactory) -> Staff:
    """The demo register with its staff, built once; each route test works on a copy of it."""
    folder = tmp_path_factory.mktemp("matrix")
    services = open_services(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'staff.db'}",
                                      search_index_dir=None, secret_key=SECRET))
    tokens = staff_register(services)
    with services.sessions.begin() as session:
        question = ask_question(session, AIR, "Hoe vaak wordt gemeten?", actor_of(get_user(session, "rob"))).id
        ids = _archive_records(session, actor_of(get_user(session, "aart")), services.settings.transfer_term)
    cookies, tokens_for_forms = {}, {}
    for caller in CALLERS:
        with TestClient(create_app(services=services)) as client:
            if caller in STAFF:
                sign_in(client, caller)
            tokens_for_forms[caller] = csrf_token(client)
            cookies[caller] = dict(client.cookies.items())
    services.close()
    return Staff(database=folder / "staff.db", tokens=tokens, cookies=cookies, csrf=tokens_for_forms,
                 question=question, ids={"{question}": str(question), **ids})


def _archive_records(session: Session, aart: Actor, transfer_term: str) -> dict[str, str]:
    """An open destruction list of a gm9999 entry, the demo's hold and one of AIR's renditions."""
    decide(session, TREES, RetentionDecisionInput(
        result_number="2.1", appraisal=Appraisal.DESTROY, retention_period="P10Y", process_term=ProcessTerm.FIXED_DATE,
        trigger=None, trigger_date=datetime.date(2010, 1, 1), motivation="Termijn verstreken."), aart)
    destruction = draft_list(session, aart, today=datetime.date.today(), transfer_term=transfer_term,
                             entry_ids=[TREES])
    hold = session.scalars(select(Hold.id).where(Hold.lifted_at.is_(None))).first()
    rendition = session.scalars(select(ArchiveFile.id).where(ArchiveFile.entry_id == AIR)).first()
    assert hold is not None and rendition is not None, "the demo has a hold and renditions"
    return {"{slug}": "bevroren", "{hold}": str(hold), "{list}": str(destruction.id), "{file}": str(rendition)}


def test_every_desk_route_is_in_the_matrix(make_services: Callable[[str], Services], tmp_path: Path) -> None:
    app = create_app(services=make_services(f"sqlite:///{tmp_path / 'routes.db'}"))
    registered = {(method, route.path) for route in app.routes for method in getattr(route, "methods", ())
                  if route.path.startswith(("/beheer", "/api/v1/desk")) and method not in ("HEAD", "OPTIONS")}
    public = {("GET", "/beheer/inloggen"), ("POST", "/beheer/inloggen"), ("POST", "/beheer/uitloggen")}
    tested = {(r.method, _template(r.path)) for r in ROUTES}
    assert registered - public == tested


def _template(path: str) -> str:
    path = path.replace(AIR, "{entry_id:str}").replace(CHATBOT, "{entry_id:str}")
    for placeholder, parameter in PLACEHOLDERS.items():
        path = path.replace(placeholder, parameter)
    return path


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {_template(r.path)}")
def test_only_the_right_role_of_the_right_organisation_gets_through(route: Route, staff: Staff, tmp_path: Path) -> None:
    database = tmp_path / "matrix.db"
    shutil.copy(staff.database, database)
    shutil.copytree(staff.database.parent / "archief", tmp_path / "archief")  # renditions and declarations
    services = open_services(Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}",
                                      search_index_dir=None, secret_key=SECRET))
    path = route.path
    for placeholder, value in staff.ids.items():
        path = path.replace(placeholder, value)
    refused, allowed = [c for c in CALLERS if c not in route.allowed], [c for c in CALLERS if c in route.allowed]
    try:
        with TestClient(create_app(services=services)) as client:
            for caller in refused + allowed:  # the refused first, while the register is as it was
                before = fingerprint(services)
                client.cookies.clear()
                for name, value in staff.cookies[caller].items():
                    client.cookies.set(name, value)
                status = _call(client, route, path, caller, staff)
                if caller in route.allowed:
                    assert status not in (401, 403), f"{caller} should get through {route.method} {path}: {status}"
                else:
                    expected = 401 if caller in ("anonymous", "forged token") else 403
                    assert status == expected, f"{caller} on {route.method} {path}: {status}, expected {expected}"
                    assert fingerprint(services) == before, f"{caller} changed the register through {path}"
    finally:
        services.close()


def _call(client: TestClient, route: Route, path: str, caller: str, staff: Staff) -> int:
    if path.startswith("/api/"):
        token = staff.tokens.get(caller, "gst_forged")
        headers = {} if caller == "anonymous" else bearer(token)
        if route.method == "PUT":
            draft = client.get(path, headers=bearer(staff.tokens["eva"]))
            headers["If-Match"] = draft.headers.get("etag", '"x"')
        return client.request(route.method, path, json=route.json, headers=headers).status_code
    if route.method == "GET":
        return client.get(path, follow_redirects=False).status_code
    form = dict(route.form or {}) | {"_csrf_token": staff.csrf[caller]}
    return client.post(path, data=form, follow_redirects=False).status_code
