"""Turning what a citizen typed and ticked into a search, for the page and the API alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from publisher.services import Services
from search import FACETS, SearchQuery, SearchResult

MAX_QUERY_LENGTH = 2000


def run_search(
    services: Services,
    text: str,
    filters: Mapping[str, Sequence[str] | None],
    *,
    limit: int,
    offset: int,
) -> SearchResult:
    chosen = {name: [v for v in values if v] for name, values in filters.items() if name in FACETS and values}
    query = SearchQuery(text=text[:MAX_QUERY_LENGTH], filters={k: v for k, v in chosen.items() if v},
                        limit=limit, offset=offset)
    return services.search.search(query)
