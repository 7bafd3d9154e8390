"""The register in the national publication standard 1.0: what a municipality uploads to the national
algorithm register (algoritmes.overheid.nl).

Computed from published versions only (`register.published`): every algorithm whose current version
is public and not withdrawn gives one record per responsible organisation (a national registration
covers exactly one organisation), with our public page as `url` and our stable id as `source_id`.
Each record is checked against the rules of the enforced configuration (`schemas.national`); an
entry whose record breaks one is refused, with the fields and the reasons, never sent half right.
Data collections and datasets have no place in the national register and are left out.
"""

from __future__ import annotations

from typing import Any

import msgspec

from publisher.open_data import RefusedEntry, current_versions_by_name, entry_url, not_withdrawn
from register.published import PublicVersion, PublishedRegister
from schemas.enums import EntryKind, OrganisationRole
from schemas.national import content_to_national, national_problems

NATIONAL_FORMAT = "publicatiestandaard 1.0"


class NationalExport(msgspec.Struct, frozen=True, kw_only=True):
    records: list[dict[str, Any]]
    """Records that meet the standard, in entry name order: the file to upload."""
    refused: list[RefusedEntry]
    left_out: int
    """Public entries that are no algorithm (data collections, datasets) or that were withdrawn."""


def entry_records(version: PublicVersion, public_url: str) -> tuple[list[dict[str, Any]], list[RefusedEntry]]:
    """The national records of one public algorithm version: one per responsible organisation, each
    either meeting the standard or refused."""
    records: list[dict[str, Any]] = []
    refused: list[RefusedEntry] = []
    content = version.content
    for organisation in content.organisations:
        if organisation.role != OrganisationRole.RESPONSIBLE:
            continue
        record = content_to_national(
            content, organisation, entry_id=version.entry_id, public_url=entry_url(public_url, version.entry_id),
            published_at=version.published_at.isoformat(),
        )
        problems = national_problems(record)
        if problems:
            refused.append(RefusedEntry(entry_id=version.entry_id, name=content.name,
                                        organisation=organisation.name, problems=problems))
        else:
            records.append(record)
    return records, refused


def is_exported(version: PublicVersion) -> bool:
    """Whether a public version belongs in the national register at all."""
    return not_withdrawn(version, EntryKind.ALGORITHM)


def national_export(register: PublishedRegister, public_url: str) -> NationalExport:
    """Every public algorithm as national records, the refused ones reported."""
    records: list[dict[str, Any]] = []
    refused: list[RefusedEntry] = []
    left_out = 0
    for version in current_versions_by_name(register):
        if not is_exported(version):
            left_out += 1
            continue
        found, refusals = entry_records(version, public_url)
        records += found
        refused += refusals
    return NationalExport(records=records, refused=refused, left_out=left_out)
