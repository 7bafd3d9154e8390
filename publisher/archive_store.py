"""The archive store: write-once files under `Settings.archive_store`, each recorded with its size and
SHA-256 in `archive_files`, so a later fixity check can prove nothing changed."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from register.models import ArchiveFile


class ArchiveStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"{relative} lies outside the archive store")
        return path

    def write_once(self, session: Session, relative: str, data: bytes, *, kind: str, media_type: str,
                   entry_id: str | None = None, version_no: int | None = None,
                   destruction_list_id: int | None = None) -> ArchiveFile:
        """Write a new file and record it; an existing file is never overwritten."""
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            # Left by a transaction that rolled back: record it only when it holds exactly these bytes.
            if path.read_bytes() != data:
                raise FileExistsError(f"{relative} exists with other content; archive files are write-once")
        else:
            with path.open("xb") as handle:  # "x": never written over an existing file
                handle.write(data)
        row = ArchiveFile(entry_id=entry_id, version_no=version_no, destruction_list_id=destruction_list_id,
                          kind=kind, path=relative, media_type=media_type, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), created_at=datetime.datetime.now(datetime.UTC))
        session.add(row)
        return row

    def read(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()

    def remove(self, relatives: list[str]) -> None:
        """Delete files of destroyed entries, after the destruction has been committed."""
        for relative in relatives:
            self.path(relative).unlink(missing_ok=True)
