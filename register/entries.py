"""Writing the register: entries, versions and the moves a version makes through the workflow.

Every function works inside the caller's transaction; the caller commits once, so one
command or request is one transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Protocol, TypeVar

import msgspec
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from register.events import EventType, record_event, utcnow
from register.hashing import canonical_json, content_hash, decode_stored
from register.models import (
    Entry,
    EntryOrganisation,
    Organisation,
    PublicEntry,
    PublicEntryOrganisation,
    PublicLink,
    Version,
)
from schemas.entry import EntryContent, public_status
from schemas.enums import VersionState
from schemas.problems import ContentError, Problem
from schemas.validation import validated

PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.SUPERSEDED, VersionState.WITHDRAWN)


class EntryNotFound(LookupError):
    def __init__(self, entry_id: str) -> None:
        super().__init__(f"entry {entry_id} does not exist")
        self.entry_id = entry_id


class WorkflowError(ValueError):
    """A move the workflow does not allow from the version's current state."""


def new_entry_id() -> str:
    return str(uuid.uuid4())


def create_entry(
    session: Session,
    content: EntryContent,
    *,
    actor: str,
    entry_id: str | None = None,
    at: datetime.datetime | None = None,
    source_document: dict[str, object] | None = None,
) -> Version:
    """A new entry with its first version as a draft."""
    at = at or utcnow()
    entry_id = entry_id or new_entry_id()
    if session.get(Entry, entry_id) is not None:
        raise ContentError([Problem(field="id", message=f"id {entry_id} bestaat al",
                                    message_en=f"id {entry_id} already exists")])
    entry = Entry(id=entry_id, kind=str(content.kind), created_at=at)
    session.add(entry)
    ensure_organisations(session, content)
    version = stored_version(entry_id, 1, content, state=VersionState.DRAFT, created_at=at,
                             source_document=source_document)
    version.last_editor = actor
    session.add(version)
    session.flush()
    set_owners(session, entry_id, content)
    record_event(session, EventType.CREATED, actor=actor, entry_id=entry_id, version_no=1, at=at)
    return version


def add_version(
    session: Session, entry_id: str, content: EntryContent, *, actor: str, at: datetime.datetime | None = None
) -> Version:
    """A new draft version after the newest one."""
    entry = _entry(session, entry_id)
    if str(content.kind) != entry.kind:
        raise ContentError([Problem(field="kind", message="de soort van een registratie kan niet veranderen",
                                    message_en="the kind of an entry cannot change")])
    at = at or utcnow()
    number = max(v.version_no for v in entry.versions) + 1
    ensure_organisations(session, content)
    version = stored_version(entry_id, number, content, state=VersionState.DRAFT, created_at=at)
    version.last_editor = actor
    session.add(version)
    session.flush()
    set_owners(session, entry_id, content)
    record_event(session, EventType.VERSION_ADDED, actor=actor, entry_id=entry_id, version_no=number, at=at)
    return version


def publish_version(
    session: Session,
    entry_id: str,
    version_no: int,
    *,
    actor: str,
    at: datetime.datetime | None = None,
    reason: str | None = None,
) -> Version:
    """Publish a version; the version published before it becomes superseded."""
    entry = _entry(session, entry_id)
    version = _version(entry, version_no)
    if version.state in PUBLIC_STATES:
        raise WorkflowError(f"version {version_no} of {entry_id} is already {version.state}")
    at = at or utcnow()
    for older in entry.versions:
        if older.state == VersionState.PUBLISHED and older is not version:
            older.state = VersionState.SUPERSEDED
            older.superseded_at = at
            record_event(session, EventType.SUPERSEDED, actor=actor, entry_id=entry_id,
                         version_no=older.version_no, at=at)
    version.state = VersionState.PUBLISHED
    version.published_at = at
    session.flush()
    record_event(session, EventType.PUBLISHED, actor=actor, entry_id=entry_id, version_no=version_no, at=at,
                 details={"content_hash": version.content_hash, **({"reason": reason} if reason else {})})
    refresh_public_projection(session, entry_id)
    return version


def withdraw_entry(
    session: Session, entry_id: str, reason: str, *, actor: str, at: datetime.datetime | None = None
) -> Version:
    """Take the published version out of public listings; it stays readable with the reason."""
    if not reason.strip():
        raise ContentError([Problem(field="reason", message="een reden is verplicht",
                                    message_en="a reason is required")])
    entry = _entry(session, entry_id)
    current = next((v for v in entry.versions if v.state == VersionState.PUBLISHED), None)
    if current is None:
        raise WorkflowError(f"entry {entry_id} has no published version to withdraw")
    at = at or utcnow()
    current.state = VersionState.WITHDRAWN
    current.withdrawn_at = at
    current.withdrawal_reason = reason.strip()
    session.flush()
    record_event(session, EventType.WITHDRAWN, actor=actor, entry_id=entry_id, version_no=current.version_no,
                 at=at, details={"reason": reason.strip()})
    refresh_public_projection(session, entry_id)
    return current


def refresh_public_projection(session: Session, entry_id: str) -> None:
    """Rebuild the rows the public side lists from: the entry's newest public version."""
    for table in (PublicEntry, PublicEntryOrganisation):
        session.execute(delete(table).where(table.entry_id == entry_id))
    session.execute(delete(PublicLink).where(PublicLink.source_entry_id == entry_id))
    entry = _entry(session, entry_id)
    current = current_public_version(entry.versions)
    if current is None:
        return
    rows = projection_rows(entry.kind, current, decode_stored(current.content))
    session.add(PublicEntry(**rows.entry))
    session.add_all(PublicEntryOrganisation(**row) for row in rows.organisations)
    session.add_all(PublicLink(**row) for row in rows.links)
    session.flush()


class ProjectionRows(msgspec.Struct, frozen=True):
    entry: dict[str, object]
    organisations: list[dict[str, object]]
    links: list[dict[str, object]]


def projection_rows(kind: str, current: Version, content: EntryContent) -> ProjectionRows:
    """The public projection of an entry whose current public version is `current`."""
    withdrawn = current.state == VersionState.WITHDRAWN
    entry_id = current.entry_id
    return ProjectionRows(
        entry={
            "entry_id": entry_id,
            "version_id": current.id,
            "kind": kind,
            "name": content.name,
            "status": public_status(content, withdrawn=withdrawn),
            "withdrawn": withdrawn,
            "published_at": current.withdrawn_at if withdrawn and current.withdrawn_at else current.published_at,
        },
        organisations=[{"entry_id": entry_id, "tooi_id": o.tooi_id, "role": str(o.role)}
                       for o in content.organisations],
        links=[{"source_entry_id": entry_id, "target_entry_id": target, "relation": relation}
               for target, relation in sorted({(link.target, str(link.relation)) for link in content.links})],
    )


class _Numbered(Protocol):
    state: str
    version_no: int


NumberedT = TypeVar("NumberedT", bound=_Numbered)


def current_public_version(versions: Iterable[NumberedT]) -> NumberedT | None:
    """The newest published or withdrawn version: what the entry page shows (of `Version`s or of rows
    with their state and number)."""
    public = [v for v in versions if v.state in (VersionState.PUBLISHED, VersionState.WITHDRAWN)]
    return max(public, key=lambda v: v.version_no) if public else None


def ensure_organisations(session: Session, content: EntryContent, known: dict[str, str] | None = None) -> None:
    """Record the organisations an entry names; a code keeps the name it was first given.

    `known` (code to name) lets a bulk import check thousands of entries with one query."""
    for organisation in content.organisations:
        if known is not None and organisation.tooi_id in known:
            name: str | None = known[organisation.tooi_id]
        else:
            stored = session.get(Organisation, organisation.tooi_id)
            name = stored.name if stored else None
        if name is None:
            session.add(Organisation(tooi_id=organisation.tooi_id, name=organisation.name))
            session.flush()
            name = organisation.name
        if known is not None:
            known[organisation.tooi_id] = name
        if name != organisation.name:
            raise ContentError([Problem(
                field="organisations",
                message=f"code {organisation.tooi_id} hoort bij '{name}', niet bij '{organisation.name}'",
                message_en=f"code {organisation.tooi_id} belongs to '{name}', not '{organisation.name}'",
            )])


def owner_rows(entry_id: str, content: EntryContent) -> list[dict[str, object]]:
    return [{"entry_id": entry_id, "tooi_id": code} for code in sorted({o.tooi_id for o in content.organisations})]


def set_owners(session: Session, entry_id: str, content: EntryContent) -> None:
    """The organisations whose staff work on an entry: those its newest version names."""
    session.execute(delete(EntryOrganisation).where(EntryOrganisation.entry_id == entry_id))
    session.add_all(EntryOrganisation(**row) for row in owner_rows(entry_id, content))
    session.flush()


def known_organisations(session: Session) -> dict[str, Organisation]:
    return {o.name: o for o in session.scalars(select(Organisation))}


def stored_version(
    entry_id: str,
    version_no: int,
    content: EntryContent,
    *,
    state: VersionState,
    created_at: datetime.datetime,
    source_document: dict[str, object] | None = None,
) -> Version:
    """A version row for validated content, with its canonical JSON and hash."""
    content = validated(content)
    canonical = canonical_json(content)
    return Version(
        entry_id=entry_id,
        version_no=version_no,
        state=str(state),
        name=content.name[:200],
        content=canonical.decode(),
        content_hash=content_hash(canonical),
        created_at=created_at,
        source_document=msgspec.json.encode(source_document).decode() if source_document else None,
    )


def _entry(session: Session, entry_id: str) -> Entry:
    entry = session.get(Entry, entry_id)
    if entry is None:
        raise EntryNotFound(entry_id)
    return entry


def _version(entry: Entry, version_no: int) -> Version:
    for version in entry.versions:
        if version.version_no == version_no:
            return version
    raise EntryNotFound(f"{entry.id} version {version_no}")
