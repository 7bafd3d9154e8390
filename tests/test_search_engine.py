"""The embedded search engine, end to end, on small Dutch municipal entries."""

from __future__ import annotations

import ast
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import (
    FACETS,
    EmbeddedSearch,
    FacetCount,
    SearchDocument,
    SearchQuery,
    SearchResult,
    open_backend,
)
from search.analysis import DUTCH, DUTCH_PARTS, analysis_stamp, tokens, word_parts
from search.embedded import ANALYSIS_FILE, IndexOutOfDate


def entry(
    entry_id: str,
    name: str,
    description: str = "",
    body: str = "",
    *,
    kind: str = "algorithm",
    version_no: int = 1,
    **fields: Any,
) -> SearchDocument:
    return SearchDocument(
        id=entry_id,
        version_no=version_no,
        kind=kind,
        name=name,
        description_short=description,
        body=body,
        **fields,
    )


REGISTER = [
    entry(
        "scanauto",
        "Parkeerscanauto",
        "Een scanauto controleert of geparkeerde auto's voor het parkeerrecht hebben betaald.",
        "De parkeerhandhaving rijdt met een auto met camera's door de straten. Kentekenherkenning leest "
        "kentekens en vergelijkt die met het parkeerrecht. Bij twijfel kijkt een handhaver mee.",
        organisations=["Gemeente Amsterdam"],
        themes=["Verkeer"],
        status="In gebruik",
        personal_data="identifiable",
        publication_category="Impactvolle algoritmes",
        risk_class="not_ai",
        tags=["parkeren", "handhaving"],
    ),
    entry(
        "woz",
        "WOZ-taxatiemodel",
        "Het model schat de WOZ-waarde van elke woning in de gemeente.",
        "Een taxateur controleert de uitkomst. De waarde van de woning bepaalt de onroerendezaakbelasting.",
        organisations=["Gemeente Utrecht"],
        themes=["Wonen", "Belastingen"],
        status="In gebruik",
        personal_data="identifiable",
        publication_category="Impactvolle algoritmes",
        risk_class="not_ai",
    ),
    entry(
        "lucht",
        "Luchtkwaliteitssensoren",
        "Sensoren meten fijnstof en stikstofdioxide in de binnenstad.",
        "De meetwaarden worden elk uur gepubliceerd. Er worden geen persoonsgegevens verzameld.",
        kind="data_collection",
        organisations=["Gemeente Amsterdam"],
        themes=["Milieu"],
        status="In gebruik",
        personal_data="none",
    ),
    entry(
        "wifi",
        "Wifitelling drukte binnenstad",
        "Wifi-sensoren tellen telefoons om de drukte in het centrum te meten.",
        "De druktelling gebruikt gehashte MAC-adressen die na een dag worden verwijderd.",
        kind="data_collection",
        organisations=["Gemeente Rotterdam"],
        themes=["Openbare orde en veiligheid"],
        status="In ontwikkeling",
        personal_data="pseudonymised",
    ),
    entry(
        "camera",
        "Cameratoezicht uitgaansgebied",
        "Camera's in het uitgaansgebied voor de openbare orde.",
        "Beelden worden 28 dagen bewaard. Een voorbeeld van onveilige invoer: <script>alert('x')</script>.",
        kind="data_collection",
        organisations=["Gemeente Rotterdam"],
        themes=["Openbare orde en veiligheid"],
        status="In gebruik",
        personal_data="identifiable",
    ),
    entry(
        "bijstand",
        "Risicomodel bijstand",
        "Een model dat aanvragen voor een bijstandsuitkering op risico op fouten beoordeelt.",
        "Het model is stopgezet na een onderzoek naar discriminatie. Zie ook de Overheidsfinanciën.",
        organisations=["Gemeente Utrecht"],
        themes=["Werk en inkomen"],
        status="Ingetrokken",
        personal_data="identifiable",
        publication_category="Impactvolle algoritmes",
        risk_class="high_risk",
    ),
    entry(
        "chatbot",
        "Chatbot Gem",
        "Een chatbot beantwoordt vragen van inwoners op de website.",
        "De chatbot verwijst door naar een medewerker als hij het antwoord niet weet.",
        organisations=["Gemeente Utrecht", "Gemeente Amsterdam"],
        themes=["Dienstverlening"],
        status="In ontwikkeling",
        personal_data="pseudonymised",
        publication_category="Overige algoritmes",
        risk_class="limited_risk",
    ),
    entry(
        "afval",
        "Afvalcontainers vulgraad",
        "Sensoren in ondergrondse containers melden wanneer ze vol zijn.",
        "Wob-verzoeken over de inzameling worden apart behandeld. Het oude systeem heette parkeeren.",
        kind="dataset",
        organisations=["Gemeente Rotterdam"],
        themes=["Milieu"],
        status="Buiten gebruik",
        personal_data="none",
    ),
]


@pytest.fixture(scope="module")
def register() -> EmbeddedSearch:
    backend = EmbeddedSearch(None)
    assert backend.rebuild(REGISTER) == len(REGISTER)
    return backend


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


def indexed(*entries: SearchDocument) -> EmbeddedSearch:
    """An index in memory holding these entries."""
    backend = EmbeddedSearch(None)
    backend.upsert(list(entries))
    return backend


def found(backend: EmbeddedSearch, text: str, **filters: list[str]) -> list[str]:
    return ids(backend.search(SearchQuery(text=text, filters=filters, limit=100)))


# --------------------------------------------------------------------------- Dutch analysis


def test_stemming_finds_other_forms_of_a_word(register: EmbeddedSearch) -> None:
    # the entry says "woning", never "woningen": only the shared stem connects them
    assert "woningen" not in str(REGISTER[1]).lower()
    assert tokens(DUTCH, "woningen")[0].text == tokens(DUTCH, "woning")[0].text
    assert found(register, "woningen") == ["woz"]


def test_parkeren_finds_forms_the_stemmer_leaves_apart() -> None:
    backend = indexed(
        entry("geparkeerd", "Scanauto", "Controleert geparkeerde auto's."),
        entry("vergunning", "Vergunningen", "Aanvragen voor een parkeervergunning."),
        entry("fiets", "Fietsenstalling", "Bezetting van de stalling."),
    )
    # the stemmer makes "parker" of parkeren and "parkeer" of geparkeerde: one edit apart
    assert tokens(DUTCH, "parkeren")[0].text == "parker"
    assert tokens(DUTCH, "geparkeerde")[0].text == "parkeer"
    assert set(found(backend, "parkeren")) == {"geparkeerd", "vergunning"}


def test_compound_parts_are_found_inside_words() -> None:
    backend = indexed(
        entry("scan", "Parkeerscanauto Zwolle", "Controle van het parkeerrecht.", "De parkeerhandhaving werkt zo."),
        entry("lucht", "Luchtkwaliteitssensoren", "Een meetnet in de binnenstad."),
        entry("wifi", "Wifitelling", "De druktelling in het centrum."),
        entry("plain", "Handhaving", "Toezicht op de openbare ruimte."),
    )
    assert found(backend, "scanauto") == ["scan"]
    assert found(backend, "handhaving") == ["plain", "scan"]  # the whole word ranks first
    assert found(backend, "kwaliteit") == ["lucht"]
    assert found(backend, "sensor") == ["lucht"]
    assert found(backend, "telling") == ["wifi"]
    # a whole compound is its parts at one position, not the parts anywhere
    assert found(backend, "parkeerhandhaving") == ["scan"]
    assert found(backend, "luchtkwaliteit") == ["lucht"]


def test_a_plural_s_asks_for_the_word_itself() -> None:
    """ "boetes" splits into boete + s (the linking s of "veiligheidscamera"): asked as "boete" it finds
    the fines of every kind; the s between two parts keeps a compound a compound."""
    backend = indexed(
        entry("parkeren", "Scanauto", "Een parkeerboete voor wie niet betaalt."),
        entry("milieu", "Milieuzone", "Een boete bij een oude diesel."),
        entry("boetes", "Inning", "Boetes worden geind."),
        entry("camera", "Veiligheidscamera's", "Beelden van de binnenstad."),
        entry("losse", "Veiligheid", "Een camera bij het station."),
    )
    assert [t.text for t in tokens(DUTCH_PARTS, "boetes")] == ["boete", "s"]
    assert set(found(backend, "boetes")) == {"parkeren", "milieu", "boetes"}
    assert set(found(backend, "boete")) == {"parkeren", "milieu", "boetes"}
    assert found(backend, "veiligheidscamera") == ["camera"]


def test_greedy_splitting_gets_a_second_chance() -> None:
    # longest match takes "drukte" and then fails on "lling"; the second pass finds druk + telling
    assert [t.text for t in tokens(DUTCH_PARTS, "druktelling")] == ["druk", "tel"]
    assert [t.text for t in tokens(DUTCH_PARTS, "druktebeeld")] == ["druk", "beeld"]


def test_accents_are_folded(register: EmbeddedSearch) -> None:
    assert found(register, "financien") == ["bijstand"]  # "Overheidsfinanciën"
    assert found(register, "Financiën") == ["bijstand"]


def test_word_parts_list_is_curated_and_versioned() -> None:
    path = Path(__file__).resolve().parents[1] / "search" / "data" / "word_parts.txt"
    header = path.read_text("utf-8").splitlines()[:3]
    assert any(re.fullmatch(r"# version \d+\.\d+\.\d+, \d{4}-\d{2}-\d{2}", line) for line in header)
    parts = word_parts()
    assert len(parts) >= 250
    assert len(set(parts)) == len(parts)
    assert {"parkeer", "handhaving", "scan", "auto", "kenteken", "herkenning", "lucht"} <= set(parts)
    # a part is never split again, so the index and the query side agree on what a part is
    resplit = [part for part in parts if part != "s" and len(tokens(DUTCH_PARTS, part)) != 1]
    assert resplit == []


# --------------------------------------------------------------------------- typos


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("parkerne", "scanauto"),  # tags say "parkeren": one transposition in 8 letters
        ("amsterdamm", "lucht"),  # 10 letters, one extra
        ("kentekenherkening", "scanauto"),  # 17 letters, one missing
        ("amstrdamm", "lucht"),  # 9 letters: two edits allowed
    ],
)
def test_typos_are_tolerated(register: EmbeddedSearch, typo: str, expected: str) -> None:
    assert expected in found(register, typo)


def test_typo_tolerance_grows_with_word_length(register: EmbeddedSearch) -> None:
    assert found(register, "prakenre") == []  # two edits in 8 letters is too many
    assert found(register, "woz") == ["woz"]  # below 5 letters: no "Wob"
    assert found(register, "wob") == ["afval"]


def test_exact_matches_rank_above_near_misses(register: EmbeddedSearch) -> None:
    # "afval" says "parkeeren" (old spelling) in its body, "scanauto" says parkeren in its tags
    result = found(register, "parkeren")
    assert result.index("scanauto") < result.index("afval")
    typo_only = indexed(
        entry("exact", "Meldingen", body="Melding over parkeren."),
        entry("near", "Meldingen", body="Melding over parkeeren."),
    )
    assert found(typo_only, "parkeren") == ["exact", "near"]


# --------------------------------------------------------------------------- ranking


def test_name_weighs_more_than_body() -> None:
    backend = indexed(
        entry("in-body", "Vergunningen", "Aanvragen voor vergunningen.", "Ook voor een evenement in de wijk."),
        entry("in-name", "Evenementen", "Drukte rond evenementen voorspellen."),
    )
    assert found(backend, "evenement") == ["in-name", "in-body"]


# --------------------------------------------------------------------------- query language


@pytest.fixture(scope="module")
def golden() -> EmbeddedSearch:
    """The national register's golden cases (search-cases/queries.yaml), rebuilt as entries."""
    backend = EmbeddedSearch(None)
    backend.rebuild(
        [
            entry("1", "", "Amsterdam"),
            entry("2", "", "parkeren"),
            entry("3", "", "amsterdam rotterdam"),
            entry("4", "", "amsterdam parkeren"),
            entry("5", "Druktebeeld (NL)", organisations=["gemeente Amsterdam"]),
        ]
    )
    return backend


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amsterdam parkeren", {"4"}),
        ("amsterdam or parkeren", {"1", "2", "3", "4", "5"}),
        ("amsterdam OR parkeren", {"1", "2", "3", "4", "5"}),
        ("amsterdam of parkeren", {"1", "2", "3", "4", "5"}),
        ("amsterdam OF parkeren", {"1", "2", "3", "4", "5"}),
        ("amsterdam -parkeren", {"1", "3", "5"}),
        ("amsterdamm", {"1", "3", "4", "5"}),
        ("parkerne", {"2", "4"}),
        ("druktebeeld", {"5"}),
        ("drukte", {"5"}),
    ],
)
def test_golden_cases(golden: EmbeddedSearch, text: str, expected: set[str]) -> None:
    # "5" is the suggestion case: Druktebeeld by gemeente Amsterdam
    assert set(found(golden, text)) == expected


def test_quoted_phrases_keep_word_order(register: EmbeddedSearch) -> None:
    # in the description of "camera" and in the theme of "wifi"
    assert set(found(register, '"openbare orde"')) == {"camera", "wifi"}
    assert found(register, '"orde openbare"') == []
    assert found(register, '"openbare orde" -camera') == ["wifi"]
    assert found(register, '"gehashte adressen"') == []


def test_a_long_phrase_needs_its_words_in_order_not_only_its_pairs() -> None:
    """Phrases are looked up by their neighbour pairs; a text holding every pair of a phrase of
    three words in other places must still not match, and a phrase does not run from one field into
    the next."""
    backend = EmbeddedSearch(None)
    backend.rebuild([
        entry("whole", "Verslag", "Kort.", "De gemeente meet fijnstof bij scholen."),
        entry("pairs", "Verslag", "Kort.", "Wij meten fijnstof. Fijnstof bij het station, de gemeente meet."),
        entry("fields", "Bij scholen", "Kort.", "Hier meet de gemeente fijnstof"),
    ])
    assert found(backend, '"meet fijnstof bij"') == ["whole"]
    assert set(found(backend, '"meten fijnstof"')) == {"whole", "pairs"}  # "meet" and "meten" share a stem
    assert found(backend, '"fijnstof bij scholen"') == ["whole"]  # not from the body into the name
    assert set(found(backend, '"fijnstof bij"')) == {"whole", "pairs"}


def test_stop_words_are_not_required(register: EmbeddedSearch) -> None:
    assert found(register, "de chatbot van de gemeente") == ["chatbot"]
    assert found(register, "de het een")  # only stop words: searched as they are


def test_empty_text_lists_everything_by_name_with_facets(register: EmbeddedSearch) -> None:
    result = register.search(SearchQuery(limit=100))
    assert result.total == len(REGISTER)
    names = [hit.name for hit in result.hits]
    assert names == sorted(names, key=str.lower)
    assert sum(facet.count for facet in result.facets["kind"]) == len(REGISTER)


NASTY = [
    "",
    " ",
    '"',
    '""',
    '"unbalanced phrase',
    "(",
    "((parkeren)",
    "*",
    "parkeer*",
    "AND",
    "OR",
    "of",
    "parkeren AND",
    "OR parkeren",
    "title:parkeren",
    ":",
    "\\",
    '\\\\"',
    "-",
    "--parkeren",
    "- -",
    "de van het",
    "🅿️ parkeren 🚗",
    "😀",
    "parkeren\x00",
    "a" * 2000,
    "parkeren " * 300,
    " ".join(f"woord{n}" for n in range(80)),
    "~parkeren^2 [a TO z] {x} /regex/ +must",
    "ŉ İstanbul ß ﬁ",
    "‮ rtl",
    "\ud800 parkeren",  # a lone surrogate, as a JSON escape can deliver
]


@pytest.mark.parametrize("text", NASTY)
def test_anything_a_citizen_types_gives_an_answer(register: EmbeddedSearch, text: str) -> None:
    result = register.search(SearchQuery(text=text))
    assert result.total >= len(result.hits)
    assert set(result.facets) == set(FACETS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(exclude_categories=()), max_size=300)
    | st.lists(st.sampled_from(['"', "-", "OR", "of", "(", "parkeren", "woz"])).map(" ".join)
)
def test_arbitrary_text_never_raises(register: EmbeddedSearch, text: str) -> None:
    result = register.search(SearchQuery(text=text, limit=5))
    assert 0 <= len(result.hits) <= 5
    assert result.total >= len(result.hits)
    assert {hit.id for hit in result.hits} <= {document.id for document in REGISTER}


WORD_POOL = ["parkeren", "parkerne", "handhaving", "scanauto", "woning", "camera", "sensoren", "amsterdamm", "gemeente"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from([*WORD_POOL, "-camera", "or", '"openbare', 'orde"', "de"]), max_size=5),
    kinds=st.lists(st.sampled_from(["algorithm", "data_collection", "dataset"]), max_size=2),
)
def test_the_total_counts_exactly_the_hits(register: EmbeddedSearch, words: list[str], kinds: list[str]) -> None:
    # the total and the facets come from a leaner query than the ranked hits: they must agree
    result = register.search(SearchQuery(text=" ".join(words), filters={"kind": kinds}, limit=100))
    assert result.total == len(result.hits)
    assert sum(facet.count for facet in result.facets["status"]) == result.total


# --------------------------------------------------------------------------- facets and filters


def test_facets_count_the_matches_sorted_by_count_then_value(register: EmbeddedSearch) -> None:
    result = register.search(SearchQuery(text="gemeente or sensoren or model"))
    assert set(result.facets) == set(FACETS)
    for counts in result.facets.values():
        assert counts == sorted(counts, key=lambda facet: (-facet.count, facet.value))
    everything = register.search(SearchQuery())
    assert everything.facets["organisation"] == [
        FacetCount("Gemeente Amsterdam", 3),
        FacetCount("Gemeente Rotterdam", 3),
        FacetCount("Gemeente Utrecht", 3),
    ]
    assert everything.facets["theme"][0] == FacetCount("Milieu", 2)
    assert FacetCount("Openbare orde en veiligheid", 2) in everything.facets["theme"]
    # an unstated value is not counted
    assert sum(facet.count for facet in everything.facets["risk_class"]) == 4


def test_filters_or_within_a_facet_and_across_facets(register: EmbeddedSearch) -> None:
    assert set(found(register, "", kind=["data_collection"])) == {"lucht", "wifi", "camera"}
    assert set(found(register, "", kind=["data_collection", "dataset"])) == {"lucht", "wifi", "camera", "afval"}
    assert found(register, "", kind=["data_collection"], status=["In ontwikkeling"]) == ["wifi"]
    assert set(found(register, "sensoren", theme=["Milieu"])) == {"lucht", "afval"}
    assert found(register, "", organisation=["Gemeente Onbekend"]) == []


def test_a_facet_is_counted_without_its_own_filter(register: EmbeddedSearch) -> None:
    result = register.search(SearchQuery(filters={"kind": ["dataset"], "status": ["In gebruik", "Nergens"]}))
    assert result.total == 0
    # kind counts use the status filter only; status counts use the kind filter only
    assert result.facets["kind"] == [
        FacetCount("algorithm", 2),
        FacetCount("data_collection", 2),
        FacetCount("dataset", 0),
    ]
    assert result.facets["status"] == [
        FacetCount("Buiten gebruik", 1),
        FacetCount("In gebruik", 0),
        FacetCount("Nergens", 0),
    ]


def test_unknown_facets_are_refused(register: EmbeddedSearch) -> None:
    with pytest.raises(ValueError, match="colour"):
        register.search(SearchQuery(filters={"colour": ["rood"]}))


def test_paging(register: EmbeddedSearch) -> None:
    first = register.search(SearchQuery(limit=3))
    second = register.search(SearchQuery(limit=3, offset=3))
    assert first.total == second.total == len(REGISTER)
    assert len(first.hits) == 3
    assert not set(ids(first)) & set(ids(second))
    assert register.search(SearchQuery(limit=0)).hits == []
    assert register.search(SearchQuery(limit=5, offset=10**9)).hits == []


# --------------------------------------------------------------------------- snippets


def test_snippets_mark_matches_and_escape_everything_else(register: EmbeddedSearch) -> None:
    [hit] = register.search(SearchQuery(text="voorbeeld")).hits
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in hit.snippet
    assert "<mark>voorbeeld</mark>" in hit.snippet
    assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0


def test_snippets_mark_compound_words_and_forms(register: EmbeddedSearch) -> None:
    hit = register.search(SearchQuery(text="handhaving")).hits[0]
    assert "<mark>parkeerhandhaving</mark>" in hit.snippet
    [hit] = register.search(SearchQuery(text="financien")).hits
    assert "<mark>Overheidsfinanciën</mark>" in hit.snippet
    [hit] = register.search(SearchQuery(text="woningen")).hits
    assert "de <mark>woning</mark> bepaalt" in hit.snippet


def test_snippet_falls_back_to_the_description(register: EmbeddedSearch) -> None:
    [hit] = register.search(SearchQuery(text="Gem")).hits  # only in the name
    assert hit.snippet == "Een chatbot beantwoordt vragen van inwoners op de website."
    [hit] = register.search(SearchQuery(text="stikstofdioxide")).hits  # only in the description
    assert "<mark>stikstofdioxide</mark>" in hit.snippet
    long = EmbeddedSearch(None)
    long.upsert([entry("long", "Lang", "woord " * 100)])
    [hit] = long.search(SearchQuery()).hits
    assert hit.snippet.endswith("…")
    assert len(hit.snippet) <= 201


def test_hits_carry_the_stored_fields(register: EmbeddedSearch) -> None:
    [hit] = register.search(SearchQuery(text="taxatiemodel")).hits
    assert (hit.id, hit.name, hit.kind) == ("woz", "WOZ-taxatiemodel", "algorithm")
    assert hit.description_short == REGISTER[1].description_short
    assert hit.score > 0


# --------------------------------------------------------------------------- keeping the index


def test_upsert_replaces_the_older_version() -> None:
    backend = EmbeddedSearch(None)
    backend.upsert([entry("gs-1", "Parkeervergunning", "Versie een over bewonersvergunningen.")])
    backend.upsert([entry("gs-1", "Parkeervergunning", "Versie twee over bezoekersvergunningen.", version_no=2)])
    assert backend.count() == 1
    assert found(backend, "bezoekersvergunningen") == ["gs-1"]
    assert found(backend, "bewonersvergunningen") == []
    backend.upsert([entry("gs-2", "Parkeertarieven"), entry("gs-2", "Parkeertarieven 2025", version_no=2)])
    assert backend.count() == 2
    assert [hit.name for hit in backend.search(SearchQuery(text="parkeertarieven")).hits] == ["Parkeertarieven 2025"]


def test_remove_and_rebuild() -> None:
    backend = EmbeddedSearch(None)
    backend.upsert(REGISTER)
    backend.remove(["woz", "chatbot", "never-indexed"])
    assert backend.count() == len(REGISTER) - 2
    assert found(backend, "chatbot") == []
    assert backend.rebuild([REGISTER[0], REGISTER[1], REGISTER[1]]) == 2
    assert backend.count() == 2
    assert set(found(backend, "")) == {"scanauto", "woz"}
    assert backend.rebuild([]) == 0
    assert backend.count() == 0


def test_a_failed_write_changes_nothing() -> None:
    backend = EmbeddedSearch(None)
    backend.upsert([REGISTER[0]])

    def documents() -> Iterator[SearchDocument]:
        yield REGISTER[1]
        raise RuntimeError("the register went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(documents())
    assert backend.count() == 1
    assert found(backend, "") == ["scanauto"]


def test_the_index_on_disk_reopens_with_its_documents(tmp_path: Path) -> None:
    directory = tmp_path / "index" / "nested"
    EmbeddedSearch(directory).upsert(REGISTER)
    reopened = EmbeddedSearch(directory)
    assert reopened.count() == len(REGISTER)
    assert found(reopened, "scanauto")[0] == "scanauto"
    reopened.remove(["scanauto"])
    assert EmbeddedSearch(directory).count() == len(REGISTER) - 1


def test_an_index_of_another_version_asks_for_a_rebuild(tmp_path: Path) -> None:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True)
    tantivy.Index(builder.build(), path=str(tmp_path), reuse=True)
    with pytest.raises(ValueError, match="rebuild the index"):
        EmbeddedSearch(tmp_path)


def test_an_index_made_with_other_word_parts_asks_for_a_rebuild(tmp_path: Path) -> None:
    """The schema does not change with the word parts list, the split words do: "parkeerboete" indexed
    whole cannot be found by "boete" after a list that splits it."""
    EmbeddedSearch(tmp_path).rebuild(REGISTER)
    assert (tmp_path / ANALYSIS_FILE).read_text() == analysis_stamp()
    assert EmbeddedSearch(tmp_path).count() == len(REGISTER)  # the same analysis opens as it is

    (tmp_path / ANALYSIS_FILE).write_text("analyzers 1, word parts 0123456789abcdef")
    with pytest.raises(IndexOutOfDate, match=r"other Dutch text analysis.*rebuild the index"):
        EmbeddedSearch(tmp_path)
    (tmp_path / ANALYSIS_FILE).unlink()  # an index made before indexes recorded their analysis
    with pytest.raises(IndexOutOfDate, match="none recorded"):
        EmbeddedSearch(tmp_path)


def test_writers_on_one_directory_take_turns(tmp_path: Path) -> None:
    # as a web worker and the command line would: two backends, one index directory
    first, second = EmbeddedSearch(tmp_path), EmbeddedSearch(tmp_path)
    writing = threading.Event()

    def slowly() -> Iterator[SearchDocument]:
        yield REGISTER[0]
        writing.set()
        time.sleep(0.3)
        yield REGISTER[1]

    rebuilding = threading.Thread(target=first.rebuild, args=(slowly(),))
    rebuilding.start()
    assert writing.wait(10)
    second.upsert([REGISTER[2]])  # waits until the rebuild has committed
    rebuilding.join()
    assert EmbeddedSearch(tmp_path).count() == 3


def test_open_backend(tmp_path: Path) -> None:
    assert isinstance(open_backend("embedded", None), EmbeddedSearch)
    assert isinstance(open_backend("embedded", tmp_path), EmbeddedSearch)
    with pytest.raises(ValueError, match="GLAZENSTAD_SEARCH_BACKEND"):
        open_backend("meilisearch", None)


def test_search_depends_on_neither_register_nor_publisher() -> None:
    package = Path(__file__).resolve().parents[1] / "search"
    imported = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert not imported & {"register", "publisher"}
