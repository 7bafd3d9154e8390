"""The search contract every backend fulfils: queries in, ranked hits with facet counts out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import msgspec

from search.documents import SearchDocument

FACETS = (
    "kind",
    "theme",
    "status",
    "personal_data",
    "publication_category",
    "risk_class",
    "organisation",
)
MAX_LIMIT = 1000
"""Most hits one search returns."""
MAX_WINDOW = 10_000
"""Hits beyond this rank are not returned (the total still counts them): deep pages cost memory."""
MIN_SUGGEST_CHARS = 2
"""Type-ahead answers from this many letters on: one letter would match half the register."""
NEARLY_NOTHING = 2
"""A query whose own words find at most this many entries gets a typo-corrected "Bedoelde u …?"."""
MEILISEARCH_INDEX = "glazenstad"
"""The Meilisearch index the register uses unless GLAZENSTAD_MEILISEARCH_INDEX names another."""


class SearchUnavailable(RuntimeError):
    """The search service cannot answer now (unreachable, refusing its key, failing); the message names
    the address and the setting. The site shows a notice and answers 503; the rest of it keeps working."""


class SearchQuery(msgspec.Struct, frozen=True, kw_only=True):
    """Citizen text plus facet filters: OR within a facet, AND across facets."""

    text: str = ""
    filters: dict[str, list[str]] = {}
    limit: int = 20
    offset: int = 0


class SearchHit(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: str
    description_short: str
    snippet: str
    """Safe HTML: escaped text with matches in <mark>…</mark>."""
    score: float


class FacetCount(msgspec.Struct, frozen=True):
    value: str
    count: int


class SearchResult(msgspec.Struct, frozen=True):
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetCount]]


class Suggestion(msgspec.Struct, frozen=True, kw_only=True):
    """A type-ahead suggestion: an entry to jump to, or a term to search for."""

    text: str
    kind: str  # "entry" or "term"
    entry_id: str | None = None


class SearchBackend(Protocol):
    def upsert(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace by id; committed when it returns."""
        ...

    def remove(self, entry_ids: Iterable[str]) -> None: ...

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Drop everything, index these, return how many entries the index now holds."""
        ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def count(self) -> int: ...

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Entry names and terms that complete what a citizen is typing."""
        ...

    def correct(self, text: str) -> str | None:
        """A typo-corrected query ("Bedoelde u …?") for a query that finds nothing or nearly nothing."""
        ...


def ordered_counts(found: Mapping[str, int], selected: Sequence[str]) -> list[FacetCount]:
    """A facet's counts, most first, then by value; a chosen value stays visible (with 0) so it can be
    unchosen. Every backend orders its counts so."""
    counts = {value: count for value, count in found.items() if value}
    for value in selected:
        counts.setdefault(value, 0)
    return [FacetCount(value, count) for value, count in sorted(counts.items(), key=_by_count_then_value)]


def _by_count_then_value(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]
