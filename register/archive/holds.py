"""Legal holds: while one is active, the entry cannot be destroyed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from register.accounts import Actor
from register.events import EventType, record_event, utcnow
from register.models import Hold
from register.workflow import entry_for
from schemas.enums import HoldReason, Role
from schemas.problems import ContentError, Problem, required_text

ARCHIVIST = (Role.ARCHIVIST,)


def set_hold(session: Session, entry_id: str, reason: HoldReason, reference: str, actor: Actor,
             *, version_no: int | None = None) -> Hold:
    entry_for(session, entry_id, actor, ARCHIVIST)
    reference = required_text(reference, "reference")
    hold = Hold(entry_id=entry_id, version_no=version_no, reason=str(reason), reference=reference,
                set_by=actor.name, set_at=utcnow())
    session.add(hold)
    session.flush()
    record_event(session, EventType.HOLD_SET, actor=actor.name, entry_id=entry_id, version_no=version_no,
                 details={"hold": hold.id, "reason": str(reason), "reference": reference})
    return hold


def lift_hold(session: Session, hold_id: int, lift_reason: str, actor: Actor) -> Hold:
    hold = session.get(Hold, hold_id)
    if hold is None:
        raise LookupError(f"hold {hold_id} does not exist")
    entry_for(session, hold.entry_id, actor, ARCHIVIST)
    if hold.lifted_at is not None:
        raise ContentError([Problem(field="hold", message="deze bevriezing is al opgeheven",
                                    message_en="this hold has already been lifted")])
    hold.lift_reason = required_text(lift_reason, "lift_reason")
    hold.lifted_by, hold.lifted_at = actor.name, utcnow()
    record_event(session, EventType.HOLD_LIFTED, actor=actor.name, entry_id=hold.entry_id,
                 version_no=hold.version_no, details={"hold": hold.id, "reason": hold.lift_reason})
    return hold


def active_holds(session: Session, entry_id: str | None = None) -> list[Hold]:
    query = select(Hold).where(Hold.lifted_at.is_(None)).order_by(Hold.set_at)
    return list(session.scalars(query if entry_id is None else query.where(Hold.entry_id == entry_id)))


def holds_of(session: Session, entry_id: str) -> list[Hold]:
    return list(session.scalars(select(Hold).where(Hold.entry_id == entry_id).order_by(Hold.set_at.desc())))


