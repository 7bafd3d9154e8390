"""The declaration of destruction (ARCHIVING.md §9.4): what was destroyed, on what grounds and how,
kept permanently as HTML with an MDTO record, in the register's own archive series."""

from __future__ import annotations

import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.archive_store import ArchiveStore
from publisher.mdto_records import REGISTER_SOURCE
from publisher.rendering import make_environment
from publisher.settings import Settings
from register.archive.destruction import METHOD, certificate_reference
from register.models import ArchiveFile, DestructionList, Tombstone
from schemas.enums import EntryKind
from schemas.mdto import (
    MdtoClassification,
    MdtoEvent,
    MdtoInformationObject,
    MdtoPeriod,
    MdtoReference,
    validate,
    write_information_object,
)
from schemas.selection_list import selection_list

DECLARATION_RESULT = "19.1.18"  # Vernietiging van archiefbescheiden: keep permanently


def write_declaration(session: Session, settings: Settings, list_id: int) -> list[ArchiveFile]:
    """Write the declaration of an executed list as two permanent archive files; answers them."""
    destruction = session.get(DestructionList, list_id)
    assert destruction is not None and destruction.executed_at is not None
    tombstones = list(session.scalars(select(Tombstone).where(Tombstone.destruction_list_id == list_id)
                                      .order_by(Tombstone.result_number, Tombstone.name)))
    reference = certificate_reference(destruction, destruction.executed_at)
    skipped = [item for item in destruction.items if item.outcome != "destroyed"]
    html = make_environment().get_template("archive/declaration.html").render(
        reference=reference, organisation=settings.organisation_name, destruction=destruction,
        destroyed=tombstones, skipped=skipped, method=METHOD,
        backup_expiry=destruction.executed_at.date() + datetime.timedelta(days=settings.backup_retention_days),
        list_names=sorted({f"{t.list_name} {selection_list().year}" for t in tombstones if t.list_name})
        or [f"{selection_list().name} {selection_list().year}"],
        kind_label=lambda kind: EntryKind(kind).label("nl"),
        result_label=lambda number: (selection_list().by_number(number).name
                                     if number and selection_list().by_number(number) else ""),
    ).encode()
    store = ArchiveStore(settings.archive_store)
    html_file = store.write_once(session, f"verklaringen/{reference}.html", html, kind="declaration_html",
                                 media_type="text/html", destruction_list_id=list_id)
    session.flush()
    record = _record(reference, destruction, tombstones, settings, html_file)
    xml = write_information_object(record)
    errors = validate(xml)
    if errors:
        raise ValueError("; ".join(errors))
    mdto_file = store.write_once(session, f"verklaringen/{reference}.mdto.xml", xml, kind="declaration_mdto",
                                 media_type="application/xml", destruction_list_id=list_id)
    return [html_file, mdto_file]


def _record(reference: str, destruction: DestructionList, tombstones: list[Tombstone], settings: Settings,
            html_file: ArchiveFile) -> MdtoInformationObject:
    result = selection_list().by_number(DECLARATION_RESULT)
    assert result is not None and destruction.executed_at is not None
    return MdtoInformationObject(
        identifiers=[(reference, f"{REGISTER_SOURCE}, {settings.organisation_name}")],
        name=f"Verklaring van vernietiging {reference}", aggregation_level="Archiefstuk",
        descriptions=[f"Vernietiging van {len(tombstones)} registratie(s) volgens vernietigingslijst {destruction.id}, "
                      f"machtiging {destruction.authorisation_reference}."],
        coverage_in_time=[MdtoPeriod(start=destruction.executed_at.date().isoformat(), type_label="Datum uitvoering")],
        events=[MdtoEvent(type_label="Vernietigen", at=destruction.executed_at, actor=destruction.executed_by,
                          result=f"{len(tombstones)} vernietigd")],
        appraisal="B",
        information_category=MdtoClassification(result_number=result.number, result_label=result.label,
                                                list_name=f"{selection_list().name} {selection_list().year}"),
        representations=[MdtoReference(name=html_file.path.rsplit("/", 1)[-1], identifier=(html_file.path,
                                                                                            REGISTER_SOURCE))],
        archive_creators=[(settings.organisation_code, settings.organisation_name)],
        activity=f"{result.process_type_number} {result.process_type_name}",
    )
