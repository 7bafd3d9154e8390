"""Retention decisions: picked from the selection list by an archivist, with the end date computed
and every earlier decision kept as history."""

from __future__ import annotations

import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from register.accounts import Actor
from register.entries import current_public_version
from register.events import EventType, record_event, utcnow
from register.hashing import decode_stored
from register.models import Entry, RetentionDecision
from register.workflow import entry_for
from schemas.entry import EntryContent
from schemas.enums import Appraisal, NationalStatus, Role
from schemas.problems import ContentError
from schemas.retention import (
    RetentionDecisionInput,
    decision_problems,
    end_date,
    proposed_result_number,
    proposed_trigger_date,
)
from schemas.selection_list import SelectionResult, selection_list

ARCHIVIST = (Role.ARCHIVIST,)


def current_decision(session: Session, entry_id: str, scope: str | None = None) -> RetentionDecision | None:
    query = select(RetentionDecision).where(RetentionDecision.entry_id == entry_id,
                                            RetentionDecision.superseded_at.is_(None))
    query = query.where(RetentionDecision.scope.is_(None) if scope is None else RetentionDecision.scope == scope)
    return session.scalars(query.order_by(RetentionDecision.id.desc()).limit(1)).first()


def decision_history(session: Session, entry_id: str) -> list[RetentionDecision]:
    return list(session.scalars(select(RetentionDecision).where(RetentionDecision.entry_id == entry_id)
                                .order_by(RetentionDecision.id.desc())))


def decide(
    session: Session, entry_id: str, decision: RetentionDecisionInput, actor: Actor, *,
    today: datetime.date | None = None,
) -> RetentionDecision:
    """Record a decision; only an archivist of the entry's organisations may. The previous one is kept."""
    entry = entry_for(session, entry_id, actor, ARCHIVIST)
    return record_decision(session, entry, decision, actor=actor.name, today=today)


def record_decision(
    session: Session, entry: Entry, decision: RetentionDecisionInput, *, actor: str,
    today: datetime.date | None = None, at: datetime.datetime | None = None,
) -> RetentionDecision:
    at = at or utcnow()
    result = result_for(decision.result_number)
    problems = [p for p in decision_problems(decision, result) if p.severity == "error"]
    if problems:
        raise ContentError(problems)
    trigger_date = decision.trigger_date or trigger_date_for(entry, decision, today=today or at.date())
    previous = current_decision(session, entry.id, decision.scope)
    row = RetentionDecision(
        entry_id=entry.id, scope=decision.scope,
        list_name=selection_list().name if result else None, list_year=selection_list().year if result else None,
        result_uuid=result.uuid if result else None, result_number=result.number if result else None,
        appraisal=str(decision.appraisal), retention_period=decision.retention_period,
        process_term=str(decision.process_term) if decision.process_term else None,
        trigger=decision.trigger, trigger_date=trigger_date,
        end_date=end_date(decision.appraisal, decision.retention_period, trigger_date),
        origin=result.origin if result else None, motivation=decision.motivation,
        impact_profiles=" ".join(str(p) for p in decision.impact_profiles), decided_by=actor, decided_at=at,
    )
    if previous is not None:
        previous.superseded_at = at
    session.add(row)
    session.flush()
    record_event(session, EventType.RETENTION_DECIDED, actor=actor, entry_id=entry.id, at=at, details={
        "scope": decision.scope, "before": _summary(previous), "after": _summary(row)})
    return row


def trigger_date_for(entry: Entry, decision: RetentionDecisionInput, *, today: datetime.date) -> datetime.date | None:
    """The date the process term starts, from what the register knows (ARCHIVING.md §5.2)."""
    if decision.process_term is None:
        return None
    content = _newest_public_content(entry)
    collection = content.data_collection if content else None
    return proposed_trigger_date(
        decision.process_term,
        national_end_date=content.end_date if content else None,
        active_until=collection.active_until if collection else None,
        out_of_use_since=_out_of_use_since(entry),
        closed_at=entry.closed_at.date() if entry.closed_at else None,
        today=today,
    )


def result_for(number: str | None) -> SelectionResult | None:
    """The selection list's result of that number, or None when no number is given."""
    return selection_list().by_number(number) if number else None


def _newest_public_content(entry: Entry) -> EntryContent | None:
    current = current_public_version(entry.versions)
    return decode_stored(current.content) if current is not None else None


def _out_of_use_since(entry: Entry) -> datetime.date | None:
    """When the first published version that says "Buiten gebruik" was published."""
    for version in entry.versions:
        if version.published_at and decode_stored(version.content).status == NationalStatus.OUT_OF_USE:
            return version.published_at.date()
    return None


def _summary(decision: RetentionDecision | None) -> dict[str, object] | None:
    if decision is None:
        return None
    return {"result": decision.result_number, "appraisal": decision.appraisal,
            "retention_period": decision.retention_period, "process_term": decision.process_term,
            "trigger_date": decision.trigger_date.isoformat() if decision.trigger_date else None,
            "end_date": decision.end_date.isoformat() if decision.end_date else None}


def proposal(entry: Entry) -> RetentionDecisionInput:
    """What the register proposes for an entry; the archivist decides (ARCHIVING.md §4.3)."""
    content = _newest_public_content(entry) or decode_stored(entry.versions[-1].content)
    result = result_for(proposed_result_number(content))
    assert result is not None
    return RetentionDecisionInput(
        result_number=result.number, appraisal=Appraisal(result.appraisal),
        retention_period=result.retention_period, process_term=result.process_term, trigger=None,
        trigger_date=None, motivation=f"Voorstel volgens de selectielijst: {result.label}.",
    )

