"""The append-only event log, in words that map onto MDTO event types."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

import msgspec
from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from register.models import Event


class EventType(StrEnum):
    CREATED = "created"
    VERSION_ADDED = "version_added"
    IMPORTED = "imported"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
    DRAFT_SAVED = "draft_saved"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    QUESTION_ASKED = "question_asked"
    QUESTION_ANSWERED = "question_answered"
    REVIEWED = "reviewed"
    USER_ADDED = "user_added"
    USER_ROLES_SET = "user_roles_set"
    USER_DISABLED = "user_disabled"
    TOKEN_CREATED = "token_created"
    ORGANISATION_CHANGED = "organisation_changed"
    RETENTION_DECIDED = "retention_decided"
    CLOSED = "closed"
    HOLD_SET = "hold_set"
    HOLD_LIFTED = "hold_lifted"
    DESTRUCTION_LIST_CHANGED = "destruction_list_changed"
    DESTROYED = "destroyed"
    TRANSFERRED = "transferred"
    EXPORTED = "exported"
    RENDITIONS_MADE = "renditions_made"


PUBLIC_EVENTS = frozenset({
    EventType.PUBLISHED, EventType.SUPERSEDED, EventType.WITHDRAWN, EventType.IMPORTED,
    EventType.QUESTION_ANSWERED, EventType.REVIEWED, EventType.DESTRUCTION_LIST_CHANGED, EventType.DESTROYED,
    EventType.ORGANISATION_CHANGED,
})
"""Events after which a public page or API answer may read differently: the HTTP cache of the
public side keys its answers on the newest of them."""
INTERNAL_EVENTS = frozenset({
    EventType.CREATED, EventType.VERSION_ADDED, EventType.DRAFT_SAVED, EventType.SUBMITTED, EventType.APPROVED,
    EventType.REJECTED, EventType.QUESTION_ASKED, EventType.USER_ADDED, EventType.USER_ROLES_SET,
    EventType.USER_DISABLED, EventType.TOKEN_CREATED, EventType.RETENTION_DECIDED, EventType.CLOSED,
    EventType.HOLD_SET, EventType.HOLD_LIFTED, EventType.TRANSFERRED, EventType.EXPORTED, EventType.RENDITIONS_MADE,
})
"""Drafts, workflow steps before publication, accounts, the archivist's work: no public page shows them.
A new event type belongs in one of the two sets (a test says so)."""

NEWEST_PUBLIC_EVENT = select(func.max(union_all(*(
    select(func.max(Event.id).label("id")).where(Event.event_type == str(event_type))
    for event_type in sorted(PUBLIC_EVENTS)
)).subquery().c.id))
"""The id of the newest public event: it names the register's public state. One lookup per public
event type in the index on (event_type, id), however many internal events came after it."""


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def event_row(
    event_type: EventType,
    *,
    actor: str,
    entry_id: str | None = None,
    version_no: int | None = None,
    details: dict[str, Any] | None = None,
    at: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The columns of one event, for bulk inserts and for `record_event`."""
    return {
        "occurred_at": at or utcnow(),
        "event_type": str(event_type),
        "entry_id": entry_id,
        "version_no": version_no,
        "actor": actor,
        "details": msgspec.json.encode(details or {}).decode(),
    }


def record_event(session: Session, event_type: EventType, **fields: Any) -> None:
    """Append one event; `fields` are those of `event_row` (actor, entry_id, version_no, details, at)."""
    session.add(Event(**event_row(event_type, **fields)))
