"""The project's own export format: every entry, every version, every field.

The same Structs read the demo register (written in YAML for people) and exports (JSON).
An export holds no export time, so exporting the same register twice gives the same bytes."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec

from schemas.entry import EntryContent, EntryId
from schemas.enums import EntryKind, VersionState

EXPORT_FORMAT = "glazenstad-export"
EXPORT_FORMAT_VERSION = 1


class ExportedVersion(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True):
    version_no: int
    state: VersionState
    content: EntryContent
    created_at: datetime.datetime
    content_hash: str | None = None
    submitted_at: datetime.datetime | None = None
    approved_at: datetime.datetime | None = None
    published_at: datetime.datetime | None = None
    superseded_at: datetime.datetime | None = None
    withdrawn_at: datetime.datetime | None = None
    withdrawal_reason: str | None = None
    source_document: dict[str, Any] | None = None


class ExportedEntry(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True):
    id: EntryId
    kind: EntryKind
    created_at: datetime.datetime
    versions: list[ExportedVersion]


class ExportDocument(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    format: str = EXPORT_FORMAT
    format_version: int = EXPORT_FORMAT_VERSION
    entries: list[ExportedEntry] = []


def is_export_document(value: Any) -> bool:
    return isinstance(value, dict) and value.get("format") == EXPORT_FORMAT
