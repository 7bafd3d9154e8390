"""Synonyms, "Bedoelde u …?" and type-ahead: the embedded backend, the search API and page, and /api/v1/suggest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from litestar.testing import TestClient

from publisher.services import Services
from search import EmbeddedSearch, SearchDocument, SearchQuery
from search import synonyms as synonym_module
from search.analysis import is_stop_word
from search.query_parser import parse_query
from search.spelling import edit_distance
from search.synonyms import (
    SynonymList,
    expansions,
    parse_synonyms,
    synonym_groups,
    synonym_runs,
    synonyms_version,
)

SYNONYMS_FILE = Path(__file__).resolve().parents[1] / "search" / "data" / "synonyms.yaml"
LICENCE_PLATE_ENTRIES = {
    "Controle parkeerrecht met scanauto's",
    "Scanauto's parkeerhandhaving",
    "Controle milieuzone met kentekencamera's",
    "Kentekencamera's milieuzone",
}
AIR_QUALITY_ENTRIES = {"Sensoren voor luchtkwaliteit", "Luchtkwaliteit Voorbeeldstad (open data)"}
ADDRESS_ENTRY = "Onderzoek naar adressen met signalen over onjuiste inschrijving"


def entry(entry_id: str, name: str, description: str = "", body: str = "", **fields: Any) -> SearchDocument:
    return SearchDocument(
        id=entry_id, version_no=1, kind="algorithm", name=name, description_short=description, body=body, **fields
    )


def found(backend: EmbeddedSearch, text: str) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(text=text, limit=100)).hits]


def names(client: TestClient, text: str) -> list[str]:
    return [item["name"] for item in client.get("/api/v1/search", params={"q": text, "limit": 50}).json()["items"]]


# entries that say the thing only one way, so only the synonym list can connect them
SYNONYM_REGISTER = [
    entry("plate", "Scanauto", "Leest de nummerplaat van geparkeerde auto's."),
    entry("licence", "Scanauto", "Leest het kenteken van geparkeerde auto's."),
    entry("air", "Meetnet", "Sensoren meten de luchtkwaliteit in de wijk."),
    entry("brp", "Adresonderzoek", "Signalen uit de BRP over verhuizingen."),
    entry("basis", "Verhuismeldingen", "Meldingen in de Basisregistratie Personen controleren."),
    entry("body", "Handhaving", body="In een bijlage staat ook iets over ANPR."),
    entry("other", "Fietstellers", "Tellers aan de kant van het fietspad."),
]


@pytest.fixture(scope="module")
def synonyms_index() -> EmbeddedSearch:
    backend = EmbeddedSearch(None)
    backend.rebuild(SYNONYM_REGISTER)
    return backend


# --------------------------------------------------------------------------- the synonym list


def test_the_synonym_list_is_curated_and_versioned() -> None:
    written = yaml.safe_load(SYNONYMS_FILE.read_text("utf-8"))
    assert re.fullmatch(r"\d+\.\d+\.\d+", synonyms_version())
    assert synonyms_version() == written["version"]
    groups = synonym_groups()
    assert groups == written["groups"] and len(groups) >= 25
    members = {member.casefold() for group in groups for member in group}
    assert {
        "kenteken", "nummerplaat", "anpr", "kentekenherkenning", "kentekencamera", "camera", "cameratoezicht",
        "fijnstof", "luchtkwaliteit", "pm10", "pm2,5", "woz", "woningwaarde", "ozb", "bijstand", "uitkering",
        "participatiewet", "wifi", "bluetooth", "telling", "tellen", "brp", "basisregistratie personen",
    } <= members
    assert set(expansions("nummerplaat")) >= {"kenteken", "ANPR", "kentekenherkenning", "kentekencamera"}


def test_synonym_groups_is_a_copy_of_the_cached_list() -> None:
    groups = synonym_groups()
    groups[0].append("iets anders")
    groups.clear()
    assert synonym_groups() and "iets anders" not in synonym_groups()[0]


def test_members_are_matched_by_their_words_not_their_spelling() -> None:
    # plural, capitals, and the stop word of a phrase do not matter
    assert "ANPR" in expansions("nummerplaten")
    assert "BRP" in expansions("basisregistratie personen")
    assert "Wob" in expansions("wet open overheid")
    assert expansions("vuurtoren") == ()


def runs(text: str) -> list[tuple[list[str], bool]]:
    """The words of each run of a query, and whether the run has other members to find."""
    return [([word for group in run for clause in group for word in clause.words], bool(members))
            for run, members in synonym_runs(parse_query(text, is_stop_word).required)]


def test_query_words_that_together_are_a_synonym_form_one_run_in_either_backend() -> None:
    # both backends plan their synonym queries from these runs
    assert runs("basisregistratie personen camera") == [(["basisregistratie", "personen"], True), (["camera"], False)]
    assert runs("wet open overheid") == [(["wet", "open", "overheid"], True)]
    # a lone word's own synonyms are the backend's to add: it comes alone, without members
    assert runs("nummerplaat") == [(["nummerplaat"], False)]
    # the wrong order, or a word that has alternatives, forms no run
    assert runs("personen basisregistratie") == [(["personen"], False), (["basisregistratie"], False)]
    assert runs("basisregistratie OR register personen") == [
        (["basisregistratie", "register"], False), (["personen"], False)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 1.0\ndate: 2026-11-22\ngroups: [[a1, b1]]\n", "Expected `str`"),
        ("version: one\ndate: 2026-11-22\ngroups: [[kenteken, nummerplaat]]\n", "major.minor.patch"),
        ("version: 1.0.0\ndate: 2026-11-22\ngroups: [[kenteken]]\n", "at least two"),
        ("version: 1.0.0\ndate: 2026-11-22\ngroups: [[kenteken, nummerplaat], [nummerplaten, plaat]]\n", "two groups"),
        ("version: 1.0.0\ndate: 2026-11-22\ngroups: [[kenteken, '--']]\n", "no words"),
        ("version: 1.0.0\ndate: 2026-11-22\ngroups: []\nsynonyms: []\n", "unknown field"),
    ],
)
def test_a_malformed_list_is_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_synonyms(text.encode())


# --------------------------------------------------------------------------- synonyms in search


def test_a_synonym_finds_what_says_it_another_way(synonyms_index: EmbeddedSearch) -> None:
    assert set(found(synonyms_index, "nummerplaat")) == {"plate", "licence"}
    assert set(found(synonyms_index, "kenteken")) == {"plate", "licence"}
    assert set(found(synonyms_index, "fijnstof")) == {"air"}
    assert set(found(synonyms_index, "PM2,5")) == {"air"}


def test_the_word_itself_ranks_above_its_synonym(synonyms_index: EmbeddedSearch) -> None:
    assert found(synonyms_index, "nummerplaat") == ["plate", "licence"]
    assert found(synonyms_index, "kenteken") == ["licence", "plate"]


def test_a_synonym_of_several_words_is_matched_as_a_phrase(synonyms_index: EmbeddedSearch) -> None:
    assert set(found(synonyms_index, "BRP")) == {"brp", "basis"}
    assert set(found(synonyms_index, "Basisregistratie Personen")) == {"brp", "basis"}
    assert set(found(synonyms_index, "basis registratie personen")) == {"brp", "basis"}
    assert set(found(synonyms_index, '"basisregistratie personen"')) == {"brp", "basis"}
    # the words in another order are no longer the name of the register
    assert found(synonyms_index, "personen basisregistratie") == ["basis"]


def test_synonyms_match_in_name_description_tags_and_context_only(synonyms_index: EmbeddedSearch) -> None:
    # "ANPR" in the long text of "body" is found as itself, not as a synonym of "kenteken"
    assert "body" in found(synonyms_index, "ANPR")
    assert "body" not in found(synonyms_index, "kenteken")


def test_exclusions_stay_literal(synonyms_index: EmbeddedSearch) -> None:
    assert found(synonyms_index, "scanauto -nummerplaat") == ["licence"]


def test_facet_counts_agree_with_synonym_hits(synonyms_index: EmbeddedSearch) -> None:
    result = synonyms_index.search(SearchQuery(text="basis registratie personen", limit=100))
    assert result.total == len(result.hits) == sum(facet.count for facet in result.facets["kind"])


def test_a_changed_list_works_without_a_reindex(
    synonyms_index: EmbeddedSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = synonym_module.synonym_list()
    changed = SynonymList(version="99.0.0", date=shipped.date, groups=[*shipped.groups, ["fietspad", "wielerpad"]])
    caches = (synonym_module._groups_by_key, synonym_module.longest_synonym)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(synonym_module, "synonym_list", lambda: changed)
    try:
        assert synonyms_version() == "99.0.0"
        assert found(synonyms_index, "wielerpad") == ["other"]
    finally:
        monkeypatch.undo()
        for cache in caches:
            cache.cache_clear()
    assert found(synonyms_index, "wielerpad") == []


def test_the_demo_finds_licence_plate_scans_by_their_synonyms(demo_client: TestClient) -> None:
    assert set(names(demo_client, "nummerplaat")) >= LICENCE_PLATE_ENTRIES
    assert set(names(demo_client, "ANPR")) >= LICENCE_PLATE_ENTRIES - {"Scanauto's parkeerhandhaving"}
    assert set(names(demo_client, "kentekenherkenning")) >= LICENCE_PLATE_ENTRIES


def test_the_demo_finds_air_quality_sensors_for_fijnstof(demo_client: TestClient) -> None:
    assert set(names(demo_client, "fijnstof")[:2]) == AIR_QUALITY_ENTRIES
    assert set(names(demo_client, "luchtvervuiling")[:2]) == AIR_QUALITY_ENTRIES


def test_the_demo_finds_the_brp_by_its_full_name(demo_client: TestClient) -> None:
    for text in ("BRP", "Basisregistratie Personen", "basis registratie personen", "GBA"):
        assert names(demo_client, text)[0] == ADDRESS_ENTRY, text


# --------------------------------------------------------------------------- "Bedoelde u …?"


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("parkerne", "parkeren", 2) == 1
    assert edit_distance("parkeren", "parkeren", 2) == 0
    assert edit_distance("luchtkwalitiet", "luchtkwaliteit", 2) == 1
    assert edit_distance("prakenre", "parkeren", 2) == 3  # more than the limit: limit + 1
    assert edit_distance("woz", "bijstand", 1) == 2


def test_a_typo_is_corrected_to_a_word_of_the_register(demo_services: Services) -> None:
    correct = demo_services.search.correct
    corrected = correct("parkerne")
    assert corrected is not None and "parkeren" in corrected
    assert correct("luchtkwalitiet") == "luchtkwaliteit"
    assert correct("bijstnad") == "bijstand"
    assert correct("aprkeren") == "parkeren"  # the first two letters swapped
    assert correct("kentekenherkening") == "kentekenherkenning"


def test_the_correction_keeps_operators_quotes_and_capitals(demo_services: Services) -> None:
    correct = demo_services.search.correct
    assert correct("Parkerne OR woz") == "Parkeren OR woz"
    assert correct('"parkerne" scanauto') == '"parkeren" scanauto'
    assert correct("luchtkwalitiet -open") == "luchtkwaliteit -open"
    assert correct("drukte binnenstda") == "drukte binnenstad"


def test_a_good_query_gets_no_correction(demo_services: Services) -> None:
    correct = demo_services.search.correct
    assert correct("parkeren") is None
    assert correct("nummerplaat") is None  # found through its synonyms, not a typo
    assert correct("woz bijstand") is None  # finds nothing, but nothing is misspelt
    assert correct("Vuurtorenproef") is None  # nothing in the register is near it
    assert correct("") is None
    assert correct("-parkerne") is None  # only an exclusion: nothing to find better


def test_a_rare_spelling_is_corrected_to_a_far_more_common_one() -> None:
    backend = EmbeddedSearch(None)
    backend.rebuild(
        [entry("typo", "Meldingen", "Meldingen over parkerne.")]
        + [entry(f"p{n}", f"Registratie {n}", "Regels voor parkeren.") for n in range(12)]
    )
    # the register holds the typo once: the query finds one entry, the correction twelve
    assert backend.correct("parkerne") == "parkeren"
    assert backend.correct("parkeren") is None


def test_the_search_api_says_did_you_mean(demo_client: TestClient) -> None:
    body = demo_client.get("/api/v1/search", params={"q": "parkerne"}).json()
    assert body["did_you_mean"] == "parkeren"
    assert demo_client.get("/api/v1/search", params={"q": "parkeren"}).json()["did_you_mean"] is None
    assert demo_client.get("/api/v1/search").json()["did_you_mean"] is None
    schema = demo_client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ApiSearchResult"]
    assert "Bedoelde u" in schema["properties"]["did_you_mean"]["description"]


def test_the_search_page_says_bedoelde_u(demo_client: TestClient) -> None:
    page = demo_client.get("/zoeken", params={"q": "luchtkwalitiet", "kind": "data_collection"}).text
    assert re.search(
        r'Bedoelde u <a href="/zoeken\?q=luchtkwaliteit&amp;kind=data_collection">luchtkwaliteit</a>\?', page
    )
    assert "Bedoelde u" not in demo_client.get("/zoeken", params={"q": "luchtkwaliteit"}).text
    english = demo_client.get("/zoeken", params={"q": "parkerne", "lang": "en"}).text
    assert "Did you mean <a" in english


# --------------------------------------------------------------------------- type-ahead


def test_suggest_gives_entries_first_then_terms(demo_services: Services) -> None:
    suggestions = demo_services.search.suggest("parke", 8)
    kinds = [suggestion.kind for suggestion in suggestions]
    assert len(suggestions) == 8 and kinds == sorted(kinds)  # "entry" before "term"
    entries = [s for s in suggestions if s.kind == "entry"]
    assert entries and all(s.entry_id for s in entries)
    assert all(any(word.lower().startswith("parke") for word in re.findall(r"\w+", s.text)) for s in entries)
    assert next(s.text for s in suggestions if s.kind == "term") == "parkeren"  # the most common word


def test_suggest_puts_names_that_start_with_the_text_first(demo_services: Services) -> None:
    assert [s.text for s in demo_services.search.suggest("controle", 2)] == [
        "Controle milieuzone met kentekencamera's",
        "Controle parkeerrecht met scanauto's",
    ]
    first = demo_services.search.suggest("controle parke", 8)
    assert first[0].text == "Controle parkeerrecht met scanauto's"
    assert all(s.text.startswith("controle parke") for s in first[1:])


def test_suggest_ignores_what_is_too_short(demo_services: Services) -> None:
    assert demo_services.search.suggest("", 8) == []
    assert demo_services.search.suggest("p", 8) == []
    assert demo_services.search.suggest("  ", 8) == []
    assert demo_services.search.suggest("parke", 0) == []


def test_the_suggest_api_answers_with_links(demo_client: TestClient) -> None:
    response = demo_client.get("/api/v1/suggest", params={"q": "parke"})
    assert response.status_code == 200
    items = response.json()
    assert [item["kind"] for item in items] == sorted(item["kind"] for item in items)
    entries = [item for item in items if item["kind"] == "entry"]
    terms = [item for item in items if item["kind"] == "term"]
    assert entries and terms
    for item in entries:
        assert re.fullmatch(r"/register/[0-9a-f-]{36}", item["href"])
        page = demo_client.get(item["href"]).text
        assert f'<h1 lang="nl">{item["text"]}</h1>'.replace("'", "&#39;") in page
    assert {"text": "parkeren", "kind": "term", "href": "/zoeken?q=parkeren"} in terms
    assert len(demo_client.get("/api/v1/suggest", params={"q": "parke", "limit": 3}).json()) == 3


def test_the_suggest_api_escapes_the_term_link(demo_client: TestClient) -> None:
    items = demo_client.get("/api/v1/suggest", params={"q": "controle parke"}).json()
    assert "/zoeken?q=controle+parkeerrecht" in [item["href"] for item in items]


@pytest.mark.parametrize("text", ["", "p", " p ", "-"])
def test_the_suggest_api_suggests_nothing_for_short_input(demo_client: TestClient, text: str) -> None:
    response = demo_client.get("/api/v1/suggest", params={"q": text})
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("params", [{"q": "x" * 201}, {"q": "parke", "limit": 0}, {"q": "parke", "limit": 21}])
def test_the_suggest_api_refuses_bad_parameters(demo_client: TestClient, params: dict[str, Any]) -> None:
    response = demo_client.get("/api/v1/suggest", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_suggest_api_is_documented(demo_client: TestClient) -> None:
    operation = demo_client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/suggest"]["get"]
    assert operation["operationId"] == "suggest"
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "limit"}
    assert {"200", "400"} <= set(operation["responses"])
