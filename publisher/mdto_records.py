"""From the register to MDTO (ARCHIVING.md §11): an entry is a Dossier, a published version an
Archiefstuk, a rendition a bestand. The writer and the XSD check live in `schemas.mdto`."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.settings import Settings
from register.archive.decisions import current_decision
from register.hashing import decode_stored
from register.models import ArchiveFile, Entry, Event, Organisation, RetentionDecision, Version
from schemas.entry import EntryContent
from schemas.enums import LinkRelation, ProcessTerm
from schemas.mdto import (
    PROVISIONAL_PRONOM_FORMATS,
    MdtoClassification,
    MdtoEvent,
    MdtoFile,
    MdtoInformationObject,
    MdtoPeriod,
    MdtoReference,
    MdtoRelation,
    MdtoRetention,
    MdtoTerm,
    MdtoUseRestriction,
)
from schemas.selection_list import selection_list

REGISTER_SOURCE = "Glazen Stad register"
NATIONAL_SOURCE = "Algoritmeregister van de Nederlandse overheid"
ENTRY_KINDS = "Glazen Stad soorten registraties"
# Our events as MDTO event types (§11.3); events not listed here are internal and not exported.
EVENT_TYPES = {
    "created": "Creatie", "version_added": "Creatie", "imported": "Import", "approved": "Accordering",
    "published": "Publicatie", "withdrawn": "Wijziging", "retention_decided": "Wijziging", "closed": "Wijziging",
    "hold_lifted": "Wijziging", "hold_set": "Bevriezing", "exported": "Export", "transferred": "Overbrenging",
    "destroyed": "Vernietigen",
}
RELATION_TYPES = {LinkRelation.REPLACES: "Vervangt", LinkRelation.USES_DATA_FROM: "Heeft nodig"}


class NotExportable(ValueError):
    """An entry whose MDTO would be untrue, such as appraisal V without a retention period (§11.4 rule 3)."""


def entry_identifier(settings: Settings, entry_id: str) -> tuple[str, str]:
    return entry_id, f"{REGISTER_SOURCE}, {settings.organisation_name}"


def dossier(session: Session, entry: Entry, settings: Settings, versions: list[Version]) -> MdtoInformationObject:
    """The entry as a Dossier, with its published versions as parts."""
    decision = current_decision(session, entry.id)
    newest = versions[-1]
    content = decode_stored(newest.content)
    identifiers = [entry_identifier(settings, entry.id)]
    identifiers += [(o.lars, NATIONAL_SOURCE) for o in content.organisations if o.lars]
    first = min(v.published_at for v in versions if v.published_at)
    end = content.end_date or (entry.closed_at.date().isoformat() if entry.closed_at else None)
    return MdtoInformationObject(
        identifiers=identifiers, name=content.name, aggregation_level="Dossier",
        classifications=[MdtoTerm(label=content.kind.label("nl"), code=str(content.kind), vocabulary=ENTRY_KINDS)],
        keywords=[tag.strip() for tag in (content.tags or "").split(",") if tag.strip()],
        descriptions=[content.description_short] if content.description_short else [],
        online_locations=[f"{settings.public_url}/register/{entry.id}"],
        coverage_in_time=[MdtoPeriod(start=content.begin_date or first.date().isoformat(), end=end,
                                     type_label="Periode van gebruik")],
        coverage_in_space=[content.area] if content.area else [],
        events=_events(session, entry.id, None),
        appraisal=_appraisal(decision),
        retention=_retention(decision, entry.id),
        information_category=_category(decision),
        has_parts=[MdtoReference(name=f"{content.name}, versie {v.version_no}",
                                 identifier=(f"{entry.id}/v{v.version_no}", REGISTER_SOURCE)) for v in versions],
        related=_related(content),
        archive_creators=_creators(session, content, settings),
        activity=_activity(decision),
        use_restrictions=_restrictions(content),
    )


def record_item(session: Session, entry: Entry, version: Version, settings: Settings,
                files: list[ArchiveFile], versions: list[Version]) -> MdtoInformationObject:
    """A published version as an Archiefstuk, with its renditions as representations."""
    decision = current_decision(session, entry.id)
    content = decode_stored(version.content)
    name = f"{content.name}, versie {version.version_no}"
    assert version.published_at is not None
    until = version.superseded_at or version.withdrawn_at
    neighbours = [MdtoRelation(name=f"{content.name}, versie {v.version_no}",
                               identifier=(f"{entry.id}/v{v.version_no}", REGISTER_SOURCE),
                               relation_type="Vervangt" if v.version_no < version.version_no else "Is vervangen door")
                  for v in versions if abs(v.version_no - version.version_no) == 1]
    return MdtoInformationObject(
        identifiers=[(f"{entry.id}/v{version.version_no}", REGISTER_SOURCE)], name=name,
        aggregation_level="Archiefstuk",
        descriptions=[content.change_summary] if content.change_summary else [],
        online_locations=[f"{settings.public_url}/register/{entry.id}/versies/{version.version_no}"],
        coverage_in_time=[MdtoPeriod(start=version.published_at.date().isoformat(),
                                     end=until.date().isoformat() if until else None, type_label="Periode geldig")],
        events=_events(session, entry.id, version.version_no),
        appraisal=_appraisal(decision),
        retention=_retention(decision, entry.id, with_trigger=False),
        information_category=_category(decision),
        part_of=[MdtoReference(name=content.name, identifier=entry_identifier(settings, entry.id))],
        representations=[MdtoReference(name=f.path.rsplit("/", 1)[-1], identifier=(f.path, REGISTER_SOURCE))
                         for f in files if f.kind in ("json", "html")],
        additional_metadata=[MdtoReference(name=f.path.rsplit("/", 1)[-1], identifier=(f.path, REGISTER_SOURCE))
                             for f in files if f.kind == "national"],
        related=neighbours,
        archive_creators=_creators(session, content, settings),
        activity=_activity(decision),
        use_restrictions=_restrictions(content),
    )


def file_record(file: ArchiveFile, parent_name: str, parent_identifier: str, settings: Settings) -> MdtoFile:
    puid, label = PROVISIONAL_PRONOM_FORMATS["html" if file.media_type == "text/html" else "json"]
    return MdtoFile(
        identifiers=[(file.path, REGISTER_SOURCE)], name=file.path.rsplit("/", 1)[-1], size=file.size,
        format_puid=puid, format_label=label, sha256=file.sha256, checksum_at=file.created_at,
        representation_of=MdtoReference(name=parent_name, identifier=(parent_identifier, REGISTER_SOURCE)),
    )


def _appraisal(decision: RetentionDecision | None) -> str:
    return decision.appraisal if decision else "N"


def _retention(
    decision: RetentionDecision | None, entry_id: str, *, with_trigger: bool = True
) -> MdtoRetention | None:
    if decision is None or decision.appraisal != "V":
        return None
    if not decision.retention_period:
        raise NotExportable(f"{entry_id}: appraisal V without a retention period; decide a term first")
    term = ProcessTerm(decision.process_term) if decision.process_term else None
    return MdtoRetention(
        trigger_label=(decision.trigger or term.label("nl")) if with_trigger and term else None,
        trigger_code=str(term) if with_trigger and term else None,
        start=decision.trigger_date if with_trigger else None, period=decision.retention_period,
        end=decision.end_date)


def _category(decision: RetentionDecision | None) -> MdtoClassification | None:
    if decision is None or not decision.result_number:
        return None
    result = selection_list().by_number(decision.result_number)
    return MdtoClassification(result_number=decision.result_number,
                              result_label=result.label if result else decision.result_number,
                              list_name=f"{decision.list_name} {decision.list_year}")


def _activity(decision: RetentionDecision | None) -> str | None:
    if decision is None or not decision.result_number:
        return None
    result = selection_list().by_number(decision.result_number)
    return f"{result.process_type_number} {result.process_type_name}" if result else None


def _events(session: Session, entry_id: str, version_no: int | None) -> list[MdtoEvent]:
    query = select(Event).where(Event.entry_id == entry_id).order_by(Event.id)
    rows = session.scalars(query)
    events = []
    for row in rows:
        kind = EVENT_TYPES.get(row.event_type)
        on_version = row.event_type in ("approved", "published", "withdrawn")
        wrong_level = (version_no is None) == on_version or (version_no is not None and row.version_no != version_no)
        if kind is None or wrong_level:
            continue
        details = msgspec.json.decode(row.details)
        events.append(MdtoEvent(type_label=kind, at=row.occurred_at, actor=row.actor,
                                result=str(details.get("reason") or details.get("step") or "") or None))
    return events


def _related(content: EntryContent) -> list[MdtoRelation]:
    related = [MdtoRelation(name=link.note or str(link.target), identifier=(str(link.target), REGISTER_SOURCE),
                            relation_type=RELATION_TYPES.get(link.relation, "Refereert aan"))
               for link in content.links]
    related += [MdtoRelation(name=d.title, identifier=(d.reference, d.body.label("nl")) if d.reference else None,
                             relation_type="Refereert aan") for d in content.council_decisions]
    related += [MdtoRelation(name=a.title, relation_type="Refereert aan") for a in content.assessments]
    return related


def _creators(session: Session, content: EntryContent, settings: Settings) -> list[tuple[str, str]]:
    codes = (content.archive.archive_creators if content.archive and content.archive.archive_creators
             else [o.tooi_id for o in content.organisations if str(o.role) == "responsible"])
    names = {o.tooi_id: o.name for o in session.scalars(select(Organisation).where(Organisation.tooi_id.in_(codes)))}
    return [(code, names.get(code, settings.organisation_name)) for code in codes] or [
        (settings.organisation_code, settings.organisation_name)]


def _restrictions(content: EntryContent) -> list[MdtoUseRestriction]:
    limits = [MdtoUseRestriction(type_label="Overig", explanation=f"{limit.field}: {limit.explanation}")
              for limit in content.transparency_limitations]
    return limits or [MdtoUseRestriction(type_label="Geen beperking")]

