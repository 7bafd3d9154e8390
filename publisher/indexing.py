"""Keeping the search index in step with what the register publishes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from publisher.services import Services
from register.published import PublicVersion
from schemas.enums import VersionState
from search.documents import SearchDocument
from search.from_content import document_from_content


def document_for(version: PublicVersion) -> SearchDocument:
    return document_from_content(
        version.entry_id,
        version.version_no,
        version.content,
        withdrawn=version.state == VersionState.WITHDRAWN,
        published_at=version.published_at,
    )


def reindex(services: Services, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the register's published versions."""
    with services.published() as register:
        return services.search.rebuild(_counted(map(document_for, register.current_versions()), progress))


def index_entries(services: Services, entry_ids: Iterable[str]) -> None:
    """Bring the index up to date for these entries after a publication or withdrawal."""
    with services.published() as register:
        documents, gone = [], []
        for entry_id in entry_ids:
            view = register.entry(entry_id)
            if view is None:
                gone.append(entry_id)
            else:
                documents.append(document_for(view.current))
    if documents:
        services.search.upsert(documents)
    if gone:
        services.search.remove(gone)


def _counted(documents: Iterator[SearchDocument], progress: Callable[[int], None] | None) -> Iterator[SearchDocument]:
    for count, document in enumerate(documents, 1):
        if progress and count % 1000 == 0:
            progress(count)
        yield document

