"""One validation for every door: clear problems that name the field, safe rich text."""

from __future__ import annotations

import pytest

from schemas.problems import ContentError
from schemas.richtext import normalise_rich_text, text_length
from schemas.validation import decode_content

MINIMAL = {
    "kind": "algorithm",
    "name": "Controle parkeerrecht",
    "description_short": "Controleert of een geparkeerde auto betaald heeft.",
    "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}],
}


def problems_for(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(ContentError) as error:
        decode_content(data)
    return [(p.field, p.message) for p in error.value.problems]


def test_minimal_content_is_valid() -> None:
    assert decode_content(MINIMAL).name == "Controle parkeerrecht"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kind": "robot"}, "kind", "ongeldige waarde"),
        ({"name": 12}, "name", "verwacht str"),
        ({"unknown_key": 1}, "unknown_key", "onbekend veld"),
        ({"status": "Actief"}, "status", "ongeldige waarde"),
        ({"website": "www.voorbeeldstad.nl"}, "website", "ongeldig formaat"),
        ({"begin_date": "2024-13"}, "begin_date", "ongeldig formaat"),
        ({"review_date": "morgen"}, "review_date", "ongeldige datum"),
        ({"organisations": []}, "organisations", "minstens één organisatie"),
        ({"organisations": [{"tooi_id": "gm9999", "name": "X", "role": "executing"}]}, "organisations",
         "verantwoordelijk"),
        ({"goal": "<p>" + "x" * 2501 + "</p>"}, "goal", "te lang"),
        ({"begin_date": "2024-05", "end_date": "2023-01"}, "end_date", "voor de begindatum"),
        ({"links": [{"target": "not-a-uuid", "relation": "uses_data_from"}]}, "links[0].target", "ongeldig formaat"),
    ],
)
def test_bad_content_is_refused_with_the_field_named(change: dict, field: str, words: str) -> None:
    found = problems_for({**MINIMAL, **change})
    assert any(f == field and words in message for f, message in found), found


def test_missing_required_field_is_named() -> None:
    data = dict(MINIMAL)
    del data["description_short"]
    assert problems_for(data) == [("description_short", "verplicht veld ontbreekt")]


def test_invalid_json_is_a_clear_problem() -> None:
    with pytest.raises(ContentError) as error:
        decode_content(b'{"kind": ')
    assert "geen geldige JSON" in error.value.problems[0].message


def test_geojson_locations_are_checked() -> None:
    collection = {
        "kind": "data_collection",
        "data_collection": {"locations": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [52.09, 5.12]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [5.12, 152.0]}},
        ]}},
    }
    found = problems_for({**MINIMAL, **collection})
    assert found == [("data_collection.locations.features[1].geometry.coordinates",
                      "ongeldige coördinaten: gebruik [lengtegraad, breedtegraad] in WGS84")]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>Tekst",
        '<p onmouseover="alert(1)">Tekst</p>',
        '<a href="javascript:alert(1)">Tekst</a>',
        '<img src=x onerror="alert(1)">Tekst',
        "[Tekst](javascript:alert(1))",
        "Tekst <iframe src='https://evil.example'></iframe>",
        '<svg onload="alert(1)"><p>Tekst</p></svg>',
    ],
)
def test_hostile_markup_is_made_inert(hostile: str) -> None:
    stored = normalise_rich_text(hostile)
    lowered = stored.lower()
    for dangerous in ("<script", "onerror", "onmouseover", "onload", "href", "src=", "<iframe", "<a ", "<img", "<svg"):
        assert dangerous not in lowered, stored
    assert "Tekst" in stored


def test_markdown_is_rendered_to_the_allowed_tags() -> None:
    assert normalise_rich_text("Eerste alinea.\n\n- punt een\n- punt twee") == (
        "<p>Eerste alinea.</p>\n<ul>\n<li>punt een</li>\n<li>punt twee</li>\n</ul>"
    )


def test_normalising_is_stable() -> None:
    for text in ("**Vet** en <b>vet</b>\n\n1. een", "Alinea\n\n- punt", "<div><p>a &amp; b</p></div>"):
        once = normalise_rich_text(text)
        assert normalise_rich_text(once) == once


def test_length_counts_characters_without_markup() -> None:
    assert text_length("<p>abc</p><ul><li>de</li></ul>") == len("abc de")
