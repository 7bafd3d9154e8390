"""The register in the Eurocities / Dutch consortium Algorithmic Transparency Standard v0.3.1, as JSON
records and as the standard's CSV template filled in.

Computed from published versions only (`register.published`): every algorithm whose current version is
public and not withdrawn gives one record (the standard's `organization` is one text, so an algorithm of
several municipalities names them all), with its first and latest publication days. Each record is checked
by `schemas.eurocities` (the JSON Schema and the required attributes); an entry whose record fails is
refused with the fields and the reasons, never sent half right. Data collections and datasets are no
algorithms and are left out.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping

import msgspec

from publisher.formatting import AMSTERDAM
from publisher.open_data import RefusedEntry, current_versions_by_name, entry_url, not_withdrawn
from publisher.spreadsheet_export import FORMULA_START
from register.published import PublicVersion, PublishedRegister
from schemas.enums import EntryKind, LinkRelation, VersionState
from schemas.eurocities import (
    EUROCITIES_ATTRIBUTES,
    EUROCITIES_VERSION,
    content_to_eurocities,
    conversion_notes,
    eurocities_problems,
)

EUROCITIES_FORMAT = f"Eurocities algorithmic transparency standard {EUROCITIES_VERSION}"
CSV_DELIMITER = ";"
CSV_LINE_END = "\n"
"""The dialect of the standard's CSV template: every cell quoted, separated by semicolons, lines ending in LF."""


class EurocitiesExport(msgspec.Struct, frozen=True, kw_only=True):
    records: list[dict[str, str]]
    """Records that meet the standard, in entry name order, attributes in the standard's order."""
    refused: list[RefusedEntry]
    """Algorithms whose record does not meet the standard: every problem, errors and warnings."""
    warnings: list[RefusedEntry]
    """Exported algorithms with warnings only (a shortened short description, a short explanation)."""
    left_out: int
    """Public entries that are no algorithm (data collections, datasets) or that were withdrawn."""


def is_exported(version: PublicVersion) -> bool:
    """Whether a public version belongs in a Eurocities export at all."""
    return not_withdrawn(version, EntryKind.ALGORITHM)


def eurocities_export(register: PublishedRegister, public_url: str, *, not_ai_as: str = "") -> EurocitiesExport:
    """Every public algorithm as a Eurocities v0.3.1 record, the refused ones reported; `not_ai_as` is the
    category stated for an algorithm that is no AI system (the setting GLAZENSTAD_EUROCITIES_NOT_AI)."""
    versions = current_versions_by_name(register)
    names = {v.entry_id: v.content.name for v in versions if v.state != VersionState.WITHDRAWN}
    exported = [version for version in versions if is_exported(version)]
    first = first_publications(register, {version.entry_id for version in exported})
    records: list[dict[str, str]] = []
    refused: list[RefusedEntry] = []
    warnings: list[RefusedEntry] = []
    for version in exported:
        content = version.content
        sources = [names[link.target] for link in content.links
                   if link.relation == LinkRelation.USES_DATA_FROM and link.target in names]
        record = content_to_eurocities(
            content, entry_id=version.entry_id, page_url=entry_url(public_url, version.entry_id),
            published_first=first[version.entry_id], published_last=local_day(version.published_at),
            data_sources=sources, not_ai_as=not_ai_as,
        )
        problems = [*conversion_notes(content, not_ai_as=not_ai_as), *eurocities_problems(record)]
        report = RefusedEntry(entry_id=version.entry_id, name=content.name,
                              organisation=record.get("organization", ""), problems=problems)
        if any(problem.severity == "error" for problem in problems):
            refused.append(report)
            continue
        records.append(record)
        if problems:
            warnings.append(report)
    return EurocitiesExport(records=records, refused=refused, warnings=warnings,
                            left_out=len(versions) - len(exported))


def local_day(moment: datetime.datetime) -> datetime.date:
    """The day of a moment in the municipality's time zone, as the public pages show it."""
    return moment.astimezone(AMSTERDAM).date()


def first_publications(register: PublishedRegister, entry_ids: set[str]) -> dict[str, datetime.date]:
    """The day each of these entries was first published, read from the publication history in one pass."""
    first: dict[str, datetime.datetime] = {}
    for version in register.publication_history():
        if version.entry_id in entry_ids and (
                version.entry_id not in first or version.published_at < first[version.entry_id]):
            first[version.entry_id] = version.published_at
    return {entry_id: local_day(moment) for entry_id, moment in first.items()}


def eurocities_csv(records: Iterable[Mapping[str, str]]) -> bytes:
    """The standard's CSV template filled in: its header line exactly, then a row per record, UTF-8 with a byte
    order mark like our other CSV files. A cell that starts like a formula gets a leading apostrophe, as in
    `publisher.spreadsheet_export`, so opening the file never runs what somebody typed in a field."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL, lineterminator=CSV_LINE_END)
    writer.writerow(EUROCITIES_ATTRIBUTES)
    for record in records:
        cells = [str(record.get(name) or "") for name in EUROCITIES_ATTRIBUTES]
        writer.writerow([f"'{value}" if value.startswith(FORMULA_START) else value for value in cells])
    return out.getvalue().encode("utf-8-sig")
