"""The shapes of the editorial API: a draft is the entry's content plus the facts of its version."""

from __future__ import annotations

import msgspec

from register.models import Version
from schemas.entry import EntryContent
from schemas.enums import VersionState, WorkflowAction

# Keys of `DeskDraft` that describe the version rather than its content: read-only, ignored on PUT.
READ_ONLY_KEYS = ("id", "version_no", "state", "revision", "last_editor", "etag")


class DeskDraft(EntryContent, kw_only=True, omit_defaults=False, forbid_unknown_fields=False):
    """The version an editor works on, with what an edit must state it started from (`etag`)."""

    id: str
    version_no: int
    state: VersionState
    revision: int
    last_editor: str | None
    etag: str


class CreatedDraft(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    version_no: int
    state: VersionState
    etag: str
    href: str


class TransitionRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    action: WorkflowAction
    reason: str


class TransitionResult(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    version_no: int
    state: VersionState
    etag: str


def etag_of(version: Version) -> str:
    return f'"{version.entry_id}.{version.version_no}.{version.revision}"'


def revision_from_etag(entry_id: str, etag: str) -> str | None:
    """The `version.revision` an If-Match names, or None when it names something else."""
    value = etag.strip()
    if value.startswith("W/"):
        return None  # If-Match compares strongly; a weak tag never matches
    value = value.strip('"')
    prefix = f"{entry_id}."
    return value[len(prefix):] if value.startswith(prefix) else None


def desk_draft(version: Version, content: EntryContent) -> DeskDraft:
    return DeskDraft(**msgspec.structs.asdict(content), id=version.entry_id, version_no=version.version_no,
                     state=VersionState(version.state), revision=version.revision, last_editor=version.last_editor,
                     etag=etag_of(version))


