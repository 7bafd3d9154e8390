"""The national publication standard 1.0: enumerations, limits, and lossless conversion."""

from __future__ import annotations

import json

import pytest

from schemas.entry import Organisation
from schemas.enums import NationalStatus, PublicationCategory, Theme
from schemas.national import content_from_national, content_to_national
from schemas.national_config import NATIONAL_LIMITS, permitted_values
from schemas.problems import ContentError
from tests.conftest import NATIONAL_ENTRIES, REFERENCE

VOORBEELDSTAD = Organisation(tooi_id="gm9999", name="Gemeente Voorbeeldstad")


def national_records() -> list[tuple[str, dict]]:
    return [(f"{path.stem}[{i}]", record) for path in NATIONAL_ENTRIES for i, record in
            enumerate(json.loads(path.read_text("utf-8")))]


def test_the_reference_set_has_27_records() -> None:
    assert len(national_records()) == 27


def test_enumerations_match_the_enforced_configuration() -> None:
    assert [str(t) for t in Theme] == permitted_values("category")
    assert [str(s) for s in NationalStatus] == permitted_values("status")
    assert [str(c) for c in PublicationCategory] == permitted_values("publication_category")


def test_limits_are_read_from_the_enforced_configuration() -> None:
    config = json.loads((REFERENCE / "algoritmeregister-v1.0" / "standard-v1_0-enforced.json").read_text())
    for key, spec in config["properties"].items():
        if spec.get("max_length"):
            assert NATIONAL_LIMITS[key] == spec["max_length"], key
    assert NATIONAL_LIMITS["description_short"] == 400
    assert NATIONAL_LIMITS["methods_and_models"] == 5000


@pytest.mark.parametrize(("label", "record"), national_records(), ids=[label for label, _ in national_records()])
def test_every_reference_record_converts_back_without_loss(label: str, record: dict) -> None:
    first = content_to_national(content_from_national(record, VOORBEELDSTAD).content)
    second = content_to_national(content_from_national(first, VOORBEELDSTAD).content)
    assert first == second
    assert first["name"] == record["name"].strip()
    assert first["organization"] == "Gemeente Voorbeeldstad"
    assert first["lang"] == "nld"


def test_html_is_sanitised_to_the_standards_tags() -> None:
    record = {"name": "Test", "description_short": "Kort", "status": "In gebruik",
              "goal": '<div><p onclick="steal()">Doel <a href="javascript:alert(1)">link</a></p>'
                      "<script>alert(1)</script><ul><li>punt</li></ul></div>"}
    content = content_from_national(record, VOORBEELDSTAD).content
    assert content.goal == "<div><p>Doel link</p><ul><li>punt</li></ul></div>"


def test_legacy_and_json_schema_keys_are_read_and_reported() -> None:
    record = {
        "name": "Route-optimalisatie", "description_short": "Plant routes.", "status": "In gebruik",
        "publication_category": "Overige algoritmes (Categorie C)",
        "theme": ["Verkeer"], "purpose_and_impact": "<p>Doel</p>",
        "legal_basis_title": "Wegenverkeerswet 1994", "legal_basis_link": "https://wetten.overheid.nl/BWBR0006622",
        "type": "Op regels gebaseerd", "iama_description": "<p>IAMA gedaan in 2023</p>",
        "source_data_link": "https://data.example.nl/routes", "uuid": "abc",
    }
    imported = content_from_national(record, VOORBEELDSTAD)
    content = imported.content
    assert content.publication_category == PublicationCategory.OTHER
    assert content.category == [Theme.VERKEER]
    assert content.goal == "<p>Doel</p>"
    assert [(r.title, r.link) for r in content.law_references] == [
        ("Wegenverkeerswet 1994", "https://wetten.overheid.nl/BWBR0006622")]
    assert content.algorithm_type == "rule_based"
    assert content.assessments[0].type == "iama"
    assert content.source_data_grouping[0].link == "https://data.example.nl/routes"
    noted = {note.field for note in imported.notes}
    assert {"iama_description", "source_data_link"} <= noted


def test_swapped_title_and_link_are_put_right_and_reported() -> None:
    record = {"name": "BRP-controle", "description_short": "Kort", "lawful_basis_grouping": [
        {"title": "https://wetten.overheid.nl/BWBR0033715", "link": "Wet basisregistratie personen"}]}
    imported = content_from_national(record, VOORBEELDSTAD)
    assert imported.content.law_references[0].title == "Wet basisregistratie personen"
    assert any("verwisseld" in note.message for note in imported.notes)


def test_text_over_the_limit_is_refused_never_truncated() -> None:
    record = {"name": "Lang", "description_short": "<p>" + "a" * 401 + "</p>"}
    with pytest.raises(ContentError) as error:
        content_from_national(record, VOORBEELDSTAD)
    assert error.value.problems[0].field == "description_short"
    assert "401" in error.value.problems[0].message


def test_limits_count_text_without_markup() -> None:
    record = {"name": "Precies", "description_short": "<p>" + "a" * 400 + "</p>"}
    assert content_from_national(record, VOORBEELDSTAD).content.description_short == "a" * 400


def test_unknown_status_is_refused_with_the_allowed_values() -> None:
    with pytest.raises(ContentError) as error:
        content_from_national({"name": "X", "description_short": "Y", "status": "Actief"}, VOORBEELDSTAD)
    problem = error.value.problems[0]
    assert problem.field == "status"
    assert "In gebruik" in problem.message


def test_one_national_record_per_responsible_organisation() -> None:
    record = {"name": "Gedeeld", "description_short": "Samen", "status": "In gebruik"}
    content = content_from_national(record, VOORBEELDSTAD).content
    dorp = Organisation(tooi_id="gm9998", name="Gemeente Voorbeelddorp", lars="12345678")
    national = content_to_national(content, dorp, entry_id="e1", public_url="https://register.example/e1")
    assert national["organization"] == "Gemeente Voorbeelddorp"
    assert national["lars"] == "12345678"
    assert national["source_id"] == "e1"
    assert national["url"] == "https://register.example/e1"
