"""What the desk lists: the entries of a user's organisations with the state of their newest
version, and an entry's audit log."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from register.hashing import decode_stored
from register.models import Entry, EntryOrganisation, Event, Question
from schemas.enums import EntryKind, VersionState


class DeskRow(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: str
    kind: EntryKind
    name: str
    version_no: int
    state: VersionState
    public: bool
    review_date: datetime.date | None
    last_editor: str | None
    open_questions: int


class LoggedEvent(msgspec.Struct, frozen=True, kw_only=True):
    occurred_at: datetime.datetime
    event_type: str
    version_no: int | None
    actor: str
    details: dict[str, Any]


def desk_entries(session: Session, organisations: frozenset[str]) -> list[DeskRow]:
    """Entries of these organisations, those needing work first, then by name."""
    ids = select(EntryOrganisation.entry_id).where(EntryOrganisation.tooi_id.in_(organisations))
    entries = session.scalars(select(Entry).where(Entry.id.in_(ids), Entry.destroyed_at.is_(None)))
    unanswered: dict[str, int] = {}
    for entry_id in session.scalars(select(Question.entry_id).where(Question.entry_id.in_(ids),
                                                                    Question.answer.is_(None))):
        unanswered[entry_id] = unanswered.get(entry_id, 0) + 1
    rows = []
    for entry in entries:
        newest = entry.versions[-1]
        content = decode_stored(newest.content)
        rows.append(DeskRow(
            entry_id=entry.id, kind=EntryKind(entry.kind), name=newest.name, version_no=newest.version_no,
            state=VersionState(newest.state), review_date=content.review_date, last_editor=newest.last_editor,
            public=any(v.state in (VersionState.PUBLISHED, VersionState.WITHDRAWN) for v in entry.versions),
            open_questions=unanswered.get(entry.id, 0),
        ))
    order = {VersionState.SUBMITTED: 0, VersionState.APPROVED: 1, VersionState.DRAFT: 2}
    return sorted(rows, key=lambda row: (order.get(row.state, 3), row.name.casefold()))


def entry_events(session: Session, entry_id: str) -> list[LoggedEvent]:
    rows = session.scalars(select(Event).where(Event.entry_id == entry_id).order_by(Event.id))
    return [LoggedEvent(occurred_at=row.occurred_at, event_type=row.event_type, version_no=row.version_no,
                        actor=row.actor, details=msgspec.json.decode(row.details)) for row in rows]
