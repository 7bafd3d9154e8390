"""Turning what a citizen typed and ticked into a search, for the page and the API alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

from litestar.params import QueryParameter

from publisher.services import Services
from search import FACETS, SearchQuery, SearchResult

MAX_QUERY_LENGTH = 2000
FacetParam = Annotated[list[str] | None, QueryParameter(required=False, description="Filter; repeat for OR")]


def facet_filters(
    kind: FacetParam = None,
    theme: FacetParam = None,
    status: FacetParam = None,
    personal_data: FacetParam = None,
    publication_category: FacetParam = None,
    risk_class: FacetParam = None,
    organisation: FacetParam = None,
) -> dict[str, list[str]]:
    """The facet filters of a search request (a dependency of the search page and the search API)."""
    given = {
        "kind": kind,
        "theme": theme,
        "status": status,
        "personal_data": personal_data,
        "publication_category": publication_category,
        "risk_class": risk_class,
        "organisation": organisation,
    }
    return {name: [value for value in values if value] for name, values in given.items() if values}


def run_search(
    services: Services,
    text: str,
    filters: Mapping[str, Sequence[str]],
    *,
    limit: int,
    offset: int,
) -> SearchResult:
    chosen = {name: list(values) for name, values in filters.items() if name in FACETS and values}
    return services.search.search(SearchQuery(text=text[:MAX_QUERY_LENGTH], filters=chosen, limit=limit, offset=offset))


def did_you_mean(services: Services, text: str) -> str | None:
    """A corrected query ("Bedoelde u …?") for a query that finds nothing or nearly nothing."""
    return services.search.correct(text[:MAX_QUERY_LENGTH]) if text.strip() else None
