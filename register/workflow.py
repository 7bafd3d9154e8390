"""The editorial workflow with its rules: who may do what, four eyes, and no silent overwrite.

draft -> submitted -> approved -> published; reject sends a submitted or approved version back
to draft; withdraw takes the published version out of public listings. Forms and the API both
call these functions, so the rules hold at every door."""

from __future__ import annotations

import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from register.accounts import Actor
from register.entries import (
    EntryNotFound,
    add_version,
    create_entry,
    ensure_organisations,
    publish_version,
    set_owners,
    stored_version,
    withdraw_entry,
)
from register.events import EventType, record_event, utcnow
from register.hashing import decode_stored
from register.models import Entry, EntryOrganisation, Event, Organisation, Version
from schemas.entry import EntryContent
from schemas.enums import OrganisationRole, PublicationCategory, Role, VersionState, WorkflowAction
from schemas.problems import ContentError, Problem

OPEN_STATES = (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.APPROVED)
MAX_REASON_LENGTH = 2000


class NotAllowed(Exception):
    """The actor lacks the role or organisation for this step, or four eyes forbid it."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


class StaleEdit(Exception):
    """The edit started from a version or revision that is no longer the newest."""

    def __init__(self, current: Version, message: str, message_en: str) -> None:
        super().__init__(message_en)
        # A snapshot: the caller reads it after the transaction has been rolled back.
        self.entry_id = current.entry_id
        self.version_no = current.version_no
        self.revision = current.revision
        self.tag = revision_tag(current)
        self.content = current.content
        self.last_editor = current.last_editor
        self.message = message
        self.message_en = message_en


class WrongState(Exception):
    """The step does not apply to the version's state (submitting a published version, say)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


def revision_tag(version: Version) -> str:
    """What an edit states it started from: the version number and the save count."""
    return f"{version.version_no}.{version.revision}"


def open_version(entry: Entry) -> Version | None:
    """The version being worked on: a draft, or one submitted or approved and not yet published."""
    return next((v for v in reversed(entry.versions) if v.state in OPEN_STATES), None)


def working_version(entry: Entry) -> Version:
    """The version an edit starts from: the open one, or else the newest."""
    return open_version(entry) or entry.versions[-1]


def contributors(session: Session, version: Version) -> set[str | None]:
    """Who worked on a version: its last editor and whoever submitted it last."""
    submitter = session.scalars(
        select(Event.actor).where(Event.entry_id == version.entry_id, Event.version_no == version.version_no,
                                  Event.event_type == EventType.SUBMITTED).order_by(Event.id.desc()).limit(1)
    ).first()
    return {version.last_editor, submitter}


def owners(session: Session, entry_id: str) -> set[str]:
    return set(session.scalars(select(EntryOrganisation.tooi_id).where(EntryOrganisation.entry_id == entry_id)))


def load_entry(session: Session, entry_id: str) -> Entry:
    """An entry that can still be worked on: destroyed entries are left only as tombstones."""
    entry = session.get(Entry, entry_id)
    if entry is None or entry.destroyed_at is not None:
        raise EntryNotFound(entry_id)
    return entry


def entry_for(session: Session, entry_id: str, actor: Actor, roles: tuple[Role, ...]) -> Entry:
    """The entry, when the actor holds one of `roles` in one of its organisations."""
    entry = load_entry(session, entry_id)
    require(actor, roles, owners(session, entry_id))
    return entry


def require(actor: Actor, roles: tuple[Role, ...], organisations: set[str]) -> None:
    """The actor holds one of `roles` and works for one of the organisations."""
    if not any(actor.has(role) for role in roles):
        names = " of ".join(role.label("nl").lower() for role in roles)
        names_en = " or ".join(role.label("en").lower() for role in roles)
        raise NotAllowed(f"hiervoor is de rol {names} nodig", f"this needs the role {names_en}")
    if not actor.acts_for(organisations):
        raise NotAllowed("u werkt niet voor een organisatie van deze registratie",
                         "you do not work for an organisation of this entry")


def create_draft(session: Session, content: EntryContent, actor: Actor) -> Version:
    require(actor, (Role.EDITOR,), {o.tooi_id for o in content.organisations})
    return create_entry(session, content, actor=actor.name)


def save_draft(session: Session, entry_id: str, content: EntryContent, actor: Actor, based_on: str) -> Version:
    """Save an edit made from revision `based_on`; anything newer in between makes it stale."""
    entry = load_entry(session, entry_id)
    require(actor, (Role.EDITOR,), owners(session, entry_id))
    require(actor, (Role.EDITOR,), {o.tooi_id for o in content.organisations})
    current = working_version(entry)
    if based_on != revision_tag(current):
        raise StaleEdit(current, "iemand anders heeft deze registratie intussen gewijzigd",
                        "someone else changed this entry in the meantime")
    if current.state in (VersionState.SUBMITTED, VersionState.APPROVED):
        raise WrongState("deze versie is ingediend; laat haar eerst terugsturen om te wijzigen",
                         "this version has been submitted; have it sent back before changing it")
    if current.state != VersionState.DRAFT:
        return add_version(session, entry_id, content, actor=actor.name)
    ensure_organisations(session, content)
    row = stored_version(entry_id, current.version_no, content, state=VersionState.DRAFT, created_at=utcnow())
    # Compare-and-set: of two saves from the same revision, only the first changes the row.
    changed = session.execute(
        update(Version)
        .where(Version.id == current.id, Version.revision == current.revision, Version.state == VersionState.DRAFT)
        .values(content=row.content, content_hash=row.content_hash, name=row.name,
                revision=Version.revision + 1, last_editor=actor.name)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        session.refresh(current)
        raise StaleEdit(current, "iemand anders heeft deze registratie intussen gewijzigd",
                        "someone else changed this entry in the meantime")
    session.refresh(current)
    set_owners(session, entry_id, content)
    record_event(session, EventType.DRAFT_SAVED, actor=actor.name, entry_id=entry_id,
                 version_no=current.version_no, details={"revision": current.revision})
    return current


def transition(
    session: Session,
    entry_id: str,
    action: WorkflowAction,
    reason: str,
    actor: Actor,
    *,
    at: datetime.datetime | None = None,
) -> Version:
    """Move the entry's version one step; every step needs a reason or comment and is an event."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON_LENGTH:
        raise ContentError([Problem(
            field="reason", message=f"geef een reden of toelichting (1 tot {MAX_REASON_LENGTH} tekens)",
            message_en=f"give a reason or comment (1 to {MAX_REASON_LENGTH} characters)")])
    entry = load_entry(session, entry_id)
    organisations = owners(session, entry_id)
    at = at or utcnow()
    if action == WorkflowAction.WITHDRAW:
        require(actor, (Role.APPROVER, Role.ARCHIVIST), organisations)
        if not any(v.state == VersionState.PUBLISHED for v in entry.versions):
            raise WrongState("er is geen gepubliceerde versie om in te trekken",
                             "there is no published version to withdraw")
        return withdraw_entry(session, entry_id, reason, actor=actor.name, at=at)
    version = open_version(entry)
    if version is None:
        raise WrongState("er is geen concept of ingediende versie", "there is no draft or submitted version")
    if action == WorkflowAction.SUBMIT:
        require(actor, (Role.EDITOR,), organisations)
        _expect(version, VersionState.DRAFT)
        version.state, version.submitted_at = VersionState.SUBMITTED, at
        event = EventType.SUBMITTED
    elif action == WorkflowAction.REJECT:
        require(actor, (Role.APPROVER,), organisations)
        _expect(version, VersionState.SUBMITTED, VersionState.APPROVED)
        version.state, version.submitted_at, version.approved_at = VersionState.DRAFT, None, None
        event = EventType.REJECTED
    elif action == WorkflowAction.APPROVE:
        require(actor, (Role.APPROVER,), organisations)
        _expect(version, VersionState.SUBMITTED)
        _four_eyes(version, actor)
        version.state, version.approved_at = VersionState.APPROVED, at
        event = EventType.APPROVED
    else:
        _may_publish(session, version, actor, organisations)
        return publish_version(session, entry_id, version.version_no, actor=actor.name, at=at, reason=reason)
    session.flush()
    record_event(session, event, actor=actor.name, entry_id=entry_id, version_no=version.version_no, at=at,
                 details={"reason": reason, "roles": sorted(actor.roles)})
    return version


def may_self_publish(session: Session, version: Version, organisations: set[str]) -> bool:
    """Editors publish "Overige algoritmes" themselves when every responsible organisation allows it."""
    content = decode_stored(version.content)
    if content.publication_category != PublicationCategory.OTHER:
        return False
    responsible = {o.tooi_id for o in content.organisations if o.role == OrganisationRole.RESPONSIBLE}
    allowed = set(session.scalars(select(Organisation.tooi_id).where(
        Organisation.tooi_id.in_(responsible or organisations), Organisation.editors_self_publish_other.is_(True))))
    return bool(responsible) and allowed == responsible


def _may_publish(session: Session, version: Version, actor: Actor, organisations: set[str]) -> None:
    if actor.has(Role.EDITOR) and actor.acts_for(organisations) and may_self_publish(session, version, organisations):
        _expect(version, VersionState.SUBMITTED, VersionState.APPROVED)
        return
    require(actor, (Role.APPROVER,), organisations)
    _expect(version, VersionState.APPROVED)
    _four_eyes(version, actor)


def _four_eyes(version: Version, actor: Actor) -> None:
    if version.last_editor == actor.name:
        raise NotAllowed("vier ogen: wie de versie het laatst bewerkte, keurt haar niet zelf goed",
                         "four eyes: the last editor of a version cannot approve or publish it")


def _expect(version: Version, *states: VersionState) -> None:
    if version.state not in states:
        wanted = " of ".join(state.label("nl").lower() for state in states)
        raise WrongState(f"versie {version.version_no} is {VersionState(version.state).label('nl').lower()}, "
                         f"niet {wanted}",
                         f"version {version.version_no} is {version.state}, not {' or '.join(states)}")
