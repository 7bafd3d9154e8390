"""Fixity (ARCHIVING.md §13): recompute the SHA-256 of every archive file and record the result."""

from __future__ import annotations

import hashlib

import msgspec
from sqlalchemy import select

from publisher.archive_store import ArchiveStore
from publisher.services import Services
from register.events import utcnow
from register.models import ArchiveFile, FixityCheck


class FixityProblem(msgspec.Struct, frozen=True, kw_only=True):
    path: str
    result: str  # "mismatch" or "missing"
    expected: str
    found: str | None


class FixityReport(msgspec.Struct, frozen=True, kw_only=True):
    checked: int
    problems: list[FixityProblem]


def verify(services: Services) -> FixityReport:
    """Check every file; each result is kept as a fixity check, a mismatch or a missing file reported."""
    store = ArchiveStore(services.settings.archive_store)
    problems = []
    with services.sessions.begin() as session:
        files = list(session.scalars(select(ArchiveFile).order_by(ArchiveFile.id)))
        at = utcnow()
        for file in files:
            path = store.path(file.path)
            found = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
            result = "missing" if found is None else ("ok" if found == file.sha256 else "mismatch")
            session.add(FixityCheck(file_id=file.id, checked_at=at, result=result, found_sha256=found))
            if result != "ok":
                problems.append(FixityProblem(path=file.path, result=result, expected=file.sha256, found=found))
    return FixityReport(checked=len(files), problems=problems)
