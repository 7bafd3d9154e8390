"""Closing entries, and transferring permanent ones to the archive repository (ARCHIVING.md §10)."""

from __future__ import annotations

import datetime

from sqlalchemy.orm import Session

from register.accounts import Actor
from register.archive.decisions import current_decision
from register.events import EventType, record_event, utcnow
from register.models import TransferBatch, TransferItem
from register.workflow import NotAllowed, WrongState, entry_for
from schemas.enums import Appraisal, Role
from schemas.problems import ContentError, Problem


def close_entry(session: Session, entry_id: str, actor: Actor, *, on: datetime.date | None = None,
                reason: str = "") -> None:
    """The dossier is complete: the algorithm or sensor is out of use. Closing starts most process terms."""
    entry = entry_for(session, entry_id, actor, (Role.ARCHIVIST, Role.EDITOR))
    if entry.closed_at is not None:
        raise WrongState("deze registratie is al afgesloten", "this entry is already closed")
    at = utcnow()
    entry.closed_at = datetime.datetime.combine(on, datetime.time(), datetime.UTC) if on else at
    record_event(session, EventType.CLOSED, actor=actor.name, entry_id=entry_id, at=at,
                 details={"closed_on": entry.closed_at.date().isoformat(), "reason": reason.strip()})


def record_transfer(
    session: Session, actor: Actor, *, repository: str, on: datetime.date, receipt_reference: str,
    entry_ids: list[str], package_reference: str | None = None,
) -> TransferBatch:
    """A batch handed to the archive repository, with its receipt; each entry gets a transfer event."""
    if not actor.has(Role.ARCHIVIST):
        raise NotAllowed("hiervoor is de rol archivaris nodig", "this needs the role archivist")
    problems = []
    entries = []
    for entry_id in dict.fromkeys(entry_ids):
        entry = entry_for(session, entry_id, actor, (Role.ARCHIVIST,))
        decision = current_decision(session, entry_id)
        if decision is None or decision.appraisal != Appraisal.KEEP or entry.closed_at is None:
            problems.append(Problem(field="entries", message=f"{entry_id} is niet afgesloten met waardering B",
                                    message_en=f"{entry_id} is not closed with appraisal B"))
        elif entry.transferred_at is not None:
            problems.append(Problem(field="entries", message=f"{entry_id} is al overgebracht",
                                    message_en=f"{entry_id} has already been transferred"))
        entries.append(entry)
    for field, value in (("repository", repository), ("receipt_reference", receipt_reference)):
        if not value.strip():
            problems.append(Problem(field=field, message="verplicht", message_en="required"))
    if not entries:
        problems.append(Problem(field="entries", message="kies minstens één registratie",
                                message_en="choose at least one entry"))
    if problems:
        raise ContentError(problems)
    at = utcnow()
    batch = TransferBatch(repository=repository.strip(), transferred_on=on, receipt_reference=receipt_reference.strip(),
                          package_reference=(package_reference or "").strip() or None, recorded_by=actor.name,
                          recorded_at=at)
    session.add(batch)
    session.flush()
    for entry in entries:
        session.add(TransferItem(batch_id=batch.id, entry_id=entry.id))
        entry.transferred_at = at
        record_event(session, EventType.TRANSFERRED, actor=actor.name, entry_id=entry.id, at=at,
                     details={"batch": batch.id, "repository": batch.repository, "receipt": batch.receipt_reference})
    session.flush()
    return batch
