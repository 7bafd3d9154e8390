"""What follows an executed destruction once it is committed: the files go, and the search index
forgets the entries."""

from __future__ import annotations

from publisher.archive_store import ArchiveStore
from publisher.indexing import index_entries
from publisher.services import Services
from register.archive.destruction import Executed


def after_destruction(services: Services, executed: Executed) -> None:
    ArchiveStore(services.settings.archive_store).remove(executed.files_to_remove)
    index_entries(services, executed.destroyed)
