"""The archivist's worklists (ARCHIVING.md §8): saved queries, each with a count on the dashboard."""

from __future__ import annotations

import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from register.archive.holds import active_holds
from register.entries import current_public_version
from register.hashing import decode_stored
from register.models import DestructionItem, DestructionList, Entry, EntryOrganisation, RetentionDecision
from schemas.entry import EntryContent
from schemas.enums import Appraisal, DestructionState, EntryKind, NationalStatus
from schemas.retention import add_period, parse_retention_period
from schemas.selection_list import selection_list

WORKLISTS: dict[str, tuple[str, str]] = {
    "zonder-besluit": ("Geen bewaarbesluit", "No retention decision"),
    "nader-te-bepalen": ("Waardering N (nader te bepalen)", "Appraisal N (to be decided)"),
    "v-zonder-termijn": ("V zonder bewaartermijn", "V without a retention period"),
    "buiten-gebruik-zonder-einddatum": ("Buiten gebruik zonder einddatum", "Out of use without an end date"),
    "bewaartermijn-verstreken": ("Bewaartermijn verstreken", "Retention ended"),
    "over-te-brengen": ("Over te brengen naar de archiefbewaarplaats", "Due for transfer"),
    "bevroren": ("Bevroren (niet te vernietigen)", "On hold"),
    "opnieuw-beoordelen": ("Besluit volgens een selectielijst die niet meer geldt", "Re-assessment: decided under "
                           "a selection list no longer in force"),
}


class WorklistRow(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: str
    name: str
    kind: EntryKind
    result_number: str | None
    appraisal: str | None
    date: datetime.date | None  # the date that puts it on the list: end date, transfer date, hold date
    detail: str = ""


def worklists(
    session: Session, organisations: frozenset[str], *, today: datetime.date, transfer_term: str,
    horizon_days: int = 90,
) -> dict[str, list[WorklistRow]]:
    """Every worklist for the entries of these organisations; destroyed entries are on none."""
    lists: dict[str, list[WorklistRow]] = {key: [] for key in WORKLISTS}
    held = {hold.entry_id: hold for hold in active_holds(session)}
    listed = set(session.scalars(select(DestructionItem.entry_id).join(DestructionList).where(
        DestructionList.state != str(DestructionState.EXECUTED), DestructionItem.removed_reason.is_(None))))
    decisions = {d.entry_id: d for d in session.scalars(select(RetentionDecision).where(
        RetentionDecision.superseded_at.is_(None), RetentionDecision.scope.is_(None)))}
    horizon = today + datetime.timedelta(days=horizon_days)
    in_force = selection_list()
    for entry in _entries(session, organisations):
        decision = decisions.get(entry.id)
        content = _content(entry)

        def row(date: datetime.date | None = None, detail: str = "", *, e: Entry = entry,
                d: RetentionDecision | None = decision, name: str = content.name) -> WorklistRow:
            return WorklistRow(entry_id=e.id, name=name, kind=EntryKind(e.kind),
                               result_number=d.result_number if d else None, appraisal=d.appraisal if d else None,
                               date=date, detail=detail)

        if decision is None:
            lists["zonder-besluit"].append(row())
        elif decision.appraisal == Appraisal.UNDECIDED:
            lists["nader-te-bepalen"].append(row())
        elif decision.appraisal == Appraisal.DESTROY and not decision.retention_period:
            lists["v-zonder-termijn"].append(row())
        if content.status == NationalStatus.OUT_OF_USE and not content.end_date:
            lists["buiten-gebruik-zonder-einddatum"].append(row())
        if decision is not None and decision.list_year is not None and (
                decision.list_name, decision.list_year) != (in_force.name, in_force.year):
            older_list = f"{decision.list_name} {decision.list_year}"
            lists["opnieuw-beoordelen"].append(row(decision.decided_at.date(), older_list))
        if entry.id in held:
            lists["bevroren"].append(row(held[entry.id].set_at.date(), held[entry.id].reference))
        if (decision is not None and decision.appraisal == Appraisal.DESTROY and decision.end_date is not None
                and decision.end_date <= today and entry.id not in held and entry.id not in listed):
            lists["bewaartermijn-verstreken"].append(row(decision.end_date))
        kept = decision is not None and decision.appraisal == Appraisal.KEEP
        if kept and entry.closed_at and not entry.transferred_at:
            due = transfer_due_date(entry.closed_at.date(), transfer_term)
            if due <= horizon:
                lists["over-te-brengen"].append(row(due))
    for rows in lists.values():
        rows.sort(key=lambda r: (r.date or datetime.date.max, r.name.casefold()))
    return lists


def transfer_due_date(closed_on: datetime.date, transfer_term: str) -> datetime.date:
    """Permanent records go to the archive repository this long after their dossier closed (§10)."""
    return add_period(closed_on, parse_retention_period(transfer_term))


def _entries(session: Session, organisations: frozenset[str]) -> list[Entry]:
    ids = select(EntryOrganisation.entry_id).where(EntryOrganisation.tooi_id.in_(organisations))
    return list(session.scalars(select(Entry).where(Entry.id.in_(ids), Entry.destroyed_at.is_(None))))


def _content(entry: Entry) -> EntryContent:
    current = current_public_version(entry.versions) or entry.versions[-1]
    return decode_stored(current.content)
