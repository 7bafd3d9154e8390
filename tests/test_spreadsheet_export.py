"""The register as CSV and XLSX: its current state and its publication history, every field a column,
read back as a spreadsheet program reads them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import msgspec
from click.testing import CliRunner
from litestar.testing import TestClient
from openpyxl import load_workbook

from publisher.cli import main
from publisher.services import Services
from publisher.spreadsheet_export import COLUMNS
from register.entries import create_entry, publish_version
from schemas.validation import decode_content
from tests.conftest import client_for

FORMULA = '=HYPERLINK("https://example.org/x","klik")'


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark: spreadsheet programs then read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def public_entries(client: TestClient) -> list[dict]:
    found, url = [], "/api/v1/entries?limit=100"
    while url:
        page = client.get(url.removeprefix("http://testserver.local")).json()
        found += page["items"]
        url = page.get("next")
    return found


def test_the_current_state_has_a_row_per_public_entry_and_a_column_per_field(demo_client: TestClient) -> None:
    answer = demo_client.get("/api/v1/exports/register.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="register.csv"'
    header = next(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert header == list(COLUMNS) and len(set(header)) == len(header)

    rows = read_csv(answer.content)
    entries = {entry["id"]: entry for entry in public_entries(demo_client)}
    assert {row["id"] for row in rows} == set(entries)
    for row in rows:
        assert row["name"] == entries[row["id"]]["name"]
        assert row["page_url"].endswith(f"/register/{row['id']}")
        assert "<p>" not in row["goal"]  # rich text as plain text
    assert any("Overheidsfinanciën" in row["category"] for row in rows)  # accents survive


def test_the_history_has_a_row_per_published_version(demo_client: TestClient) -> None:
    rows = read_csv(demo_client.get("/api/v1/exports/register-history.csv").content)
    expected = {(entry["id"], str(version["version_no"]))
                for entry in public_entries(demo_client)
                for version in demo_client.get(f"/api/v1/entries/{entry['id']}/versions").json()}
    assert {(row["id"], row["version_no"]) for row in rows} == expected
    assert len(rows) == len(expected) > len({row["id"] for row in rows})  # some entries have several versions
    assert all(row["superseded_at"] for row in rows if row["state"] == "superseded")


def test_the_workbook_holds_both_tables_as_the_csv_files_do(demo_client: TestClient) -> None:
    answer = demo_client.get("/api/v1/exports/register.xlsx")
    assert answer.status_code == 200
    workbook = load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames == ["Huidige stand", "Publicatiegeschiedenis"]
    for sheet, path in zip(workbook.worksheets, ["/api/v1/exports/register.csv",
                                                 "/api/v1/exports/register-history.csv"], strict=True):
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        values = [[value or "" for value in row] for row in sheet.iter_rows(values_only=True)]
        expected = [list(COLUMNS), *([row[column] for column in COLUMNS] for row in read_csv(
            demo_client.get(path).content))]
        assert values == expected


def test_a_field_that_starts_like_a_formula_stays_text(sqlite_services: Services, tmp_path: Path) -> None:
    content = decode_content(msgspec.json.encode({
        "kind": "algorithm", "name": FORMULA, "description_short": "+31 20 123 4567 of -1",
        "organisations": [{"tooi_id": "gm9999", "name": "Gemeente Voorbeeldstad"}],
    }))
    with sqlite_services.sessions.begin() as session:
        entry_id = create_entry(session, content, actor="tests").entry_id
        publish_version(session, entry_id, 1, actor="tests")
    with client_for(sqlite_services) as client:
        row = read_csv(client.get("/api/v1/exports/register.csv").content)[0]
        workbook = load_workbook(io.BytesIO(client.get("/api/v1/exports/register.xlsx").content))
    assert row["name"] == "'" + FORMULA and row["description_short"] == "'+31 20 123 4567 of -1"
    cell = workbook["Huidige stand"].cell(row=2, column=COLUMNS.index("name") + 1)
    assert (cell.value, cell.data_type) == (FORMULA, "s")

    file = tmp_path / "register.xlsx"
    env = {"GLAZENSTAD_DATABASE_URL": sqlite_services.settings.database_url, "GLAZENSTAD_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", str(file)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 rows of the huidige stand, 1 rows of the publicatiegeschiedenis" in result.output
    assert load_workbook(file)["Huidige stand"].cell(row=2, column=1).value == entry_id
