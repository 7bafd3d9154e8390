"""The archivist's register: decisions, worklists, holds, destruction, transfer, renditions, fixity
and the MDTO export, on the demo register and on entries made for the case."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from publisher.app import create_app
from publisher.archive_export import export_package
from publisher.cli import main
from publisher.declaration import write_declaration
from publisher.demo import load_demo
from publisher.demo_archive import DESTROYED, HELD
from publisher.destruction_effects import after_destruction
from publisher.services import Services, open_services
from register.accounts import Actor
from register.archive.decisions import current_decision, decide, decision_history
from register.archive.destruction import authorise, check, draft_list, execute, record_approval
from register.archive.holds import active_holds, lift_hold, set_hold
from register.archive.transfer import close_entry, record_transfer
from register.archive.worklists import worklists
from register.entries import create_entry, publish_version
from register.models import ArchiveFile, Entry, Event, RetentionDecision, Tombstone, Version
from register.workflow import NotAllowed
from schemas.enums import HoldReason, Role
from schemas.mdto import validate
from schemas.problems import ContentError
from schemas.retention import RetentionDecisionInput
from schemas.validation import decode_content
from tests.conftest import client_for, settings_for

TODAY = datetime.date(2026, 11, 22)
ARCHIVIST = Actor(user_id=1, name="aart", email=None, roles=frozenset({Role.ARCHIVIST}),
                  organisations=frozenset({"gm9999"}))
EDITOR = Actor(user_id=2, name="eva", email=None, roles=frozenset({Role.EDITOR}), organisations=frozenset({"gm9999"}))


def entry(services: Services, name: str, **fields: object) -> str:
    """A published algorithm of Gemeente Voorbeeldstad."""
    content = decode_content({"kind": "algorithm", "name": name, "description_short": f"{name}.",
                              "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}],
                              "status": "In gebruik"} | fields)
    with services.sessions.begin() as session:
        entry_id = create_entry(session, content, actor="test").entry_id
        publish_version(session, entry_id, 1, actor="test")
    return entry_id


def decision(result: str | None, appraisal: str, period: str | None = None, term: str | None = None,
             trigger_date: str | None = None) -> RetentionDecisionInput:
    return msgspec.convert({"result_number": result, "appraisal": appraisal, "retention_period": period,
                            "process_term": term, "trigger": None, "trigger_date": trigger_date,
                            "motivation": "Besluit voor de test."}, RetentionDecisionInput, strict=False)


def decide_now(services: Services, entry_id: str, chosen: RetentionDecisionInput) -> RetentionDecision:
    with services.sessions.begin() as session:
        return decide(session, entry_id, chosen, ARCHIVIST, today=TODAY)


def lists(services: Services) -> dict[str, set[str]]:
    with services.sessions() as session:
        found = worklists(session, ARCHIVIST.organisations, today=TODAY, transfer_term="P20Y")
    return {name: {row.entry_id for row in rows} for name, rows in found.items()}


def test_each_worklist_holds_what_it_should_and_nothing_else(services: Services) -> None:
    undecided = entry(services, "Zonder besluit")
    n = entry(services, "Waardering N")
    decide_now(services, n, decision(None, "N"))
    kept = entry(services, "Blijvend bewaren")
    decide_now(services, kept, decision("2.1.2", "B"))
    out_of_use = entry(services, "Buiten gebruik zonder einddatum", status="Buiten gebruik")
    decide_now(services, out_of_use, decision("2.1", "V", "P10Y", "bestaansduur_procesobject"))
    ended = entry(services, "Termijn verstreken")
    decide_now(services, ended, decision("2.2", "V", "P5Y", "nihil", trigger_date="2019-06-30"))
    running = entry(services, "Termijn loopt nog")
    decide_now(services, running, decision("2.2", "V", "P5Y", "nihil", trigger_date="2024-06-30"))
    held = entry(services, "Verstreken maar bevroren")
    decide_now(services, held, decision("2.2", "V", "P5Y", "nihil", trigger_date="2018-01-01"))
    closed_kept = entry(services, "Afgesloten, blijvend", status="Buiten gebruik", end_date="2001-12")
    decide_now(services, closed_kept, decision("2.1.2", "B"))
    recent_kept = entry(services, "Afgesloten, recent", status="Buiten gebruik", end_date="2025-12")
    decide_now(services, recent_kept, decision("2.1.2", "B"))
    with services.sessions.begin() as session:
        set_hold(session, held, HoldReason.COURT_CASE, "Rechtbank 24/1234", ARCHIVIST)
        close_entry(session, closed_kept, ARCHIVIST, on=datetime.date(2002, 1, 31))
        close_entry(session, recent_kept, ARCHIVIST, on=datetime.date(2026, 1, 31))
    with services.sessions() as session:  # V without a term cannot be decided, so the list is fed from history
        session.execute(update(RetentionDecision).where(RetentionDecision.entry_id == running)
                        .values(retention_period=None))
        session.commit()

    found = lists(services)
    assert found["zonder-besluit"] == {undecided}
    assert found["nader-te-bepalen"] == {n}
    assert found["v-zonder-termijn"] == {running}
    assert found["buiten-gebruik-zonder-einddatum"] == {out_of_use}
    assert found["bewaartermijn-verstreken"] == {ended}
    assert found["over-te-brengen"] == {closed_kept}  # 2002 + 20 years; the 2026 one is not due until 2046
    assert found["bevroren"] == {held}
    assert found["opnieuw-beoordelen"] == set()

    with services.sessions() as session:  # a decision taken under the 2017 list: the register offers re-assessment
        session.execute(update(RetentionDecision).where(RetentionDecision.entry_id == kept).values(list_year=2017))
        session.commit()
    assert lists(services)["opnieuw-beoordelen"] == {kept}

    with services.sessions.begin() as session:
        lift_hold(session, active_holds(session, held)[0].id, "Zaak afgesloten", ARCHIVIST)
    assert lists(services)["bewaartermijn-verstreken"] == {ended, held}


def test_a_decision_computes_its_end_date_from_what_the_register_knows(services: Services) -> None:
    out_of_use = entry(services, "Oud model", status="Buiten gebruik", end_date="2025-06")
    recorded = decide_now(services, out_of_use, decision("2.1", "V", "P10Y", "bestaansduur_procesobject"))
    assert (recorded.trigger_date, recorded.end_date) == (datetime.date(2025, 6, 30), datetime.date(2035, 6, 30))

    again = decide_now(services, out_of_use, decision("2.1.2", "B"))
    assert again.end_date is None
    with services.sessions() as session:
        history = decision_history(session, out_of_use)
        assert [d.result_number for d in history] == ["2.1.2", "2.1"]
        assert history[1].superseded_at is not None and current_decision(session, out_of_use).id == again.id
        change = session.scalars(select(Event).where(Event.entry_id == out_of_use,
                                                     Event.event_type == "retention_decided")).all()[-1]
        assert msgspec.json.decode(change.details)["before"]["result"] == "2.1"

    with pytest.raises(ContentError) as refused, services.sessions.begin() as session:
        decide(session, out_of_use, decision("2.1", "V", None), ARCHIVIST)
    assert refused.value.problems[0].field == "retention_period"
    with pytest.raises(NotAllowed), services.sessions.begin() as session:
        decide(session, out_of_use, decision("2.1.2", "B"), EDITOR)


def test_a_hold_blocks_destruction_even_after_the_list_was_made(services: Services) -> None:
    first = entry(services, "Eerste proef")
    second = entry(services, "Tweede proef")
    for entry_id in (first, second):
        decide_now(services, entry_id, decision("2.2", "V", "P5Y", "nihil", trigger_date="2019-01-31"))
    with services.sessions.begin() as session:
        set_hold(session, first, HoldReason.WOO_REQUEST, "Woo 2026-17", ARCHIVIST)
        with pytest.raises(ContentError):
            draft_list(session, ARCHIVIST, today=TODAY, transfer_term="P20Y", entry_ids=[first])
        destruction = draft_list(session, ARCHIVIST, today=TODAY, transfer_term="P20Y", entry_ids=[second])
        check(session, destruction.id, ARCHIVIST)
        record_approval(session, destruction.id, ARCHIVIST, delegate="Gemeentesecretaris", reference="B&W 1",
                        on=TODAY)
        authorise(session, destruction.id, ARCHIVIST, reference="RA-1", on=TODAY)
        set_hold(session, second, HoldReason.AUDIT, "Rekenkamer 2026", ARCHIVIST)  # a hold arrives late
        executed = execute(session, destruction.id, ARCHIVIST)
    assert executed.destroyed == [] and "Rekenkamer 2026" in executed.skipped[second]
    with services.sessions() as session:
        assert session.get(Tombstone, second) is None
        assert session.get(Entry, second).destroyed_at is None


def test_the_full_destruction_flow_ends_in_a_validated_declaration(services: Services) -> None:
    pilot = entry(services, "Proef met slimme lantaarns", goal="<p>Geheim doel VERNIETIGMIJ</p>")
    decide_now(services, pilot, decision("2.2", "V", "P5Y", "nihil", trigger_date="2019-01-31"))
    with services.sessions.begin() as session:
        destruction = draft_list(session, ARCHIVIST, today=TODAY, transfer_term="P20Y")
        assert [item.entry_id for item in destruction.items] == [pilot]
        with pytest.raises(Exception, match="this step does not apply"):
            execute(session, destruction.id, ARCHIVIST)  # not authorised yet
    with services.sessions.begin() as session:
        check(session, destruction.id, ARCHIVIST)
        record_approval(session, destruction.id, ARCHIVIST, delegate="Gemeentesecretaris (mandaat)",
                        reference="B&W 2026/99", on=TODAY)
        authorise(session, destruction.id, ARCHIVIST, reference="Machtiging RA-7", on=TODAY, standing=True)
        executed = execute(session, destruction.id, ARCHIVIST)
        declaration = write_declaration(session, services.settings, destruction.id)
    after_destruction(services, executed)
    assert executed.destroyed == [pilot]

    html, xml = (services.settings.archive_store / f.path for f in declaration)
    assert validate(xml.read_bytes()) == []
    assert "Proef met slimme lantaarns" in html.read_text() and "Machtiging RA-7" in html.read_text()
    assert "VERNIETIGMIJ" not in html.read_text()
    with services.sessions() as session:
        tombstone = session.get(Tombstone, pilot)
        assert tombstone is not None and tombstone.result_number == "2.2"
        assert tombstone.end_date == datetime.date(2024, 1, 31)
        assert all(v.content == "" and v.state == "destroyed" for v in session.get(Entry, pilot).versions)
        assert session.scalars(select(ArchiveFile).where(ArchiveFile.entry_id == pilot)).all() == []
        assert "VERNIETIGMIJ" not in " ".join(session.scalars(select(Version.content)))
        assert session.scalars(select(Event.event_type).where(Event.entry_id == pilot)).all()[-1] == "destroyed"
    with client_for(services) as client:
        gone = client.get(f"/register/{pilot}")
        assert gone.status_code == 410 and "vernietigd" in gone.text and tombstone.certificate_reference in gone.text
        assert client.get(f"/api/v1/entries/{pilot}").status_code == 410
        assert client.get("/api/v1/search", params={"q": "lantaarns"}).json()["total"] == 0


def test_the_database_keeps_published_content_tombstones_and_declarations(services: Services) -> None:
    kept = entry(services, "Blijft bestaan")
    with pytest.raises(DBAPIError, match="cannot change"), services.sessions.begin() as session:
        session.execute(update(Version).where(Version.entry_id == kept).values(content="{}"))
    with pytest.raises(DBAPIError, match="cannot be deleted"), services.sessions.begin() as session:
        session.execute(delete(Version).where(Version.entry_id == kept))
    with pytest.raises(DBAPIError, match="append-only"), services.sessions.begin() as session:
        session.execute(delete(Event))


def test_the_demo_register_has_decisions_a_hold_and_a_destruction(demo_archive: Services) -> None:
    with demo_archive.sessions() as session:
        entries = session.scalars(select(Entry)).all()
        assert all(current_decision(session, e.id) is not None for e in entries)
        assert [h.entry_id for h in active_holds(session)] == [HELD]
        tombstone = session.get(Tombstone, DESTROYED)
        assert tombstone is not None and tombstone.certificate_reference.startswith("VV-")
        declarations = session.scalars(select(ArchiveFile).where(ArchiveFile.kind == "declaration_mdto")).all()
        assert len(declarations) == 1
        assert validate((demo_archive.settings.archive_store / declarations[0].path).read_bytes()) == []
        with pytest.raises(DBAPIError, match="permanent"):
            session.execute(delete(Tombstone))
        session.rollback()
        with pytest.raises(DBAPIError, match="kept"):
            session.execute(delete(ArchiveFile).where(ArchiveFile.kind == "declaration_html"))
        session.rollback()


def test_the_mdto_package_of_the_whole_demo_validates(demo_archive: Services, tmp_path: Path) -> None:
    report = export_package(demo_archive, None, tmp_path / "pakket")
    assert report.refused == {} and report.entries == 46
    xml = sorted((tmp_path / "pakket").rglob("*.xml"))
    assert len(xml) > 200
    invalid = {p.name: validate(p.read_bytes()) for p in xml if validate(p.read_bytes())}
    assert invalid == {}
    manifest = (tmp_path / "pakket" / "manifest-sha256.txt").read_text().splitlines()
    assert len(manifest) == report.files - 1
    dossiers = [p for p in xml if p.parent.parent == tmp_path / "pakket" and p.name == f"{p.parent.name}.mdto.xml"]
    assert len(dossiers) == 46
    assert not (tmp_path / "pakket" / DESTROYED).exists()


def test_the_fixity_check_catches_a_tampered_rendition(demo_archive: Services) -> None:
    env = {"GLAZENSTAD_DATA_DIR": str(demo_archive.settings.data_dir),
           "GLAZENSTAD_DATABASE_URL": demo_archive.settings.database_url}
    clean = CliRunner().invoke(main, ["archive", "verify"], env=env)
    assert clean.exit_code == 0, clean.output
    with demo_archive.sessions() as session:
        html = session.scalars(select(ArchiveFile).where(ArchiveFile.kind == "html")).first()
    path = demo_archive.settings.archive_store / html.path
    path.write_text(path.read_text().replace("</h1>", " (aangepast)</h1>", 1))
    tampered = CliRunner().invoke(main, ["archive", "verify"], env=env)
    assert tampered.exit_code == 1
    assert f"MISMATCH: {html.path}" in tampered.output


def test_no_route_deletes_anything(demo_archive: Services) -> None:
    app = create_app(services=demo_archive)
    assert [r.path for r in app.routes if "DELETE" in getattr(r, "methods", ())] == []


def test_transfer_records_a_batch_and_an_event_per_entry(services: Services) -> None:
    kept = entry(services, "Blijvend, afgesloten", status="Buiten gebruik", end_date="2001-12")
    decide_now(services, kept, decision("2.1.2", "B"))
    other = entry(services, "Nog in gebruik")
    decide_now(services, other, decision("2.1.2", "B"))
    with services.sessions.begin() as session:
        close_entry(session, kept, ARCHIVIST, on=datetime.date(2002, 1, 31))
        with pytest.raises(ContentError):
            record_transfer(session, ARCHIVIST, repository="Regionaal Archief", on=TODAY, receipt_reference="OV-1",
                            entry_ids=[kept, other])
    with services.sessions.begin() as session:
        batch = record_transfer(session, ARCHIVIST, repository="Regionaal Archief Voorbeeldstad", on=TODAY,
                                receipt_reference="Verklaring van overbrenging 2026-3", entry_ids=[kept])
        assert [item.entry_id for item in batch.entries] == [kept]
    assert lists(services)["over-te-brengen"] == set()
    with services.sessions() as session:
        assert session.get(Entry, kept).transferred_at is not None
        assert session.scalars(select(Event.event_type).where(Event.entry_id == kept)).all()[-1] == "transferred"


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    folder = tmp_path_factory.mktemp("demo-archive")
    services = open_services(settings_for(f"sqlite:///{folder / 'demo.db'}", folder))
    load_demo(services, actor="tests")
    yield services
    services.close()


def test_an_archivist_of_another_organisation_cannot_work_a_destruction_list(services: Services) -> None:
    pilot = entry(services, "Proef van Voorbeeldstad")
    decide_now(services, pilot, decision("2.2", "V", "P5Y", "nihil", trigger_date="2019-01-31"))
    elsewhere = Actor(user_id=3, name="dirk", email=None, roles=frozenset({Role.ARCHIVIST}),
                      organisations=frozenset({"gm9998"}))
    with services.sessions.begin() as session:
        destruction = draft_list(session, ARCHIVIST, today=TODAY, transfer_term="P20Y")
    with pytest.raises(NotAllowed), services.sessions.begin() as session:
        check(session, destruction.id, elsewhere)
