"""The crosswalk to the record of processing activities (GDPR art. 30) as CSV: every public entry with
personal data, none without, each art. 30 item the privacy officer needs answered from the entry."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from litestar.testing import TestClient

from publisher.cli import main
from publisher.services import Services
from publisher.spreadsheet_export import csv_bytes
from schemas.enums import AvgGround, PersonalDataLevel
from schemas.processing_register import ART30_HEADER

DOWNLOAD = "/api/v1/exports/verwerkingsregister.csv"


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def public_entries(client: TestClient) -> list[dict[str, Any]]:
    """Every public entry as the API gives it, with `withdrawn` from the list."""
    items = client.get("/api/v1/entries", params={"limit": 100}).json()["items"]
    return [{**client.get(f"/api/v1/entries/{item['id']}").json(), "withdrawn": item["withdrawn"]} for item in items]


def test_every_entry_with_personal_data_and_no_other(demo_client: TestClient) -> None:
    answer = demo_client.get(DOWNLOAD)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = read_csv(answer.content)
    assert tuple(rows[0]) == ART30_HEADER
    entries = {entry["id"]: entry for entry in public_entries(demo_client)}
    with_personal_data = {
        entry_id for entry_id, entry in entries.items()
        if not entry["withdrawn"] and entry.get("personal_data") in ("pseudonymised", "identifiable")}
    assert with_personal_data and len(with_personal_data) < len(entries)
    assert {row["registratie_id"] for row in rows} == with_personal_data
    assert len(rows) == len(with_personal_data)


def test_each_row_answers_the_art_30_items_from_the_entry(demo_client: TestClient) -> None:
    rows = read_csv(demo_client.get(DOWNLOAD).content)
    for row in rows:
        content = demo_client.get(f"/api/v1/entries/{row['registratie_id']}").json()
        assert row["verwerking"] == content["name"]
        assert row["registratie_url"].endswith(f"/register/{row['registratie_id']}")
        assert row["persoonsgegevens"] == PersonalDataLevel(content["personal_data"]).label("nl")
        responsible = [o for o in content["organisations"] if o.get("role", "responsible") == "responsible"]
        assert row["a_verwerkingsverantwoordelijke"] == "; ".join(f"{o['name']} ({o['tooi_id']})" for o in responsible)
        assert row["c_categorieen_betrokkenen"] == "; ".join(content.get("data_subject_categories", []))
        assert row["grondslag_avg"] == "; ".join(AvgGround(g).label("nl") for g in content.get("avg_grounds", []))
        assert "<" not in row["b_doeleinden"]  # rich text as plain text
        stages = (content.get("data_collection") or {}).get("data_stages", [])
        for stage in stages:
            assert f"{stage['retention']} ({stage['retention_basis']})" in row["f_bewaartermijnen"]
        activity = content.get("processing_activity") or {}
        assert row["verwerkingsregister_url"] == activity.get("url", "")
    # the demo's scan cars: a retention per stage, the raw scans kept shortest
    assert any("P0D" in row["f_bewaartermijnen"] for row in rows)


def test_the_command_line_writes_the_same_file(demo_services: Services, demo_client: TestClient,
                                               tmp_path: Path) -> None:
    target = tmp_path / "art30.csv"
    environment = {"GLAZENSTAD_DATABASE_URL": demo_services.settings.database_url,
                   "GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_SEARCH_INDEX_DIR": str(tmp_path / "index"),
                   "GLAZENSTAD_PUBLIC_URL": demo_services.settings.public_url}
    result = CliRunner().invoke(main, ["export", "--format", "art30-csv", str(target)], env=environment)
    assert result.exit_code == 0, result.output
    assert read_csv(target.read_bytes()) == read_csv(demo_client.get(DOWNLOAD).content)


def test_no_cell_is_a_formula() -> None:
    data = csv_bytes([["=cmd|' /C calc'!A0", "+31 20", "gewoon"]], ("a", "b", "c"))
    row = read_csv(data)[0]
    assert row == {"a": "'=cmd|' /C calc'!A0", "b": "'+31 20", "c": "gewoon"}
