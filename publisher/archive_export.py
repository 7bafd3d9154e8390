"""The MDTO export package (ARCHIVING.md §12): per entry a Dossier record, per published version an
Archiefstuk record and its renditions, each with a bestand record, and a SHA-256 manifest.

Every XML file is checked against the MDTO XSD before it is written; an entry that cannot be
described truthfully is reported, not exported."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.archive_store import ArchiveStore
from publisher.mdto_records import NotExportable, dossier, file_record, record_item
from publisher.renditions import make_renditions
from publisher.services import Services
from register.events import EventType, record_event
from register.listing import entry_events
from register.models import ArchiveFile, Entry, Version
from schemas.mdto import validate, write_file, write_information_object

PUBLISHED = ("published", "superseded", "withdrawn")


class ExportReport(msgspec.Struct, kw_only=True):
    entries: int = 0
    versions: int = 0
    files: int = 0
    refused: dict[str, str] = {}


def export_package(services: Services, entry_ids: list[str] | None, folder: Path,
                   progress: Callable[[int, int], None] | None = None) -> ExportReport:
    """Write the package for these entries (None: every entry with a published version) into `folder`."""
    make_renditions(services, entry_ids)  # a version published before renditions existed gets them now
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; an export package goes into an empty folder")
    store = ArchiveStore(services.settings.archive_store)
    report = ExportReport()
    written: list[Path] = []
    with services.sessions.begin() as session:
        query = select(Entry).where(Entry.destroyed_at.is_(None)).order_by(Entry.created_at, Entry.id)
        if entry_ids is not None:
            query = query.where(Entry.id.in_(entry_ids))
            known = {row.id: row.destroyed_at for row in session.execute(
                select(Entry.id, Entry.destroyed_at).where(Entry.id.in_(entry_ids)))}
            report.refused |= {entry_id: "unknown entry" if entry_id not in known else
                               f"destroyed on {known[entry_id].date()}; only its tombstone remains"
                               for entry_id in sorted(set(entry_ids)) if known.get(entry_id, True) is not None}
        entries = list(session.scalars(query))
        for done, entry in enumerate(entries, 1):
            versions = [v for v in entry.versions if v.state in PUBLISHED]
            if not versions:
                if entry_ids is not None:
                    report.refused[entry.id] = "never published"
                continue
            try:
                files = _entry_files(session, entry, versions, store, services)
            except NotExportable as error:
                report.refused[entry.id] = str(error)
                continue
            for relative, data in files:
                path = folder / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                written.append(path)
            record_event(session, EventType.EXPORTED, actor="glazenstad", entry_id=entry.id,
                         details={"package": folder.name, "versions": len(versions)})
            report.entries += 1
            report.versions += len(versions)
            if progress:
                progress(done, len(entries))
    manifest = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n"
                       for p in sorted(written))
    (folder / "manifest-sha256.txt").write_text(manifest)
    report.files = len(written) + 1
    return report


def _entry_files(session: Session, entry: Entry, versions: list[Version], store: ArchiveStore,
                 services: Services) -> list[tuple[str, bytes]]:
    settings = services.settings
    files: list[tuple[str, bytes]] = [(f"{entry.id}/{entry.id}.mdto.xml",
                                       _checked(write_information_object(dossier(session, entry, settings, versions))))]
    files.append((f"{entry.id}/{entry.id}.json", versions[-1].content.encode()))
    for version in versions:
        renditions = list(session.scalars(select(ArchiveFile).where(
            ArchiveFile.entry_id == entry.id, ArchiveFile.version_no == version.version_no).order_by(ArchiveFile.kind)))
        prefix = f"{entry.id}/v{version.version_no}"
        item = record_item(session, entry, version, settings, renditions, versions)
        files.append((f"{prefix}/v{version.version_no}.mdto.xml", _checked(write_information_object(item))))
        for rendition in renditions:
            name = rendition.path.rsplit("/", 1)[-1]
            files.append((f"{prefix}/{name}", store.read(rendition.path)))
            if rendition.kind in ("json", "html"):
                record = file_record(rendition, item.name, f"{entry.id}/v{version.version_no}", settings)
                files.append((f"{prefix}/{name}.bestand.mdto.xml", _checked(write_file(record))))
    files.append((f"{entry.id}/events.csv", _events_csv(session, entry.id)))
    return files


def _checked(xml: bytes) -> bytes:
    errors = validate(xml)
    if errors:
        raise NotExportable("; ".join(errors))
    return xml


def _events_csv(session: Session, entry_id: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["occurred_at", "event_type", "version_no", "actor", "details"])
    for event in entry_events(session, entry_id):
        writer.writerow([event.occurred_at.isoformat(), event.event_type, event.version_no or "", event.actor,
                         msgspec.json.encode(event.details).decode()])
    return out.getvalue().encode()
