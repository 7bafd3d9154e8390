"""Finding entries: index documents, Dutch text analysis and the search backends."""

from __future__ import annotations

from pathlib import Path

from search.backend import (
    FACETS,
    MEILISEARCH_INDEX,
    FacetCount,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    Suggestion,
)
from search.documents import SearchDocument
from search.embedded import EmbeddedSearch, IndexOutOfDate

__all__ = [
    "FACETS",
    "EmbeddedSearch",
    "FacetCount",
    "IndexOutOfDate",
    "SearchBackend",
    "SearchDocument",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "Suggestion",
    "open_backend",
]

BACKENDS = ("embedded", "meilisearch")


def open_backend(
    kind: str,
    path: Path | None,
    *,
    meilisearch_url: str = "",
    meilisearch_key: str = "",
    meilisearch_index: str = MEILISEARCH_INDEX,
) -> SearchBackend:
    """The backend named by the GLAZENSTAD_SEARCH_BACKEND setting: `path` is the embedded index's
    directory; Meilisearch is checked and configured now, and raises SearchUnavailable if it cannot be."""
    if kind == "embedded":
        return EmbeddedSearch(path)
    if kind == "meilisearch":
        if not meilisearch_url:
            raise ValueError(
                "GLAZENSTAD_SEARCH_BACKEND=meilisearch needs GLAZENSTAD_MEILISEARCH_URL, the address of the "
                "Meilisearch server (for example http://127.0.0.1:7700)."
            )
        # the client is loaded only by sites that use it
        from search.meilisearch import MeilisearchBackend

        return MeilisearchBackend.open(meilisearch_url, key=meilisearch_key, index=meilisearch_index)
    raise ValueError(
        f"Unknown search backend {kind!r} in GLAZENSTAD_SEARCH_BACKEND; choose one of: {', '.join(BACKENDS)}."
    )
