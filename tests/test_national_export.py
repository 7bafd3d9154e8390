"""The export in the national publication standard 1.0: the rules a record is held to, the demo
register's records, the entries refused and why, the downloads, and a re-import without loss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from litestar.testing import TestClient
from sqlalchemy import create_engine, text

from publisher.cli import main
from publisher.services import Services, open_services
from publisher.settings import Settings
from schemas.entry import Organisation
from schemas.national import content_from_national, content_to_national, national_problems
from tests.conftest import NATIONAL_ENTRIES, client_for

VOORBEELDSTAD = Organisation(tooi_id="gm9999", name="Gemeente Voorbeeldstad", role="responsible")
REGISTER_OWN = ("url", "source_id", "publication_dt")
"""What the exporting register fills in itself: its page, its id, its moment of publication."""
WITHOUT_CONTACT = next(path for path in NATIONAL_ENTRIES if path.name == "bmconsultants.json")
WITH_CONTACT = next(path for path in NATIONAL_ENTRIES if path.name == "tygron.json")


def run(args: list[str], folder: Path) -> Result:
    env = {"GLAZENSTAD_DATABASE_URL": f"sqlite:///{folder / 'register.db'}", "GLAZENSTAD_DATA_DIR": str(folder),
           "GLAZENSTAD_SEARCH_INDEX_DIR": str(folder / "index"), "GLAZENSTAD_PUBLIC_URL": "https://register.example"}
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def exported(folder: Path, file: Path) -> tuple[list[dict[str, Any]], str]:
    result = run(["export", "--format", "national", str(file)], folder)
    assert result.exit_code == 0, result.output
    return json.loads(file.read_text("utf-8")), result.output


def public_entries(folder: Path) -> list[tuple[str, str, str, bool]]:
    """(id, name, kind, withdrawn) of every public entry, read from the database itself."""
    engine = create_engine(f"sqlite:///{folder / 'register.db'}")
    with engine.connect() as connection:
        rows = connection.execute(text("select entry_id, name, kind, withdrawn from public_entries")).all()
    engine.dispose()
    return [(row[0], row[1], row[2], bool(row[3])) for row in rows]


def organisations(folder: Path) -> list[tuple[str, str]]:
    engine = create_engine(f"sqlite:///{folder / 'register.db'}")
    with engine.connect() as connection:
        rows = connection.execute(text("select tooi_id, name from organisations order by tooi_id")).all()
    engine.dispose()
    return [(row[0], row[1]) for row in rows]


def good_record() -> dict[str, Any]:
    """A real record of the reference set, as this register writes it."""
    record = json.loads(WITH_CONTACT.read_text("utf-8"))[0]
    return content_to_national(content_from_national(record, VOORBEELDSTAD).content, entry_id="e1",
                               public_url="https://register.example/register/e1")


def test_a_record_is_held_to_the_rules_of_the_enforced_configuration() -> None:
    record = good_record()
    assert national_problems(record) == []

    def problems(**changes: Any) -> dict[str, str]:
        return {problem.field: problem.message for problem in national_problems({**record, **changes})}

    assert problems(name="") == {"name": "verplicht veld is leeg"}
    assert problems(contact_email=None) == {"contact_email": "verplicht veld is leeg"}
    assert problems(status="Actief")["status"].startswith("ongeldige waarde 'Actief'; toegestaan: In ontwikkeling")
    assert set(problems(category=["Verkeer", "Parkeren"])) == {"category"}
    assert set(problems(lang="NLD")) == {"lang"}
    # a limit counts the text without its markup, as the national register counts it
    assert problems(description_short="<p>" + "a" * 400 + "</p>") == {}
    assert problems(description_short="<p>" + "a" * 401 + "</p>")["description_short"].startswith("te lang: 401")
    assert problems(lawful_basis_grouping=[{"title": "Wegenverkeerswet 1994", "link": None}]) == {
        "lawful_basis_grouping[0].link": "verplicht veld is leeg"}
    assert problems(kleur="rood") == {"kleur": "onbekend veld in publicatiestandaard 1.0"}
    # the national register's own keys come along in its downloads
    assert problems(lars="12345678", publication_dt="2026-01-01T10:00:00") == {}


def test_the_demo_register_exports_to_the_standard_and_reimports_without_loss(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(["demo"], first).exit_code == 0
    records, output = exported(first, tmp_path / "first.json")
    assert " 0 refused" in output

    entries = public_entries(first)
    algorithms = {entry_id for entry_id, _, kind, withdrawn in entries if kind == "algorithm" and not withdrawn}
    assert {record["source_id"] for record in records} == algorithms
    assert all(national_problems(record) == [] for record in records)
    assert all(record["url"] == f"https://register.example/register/{record['source_id']}" for record in records)
    # one registration per organisation: an algorithm of two municipalities gives two records
    assert len({(record["source_id"], record["organization"]) for record in records}) == len(records) > len(algorithms)
    left_out = len(entries) - len(algorithms)
    assert f"{left_out} public entries left out" in output

    # national records name their organisation, not its code: the other register learns the codes first
    refused = run(["import", "--publish", str(tmp_path / "first.json")], second)
    assert refused.exit_code == 1 and "onbekende organisatie 'Gemeente Voorbeelddorp'" in refused.output
    for code, name in organisations(first):
        if code != "gm9999":  # the register's own municipality (GLAZENSTAD_ORGANISATION_CODE) is there
            added = run(["organisations", "add", code, name], second)
            assert added.exit_code == 0, added.output
    imported = run(["import", "--publish", str(tmp_path / "first.json")], second)
    assert imported.exit_code == 0, imported.output
    assert f"Imported {len(records)} entries" in imported.output
    again, _ = exported(second, tmp_path / "second.json")

    def own_fields_aside(found: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["name"], r["organization"]): {k: v for k, v in r.items() if k not in REGISTER_OWN} for r in found}

    assert own_fields_aside(again) == own_fields_aside(records)
    assert not {record["source_id"] for record in again} & algorithms  # the second register's own ids


def test_an_algorithm_that_misses_a_required_field_is_refused_with_the_reason(tmp_path: Path) -> None:
    imported = run(["import", "--publish", str(WITHOUT_CONTACT), str(WITH_CONTACT)], tmp_path)
    assert imported.exit_code == 0, imported.output
    records, output = exported(tmp_path, tmp_path / "national.json")
    assert [record["name"] for record in records] == ["Modelleringssoftware Hittestress"]
    refused = [line for line in output.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 1
    assert refused[0].startswith("refused: Dataprotector (") and refused[0].endswith(
        "contact_email: verplicht veld is leeg")
    assert "1 records in the publicatiestandaard 1.0; 1 refused" in output

    services = open_services(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'register.db'}",
                                      search_index_dir=tmp_path / "index"))
    try:
        with client_for(services) as client:
            report = client.get("/api/v1/exports/national-1.0-refused.json").json()
            assert [(entry["name"], [p["field"] for p in entry["problems"]]) for entry in report] == [
                ("Dataprotector", ["contact_email"])]
            answer = client.get(f"/api/v1/entries/{report[0]['entry_id']}/national-1.0.json")
            assert answer.status_code == 422
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["invalid_params"] == [
                {"name": "contact_email", "reason": "Gemeente Voorbeeldstad: verplicht veld is leeg"}]
    finally:
        services.close()


def test_the_downloads_serve_published_algorithms_only(demo_client: TestClient, demo_services: Services) -> None:
    answer = demo_client.get("/api/v1/exports/national-1.0.json")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="publicatiestandaard-1.0.json"'
    records = answer.json()
    assert records and all(national_problems(record) == [] for record in records)
    public_url = demo_services.settings.public_url

    entry_id = records[0]["source_id"]
    one = demo_client.get(f"/api/v1/entries/{entry_id}/national-1.0.json")
    assert one.status_code == 200
    assert one.json() == [record for record in records if record["source_id"] == entry_id]
    page = demo_client.get(records[0]["url"].removeprefix(public_url))
    assert page.status_code == 200 and records[0]["name"] in page.text

    datasets = demo_client.get("/api/v1/entries", params={"kind": "dataset"}).json()["items"]
    answer = demo_client.get(f"/api/v1/entries/{datasets[0]['id']}/national-1.0.json")
    assert answer.status_code == 422
    assert answer.json()["invalid_params"][0]["name"] == "kind"
    assert demo_client.get("/api/v1/entries/onbekend/national-1.0.json").status_code == 404
