"""The register on SQLite and on a real PostgreSQL server: versions, workflow, events, immutability."""

from __future__ import annotations

import datetime
import hashlib

import msgspec
import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from publisher.services import Services
from register.entries import add_version, create_entry, publish_version, withdraw_entry
from register.hashing import canonical_json
from register.models import Entry, Event, PublicLink, Question, Review, Version
from register.published import (
    _INBOUND_LINKS,
    _LAST_REVIEW,
    _LINK_TARGETS,
    _PUBLIC_QUESTIONS,
    _VERSIONS_OF_ENTRY,
    PublishedRegister,
)
from schemas.enums import VersionState
from schemas.validation import decode_content

CONTENT = decode_content({
    "kind": "algorithm",
    "name": "Controle parkeerrecht met scanauto's",
    "description_short": "De scanauto leest kentekens en controleert of er voor de auto betaald is.",
    "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}],
    "status": "In gebruik",
})


def revised(name: str) -> object:
    return msgspec.structs.replace(CONTENT, name=name, change_summary="Naam aangepast.")


def test_versions_carry_a_sha256_of_their_canonical_json(services: Services) -> None:
    with services.sessions.begin() as session:
        version = create_entry(session, CONTENT, actor="test")
    assert version.content_hash == hashlib.sha256(canonical_json(CONTENT)).hexdigest()
    assert version.state == VersionState.DRAFT


def test_publishing_supersedes_the_previous_version(services: Services) -> None:
    with services.sessions.begin() as session:
        entry_id = create_entry(session, CONTENT, actor="test").entry_id
        publish_version(session, entry_id, 1, actor="test")
        add_version(session, entry_id, revised("Parkeercontrole met scanauto's"), actor="test")
        publish_version(session, entry_id, 2, actor="test")
    with services.sessions() as session:
        states = session.execute(select(Version.version_no, Version.state).where(Version.entry_id == entry_id)
                                 .order_by(Version.version_no)).all()
        events = session.scalars(select(Event.event_type).where(Event.entry_id == entry_id).order_by(Event.id)).all()
        view = PublishedRegister(session).entry(entry_id)
    assert states == [(1, "superseded"), (2, "published")]
    assert events == ["created", "published", "version_added", "superseded", "published"]
    assert view is not None and view.current.content.name == "Parkeercontrole met scanauto's"
    assert [h.version_no for h in view.history] == [2, 1]


def test_the_published_read_model_never_returns_drafts(services: Services) -> None:
    with services.sessions.begin() as session:
        draft_only = create_entry(session, CONTENT, actor="test").entry_id
        published = create_entry(session, CONTENT, actor="test").entry_id
        publish_version(session, published, 1, actor="test")
        add_version(session, published, revised("CANARY-draft-name"), actor="test")
    with services.sessions() as session:
        register = PublishedRegister(session)
        assert register.entry(draft_only) is None
        assert register.version(published, 2) is None
        assert register.entry(published).current.version_no == 1
        assert [item.id for item in register.page().items] == [published]
        assert all(v.content.name != "CANARY-draft-name" for v in register.current_versions())


def test_withdrawn_entries_stay_readable_with_their_reason(services: Services) -> None:
    with services.sessions.begin() as session:
        entry_id = create_entry(session, CONTENT, actor="test").entry_id
        publish_version(session, entry_id, 1, actor="test")
        withdraw_entry(session, entry_id, "De pilot is gestopt.", actor="test")
    with services.sessions() as session:
        view = PublishedRegister(session).entry(entry_id)
        page = PublishedRegister(session).page()
    assert view is not None and view.withdrawn
    assert view.current.withdrawal_reason == "De pilot is gestopt."
    assert page.items[0].status == "Ingetrokken"


def test_the_database_refuses_to_change_or_delete_events(services: Services) -> None:
    with services.sessions.begin() as session:
        create_entry(session, CONTENT, actor="test")
    for statement in (update(Event).values(actor="someone else"), delete(Event)):
        with pytest.raises(DBAPIError, match="append-only"), services.sessions.begin() as session:
            session.execute(statement)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_the_database_refuses_to_change_published_content(services: Services) -> None:
    with services.sessions.begin() as session:
        entry_id = create_entry(session, CONTENT, actor="test").entry_id
        publish_version(session, entry_id, 1, actor="test")
    with pytest.raises(DBAPIError, match="cannot change"), services.sessions.begin() as session:
        session.execute(update(Version).values(content="{}"))
    with pytest.raises(DBAPIError, match="cannot be deleted"), services.sessions.begin() as session:
        session.execute(delete(Version))
    with services.sessions() as session:
        stored = session.scalars(select(Version)).one()
    assert decode_content(stored.content).name == CONTENT.name


def test_drafts_may_still_be_edited_in_place(services: Services) -> None:
    with services.sessions.begin() as session:
        create_entry(session, CONTENT, actor="test")
    with services.sessions.begin() as session:
        session.execute(update(Version).values(name="Nieuwe naam"))
    with services.sessions() as session:
        assert session.scalars(select(Version.name)).one() == "Nieuwe naam"


def test_entry_ids_are_never_reused(services: Services) -> None:
    with services.sessions.begin() as session:
        ids = {create_entry(session, CONTENT, actor="test").entry_id for _ in range(20)}
    assert len(ids) == 20
    with services.sessions.begin() as session:
        existing = next(iter(ids))
        with pytest.raises(Exception, match="bestaat al"):
            create_entry(session, CONTENT, actor="test", entry_id=existing)


def test_migrations_are_idempotent(services: Services) -> None:
    from register.database import upgrade_database

    upgrade_database(services.engine)
    with services.engine.connect() as connection:
        assert connection.execute(text("select count(*) from alembic_version")).scalar() == 1
        assert connection.execute(select(func.count()).select_from(Entry.__table__)).scalar() == 0


def test_the_entry_page_reads_give_the_rows_and_types_sqlalchemy_gives(services: Services) -> None:
    """The entry page's reads run on the driver's cursor; their rows must be SQLAlchemy's to the type:
    aware UTC datetimes and dates, not the text SQLite stores."""
    moment = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    with services.sessions.begin() as session:
        first = create_entry(session, CONTENT, actor="test").entry_id
        publish_version(session, first, 1, actor="test")
        add_version(session, first, revised("Parkeercontrole met scanauto's"), actor="test")
        publish_version(session, first, 2, actor="test")
        add_version(session, first, revised("Nog een concept"), actor="test")  # a draft: never read
        second = create_entry(session, revised("Kentekenherkenning"), actor="test").entry_id
        publish_version(session, second, 1, actor="test")
        session.add_all([
            PublicLink(source_entry_id=second, target_entry_id=first, relation="uses_data_from"),
            Question(entry_id=first, version_no=2, asked_by="rob", asked_at=moment, question="Hoe vaak?",
                     answer="Dagelijks.", answered_by="eva", answered_at=moment + datetime.timedelta(days=2)),
            Question(entry_id=first, version_no=2, asked_by="rob", asked_at=moment, question="Intern", internal=True,
                     answer="Intern antwoord", answered_by="eva", answered_at=moment),
            Question(entry_id=first, version_no=2, asked_by="rob", asked_at=moment, question="Nog open"),
            Review(entry_id=first, version_no=1, reviewed_by="rob", reviewed_on=datetime.date(2026, 1, 5),
                   recorded_at=moment),
            Review(entry_id=first, version_no=2, reviewed_by="rob", reviewed_on=datetime.date(2026, 3, 2),
                   recorded_at=moment),
        ])
    reads = [
        (_VERSIONS_OF_ENTRY, {"entry_id": first}, 2),
        (_PUBLIC_QUESTIONS, {"entry_id": first}, 1),
        (_LAST_REVIEW, {"entry_id": first}, 1),
        (_INBOUND_LINKS, {"entry_id": first}, 1),
        (_LINK_TARGETS, {"targets": [first, second, "niet-bestaand"]}, 2),
        (_LINK_TARGETS, {"targets": [second]}, 1),
    ]
    with services.sessions() as session:
        for read, parameters, count in reads:
            expected = [tuple(row) for row in session.execute(read.statement, parameters)]
            found = [tuple(row) for row in read.rows(session, **parameters)]
            assert len(expected) == count
            assert found == expected
            assert [[type(value) for value in row] for row in found] == [[type(v) for v in row] for row in expected]
        versions = _VERSIONS_OF_ENTRY.rows(session, entry_id=first)
    assert [row.version_no for row in versions] == [1, 2]
    assert all(row.published_at.tzinfo == datetime.UTC for row in versions)
