"""Facet counts from tantivy aggregations over fast fields, without iterating hits in Python.

Each facet is counted over the documents that match the text and the filters of the other
facets, so choosing "Verkeer" still shows how many results the other themes would give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

from tantivy import Query, Searcher

from search.backend import FACETS, FacetCount, ordered_counts
from search.index_schema import VALUE_SEPARATOR, count_field
from search.query_builder import all_of

COMBINATIONS = 10_000
"""Most distinct values (or sets of values, for themes and organisations) read per facet."""


class FacetCounting:
    """Counts being computed on worker threads (tantivy releases the GIL) while hits are fetched."""

    def __init__(
        self,
        workers: Executor,
        searcher: Searcher,
        required: Sequence[Query],
        excluded: Sequence[Query],
        filters: Mapping[str, Query],
    ) -> None:
        """`filters` holds the query of each facet that has a filter."""
        # one pass with every filter counts the unfiltered facets and the total;
        # each filtered facet is counted without its own filter
        unfiltered = [facet for facet in FACETS if facet not in filters]
        self._passes = [(unfiltered or [FACETS[0]], None), *(([facet], facet) for facet in filters)]
        self._filtered = set(filters)
        self._results = [
            workers.submit(
                searcher.aggregate,
                all_of([*required, *(query for facet, query in filters.items() if facet != left_out)], excluded),
                {facet: {"terms": {"field": count_field(facet), "size": COMBINATIONS}} for facet in facets},
            )
            for facets, left_out in self._passes
        ]

    def result(self, selected: Mapping[str, Sequence[str]]) -> tuple[int, dict[str, list[FacetCount]]]:
        """The number of matching documents and the counts of every facet; `selected` are chosen values."""
        total = 0
        counts: dict[str, list[FacetCount]] = {}
        for (facets, left_out), pending in zip(self._passes, self._results, strict=True):
            result = pending.result()
            if left_out is None:
                # every document has exactly one value in a count field
                first = result[facets[0]]
                total = sum(bucket["doc_count"] for bucket in first["buckets"]) + first["sum_other_doc_count"]
            for facet in facets:
                if facet == left_out or facet not in self._filtered:
                    counts[facet] = _counts(result[facet]["buckets"], selected.get(facet, ()))
        return total, {facet: counts[facet] for facet in FACETS}


def _counts(buckets: list[dict], selected: Sequence[str]) -> list[FacetCount]:
    found: dict[str, int] = {}
    for bucket in buckets:
        key, count = bucket["key"], bucket["doc_count"]
        for value in key.split(VALUE_SEPARATOR) if VALUE_SEPARATOR in key else (key,):
            if value:
                found[value] = found.get(value, 0) + count
    return ordered_counts(found, selected)
