"""The demo archivist's work: a retention decision for every entry, one entry on hold, and one
completed destruction with its declaration, all through the register's own functions."""

from __future__ import annotations

import datetime

import msgspec
from sqlalchemy import select

from publisher.declaration import write_declaration
from publisher.destruction_effects import after_destruction
from publisher.services import Services
from register.accounts import Actor
from register.archive.decisions import proposal, record_decision
from register.archive.destruction import authorise, check, draft_list, execute, record_approval
from register.archive.holds import set_hold
from register.archive.transfer import close_entry
from register.hashing import decode_stored
from register.models import Entry, Organisation
from schemas.entry import ArchiveBlock
from schemas.enums import HoldReason, Role
from schemas.retention import RetentionDecisionInput

HELD = "dfea6820-1082-5421-a50f-6777cb9ec142"  # risk model for benefit applications: a Woo request is pending
DESTROYED = "5d0c3b8e-7a41-5f0e-9a4c-2f1e8b6d9c47"  # the 2016 burglary-prediction pilot
CLOSED_ON = datetime.date(2018, 1, 15)
DEMO_DAY = datetime.date(2026, 11, 2)


def load_demo_archive(services: Services) -> None:
    """Run after the demo entries are loaded; the day is fixed so the demo is the same every time."""
    with services.sessions.begin() as session:
        archivist = Actor(user_id=0, name="archivaris (demo)", email=None, roles=frozenset({Role.ARCHIVIST}),
                          organisations=frozenset(session.scalars(select(Organisation.tooi_id))))
        close_entry(session, DESTROYED, archivist, on=CLOSED_ON, reason="Proef gestopt; dossier compleet.")
        for entry in session.scalars(select(Entry).order_by(Entry.created_at, Entry.id)):
            record_decision(session, entry, _decision(entry), actor=archivist.name, today=DEMO_DAY)
        set_hold(session, HELD, HoldReason.WOO_REQUEST, "Woo-verzoek 2026-0412", archivist)
        destruction = draft_list(session, archivist, today=DEMO_DAY, transfer_term=services.settings.transfer_term,
                                 entry_ids=[DESTROYED])
        check(session, destruction.id, archivist)
        record_approval(session, destruction.id, archivist, delegate="Afdelingshoofd Informatiebeheer (mandaat)",
                        reference="B&W 2026/1187", on=datetime.date(2026, 10, 6))
        authorise(session, destruction.id, archivist, reference="Machtiging RA-2026-031",
                  on=datetime.date(2026, 10, 20))
        executed = execute(session, destruction.id, archivist)
        write_declaration(session, services.settings, destruction.id)
    after_destruction(services, executed)


def _decision(entry: Entry) -> RetentionDecisionInput:
    """The archive block the demo entry states (the archivist's choice), or else the register's proposal."""
    block = decode_stored(entry.versions[-1].content).archive
    if block is None or not block.result_number:
        return proposal(entry)
    return _from_block(block)


def _from_block(block: ArchiveBlock) -> RetentionDecisionInput:
    return msgspec.convert({
        "result_number": block.result_number, "appraisal": str(block.appraisal),
        "retention_period": block.retention_period,
        "process_term": str(block.process_term) if block.process_term else None, "trigger": block.trigger,
        "trigger_date": block.trigger_date.isoformat() if block.trigger_date else None,
        "motivation": block.motivation or "Keuze van de archivaris.",
        "impact_profiles": [str(p) for p in block.impact_profiles],
    }, RetentionDecisionInput, strict=False)
