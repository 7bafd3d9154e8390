"""Pages and API answers for entries that are not there: never published (404), or destroyed
under the retention schedule (410 Gone, with the facts of the tombstone)."""

from __future__ import annotations

from litestar.exceptions import HTTPException, NotFoundException

from register.published import PublicTombstone, PublishedRegister


def raise_missing(register: PublishedRegister, entry_id: str) -> None:
    """404 for what never was public; 410 Gone, with the facts of its tombstone, for what was destroyed."""
    tombstone = register.tombstone(entry_id)
    if tombstone is not None:
        raise EntryGone(tombstone)
    raise NotFoundException(f"no published entry {entry_id}")


class EntryGone(HTTPException):
    status_code = 410

    def __init__(self, tombstone: PublicTombstone) -> None:
        super().__init__(detail=f"entry {tombstone.entry_id} was destroyed on {tombstone.destroyed_at.date()} "
                                f"under the retention schedule ({tombstone.certificate_reference})")
        self.tombstone = tombstone
