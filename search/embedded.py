"""The embedded search backend: a tantivy index in a directory, or in memory for tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from tantivy import Document, Index, IndexWriter, Order, Query, Searcher

from search.analysis import analysis_stamp, is_stop_word, register_analyzers
from search.backend import (
    FACETS,
    MAX_LIMIT,
    MAX_WINDOW,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    Suggestion,
)
from search.documents import SearchDocument
from search.facets import FacetCounting
from search.highlight import Highlighter, needles
from search.index_schema import (
    ALL_PARTS,
    DESCRIPTION,
    ID,
    NAME,
    SORT_NAME,
    build_schema,
    facet_field,
    to_index_document,
)
from search.query_builder import QueryBuilder, all_of, facet_filter
from search.query_parser import ParsedQuery, parse_query
from search.spelling import correction
from search.suggestions import suggestions

MAX_SUGGESTIONS = 50

WRITER_WAIT_SECONDS = 30.0
"""How long a write waits for another process's write to finish."""
_UPDATE_HEAP = 50_000_000
_REBUILD_HEAP = 1_000_000_000
"""A rebuild writes with one thread and a large heap, so it leaves one segment for tens of thousands
of entries (two for the benchmark's 100,000): queries then take a fifth less time and sorting by
name half, for a slower rebuild. The heap is a ceiling; a small register uses little of it."""


ANALYSIS_FILE = "glazenstad-analysis.txt"
"""Beside tantivy's files: the `analysis_stamp` of the text in the index."""


class IndexOutOfDate(ValueError):
    """The index on disk was built by another version; it is derived data and can be rebuilt."""


class EmbeddedSearch(SearchBackend):
    """tantivy with Dutch analysis; `path=None` keeps the index in memory."""

    def __init__(self, path: Path | None) -> None:
        self._schema = build_schema()
        if path is None:
            self._index = Index(self._schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            new = not (path / "meta.json").exists()
            try:
                self._index = Index(self._schema, path=str(path), reuse=True)
            except ValueError as error:
                raise IndexOutOfDate(
                    f"The search index in {path} does not fit this version of Glazen Stad "
                    f"({error}). Remove that directory and rebuild the index from the register."
                ) from error
            _check_analysis(path, new)
        register_analyzers(self._index)
        # tantivy allows one writer per index at a time
        self._write_lock = threading.Lock()
        self._workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets")

    def upsert(self, documents: Iterable[SearchDocument]) -> None:
        with self._writer(_UPDATE_HEAP, threads=1) as writer:
            for document in documents:
                writer.delete_documents_by_term(ID, document.id)
                writer.add_document(to_index_document(document))

    def remove(self, entry_ids: Iterable[str]) -> None:
        with self._writer(_UPDATE_HEAP, threads=1) as writer:
            for entry_id in entry_ids:
                writer.delete_documents_by_term(ID, entry_id)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        seen: set[str] = set()
        with self._writer(_REBUILD_HEAP, threads=1) as writer:
            writer.delete_all_documents()
            for document in documents:
                if document.id in seen:
                    # the last version given for an id wins, as with upsert
                    writer.delete_documents_by_term(ID, document.id)
                seen.add(document.id)
                writer.add_document(to_index_document(document))
        return len(seen)

    def count(self) -> int:
        return self._index.searcher().num_docs

    def search(self, query: SearchQuery) -> SearchResult:
        unknown = sorted(set(query.filters) - set(FACETS))
        if unknown:
            raise ValueError(f"Unknown search facet(s) {unknown}; known: {', '.join(FACETS)}")
        parsed = parse_query(query.text, is_stop_word)
        searcher = self._index.searcher()
        queries = QueryBuilder(self._schema, searcher)
        excluded = queries.excluded(parsed)
        filters = {
            facet: facet_filter(self._schema, facet, values) for facet, values in query.filters.items() if values
        }
        # counting runs alongside on the lean query; ranking needs the one that weighs every field
        matching = queries.required(parsed, scored=False)
        counting = FacetCounting(self._workers, searcher, _present(matching), excluded, filters)
        offset = max(query.offset, 0)
        limit = min(max(query.limit, 0), MAX_LIMIT, MAX_WINDOW - offset)
        hits: list[SearchHit] = []
        if limit > 0:
            ranking = queries.required(parsed)
            everything = all_of([*_present(ranking), *filters.values()], excluded)
            hits = self._hits(searcher, everything, parsed, ranked=ranking is not None, limit=limit, offset=offset)
        total, facets = counting.result(query.filters)
        return SearchResult(hits=hits, total=total, facets=facets)

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        return suggestions(self._schema, self._index.searcher(), prefix, min(limit, MAX_SUGGESTIONS))

    def correct(self, text: str) -> str | None:
        return correction(self._schema, self._index.searcher(), text)

    def _hits(
        self, searcher: Searcher, query: Query, parsed: ParsedQuery, *, ranked: bool, limit: int, offset: int
    ) -> list[SearchHit]:
        if ranked:
            found = searcher.search(query, limit=limit, offset=offset, count=False)
        else:
            # nothing to rank by: an alphabetical list
            found = searcher.search(
                query, limit=limit, offset=offset, count=False, order_by_field=SORT_NAME, order=Order.Asc
            )
        highlighter = Highlighter(needles(parsed))
        return [_hit(searcher.doc(address), score if ranked else 0.0, highlighter) for score, address in found.hits]

    @contextmanager
    def _writer(self, heap_size: int, *, threads: int) -> Iterator[IndexWriter]:
        """A writer whose changes are committed and searchable on exit, or rolled back."""
        with self._write_lock:
            writer = self._open_writer(heap_size, threads)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                # releases the index lock, so another process may write next
                writer.wait_merging_threads()
            self._index.reload()

    def _open_writer(self, heap_size: int, threads: int) -> IndexWriter:
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                return self._index.writer(heap_size=heap_size, num_threads=threads)
            except ValueError as error:
                # another process (a web worker, the command line) is writing: wait for its commit
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def _check_analysis(path: Path, new: bool) -> None:
    """Stamps a new index with the analysis of its text; refuses an index made with another."""
    stamp = path / ANALYSIS_FILE
    if new:
        stamp.write_text(analysis_stamp(), encoding="utf-8")
        return
    found = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else "none recorded"
    if found != analysis_stamp():
        raise IndexOutOfDate(
            f"The search index in {path} was made with other Dutch text analysis ({found}; this version uses "
            f"{analysis_stamp()}), so words may be split differently. Remove that directory and rebuild the "
            "index from the register."
        )


def _present(query: Query | None) -> list[Query]:
    return [] if query is None else [query]


def _hit(document: Document, score: float, highlighter: Highlighter) -> SearchHit:
    description = document.get_first(DESCRIPTION) or ""
    return SearchHit(
        id=document.get_first(ID),
        name=document.get_first(NAME) or "",
        kind=document.get_first(facet_field("kind")) or "",
        description_short=description,
        snippet=highlighter.snippet(document.get_first(ALL_PARTS) or "", description),
        score=float(score),
    )
