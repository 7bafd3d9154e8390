"""One suite for every search backend, on the demo register: the embedded index always, Meilisearch
whenever GLAZENSTAD_MEILISEARCH_URL names a server (GLAZENSTAD_MEILISEARCH_KEY its key); each test
makes its own index there and drops it afterwards. Then the Meilisearch backend without a server:
its documents, settings and queries, and what the site does when the server cannot be reached."""

from __future__ import annotations

import dataclasses
import os
import re
import socket
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import meilisearch
import msgspec
import pytest
from click.testing import CliRunner
from litestar.testing import TestClient

from publisher.app import create_app
from publisher.cli import main
from publisher.indexing import document_for
from publisher.services import Services, open_services
from publisher.settings import Settings
from search import (
    FACETS,
    EmbeddedSearch,
    FacetCount,
    SearchBackend,
    SearchDocument,
    SearchQuery,
    SearchUnavailable,
    open_backend,
)
from search.analysis import is_stop_word
from search.highlight import fold
from search.index_schema import sort_key
from search.meilisearch import (
    HEAD_TERMS,
    MAX_ALTERNATIVES,
    STOP_WORDS,
    IndexingFailed,
    MeilisearchBackend,
    Planned,
    filter_expression,
    index_settings,
    meilisearch_document,
    plan_queries,
    safe_snippet,
)
from search.query_parser import parse_query
from search.synonyms import SYNONYM_WEIGHT
from tests.test_search_golden import FLAT, check_case

MEILISEARCH_URL = os.environ.get("GLAZENSTAD_MEILISEARCH_URL", "")
MEILISEARCH_KEY = os.environ.get("GLAZENSTAD_MEILISEARCH_KEY", "")
NO_SERVER = "GLAZENSTAD_MEILISEARCH_URL is not set: there is no Meilisearch server to test against"
BACKENDS = ["embedded", "meilisearch"]
SECRET = "geheime-meilisearch-sleutel-0123456789"


def _new_backend(kind: str) -> tuple[SearchBackend, Callable[[], None]]:
    """An empty backend of this kind, and how to clean it up."""
    if kind == "embedded":
        return EmbeddedSearch(None), lambda: None
    if not MEILISEARCH_URL:
        pytest.skip(NO_SERVER)
    uid = f"glazenstad_test_{uuid.uuid4().hex[:12]}"

    def drop() -> None:
        client = meilisearch.Client(MEILISEARCH_URL, MEILISEARCH_KEY or None)
        for name in (uid, f"{uid}_rebuild"):
            client.wait_for_task(client.delete_index(name).task_uid, timeout_in_ms=60_000)

    return MeilisearchBackend.open(MEILISEARCH_URL, key=MEILISEARCH_KEY, index=uid), drop


@pytest.fixture(scope="module")
def demo_documents(demo_services: Services) -> list[SearchDocument]:
    with demo_services.published() as register:
        return [document_for(version) for version in register.current_versions()]


@pytest.fixture(scope="module")
def loaded(demo_documents: list[SearchDocument]) -> Iterator[Callable[[str], SearchBackend]]:
    """Backends holding the demo register, made once per module and kind."""
    backends: dict[str, SearchBackend] = {}
    cleanups: list[Callable[[], None]] = []

    def load(kind: str) -> SearchBackend:
        if kind not in backends:
            backend, cleanup = _new_backend(kind)
            cleanups.append(cleanup)
            assert backend.rebuild(demo_documents) == len(demo_documents)
            backends[kind] = backend
        return backends[kind]

    yield load
    for cleanup in cleanups:
        cleanup()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, loaded: Callable[[str], SearchBackend]) -> SearchBackend:
    """Each backend, holding the demo register; tests must not change it."""
    return loaded(request.param)


@pytest.fixture(params=BACKENDS)
def scratch(request: pytest.FixtureRequest) -> Iterator[SearchBackend]:
    """Each backend, empty, for one test to write to."""
    made, cleanup = _new_backend(request.param)
    yield made
    cleanup()


def _search(backend: SearchBackend, text: str = "", limit: int = 50, offset: int = 0, **filters: list[str]):
    return backend.search(SearchQuery(text=text, filters=filters, limit=limit, offset=offset))


def _names(backend: SearchBackend, text: str, limit: int = 50) -> list[str]:
    return [hit.name for hit in _search(backend, text, limit).hits]


def _facet_values(document: SearchDocument) -> dict[str, set[str]]:
    """The test's own reading of which facet values a document has."""
    values = {
        "kind": [document.kind], "theme": document.themes, "status": [document.status],
        "personal_data": [document.personal_data], "publication_category": [document.publication_category],
        "risk_class": [document.risk_class], "organisation": document.organisations,
    }
    return {facet: {value for value in values[facet] if value} for facet in FACETS}


def _counted(documents: list[SearchDocument], facet: str) -> dict[str, int]:
    return dict(Counter(value for document in documents for value in _facet_values(document)[facet]))


def _entry(entry_id: str, name: str, body: str = "", *, version_no: int = 1, **fields) -> SearchDocument:
    return SearchDocument(id=entry_id, version_no=version_no, kind="algorithm", name=name,
                          description_short=f"{name}: een registratie om mee te testen.", body=body, **fields)


# --- the golden cases, on every backend, and the same answers from both -------------------------


@pytest.mark.parametrize(("group", "case"), FLAT, ids=[f"{g}:{c['woord']}" for g, c in FLAT])
def test_golden_case(backend: SearchBackend, group: str, case: dict) -> None:
    check_case(case, _names(backend, case["woord"]))


@pytest.mark.parametrize(("group", "case"), FLAT, ids=[f"{g}:{c['woord']}" for g, c in FLAT])
def test_both_backends_find_the_same_entries(loaded: Callable[[str], SearchBackend], group: str, case: dict) -> None:
    if not MEILISEARCH_URL:
        pytest.skip(NO_SERVER)
    embedded = _search(loaded("embedded"), case["woord"], limit=100)
    meili = _search(loaded("meilisearch"), case["woord"], limit=100)
    assert {hit.name for hit in meili.hits} == {hit.name for hit in embedded.hits}
    assert meili.total == embedded.total


# --- listing, facets and pages ------------------------------------------------------------------


def test_no_text_lists_everything_by_name(backend: SearchBackend, demo_documents: list[SearchDocument]) -> None:
    result = _search(backend, limit=100)
    assert result.total == backend.count() == len(demo_documents)
    names = [hit.name for hit in result.hits]
    assert names == sorted((document.name for document in demo_documents), key=sort_key)
    assert all(hit.score == 0.0 for hit in result.hits)


def test_facets_count_every_value_most_first(backend: SearchBackend, demo_documents: list[SearchDocument]) -> None:
    facets = _search(backend).facets
    assert set(facets) == set(FACETS)
    for facet in FACETS:
        assert {count.value: count.count for count in facets[facet]} == _counted(demo_documents, facet), facet
        assert facets[facet] == sorted(facets[facet], key=lambda count: (-count.count, count.value))


def test_filters_are_or_within_a_facet_and_across_facets(
    backend: SearchBackend, demo_documents: list[SearchDocument]
) -> None:
    first, second = (value for value, _ in Counter(_counted(demo_documents, "theme")).most_common(2))
    either = {d.id for d in demo_documents if {first, second} & _facet_values(d)["theme"]}
    result = _search(backend, limit=100, theme=[first, second])
    assert {hit.id for hit in result.hits} == either
    assert result.total == len(either)
    kind = next(iter(_facet_values(next(d for d in demo_documents if d.id in either))["kind"]))
    both = {d.id for d in demo_documents if d.id in either and kind in _facet_values(d)["kind"]}
    assert {hit.id for hit in _search(backend, limit=100, theme=[first, second], kind=[kind]).hits} == both


def test_a_facet_is_counted_without_its_own_filter(
    backend: SearchBackend, demo_documents: list[SearchDocument]
) -> None:
    theme = Counter(_counted(demo_documents, "theme")).most_common(1)[0][0]
    chosen = [d for d in demo_documents if theme in _facet_values(d)["theme"]]
    facets = _search(backend, theme=[theme]).facets
    assert {count.value: count.count for count in facets["theme"]} == _counted(demo_documents, "theme")
    assert {count.value: count.count for count in facets["kind"]} == _counted(chosen, "kind")


def test_a_chosen_value_stays_visible_when_nothing_has_it(backend: SearchBackend) -> None:
    result = _search(backend, theme=["Bestaat niet"])
    assert result.total == 0 and not result.hits
    assert FacetCount("Bestaat niet", 0) in result.facets["theme"]


def test_unknown_facets_are_refused(backend: SearchBackend) -> None:
    with pytest.raises(ValueError, match="Unknown search facet"):
        _search(backend, colour=["rood"])


@pytest.mark.parametrize("text", ["", "camera", "parkeren OR data"])
def test_pages_follow_each_other(backend: SearchBackend, text: str) -> None:
    whole = _search(backend, text, limit=15)
    pages = [_search(backend, text, limit=5, offset=offset) for offset in (0, 5, 10)]
    assert [hit.id for page in pages for hit in page.hits] == [hit.id for hit in whole.hits]
    assert {page.total for page in pages} == {whole.total}
    beyond = _search(backend, text, limit=5, offset=whole.total)
    assert beyond.hits == [] and beyond.total == whole.total


# --- snippets --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["parkeren", "camera", "luchtkwaliteit", "woz", "parkerne"])
def test_snippets_mark_matches_and_carry_no_other_tags(backend: SearchBackend, text: str) -> None:
    hits = _search(backend, text).hits
    # a near miss need not be marked (the embedded index marks only words with the query's beginning)
    assert text == "parkerne" or any("<mark>" in hit.snippet for hit in hits), text
    for hit in hits:
        assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")
        assert "<" not in re.sub(r"</?mark>", "", hit.snippet), hit.snippet


def test_snippets_escape_the_text(scratch: SearchBackend) -> None:
    scratch.rebuild([_entry("a", "Parkeerscanauto", "Let op <script>alert('x')</script> & parkeren in de stad.")])
    (hit,) = _search(scratch, "parkeren").hits
    assert "&lt;script&gt;" in hit.snippet and "<mark>" in hit.snippet
    assert "<script" not in hit.snippet


# --- writing: rebuild, upsert, remove, count ---------------------------------------------------------


def test_rebuild_upsert_remove_and_count(scratch: SearchBackend) -> None:
    older = _entry("a", "Vuurtorenwachter")
    newer = _entry("a", "Havenmeester", version_no=2)
    assert scratch.rebuild([older, _entry("b", "Sluiswachter"), newer]) == 2
    assert scratch.count() == 2
    assert _names(scratch, "havenmeester") == ["Havenmeester"]
    assert _names(scratch, "vuurtorenwachter") == []

    scratch.upsert([_entry("c", "Brugwachter")])
    scratch.upsert([_entry("b", "Dijkgraaf", version_no=2)])
    assert scratch.count() == 3
    assert _names(scratch, "dijkgraaf") == ["Dijkgraaf"]
    assert _names(scratch, "sluiswachter") == []

    scratch.remove(["a", "bestaat-niet"])
    assert scratch.count() == 2
    assert _names(scratch, "havenmeester") == []

    assert scratch.rebuild([_entry("d", "Molenaar")]) == 1
    assert scratch.count() == 1
    assert [hit.name for hit in _search(scratch).hits] == ["Molenaar"]


# --- synonyms, type-ahead, "Bedoelde u" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nummerplaat", ["Controle milieuzone met kentekencamera's", "Kentekencamera's milieuzone"]),
        ("fijnstof", ["Sensoren voor luchtkwaliteit", "Luchtkwaliteit Voorbeeldstad (open data)"]),
    ],
)
def test_synonyms_find_the_entries_that_use_another_word(backend: SearchBackend, text: str, expected: list) -> None:
    names = _names(backend, text)
    assert not [name for name in expected if name not in names], names


def test_suggestions_put_the_parking_entries_first(backend: SearchBackend, demo_documents: list) -> None:
    suggestions = backend.suggest("parke")
    assert 0 < len(suggestions) <= 8
    assert suggestions[0].kind == "entry"
    entries = [s for s in suggestions if s.kind == "entry"]
    names = {d.id: d.name for d in demo_documents}
    assert all(names[s.entry_id] == s.text and "parke" in fold(s.text) for s in entries), entries
    terms = [s for s in suggestions if s.kind == "term"]
    assert all(s.entry_id is None for s in terms)
    assert any(fold(s.text).startswith("parke") for s in terms), terms
    assert len(backend.suggest("parke", 3)) <= 3
    assert backend.suggest("") == []


def test_a_misspelt_query_gets_a_correction_that_finds_more(backend: SearchBackend) -> None:
    corrected = backend.correct("parkerne")
    assert corrected is not None and corrected != "parkerne" and fold(corrected).startswith("parke"), corrected
    assert _search(backend, corrected).total > 0


@pytest.mark.parametrize("text", ["parkeren", "luchtkwaliteit", "camera"])
def test_a_query_spelled_right_needs_no_correction(backend: SearchBackend, text: str) -> None:
    assert backend.correct(text) is None


# --- Meilisearch without a server: documents, settings, queries -------------------------------------


def test_meilisearch_documents_hold_the_text_its_stems_and_the_facets(demo_documents: list) -> None:
    document = next(d for d in demo_documents if d.name == "Scanauto's parkeerhandhaving")
    sent = meilisearch_document(msgspec.structs.replace(document, body=document.body + " \ue000gemarkeerd\ue001"))
    assert sent["id"] == document.id and sent["name"] == document.name
    assert "parkeer" in sent["name_terms"].split() and "handhaaf" in sent["name_terms"].split()
    assert "\ue000" not in sent["body"] and "gemarkeerd" in sent["body"]
    assert sent["kind"] == [document.kind] and sent["theme"] == sorted(set(document.themes))
    assert {"parkeer", "handhaaf"} <= set(sent[HEAD_TERMS])
    assert "scanauto" in sent["vocabulary"]
    # stop words and lone letters are left out of the analysed text, as Meilisearch leaves them out
    assert "s" not in sent["name_terms"].split()


def test_meilisearch_settings_are_kept_in_code() -> None:
    settings = index_settings()
    assert settings["searchableAttributes"][:2] == ["name", "name_terms"]
    assert settings["searchableAttributes"][-2:] == ["body", "body_terms"]
    assert set(FACETS) <= set(settings["filterableAttributes"])
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert settings["stopWords"] and all(is_stop_word(word) for word in STOP_WORDS)
    # synonyms are added to queries, so they count in the head fields only
    assert settings["synonyms"] == {}


def _planned(text: str, found: set[str] | None = None, **options) -> list:
    return plan_queries(parse_query(text, is_stop_word), lambda words: set(words) & (found or set()), **options)


def test_meilisearch_queries_are_planned_from_the_parsed_query() -> None:
    words = _planned("parkeerhandhaving scanauto", {"parkeerhandhaving", "scanauto"})
    assert words[0] == Planned("parkeer handhaaf scan auto ")
    assert all(p.weight == SYNONYM_WEIGHT for p in words[1:])
    # a word found nowhere as typed is also searched as typed, for Meilisearch's typo tolerance
    assert [p.q for p in _planned("kentekenherkening")][:2] == ["kentekenherkeen ", "kentekenherkening "]
    # OR: one query each; exclusions in every query; phrases quoted; a trailing space against prefix search
    either = _planned("woz OR bijstand")
    assert [p.q for p in either][:2] == ["woz ", "bijstand "]
    assert all(p.q.endswith(" ") for p in either)
    assert all(p.q.endswith("-verkeer ") for p in _planned("camera -verkeer"))
    assert [p.q for p in _planned('"openbare ruimte"')] == ['"openbar ruimt" ']
    assert _planned("parkeren", literal=True)[0].q == '"parker" '
    assert _planned("") == [_planned("")[0]] and _planned("")[0].q == " "
    assert len(_planned(" OR ".join(f"woord{n}" for n in range(30)))) == MAX_ALTERNATIVES


def test_meilisearch_synonyms_count_in_the_head_fields_only() -> None:
    planned = _planned("nummerplaat", {"nummerplaat"})
    assert planned[0].conditions == () and planned[0].weight == 1.0
    synonyms = planned[1:]
    assert synonyms and all(p.weight == SYNONYM_WEIGHT and p.conditions for p in synonyms)
    assert any(p.conditions == (f'{HEAD_TERMS} = "kenteek"',) for p in synonyms)


def test_meilisearch_filters_quote_their_values() -> None:
    assert filter_expression({"theme": ["Verkeer", 'Zo "gezegd" \\ zo'], "kind": ["algorithm"], "status": []}) == [
        ['theme = "Verkeer"', 'theme = "Zo \\"gezegd\\" \\\\ zo"'],
        ['kind = "algorithm"'],
    ]


def test_meilisearch_snippets_are_escaped_with_matches_marked() -> None:
    marked = "…<b>wel</b> \ue000parkeren\ue001 & \ue000\ue001niet \ue001los"
    assert safe_snippet(marked) == "…&lt;b&gt;wel&lt;/b&gt; <mark>parkeren</mark> &amp; niet los"


def test_a_failed_meilisearch_task_is_named() -> None:
    backend = MeilisearchBackend("http://127.0.0.1:7700", index="proef")
    queued = SimpleNamespace(task_uid=42, type="documentAdditionOrUpdate", index_uid="proef")
    failed = SimpleNamespace(uid=42, type="documentAdditionOrUpdate", index_uid="proef", status="failed",
                             error={"code": "invalid_document_id", "message": "the id is wrong"})
    backend._local.client = SimpleNamespace(
        index=lambda uid: SimpleNamespace(add_documents=lambda documents, primary_key: queued),
        wait_for_task=lambda uid, timeout_in_ms, interval_in_ms: failed,
    )
    with pytest.raises(IndexingFailed, match=r"task 42 \(documentAdditionOrUpdate on index proef\) failed: "
                                             r"invalid_document_id: the id is wrong"):
        backend.upsert([_entry("a", "Havenmeester")])


# --- Meilisearch that cannot be reached --------------------------------------------------------------


@pytest.fixture
def dead_url() -> str:
    """An address where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_meilisearch_needs_an_address() -> None:
    with pytest.raises(ValueError, match="GLAZENSTAD_MEILISEARCH_URL"):
        open_backend("meilisearch", None)
    with pytest.raises(ValueError, match="GLAZENSTAD_MEILISEARCH_INDEX"):
        MeilisearchBackend("http://127.0.0.1:7700", index="geen spaties")


def test_an_unreachable_server_stops_the_start_with_a_clear_message(dead_url: str, tmp_path: Path) -> None:
    with pytest.raises(SearchUnavailable, match=re.escape(dead_url)) as raised:
        open_backend("meilisearch", None, meilisearch_url=dead_url, meilisearch_key=SECRET)
    assert "GLAZENSTAD_MEILISEARCH_URL" in str(raised.value) and SECRET not in str(raised.value)

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'register.db'}",
                        search_backend="meilisearch", meilisearch_url=dead_url, meilisearch_key=SECRET)
    with pytest.raises(SearchUnavailable, match="GLAZENSTAD_MEILISEARCH_URL"):
        open_services(settings)

    env = {"GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_SEARCH_BACKEND": "meilisearch",
           "GLAZENSTAD_MEILISEARCH_URL": dead_url, "GLAZENSTAD_MEILISEARCH_KEY": SECRET}
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert dead_url in result.output and "GLAZENSTAD_MEILISEARCH_URL" in result.output
    assert "Traceback" not in result.output and SECRET not in result.output


def test_an_unreachable_server_is_not_asked_again_at_once(dead_url: str) -> None:
    backend = MeilisearchBackend(dead_url)
    with pytest.raises(SearchUnavailable, match="cannot be reached"):
        backend.count()

    def no_second_try() -> None:
        raise AssertionError("asked the server again")

    backend._client = no_second_try  # type: ignore[method-assign]
    with pytest.raises(SearchUnavailable, match=re.escape(dead_url)):
        backend.search(SearchQuery(text="parkeren"))


@pytest.fixture
def site_without_search(demo_services: Services, dead_url: str) -> Iterator[TestClient]:
    """The demo register's site, configured for Meilisearch with a key, after the server went away."""
    settings = msgspec.structs.replace(demo_services.settings, search_backend="meilisearch",
                                       meilisearch_url=dead_url, meilisearch_key=SECRET)
    services = dataclasses.replace(demo_services, settings=settings,
                                   search=MeilisearchBackend(dead_url, key=SECRET))
    with TestClient(create_app(services=services)) as client:
        yield client


def test_without_search_the_site_keeps_working(site_without_search: TestClient) -> None:
    page = site_without_search.get("/zoeken", params={"q": "parkeren"})
    assert page.status_code == 503
    assert "Zoeken is even niet beschikbaar" in page.text and page.headers["retry-after"]
    api = site_without_search.get("/api/v1/search", params={"q": "parkeren"})
    assert api.status_code == 503
    assert api.headers["content-type"].startswith("application/problem+json")
    assert api.json()["status"] == 503
    for path in ("/", "/organisaties", "/api/v1/entries"):
        assert site_without_search.get(path).status_code == 200, path


def test_the_meilisearch_key_never_reaches_a_browser(site_without_search: TestClient) -> None:
    entries = site_without_search.get("/api/v1/entries").json()["items"]
    paths = ["/", "/zoeken", "/zoeken?q=parkeren", "/organisaties", "/toegankelijkheid", "/bestaat-niet",
             "/api/v1/search?q=parkeren", "/api/v1/suggest?q=parke", "/api/v1/openapi.json", "/api/v1/entries",
             f"/register/{entries[0]['id']}", f"/api/v1/entries/{entries[0]['id']}"]
    for path in paths:
        answer = site_without_search.get(path)
        assert SECRET not in answer.text, path
        assert not any(SECRET in value for value in answer.headers.values()), path


class _RecordingClient:
    """Stands in for the Meilisearch client: keeps each multi-search and answers from `answers`."""

    def __init__(self, answers: Callable[[list[dict], dict | None], dict]) -> None:
        self.requests: list[tuple[list[dict], dict | None]] = []
        self._answers = answers

    def multi_search(self, queries: list[dict], federation: dict | None = None) -> dict:
        self.requests.append((queries, federation))
        return self._answers(queries, federation)


def test_meilisearch_search_sends_federated_queries_and_reads_their_answers() -> None:
    backend = MeilisearchBackend("http://127.0.0.1:7700", index="proef")
    hit = {"id": "a", "name": "Parkeerscanauto", "kind": ["algorithm"], "description_short": "Een scanauto.",
           "body": "De auto <b>parkeert</b> niet.", "_federation": {"weightedRankingScore": 0.9},
           "_formatted": {"body": "De auto <b>\ue000parkeert\ue001</b> niet.", "description_short": "Een scanauto."}}

    def answers(queries: list[dict], federation: dict | None) -> dict:
        if federation is None:  # does "parkeren" occur as typed?
            return {"results": [{"estimatedTotalHits": 3} for _ in queries]}
        facets = federation.get("facetsByIndex", {}).get("proef", [])
        distribution = {facet: {"Verkeer": 2, "Wonen": 1} if facet == "theme" else {"algorithm": 1}
                        for facet in facets}
        hits = [hit] if federation["limit"] else []
        return {"hits": hits, "estimatedTotalHits": 1, "facetsByIndex": {"proef": {"distribution": distribution}}}

    client = _RecordingClient(answers)
    backend._local.client = client
    result = backend.search(SearchQuery(text="parkeren", filters={"theme": ["Verkeer"]}, limit=10, offset=5))

    probe, main, theme = client.requests
    assert probe == ([{"indexUid": "proef", "q": '"parkeren"', "limit": 0,
                       "attributesToSearchOn": ["name", "description_short", "tags", "context", "body"]}], None)
    queries, federation = main
    assert federation == {"offset": 5, "limit": 10, "facetsByIndex": {"proef": [f for f in FACETS if f != "theme"]}}
    assert queries[0]["q"] == "parker " and queries[0]["filter"] == [['theme = "Verkeer"']]
    assert queries[0]["matchingStrategy"] == "all" and queries[0]["highlightPreTag"] == "\ue000"
    queries, federation = theme
    assert federation == {"offset": 0, "limit": 0, "facetsByIndex": {"proef": ["theme"]}}
    assert "filter" not in queries[0]

    assert result.total == 1
    (found,) = result.hits
    assert (found.id, found.name, found.kind, found.score) == ("a", "Parkeerscanauto", "algorithm", 0.9)
    assert found.snippet == "De auto &lt;b&gt;<mark>parkeert</mark>&lt;/b&gt; niet."
    assert result.facets["theme"] == [FacetCount("Verkeer", 2), FacetCount("Wonen", 1)]
    assert result.facets["kind"] == [FacetCount("algorithm", 1)]
