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
from collections.abc import Iterable, Mapping

import msgspec

from publisher.open_data import RefusedEntry, current_versions_by_name, entry_url, not_withdrawn
from publisher.spreadsheet_export import csv_bytes
from register.published import PublicVersion, PublishedRegister
from schemas.enums import EntryKind, LinkRelation, VersionState
from schemas.eurocities import (
    EUROCITIES_ATTRIBUTES,
    EUROCITIES_VERSION,
    content_to_eurocities,
    conversion_notes,
    eurocities_problems,
)
from schemas.local_time import local_day

EUROCITIES_FORMAT = f"Eurocities algorithmic transparency standard {EUROCITIES_VERSION}"
CSV_DELIMITER = ";"
CSV_LINE_END = "\n"
"""The dialect of the standard's CSV template: every cell quoted, separated by semicolons, lines ending in LF."""


class EurocitiesExport(msgspec.Struct, frozen=True, kw_only=True):
    records: list[dict[str, str]]
    """Records that meet the standard, in entry name order, attributes in the standard's order."""
    refused: list[RefusedEntry]
    """Algorithms whose record does not meet the standard: every problem, errors and warnings."""
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
    first_published = register.first_published_at()
    records: list[dict[str, str]] = []
    refused: list[RefusedEntry] = []
    for version in exported:
        content = version.content
        sources = [names[link.target] for link in content.links
                   if link.relation == LinkRelation.USES_DATA_FROM and link.target in names]
        record = content_to_eurocities(
            content, entry_id=version.entry_id, page_url=entry_url(public_url, version.entry_id),
            published_first=local_day(first_published[version.entry_id]),
            published_last=local_day(version.published_at),
            data_sources=sources, not_ai_as=not_ai_as,
        )
        problems = [*conversion_notes(content, not_ai_as=not_ai_as), *eurocities_problems(record)]
        if any(problem.severity == "error" for problem in problems):
            # the warnings stay with the errors: they often say why a field is empty
            refused.append(RefusedEntry(entry_id=version.entry_id, name=content.name,
                                        organisation=record.get("organization", ""), problems=problems))
        else:
            records.append(record)
    return EurocitiesExport(records=records, refused=refused, left_out=len(versions) - len(exported))


def eurocities_csv(records: Iterable[Mapping[str, str]]) -> bytes:
    """The standard's CSV template filled in: its header line exactly, then a row per record, UTF-8 with a byte
    order mark like our other CSV files. A cell that starts like a formula gets a leading apostrophe, as in
    `publisher.spreadsheet_export`, so opening the file never runs what somebody typed in a field."""
    return csv_bytes(([str(record.get(name) or "") for name in EUROCITIES_ATTRIBUTES] for record in records),
                     EUROCITIES_ATTRIBUTES, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL,
                     lineterminator=CSV_LINE_END)
