"""Finding entries: index documents, Dutch text analysis and the search backends."""

from __future__ import annotations

from pathlib import Path

from search.backend import (
    FACETS,
    FacetCount,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
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
    "Suggestion",
    "open_backend",
]

BACKENDS = ("embedded",)


def open_backend(kind: str, path: Path | None) -> SearchBackend:
    """The backend named by the GLAZENSTAD_SEARCH_BACKEND setting; `path` is the index directory."""
    if kind == "embedded":
        return EmbeddedSearch(path)
    raise ValueError(
        f"Unknown search backend {kind!r} in GLAZENSTAD_SEARCH_BACKEND; choose one of: {', '.join(BACKENDS)}."
    )
