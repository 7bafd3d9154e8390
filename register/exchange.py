"""Import and export: national standard 1.0 files and our own export format.

An import is all or nothing: every problem in every file is collected, and when there is
one, nothing is written. The caller runs it inside one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from register.entries import (
    PUBLIC_STATES,
    create_entry,
    current_public_version,
    ensure_organisations,
    known_organisations,
    owner_rows,
    projection_rows,
    publish_version,
    stored_version,
)
from register.events import EventType, event_row, record_event
from register.hashing import decode_stored
from register.models import (
    Entry,
    EntryOrganisation,
    Event,
    Organisation,
    PublicEntry,
    PublicEntryOrganisation,
    PublicLink,
    Version,
)
from schemas.entry import Organisation as OrganisationRef
from schemas.export_format import ExportDocument, ExportedEntry, ExportedVersion, is_export_document
from schemas.national import content_from_national, is_national_record
from schemas.problems import ContentError, Problem, problem_from_decode_error

Progress = Callable[[int, int, str], None]


class ImportNote(Problem, frozen=True, kw_only=True):
    """A problem found in one entry of one file."""

    file: str
    entry: str
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.file} · {self.entry} · {self.field}: {self.message}"


class ImportReport(msgspec.Struct, kw_only=True):
    entry_ids: list[str] = []
    versions: int = 0
    published: int = 0
    notes: list[ImportNote] = []


class ImportFailed(Exception):
    """Nothing was written; `problems` says what is wrong, per file, entry and field."""

    def __init__(self, problems: list[ImportNote]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def import_files(
    session: Session,
    paths: Sequence[Path],
    *,
    publish: bool,
    actor: str,
    default_organisation: OrganisationRef,
    progress: Progress | None = None,
) -> ImportReport:
    """Import national 1.0 files (a JSON list) or our own exports, detected per file."""
    report = ImportReport()
    problems: list[ImportNote] = []
    for path in paths:
        try:
            data = json.loads(path.read_bytes())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(_failure(path.name, "(bestand)", f"niet te lezen als JSON: {error}", str(error)))
            continue
        if is_export_document(data):
            problems += _import_export(session, path.name, data, actor, report, progress)
        elif isinstance(data, list) and all(is_national_record(item) for item in data):
            problems += _import_national(session, path.name, data, publish, actor, default_organisation,
                                         report, progress)
        else:
            problems.append(_failure(
                path.name, "(bestand)",
                "onbekend formaat: verwacht een lijst records volgens publicatiestandaard 1.0 "
                "of een export van Glazen Stad",
                "unknown format: expected a list of national standard 1.0 records or a Glazen Stad export",
            ))
    if problems:
        raise ImportFailed(problems)
    return report


def import_entries(
    session: Session, entries: Iterable[ExportedEntry], *, actor: str, origin: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Restore entries exactly as exported (ids, states, times); used for exports and the demo."""
    report = ImportReport()
    problems = _restore_entries(session, origin, list(entries), actor, report, progress)
    if problems:
        raise ImportFailed(problems)
    return report


def export_document(session: Session) -> ExportDocument:
    """Every entry with every version, in a stable order. Destroyed entries are gone from exports too;
    their tombstones stay in the register."""
    entries = session.scalars(select(Entry).where(Entry.destroyed_at.is_(None)).order_by(Entry.created_at, Entry.id))
    return ExportDocument(entries=[_exported(entry) for entry in entries])


def encode_export(document: ExportDocument) -> bytes:
    return msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def _import_national(
    session: Session, file: str, records: list[Any], publish: bool, actor: str,
    default_organisation: OrganisationRef, report: ImportReport, progress: Progress | None,
) -> list[ImportNote]:
    problems = []
    organisations = {name: OrganisationRef(tooi_id=o.tooi_id, name=o.name)
                     for name, o in known_organisations(session).items()}
    for index, record in enumerate(records, 1):
        label = _record_label(record, index)
        try:
            imported = content_from_national(record, default_organisation, organisations)
            version = create_entry(session, imported.content, actor=actor, source_document=record)
        except ContentError as error:
            problems += [_note(file, label, p.field, p.message, p.message_en, "error") for p in error.problems]
            continue
        report.notes += [_note(file, label, n.field, n.message, n.message_en) for n in imported.notes]
        report.entry_ids.append(version.entry_id)
        report.versions += 1
        record_event(session, EventType.IMPORTED, actor=actor, entry_id=version.entry_id, version_no=1,
                     details={"file": file, "format": "publicatiestandaard 1.0"})
        if publish:
            publish_version(session, version.entry_id, 1, actor=actor)
            report.published += 1
        if progress:
            progress(index, len(records), label)
    return problems


def _import_export(
    session: Session, file: str, data: dict[str, Any], actor: str, report: ImportReport,
    progress: Progress | None,
) -> list[ImportNote]:
    try:
        document = msgspec.convert(data, ExportDocument)
    except msgspec.ValidationError as error:
        problem = problem_from_decode_error(error)
        return [_note(file, _entry_label(problem.field, data), problem.field, problem.message,
                      problem.message_en, "error")]
    return _restore_entries(session, file, document.entries, actor, report, progress)


def _restore_entries(
    session: Session, file: str, entries: list[ExportedEntry], actor: str, report: ImportReport,
    progress: Progress | None,
) -> list[ImportNote]:
    """Check every entry first, then write them all in bulk: fast for 100,000 entries, and
    nothing at all is written when any entry is wrong."""
    problems: list[ImportNote] = []
    taken = _existing_ids(session, [entry.id for entry in entries])
    organisations = {code: name for code, name in session.execute(select(Organisation.tooi_id, Organisation.name))}
    prepared: list[tuple[ExportedEntry, list[Version]]] = []
    for index, entry in enumerate(entries, 1):
        entry_problems, versions = _check_entry(session, file, entry, taken, organisations)
        problems += entry_problems
        if not entry_problems:
            prepared.append((entry, versions))
        taken.add(entry.id)
        if progress:
            progress(index, len(entries), entry.id)
    problems += _dangling_links(session, file, prepared)
    if problems:
        return problems
    _write_entries(session, prepared, actor, file)
    report.entry_ids += [entry.id for entry, _ in prepared]
    report.versions += sum(len(versions) for _, versions in prepared)
    report.published += sum(v.state in PUBLIC_STATES for _, versions in prepared for v in versions)
    return []


def _check_entry(
    session: Session, file: str, entry: ExportedEntry, taken: set[str], organisations: dict[str, str]
) -> tuple[list[ImportNote], list[Version]]:
    label = entry.versions[-1].content.name if entry.versions else entry.id
    if entry.id in taken:
        return [_failure(file, label, f"id {entry.id} bestaat al in dit register; ids worden nooit hergebruikt",
                         f"id {entry.id} already exists in this register; ids are never reused", "id")], []
    numbers = [v.version_no for v in entry.versions]
    if not entry.versions or numbers != list(range(1, len(numbers) + 1)):
        return [_failure(file, label, "versies moeten 1, 2, 3 … genummerd zijn",
                         "versions must be numbered 1, 2, 3 …", "versions")], []
    problems, versions = [], []
    for exported in entry.versions:
        where = f"versions[{exported.version_no - 1}]"
        try:
            ensure_organisations(session, exported.content, organisations)
            version = _version_row(entry.id, exported)
        except ContentError as error:
            problems += [_note(file, label, f"{where}.content.{p.field}", p.message, p.message_en, "error")
                         for p in error.problems]
            continue
        if str(exported.content.kind) != str(entry.kind):
            problems.append(_failure(file, label, "soort wijkt af van de registratie",
                                     "kind differs from the entry's", f"{where}.content.kind"))
        if exported.content_hash and exported.content_hash != version.content_hash:
            problems.append(_failure(file, label, "content_hash klopt niet bij de inhoud (gewijzigd na export?)",
                                     "content_hash does not match the content (changed after export?)",
                                     f"{where}.content_hash"))
        versions.append(version)
    return problems, versions


def _write_entries(session: Session, prepared: list[tuple[ExportedEntry, list[Version]]], actor: str,
                   file: str) -> None:
    session.add_all(Entry(id=entry.id, kind=str(entry.kind), created_at=entry.created_at) for entry, _ in prepared)
    session.flush()
    session.add_all(version for _, versions in prepared for version in versions)
    session.flush()  # one batched INSERT … RETURNING gives every version its id
    public_entries, organisations, links, events, owners = [], [], [], [], []
    for entry, versions in prepared:
        owners += owner_rows(entry.id, max(entry.versions, key=lambda v: v.version_no).content)
        current = current_public_version(versions)
        if current is not None:
            content = next(e.content for e in entry.versions if e.version_no == current.version_no)
            rows = projection_rows(str(entry.kind), current, content)
            public_entries.append(rows.entry)
            organisations += rows.organisations
            links += rows.links
        events.append(event_row(EventType.IMPORTED, actor=actor, entry_id=entry.id, details={"file": file}))
    for table, rows in ((PublicEntry, public_entries), (PublicEntryOrganisation, organisations),
                        (PublicLink, links), (Event, events), (EntryOrganisation, owners)):
        if rows:
            session.execute(insert(table), rows)


def _existing_ids(session: Session, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(session.scalars(select(Entry.id).where(Entry.id.in_(ids[start:start + 500]))))
    return found


def _version_row(entry_id: str, exported: ExportedVersion) -> Version:
    version = stored_version(entry_id, exported.version_no, exported.content, state=exported.state,
                             created_at=exported.created_at, source_document=exported.source_document)
    version.submitted_at = exported.submitted_at
    version.approved_at = exported.approved_at
    version.published_at = exported.published_at
    version.superseded_at = exported.superseded_at
    version.withdrawn_at = exported.withdrawn_at
    version.withdrawal_reason = exported.withdrawal_reason
    return version


def _exported(entry: Entry) -> ExportedEntry:
    return ExportedEntry(
        id=entry.id,
        kind=entry.kind,  # type: ignore[arg-type]
        created_at=entry.created_at,
        versions=[
            ExportedVersion(
                version_no=v.version_no,
                state=v.state,  # type: ignore[arg-type]
                content=decode_stored(v.content),
                content_hash=v.content_hash,
                created_at=v.created_at,
                submitted_at=v.submitted_at,
                approved_at=v.approved_at,
                published_at=v.published_at,
                superseded_at=v.superseded_at,
                withdrawn_at=v.withdrawn_at,
                withdrawal_reason=v.withdrawal_reason,
                source_document=json.loads(v.source_document) if v.source_document else None,
            )
            for v in entry.versions
        ],
    )


def _dangling_links(
    session: Session, file: str, prepared: list[tuple[ExportedEntry, list[Version]]]
) -> list[ImportNote]:
    """Links must point at entries that exist, in the register or in the same import."""
    importing = {entry.id for entry, _ in prepared}
    targets = {link.target for entry, _ in prepared for v in entry.versions for link in v.content.links}
    known = importing | _existing_ids(session, sorted(targets - importing))
    problems = []
    for entry, _ in prepared:
        for version in entry.versions:
            for index, link in enumerate(version.content.links):
                if link.target not in known:
                    problems.append(_failure(
                        file, version.content.name, f"koppeling naar onbekende registratie {link.target}",
                        f"link to unknown entry {link.target}",
                        f"versions[{version.version_no - 1}].content.links[{index}].target",
                    ))
    return problems


def _record_label(record: Any, index: int) -> str:
    name = record.get("name") if isinstance(record, dict) else None
    return f"record {index} ({name})" if name else f"record {index}"


def _entry_label(field: str, data: dict[str, Any]) -> str:
    if field.startswith("entries["):
        index = int(field[len("entries["): field.index("]")])
        entries = data.get("entries") or []
        if index < len(entries) and isinstance(entries[index], dict):
            return f"entry {index + 1} ({entries[index].get('id', '?')})"
    return "(document)"


def _note(file: str, entry: str, field: str, message: str, message_en: str, severity: str = "warning") -> ImportNote:
    return ImportNote(file=file, entry=entry, field=field, message=message, message_en=message_en,
                      severity=severity)


def _failure(file: str, entry: str, message: str, message_en: str, field: str = "(bestand)") -> ImportNote:
    return _note(file, entry, field, message, message_en, "error")
