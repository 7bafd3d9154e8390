"""The Meilisearch backend: the contract of `SearchBackend` on a Meilisearch server (1.11 or later).

Meilisearch ranks, tolerates typos, counts facets, marks matches and completes prefixes, but it
has no Dutch stemmer or compound splitting, and its queries know AND and NOT, not OR. So:

- The Dutch analysis stays ours (`search.analysis`, the analysers of the embedded index). Each
  text field is sent as written (to show, to mark and to match typos against) and as its stems
  and compound parts in `<field>_terms`; query words are sent as their stems and parts, so
  "geparkeerde" finds "parkeerhandhaving".
- A query word that occurs nowhere as typed is taken for a typo, as the embedded index does: it
  is also searched as typed, where Meilisearch's typo tolerance matches it against the words as
  written ("parkerne" finds "parkeren").
- OR, the two forms of a typo and synonyms become several Meilisearch queries (at most
  MAX_ALTERNATIVES), joined by one federated multi-search, which returns each entry once and
  counts the union. Meilisearch reads at most ten words of a query.
- Facets are counted as the embedded index counts them: each filtered facet without its own
  filter, one federated search per filtered facet.
- Synonyms (search/data/synonyms.yaml) are added to the queries, as the embedded index adds them:
  they count in name, description, tags and context only, which Meilisearch's own synonyms
  setting cannot do (it is kept empty). So a change of the list needs no reindex either.
- Snippets are Meilisearch's crop and highlight, marked with private-use characters and escaped
  here; where Meilisearch marked nothing (a match through a stem or a compound part, which it
  cannot see in the text as written), the embedded index's highlighter marks the passage.

The index settings are kept in code (`index_settings`) and applied by `prepare()` at start-up and
by every rebuild. A rebuild fills a second index and swaps it in, so searches go on meanwhile; a
publication indexed while a rebuild runs is swapped out with the old index (run the rebuild again).
Writes wait for Meilisearch's tasks and raise IndexingFailed, naming the task, when one fails.
When the server cannot be reached every call raises SearchUnavailable, and for RETRY_SECONDS
after that searches fail at once rather than wait for the server again.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError
from meilisearch.index import Index
from meilisearch.models.task import Task, TaskInfo

from search.analysis import DUTCH_PARTS, FOLDED, is_stop_word, tokens
from search.backend import (
    FACETS,
    MAX_LIMIT,
    MAX_WINDOW,
    MEILISEARCH_INDEX,
    MIN_SUGGEST_CHARS,
    NEARLY_NOTHING,
    FacetCount,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    Suggestion,
    ordered_counts,
)
from search.documents import SearchDocument
from search.highlight import Highlighter, fold, needles
from search.index_schema import facet_values, sort_key
from search.query_parser import Clause, ParsedQuery, parse_query
from search.synonyms import SYNONYM_WEIGHT, expansions, synonym_runs

URL_SETTING = "GLAZENSTAD_MEILISEARCH_URL"
KEY_SETTING = "GLAZENSTAD_MEILISEARCH_KEY"
INDEX_SETTING = "GLAZENSTAD_MEILISEARCH_INDEX"
MINIMUM_VERSION = (1, 11)
"""Federated search with facets (1.11), negative keywords and localized attributes (1.10)."""

TEXT_FIELDS = ("name", "description_short", "tags", "context", "body")
"""In the order they weigh; `context` holds the names of organisations and themes."""
TERM_FIELDS = tuple(f"{field}_terms" for field in TEXT_FIELDS)
SEARCHABLE = tuple(field for pair in zip(TEXT_FIELDS, TERM_FIELDS, strict=True) for field in pair)
DISPLAYED = ("id", "name", "kind", "description_short", "body", "tags", "context")
HEAD_TERMS = "head_terms"
"""The stems and parts of name, description, tags and context, to filter on: where synonyms count."""
VOCABULARY = "vocabulary"
"""The words of name, description and tags: what type-ahead completes, by facet search."""
SORT_NAME = "sort_name"

STOP_WORDS = (
    "aan", "als", "bij", "dat", "de", "die", "dit", "door", "een", "en", "er", "het", "hij", "in", "is",
    "je", "maar", "met", "naar", "of", "om", "ook", "op", "te", "tot", "uit", "van", "voor", "wat", "ze", "zij",
    "zijn",
)
"""Dutch function words Meilisearch leaves out; all of them are on the list the query parser uses."""

MAX_ALTERNATIVES = 16
"""Most Meilisearch queries one search becomes; further combinations of OR and synonyms are left out."""
MAX_SUGGEST_CHARS = 100
BATCH_SIZE = 1000
REQUEST_TIMEOUT_SECONDS = 5
WRITE_WAIT_SECONDS = 60
SETTINGS_WAIT_SECONDS = 600
"""Changed settings make Meilisearch re-index everything."""
REBUILD_WAIT_SECONDS = 3600
TASK_POLL_MS = 50
RETRY_SECONDS = 15
"""After the server could not be reached, searches fail at once for this long instead of waiting on it."""
CROP_WORDS = 30
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
"""Private-use characters as highlight tags: text is escaped after Meilisearch marked it."""

_MARKED = re.compile(f"{MARK_OPEN}([^{MARK_OPEN}{MARK_CLOSE}]*){MARK_CLOSE}")
_MARKED_WORD = re.compile(rf"(\w*){MARK_OPEN}([^{MARK_OPEN}{MARK_CLOSE}]*){MARK_CLOSE}(\w*)")
_MARKERS = str.maketrans("", "", MARK_OPEN + MARK_CLOSE)
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,}")
_INDEX_UID = re.compile(r"[A-Za-z0-9_-]{1,300}")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\"()]+)")


class IndexingFailed(RuntimeError):
    """A Meilisearch task failed, or did not finish in time; the message names the task."""


class MeilisearchBackend(SearchBackend):
    """One Meilisearch index; `open` connects and applies the settings, the constructor does no I/O."""

    def __init__(self, url: str, *, key: str = "", index: str = MEILISEARCH_INDEX) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"{URL_SETTING} must be an http:// or https:// address, not {_shown_url(url)!r}")
        if not _INDEX_UID.fullmatch(index):
            raise ValueError(f"{INDEX_SETTING} may hold only letters, digits, - and _, not {index!r}")
        self._url = url.rstrip("/")
        self._key = key
        self.index_uid = index
        # the client's requests share mutable headers, so each thread gets its own
        self._local = threading.local()
        self._unreachable_until = 0.0
        self._unreachable_because = ""

    @classmethod
    def open(cls, url: str, *, key: str = "", index: str = MEILISEARCH_INDEX) -> MeilisearchBackend:
        backend = cls(url, key=key, index=index)
        backend.prepare()
        return backend

    def prepare(self) -> None:
        """Check the server and the key, create the index if needed and apply the settings."""
        with self._answering():
            version = self._client().get_version().get("pkgVersion", "0.0.0")
            if _version(version) < MINIMUM_VERSION:
                raise SearchUnavailable(
                    f"Meilisearch at {_shown_url(self._url)} ({URL_SETTING}) is version {version}; "
                    f"Glazen Stad needs {'.'.join(map(str, MINIMUM_VERSION))} or later."
                )
            self._configure(self.index_uid)

    def upsert(self, documents: Iterable[SearchDocument]) -> None:
        with self._answering():
            for task in self._add(self._index(), documents, set()):
                self._wait(task, WRITE_WAIT_SECONDS)

    def remove(self, entry_ids: Iterable[str]) -> None:
        with self._answering():
            for batch in _batches(entry_ids, BATCH_SIZE):
                ids = ", ".join(_quoted(entry_id) for entry_id in batch)
                self._wait(self._index().delete_documents(filter=f"id IN [{ids}]"), WRITE_WAIT_SECONDS)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        staging = f"{self.index_uid}_rebuild"
        seen: set[str] = set()
        with self._answering():
            # a staging index left by a rebuild that failed half-way goes first
            self._drop(staging)
            self._configure(staging)
            # all batches queued first: Meilisearch indexes queued additions together
            for task in list(self._add(self._index(staging), documents, seen)):
                self._wait(task, REBUILD_WAIT_SECONDS)
            self._create_if_missing(self.index_uid)
            self._wait(self._client().swap_indexes([{"indexes": [self.index_uid, staging]}]), WRITE_WAIT_SECONDS)
            # after the swap the staging index holds the old documents
            self._drop(staging)
        return len(seen)

    def count(self) -> int:
        with self._answering():
            return self._index().get_stats().number_of_documents

    def search(self, query: SearchQuery) -> SearchResult:
        unknown = sorted(set(query.filters) - set(FACETS))
        if unknown:
            raise ValueError(f"Unknown search facet(s) {unknown}; known: {', '.join(FACETS)}")
        parsed = parse_query(query.text, is_stop_word)
        filters = {facet: list(values) for facet, values in query.filters.items() if values}
        offset = max(query.offset, 0)
        limit = max(0, min(max(query.limit, 0), MAX_LIMIT, MAX_WINDOW - offset))
        with self._answering():
            alternatives = plan_queries(parsed, self._typed_words_found)
            if not alternatives:
                return SearchResult(hits=[], total=0, facets=_facet_counts({}, filters))
            ranked = bool(parsed.required)
            unfiltered = [facet for facet in FACETS if facet not in filters]
            found = self._federated(alternatives, filters, unfiltered, ranked=ranked, offset=offset, limit=limit)
            distribution = self._distribution(found)
            for facet in filters:
                others = {other: values for other, values in filters.items() if other != facet}
                counted = self._federated(alternatives, others, [facet], ranked=ranked, offset=0, limit=0)
                distribution[facet] = self._distribution(counted).get(facet, {})
        highlighter = Highlighter(needles(parsed))
        hits = [_hit(hit, highlighter, ranked) for hit in found["hits"]]
        total = int(found.get("totalHits", found.get("estimatedTotalHits", len(hits))))
        return SearchResult(hits=hits, total=total, facets=_facet_counts(distribution, filters))

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Entries whose name has words starting with what was typed, then words of the register that
        complete its last word (facet search on the vocabulary of names, descriptions and tags)."""
        text = " ".join(prefix.split())[:MAX_SUGGEST_CHARS]
        if limit <= 0 or len(re.sub(r"\W", "", text)) < MIN_SUGGEST_CHARS:
            return []
        head, _, last = text.rpartition(" ")
        with self._answering():
            named = self._index().search(
                text,
                {"attributesToSearchOn": ["name"], "attributesToRetrieve": ["id", "name"], "limit": limit,
                 "matchingStrategy": "all"},
            )["hits"]
            words = self._index().facet_search(VOCABULARY, last)["facetHits"]
        typed = fold(last)
        completions = sorted(
            (hit for hit in words if hit["value"] != typed),
            key=lambda hit: (not hit["value"].startswith(typed), -hit["count"], hit["value"]),
        )
        entries = named[: limit - min(len(completions), limit // 3)]
        suggestions = [Suggestion(text=hit["name"], kind="entry", entry_id=str(hit["id"])) for hit in entries]
        suggestions += [
            Suggestion(text=f"{head} {hit['value']}".strip(), kind="term")
            for hit in completions[: limit - len(suggestions)]
        ]
        return suggestions

    def correct(self, text: str) -> str | None:
        """Meilisearch has no "did you mean", so it is made from its typo tolerance.

        A query is corrected when, read literally (every word exactly, as stem or compound part,
        without typo tolerance), it finds at most NEARLY_NOTHING entries. Its words that occur
        nowhere in the index, neither as typed nor as stem or part, are taken for typos; each is
        replaced by the word Meilisearch's typo tolerance matches most often in the best hits of a
        search for it alone, read from the marks of the highlighted text. The correction is offered
        when it finds more, literally, than the query did. A typo that also occurs in the register
        as written is not corrected.
        """
        parsed = parse_query(text, is_stop_word)
        words = list(dict.fromkeys(clause.words[0] for group in parsed.required for clause in group
                                   if not clause.phrase))
        if not words:
            return None
        with self._answering():
            found = self._literal_count(parsed)
            if found > NEARLY_NOTHING:
                return None
            typed = {word: typed_form(word) for word in words}
            occurring = self._occurring(list(typed.values()), TEXT_FIELDS)
            suspects = [word for word in words if typed[word] not in occurring]
            analysed = {word: " ".join(query_words(word)) for word in suspects}
            occurring = self._occurring(list(analysed.values()), TERM_FIELDS)
            corrected = text
            for word in suspects:
                if analysed[word] not in occurring and (closest := self._closest_word(typed[word])):
                    corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _, closest=closest: closest,
                                       corrected, count=1, flags=re.IGNORECASE)
            if corrected == text or self._literal_count(parse_query(corrected, is_stop_word)) <= found:
                return None
        return corrected

    def _literal_count(self, parsed: ParsedQuery) -> int:
        alternatives = plan_queries(parsed, literal=True)
        if not alternatives:
            return 0
        found = self._federated(alternatives, {}, [], ranked=True, offset=0, limit=0)
        return int(found.get("estimatedTotalHits", 0))

    def _federated(
        self,
        alternatives: Sequence[Planned],
        filters: Mapping[str, Sequence[str]],
        facets: Sequence[str],
        *,
        ranked: bool,
        offset: int,
        limit: int,
    ) -> dict[str, Any]:
        """One federated multi-search: the union of the alternatives, each entry once."""
        shared: dict[str, Any] = {"indexUid": self.index_uid, "matchingStrategy": "all"}
        if filters:
            shared["filter"] = filter_expression(filters)
        if not ranked:
            shared["sort"] = [f"{SORT_NAME}:asc"]
        if limit:
            shared.update(
                attributesToRetrieve=["id", "name", "kind", "description_short", "body"],
                attributesToHighlight=["body", "description_short"],
                attributesToCrop=["body", "description_short"],
                cropLength=CROP_WORDS,
                cropMarker="…",
                highlightPreTag=MARK_OPEN,
                highlightPostTag=MARK_CLOSE,
            )
        else:
            shared["attributesToRetrieve"] = ["id"]
        federation: dict[str, Any] = {"offset": offset, "limit": limit}
        if facets:
            federation["facetsByIndex"] = {self.index_uid: list(facets)}
        queries = []
        for planned in alternatives:
            query = {**shared, "q": planned.q}
            if planned.conditions:
                query["filter"] = [*shared.get("filter", []), *planned.conditions]
            if planned.weight != 1.0:
                query["federationOptions"] = {"weight": planned.weight}
            queries.append(query)
        return self._client().multi_search(queries, federation=federation)

    def _distribution(self, found: Mapping[str, Any]) -> dict[str, dict[str, int]]:
        by_index = found.get("facetsByIndex") or {}
        return dict((by_index.get(self.index_uid) or {}).get("distribution") or {})

    def _typed_words_found(self, words: Sequence[str]) -> set[str]:
        return self._occurring(words, TEXT_FIELDS)

    def _occurring(self, phrases: Sequence[str], fields: Sequence[str]) -> set[str]:
        """Those of the phrases found exactly (no typos, no prefixes: quoted) in these fields."""
        asked = [phrase for phrase in dict.fromkeys(phrases) if phrase]
        if not asked:
            return set()
        queries = [
            {"indexUid": self.index_uid, "q": f'"{phrase}"', "limit": 0, "attributesToSearchOn": list(fields)}
            for phrase in asked
        ]
        results = self._client().multi_search(queries)["results"]
        return {phrase for phrase, result in zip(asked, results, strict=True) if result.get("estimatedTotalHits")}

    def _closest_word(self, typed: str) -> str | None:
        found = self._index().search(
            typed + " ",
            {"attributesToSearchOn": list(TEXT_FIELDS), "attributesToRetrieve": list(TEXT_FIELDS), "limit": 5,
             "attributesToHighlight": list(TEXT_FIELDS), "highlightPreTag": MARK_OPEN,
             "highlightPostTag": MARK_CLOSE, "matchingStrategy": "all"},
        )
        counted: Counter[str] = Counter()
        for hit in found["hits"]:
            for value in _strings(hit.get("_formatted") or {}):
                counted.update(word for word in map(fold, marked_words(value)) if word != typed)
        return counted.most_common(1)[0][0] if counted else None

    def _configure(self, uid: str) -> None:
        self._create_if_missing(uid)
        self._wait(self._index(uid).update_settings(index_settings()), SETTINGS_WAIT_SECONDS)

    def _create_if_missing(self, uid: str) -> None:
        try:
            self._client().get_index(uid)
        except MeilisearchApiError as error:
            if error.code != "index_not_found":
                raise
            self._wait(self._client().create_index(uid, {"primaryKey": "id"}), WRITE_WAIT_SECONDS)

    def _drop(self, uid: str) -> None:
        done = self._finished(self._client().delete_index(uid), WRITE_WAIT_SECONDS)
        if done.status != "succeeded" and (done.error or {}).get("code") != "index_not_found":
            _raise_failed(done)

    def _add(self, index: Index, documents: Iterable[SearchDocument], seen: set[str]) -> Iterator[TaskInfo]:
        """Sends the documents in batches; Meilisearch queues them, the caller waits for each task."""
        for batch in _batches(documents, BATCH_SIZE):
            seen.update(document.id for document in batch)
            yield index.add_documents([meilisearch_document(document) for document in batch], primary_key="id")

    def _wait(self, task: TaskInfo, seconds: float) -> None:
        done = self._finished(task, seconds)
        if done.status != "succeeded":
            _raise_failed(done)

    def _finished(self, task: TaskInfo, seconds: float) -> Task:
        try:
            return self._client().wait_for_task(
                task.task_uid, timeout_in_ms=int(seconds * 1000), interval_in_ms=TASK_POLL_MS
            )
        except MeilisearchTimeoutError as error:
            raise IndexingFailed(
                f"Meilisearch task {task.task_uid} ({task.type} on index {task.index_uid}) did not finish within "
                f"{seconds:.0f} s; see {_shown_url(self._url)}/tasks/{task.task_uid}"
            ) from error

    def _client(self) -> meilisearch.Client:
        client: meilisearch.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = meilisearch.Client(self._url, self._key or None, timeout=REQUEST_TIMEOUT_SECONDS)
            self._local.client = client
        return client

    def _index(self, uid: str | None = None) -> Index:
        return self._client().index(uid or self.index_uid)

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """Turns "cannot reach", "refused" and "broken" into SearchUnavailable, naming the address and setting."""
        if time.monotonic() < self._unreachable_until:
            raise SearchUnavailable(self._unreachable_because)
        shown = _shown_url(self._url)
        try:
            yield
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as error:
            self._unreachable_because = f"Meilisearch at {shown} ({URL_SETTING}) cannot be reached: {_reason(error)}."
            self._unreachable_until = time.monotonic() + RETRY_SECONDS
            raise SearchUnavailable(self._unreachable_because) from error
        except MeilisearchApiError as error:
            if error.status_code in (401, 403):
                raise SearchUnavailable(
                    f"Meilisearch at {shown} refused the key in {KEY_SETTING} ({error.code or error.status_code})."
                ) from error
            if error.code == "index_not_found":
                raise SearchUnavailable(
                    f"Meilisearch at {shown} has no index {self.index_uid!r} ({INDEX_SETTING}); "
                    "`glazenstad reindex` builds it."
                ) from error
            if error.status_code >= 500:
                raise SearchUnavailable(f"Meilisearch at {shown} failed: {error.message}") from error
            raise


def index_settings() -> dict[str, Any]:
    """Everything the index is configured with; applied at start-up and on every rebuild."""
    return {
        "searchableAttributes": list(SEARCHABLE),
        "displayedAttributes": list(DISPLAYED),
        "filterableAttributes": ["id", *FACETS, HEAD_TERMS, VOCABULARY],
        "sortableAttributes": [SORT_NAME],
        "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
        "stopWords": list(STOP_WORDS),
        # synonyms count in the head fields only, as in the embedded index, so queries add them (plan_queries)
        "synonyms": {},
        # as the embedded index: no typo below 5 letters, 1 up to 8, 2 from 9
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
        "faceting": {"maxValuesPerFacet": 1000},
        "pagination": {"maxTotalHits": MAX_WINDOW},
        # without it Meilisearch guesses the language of each text, and may guess German
        "localizedAttributes": [{"attributePatterns": ["*"], "locales": ["nld"]}],
    }


def meilisearch_document(document: SearchDocument) -> dict[str, Any]:
    """The fields Meilisearch holds for one published version."""
    texts: dict[str, str | list[str]] = {
        "name": _clean(document.name),
        "description_short": _clean(document.description_short),
        "tags": [_clean(tag) for tag in document.tags],
        "context": [_clean(value) for value in (*document.organisations, *document.themes)],
        "body": _clean(document.body),
    }
    fields: dict[str, Any] = {"id": document.id, "version_no": document.version_no, **texts}
    for field, terms_field in zip(TEXT_FIELDS, TERM_FIELDS, strict=True):
        value = texts[field]
        fields[terms_field] = (
            [" ".join(analysed_words(item)) for item in value] if isinstance(value, list)
            else " ".join(analysed_words(value))
        )
    head = (document.name, document.description_short, *document.tags, *document.organisations, *document.themes)
    fields[HEAD_TERMS] = sorted({word for text in head for word in analysed_words(text)})
    fields[SORT_NAME] = sort_key(document.name)
    fields[VOCABULARY] = vocabulary(document.name, document.description_short, *document.tags)
    fields.update(facet_values(document))
    return fields


def analysed_words(text: str) -> list[str]:
    """Stems and compound parts of the words of `text`, in order, without stop words and lone letters."""
    stop_positions = {token.position for token in tokens(FOLDED, text) if _is_stop_word(token.text)}
    return [token.text for token in tokens(DUTCH_PARTS, text) if len(token.text) > 1
            and token.position not in stop_positions]


def query_words(text: str) -> list[str]:
    """The analysed words of a query word or phrase; a query of only stop words keeps them."""
    return analysed_words(text) or [token.text for token in tokens(DUTCH_PARTS, text)]


def typed_form(word: str) -> str:
    """A word as typed, lowercase and without accents: what typo tolerance matches against the text."""
    return " ".join(token.text for token in tokens(FOLDED, word))


def vocabulary(*texts: str) -> list[str]:
    # folded as typed words are (`tokens(FOLDED, …)`): "Financiële" must be found as "financiele"
    words = {word for text in texts for word in _VOCABULARY_WORD.findall(typed_form(text)) if not _is_stop_word(word)}
    return sorted(words)


class Planned(NamedTuple):
    """One Meilisearch query of a search: its text, the head words it requires (for a synonym) and its weight."""

    q: str
    conditions: tuple[str, ...] = ()
    weight: float = 1.0


class _Form(NamedTuple):
    q: str
    conditions: tuple[str, ...] = ()
    synonym: bool = False


def plan_queries(
    parsed: ParsedQuery,
    typed_words_found: Callable[[Sequence[str]], set[str]] | None = None,
    *,
    literal: bool = False,
) -> list[Planned]:
    """The Meilisearch queries whose union is what `parsed` asks for; [] if it can match nothing.

    Each required group gives one of its alternatives to each query, the first query takes the
    first of each; exclusions go into every query. `typed_words_found` tells which words occur
    exactly as typed: the others of at least five letters (shorter words get no typo tolerance)
    are also searched as typed. A word, or a run of words, on the synonym list also finds the
    other members of its group, as the embedded index does: in name, description, tags and
    context only (a filter on `head_terms`), with weight SYNONYM_WEIGHT. `literal` quotes every
    word, so it matches exactly (as stem or part) without typo tolerance.
    """
    candidates = [] if literal or typed_words_found is None else [
        typed for group in parsed.required for clause in group
        if not clause.phrase and len(typed := typed_form(clause.words[0])) >= 5
        and typed != " ".join(query_words(clause.words[0]))
    ]
    missing = set(candidates) - typed_words_found(candidates) if candidates and typed_words_found else set()
    slots = []
    for groups, members in synonym_runs(parsed.required):
        own = [list(dict.fromkeys(form for clause in group for form in _forms(clause, missing, literal)))
               for group in groups]
        if len(groups) == 1 and not members:
            members = tuple(member for clause in groups[0] for member in expansions(" ".join(clause.words)))
        forms = [_joined(combination) for combination in itertools.islice(itertools.product(*own), MAX_ALTERNATIVES)]
        forms += [form for member in members if (form := _synonym_form(member, literal))]
        if not forms:
            return []
        slots.append(forms)
    excluded = [form for clause in parsed.excluded if (form := _excluded(clause))]
    return [
        Planned(
            # a trailing space: Meilisearch would read the last word as the start of a longer one
            q=" ".join([*(form.q for form in combination if form.q), *excluded]) + " ",
            conditions=tuple(condition for form in combination for condition in form.conditions),
            weight=SYNONYM_WEIGHT if any(form.synonym for form in combination) else 1.0,
        )
        for combination in itertools.islice(itertools.product(*slots), MAX_ALTERNATIVES)
    ]


def _forms(clause: Clause, missing: set[str], literal: bool) -> list[_Form]:
    words = query_words(" ".join(clause.words))
    if not words:
        return []
    if clause.phrase or literal:
        return [_Form('"' + " ".join(words) + '"')]
    typed = typed_form(clause.words[0])
    return [_Form(" ".join(words)), _Form(typed)] if typed in missing else [_Form(" ".join(words))]


def _synonym_form(member: str, literal: bool) -> _Form | None:
    words = query_words(member)
    if not words:
        return None
    conditions = tuple(f"{HEAD_TERMS} = {_quoted(word)}" for word in dict.fromkeys(words))
    return _Form('"' + " ".join(words) + '"' if literal else " ".join(words), conditions, synonym=True)


def _joined(forms: Sequence[_Form]) -> _Form:
    return _Form(
        " ".join(form.q for form in forms if form.q),
        tuple(condition for form in forms for condition in form.conditions),
        any(form.synonym for form in forms),
    )


def _excluded(clause: Clause) -> str:
    words = query_words(" ".join(clause.words))
    if not words:
        return ""
    return f"-{words[0]}" if len(words) == 1 else '-"' + " ".join(words) + '"'


def filter_expression(filters: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """OR within a facet (an inner list), AND across facets (the outer list)."""
    return [[f"{facet} = {_quoted(value)}" for value in values] for facet, values in filters.items() if values]


def safe_snippet(formatted: str) -> str:
    """Meilisearch's marked text as safe HTML: everything escaped, matches in <mark>."""
    pieces = _MARKED.split(formatted)
    html_pieces = []
    for number, piece in enumerate(pieces):
        text = html.escape(piece.translate(_MARKERS))
        html_pieces.append(f"<mark>{text}</mark>" if number % 2 and text else text)
    return "".join(html_pieces)


def marked_words(formatted: str) -> list[str]:
    """The whole words that hold a mark (a prefix or typo match marks only part of one)."""
    return ["".join(found.groups()) for found in _MARKED_WORD.finditer(formatted)]


def _hit(hit: Mapping[str, Any], highlighter: Highlighter, ranked: bool) -> SearchHit:
    body = hit.get("body") or ""
    description = hit.get("description_short") or ""
    formatted = hit.get("_formatted") or {}
    marked = next((value for value in (formatted.get("body"), formatted.get("description_short"))
                   if isinstance(value, str) and MARK_OPEN in value), None)
    kinds = hit.get("kind") or [""]
    score = (hit.get("_federation") or {}).get("weightedRankingScore", 0.0) if ranked else 0.0
    return SearchHit(
        id=str(hit["id"]),
        name=hit.get("name") or "",
        kind=kinds[0] if isinstance(kinds, list) else str(kinds),
        description_short=description,
        snippet=safe_snippet(marked) if marked else highlighter.snippet(body, description),
        score=float(score),
    )


def _facet_counts(
    distribution: Mapping[str, Mapping[str, int]], selected: Mapping[str, Sequence[str]]
) -> dict[str, list[FacetCount]]:
    return {
        facet: ordered_counts({value: int(count) for value, count in (distribution.get(facet) or {}).items()},
                              selected.get(facet, ()))
        for facet in FACETS
    }


def _raise_failed(task: Task) -> None:
    error = task.error or {}
    raise IndexingFailed(
        f"Meilisearch task {task.uid} ({task.type} on index {task.index_uid}) {task.status}: "
        f"{error.get('code', 'no error code')}: {error.get('message', 'no message')}"
    )


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _clean(text: str) -> str:
    """Text without the private-use characters that mark highlights."""
    return text.translate(_MARKERS)


def _strings(formatted: Mapping[str, Any]) -> Iterator[str]:
    for value in formatted.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))


@functools.lru_cache(maxsize=65_536)
def _is_stop_word(word: str) -> bool:
    return is_stop_word(word)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:2])


def _shown_url(url: str) -> str:
    """The address without a user name or password in it."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _reason(error: Exception) -> str:
    text = str(getattr(error, "message", error))
    found = _ERRNO.search(text)
    if found:
        return found.group(1).strip().lower()
    if "timed out" in text.lower() or isinstance(error, MeilisearchTimeoutError):
        return f"no answer within {REQUEST_TIMEOUT_SECONDS} s"
    return text[:200]
