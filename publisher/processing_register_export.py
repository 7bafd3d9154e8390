"""The crosswalk to the record of processing activities (GDPR art. 30) as CSV: one row for every public
entry that is not withdrawn and involves personal data, with what it says about each art. 30 item
(`schemas.processing_register`). For the privacy officer who keeps that record; from published versions only."""

from __future__ import annotations

from publisher.open_data import current_versions_by_name, entry_url
from publisher.spreadsheet_export import csv_bytes
from register.published import PublishedRegister
from schemas.enums import VersionState
from schemas.processing_register import ART30_HEADER, art30_row, processes_personal_data


def processing_register_csv(register: PublishedRegister, public_url: str) -> tuple[bytes, int]:
    """The CSV file, and its number of rows."""
    rows = [art30_row(version.content, version.entry_id, entry_url(public_url, version.entry_id))
            for version in current_versions_by_name(register)
            if version.state != VersionState.WITHDRAWN and processes_personal_data(version.content)]
    return csv_bytes(rows, ART30_HEADER), len(rows)
