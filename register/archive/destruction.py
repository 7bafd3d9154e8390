"""Destruction by the rules (ARCHIVING.md §9): a list of entries whose retention has ended, checked,
approved by the college's delegate, authorised by the archivist, then executed item by item.

Executing keeps a tombstone per entry and removes the content of its versions; it is the only way
published content ever leaves the register (the database refuses it for an entry without a tombstone)."""

from __future__ import annotations

import datetime

import msgspec
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from register.accounts import Actor
from register.archive.decisions import current_decision
from register.archive.holds import active_holds
from register.archive.worklists import WorklistRow, worklists
from register.events import EventType, record_event, utcnow
from register.models import (
    ArchiveFile,
    DestructionItem,
    DestructionList,
    Entry,
    EntryOrganisation,
    PublicEntry,
    PublicEntryOrganisation,
    PublicLink,
    Tombstone,
)
from register.workflow import NotAllowed, WrongState, owners
from schemas.enums import DestructionState, Role, VersionState
from schemas.problems import ContentError, Problem, required_text
from schemas.selection_list import number_key

ORDER = list(DestructionState)
METHOD = ("De inhoud van alle versies, de weergaven (HTML, JSON) en de concepten is uit de database en de "
          "bestandsopslag verwijderd, en de registratie is uit de zoekindex, de exports en de wijzigingsfeed "
          "gehaald. Bewaard zijn alleen de gegevens van deze verklaring en het logboek. Back-ups zijn niet "
          "bewerkt; zij verlopen op de genoemde datum.")


def require_archivist(actor: Actor) -> None:
    if not actor.has(Role.ARCHIVIST):
        raise NotAllowed("hiervoor is de rol archivaris nodig", "this needs the role archivist")


def draft_list(session: Session, actor: Actor, *, today: datetime.date, transfer_term: str,
               entry_ids: list[str] | None = None) -> DestructionList:
    """A new list of every entry whose retention has ended (V, not held, not on another list)."""
    require_archivist(actor)
    due = worklists(session, actor.organisations, today=today, transfer_term=transfer_term)["bewaartermijn-verstreken"]
    if entry_ids is not None:
        unknown = set(entry_ids) - {row.entry_id for row in due}
        if unknown:
            raise ContentError([Problem(field="entries", message=f"niet te vernietigen: {', '.join(sorted(unknown))}",
                                        message_en=f"not due for destruction: {', '.join(sorted(unknown))}")])
        due = [row for row in due if row.entry_id in entry_ids]
    if not due:
        raise ContentError([Problem(field="entries", message="er is niets te vernietigen",
                                    message_en="nothing is due for destruction")])
    destruction = DestructionList(state=str(DestructionState.DRAFTED), created_by=actor.name, created_at=utcnow())
    session.add(destruction)
    session.flush()
    for row in sorted(due, key=_list_order):
        decision = current_decision(session, row.entry_id)
        session.add(DestructionItem(list_id=destruction.id, entry_id=row.entry_id, name=row.name[:200],
                                    kind=str(row.kind), result_number=row.result_number,
                                    retention_period=decision.retention_period if decision else None,
                                    end_date=decision.end_date if decision else None))
    session.flush()
    _event(session, destruction, actor, "drafted", items=len(due))
    return destruction


def remove_item(session: Session, list_id: int, entry_id: str, reason: str, actor: Actor) -> DestructionList:
    destruction = _list(session, list_id, actor, DestructionState.DRAFTED, DestructionState.CHECKED)
    item = next((i for i in destruction.items if i.entry_id == entry_id and i.removed_reason is None), None)
    if item is None:
        raise LookupError(f"{entry_id} is not on list {list_id}")
    item.removed_reason = required_text(reason, "reason")
    _event(session, destruction, actor, "item removed", entry=entry_id, reason=item.removed_reason)
    return destruction


def check(session: Session, list_id: int, actor: Actor) -> DestructionList:
    destruction = _list(session, list_id, actor, DestructionState.DRAFTED)
    destruction.state = str(DestructionState.CHECKED)
    destruction.checked_by, destruction.checked_at = actor.name, utcnow()
    _event(session, destruction, actor, "checked")
    return destruction


def record_approval(session: Session, list_id: int, actor: Actor, *, delegate: str, reference: str,
                    on: datetime.date) -> DestructionList:
    """The college of B&W, or its delegate, approved the list; the archivist records that decision."""
    destruction = _list(session, list_id, actor, DestructionState.CHECKED)
    destruction.approved_by = required_text(delegate, "delegate")
    destruction.approval_reference = required_text(reference, "reference")
    destruction.approved_on, destruction.approval_recorded_by = on, actor.name
    destruction.state = str(DestructionState.APPROVED)
    _event(session, destruction, actor, "approved", reference=destruction.approval_reference, on=on.isoformat())
    return destruction


def authorise(session: Session, list_id: int, actor: Actor, *, reference: str, on: datetime.date,
              standing: bool = False) -> DestructionList:
    """The archivist's authorisation (machtiging): its reference and date."""
    destruction = _list(session, list_id, actor, DestructionState.APPROVED)
    destruction.authorisation_reference, destruction.authorised_on = required_text(reference, "reference"), on
    destruction.authorisation_standing, destruction.authorised_by = standing, actor.name
    destruction.state = str(DestructionState.AUTHORISED)
    _event(session, destruction, actor, "authorised", reference=destruction.authorisation_reference,
           on=on.isoformat(), standing=standing)
    return destruction


class Executed(msgspec.Struct, frozen=True, kw_only=True):
    destroyed: list[str]
    skipped: dict[str, str]
    files_to_remove: list[str]  # relative paths in the archive store, removed after the commit
    certificate_reference: str


def execute(session: Session, list_id: int, actor: Actor) -> Executed:
    """Destroy item by item; an item held since the list was made is skipped with the reason."""
    destruction = _list(session, list_id, actor, DestructionState.AUTHORISED)
    at = utcnow()
    reference = certificate_reference(destruction, at)
    held = {hold.entry_id: hold for hold in active_holds(session)}
    destroyed, skipped, files = [], {}, []
    for item in destruction.items:
        if item.removed_reason is not None:
            continue
        if item.entry_id in held:
            item.outcome = "skipped"
            item.outcome_reason = f"bevroren: {held[item.entry_id].reason} {held[item.entry_id].reference}"
            skipped[item.entry_id] = item.outcome_reason
            continue
        files += destroy_entry(session, item.entry_id, destruction, actor.name, reference, at)
        item.outcome = "destroyed"
        destroyed.append(item.entry_id)
    destruction.state, destruction.executed_by, destruction.executed_at = (
        str(DestructionState.EXECUTED), actor.name, at)
    _event(session, destruction, actor, "executed", destroyed=len(destroyed), skipped=len(skipped),
           certificate=reference)
    return Executed(destroyed=destroyed, skipped=skipped, files_to_remove=files, certificate_reference=reference)


def destroy_entry(session: Session, entry_id: str, destruction: DestructionList, actor: str, reference: str,
                  at: datetime.datetime) -> list[str]:
    """Keep a tombstone; remove every version's content, the renditions and the public projection."""
    entry = session.get(Entry, entry_id)
    assert entry is not None
    decision = current_decision(session, entry_id)
    published = [v.published_at for v in entry.versions if v.published_at is not None]
    owners = session.scalars(select(EntryOrganisation.tooi_id).where(EntryOrganisation.entry_id == entry_id)).all()
    session.add(Tombstone(
        entry_id=entry_id, name=entry.versions[-1].name, kind=entry.kind, organisations=" ".join(sorted(owners)),
        first_published_at=min(published, default=None), last_published_at=max(published, default=None),
        versions=len(entry.versions), list_name=decision.list_name if decision else None,
        result_number=decision.result_number if decision else None,
        appraisal=decision.appraisal if decision else "V",
        retention_period=decision.retention_period if decision else None,
        end_date=decision.end_date if decision else None, destruction_list_id=destruction.id,
        certificate_reference=reference, destroyed_at=at,
    ))
    session.flush()  # the tombstone first: the database lets content go only for an entry that has one
    for version in entry.versions:
        version.content, version.content_hash, version.source_document = "", "", None
        version.state = str(VersionState.DESTROYED)
    files = list(session.scalars(select(ArchiveFile).where(ArchiveFile.entry_id == entry_id)))
    for table in (PublicEntry, PublicEntryOrganisation):
        session.execute(delete(table).where(table.entry_id == entry_id))
    session.execute(delete(PublicLink).where(PublicLink.source_entry_id == entry_id))
    session.execute(delete(ArchiveFile).where(ArchiveFile.entry_id == entry_id))
    entry.destroyed_at = at
    session.flush()
    record_event(session, EventType.DESTROYED, actor=actor, entry_id=entry_id, at=at,
                 details={"destruction_list": destruction.id, "certificate": reference})
    return [file.path for file in files]


def _list_order(row: WorklistRow) -> tuple[tuple[int, ...], str]:
    """Grouped by selection-list result, then by name."""
    return number_key(row.result_number) if row.result_number else (10_000,), row.name.casefold()


def certificate_reference(destruction: DestructionList, at: datetime.datetime) -> str:
    return f"VV-{at.year}-{destruction.id:04d}"


def _list(session: Session, list_id: int, actor: Actor, *states: DestructionState) -> DestructionList:
    require_archivist(actor)
    destruction = session.get(DestructionList, list_id)
    if destruction is None:
        raise LookupError(f"destruction list {list_id} does not exist")
    if not all(actor.acts_for(owners(session, item.entry_id)) for item in destruction.items):
        raise NotAllowed("deze lijst bevat registraties van een organisatie waarvoor u niet werkt",
                         "this list holds entries of an organisation you do not work for")
    if destruction.state not in states:
        current = DestructionState(destruction.state).label("nl").lower()
        raise WrongState(f"de lijst is {current}; deze stap kan nu niet",
                         f"the list is {destruction.state}; this step does not apply now")
    return destruction


def _event(session: Session, destruction: DestructionList, actor: Actor, step: str, **details: object) -> None:
    record_event(session, EventType.DESTRUCTION_LIST_CHANGED, actor=actor.name,
                 details={"destruction_list": destruction.id, "step": step, **details})




