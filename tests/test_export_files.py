"""Every open-data file leaves the command line (`glazenstad export --format F FILE`) as it leaves the download
address: the same file whichever door, and the command line names what it refused and why."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from publisher.cli import main
from publisher.export_files import OPEN_DATA_FILES, OpenDataFile
from publisher.services import Services

RDF_FORMATS = {"dcat-turtle": "turtle", "dcat-jsonld": "json-ld"}


def export_with_the_command_line(services: Services, name: str, target: Path) -> str:
    environment = {"GLAZENSTAD_DATABASE_URL": services.settings.database_url,
                   "GLAZENSTAD_DATA_DIR": str(target.parent), "GLAZENSTAD_PUBLIC_URL": services.settings.public_url,
                   "GLAZENSTAD_SEARCH_INDEX_DIR": str(target.parent / "index")}
    result = CliRunner().invoke(main, ["export", "--format", name, str(target)], env=environment,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("file", OPEN_DATA_FILES, ids=[file.name for file in OPEN_DATA_FILES])
def test_the_command_line_writes_what_the_download_gives(
        file: OpenDataFile, demo_services: Services, demo_client: TestClient, tmp_path: Path) -> None:
    target = tmp_path / file.filename
    output = export_with_the_command_line(demo_services, file.name, target)
    assert f"Exported to {target}" in output
    answer = demo_client.get(file.path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == file.media_type.split(";")[0]
    written = target.read_bytes()
    if file.name in RDF_FORMATS:  # blank nodes get new names in each serialisation: compare the graphs
        assert isomorphic(Graph().parse(data=written, format=RDF_FORMATS[file.name]),
                          Graph().parse(data=answer.content, format=RDF_FORMATS[file.name]))
    elif file.name == "xlsx":  # a workbook records when it was made: compare the cells
        def cells(data: bytes) -> list[list[object]]:
            workbook = load_workbook(io.BytesIO(data), read_only=True)
            return [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
        assert cells(written) == cells(answer.content)
    else:
        assert written == answer.content


def test_the_command_line_names_each_refusal_with_its_field(demo_services: Services, demo_client: TestClient,
                                                            tmp_path: Path) -> None:
    refused = demo_client.get("/api/v1/exports/eurocities-0.3.1-refused.json").json()
    assert refused, "the demo has algorithms that are no AI system, which the standard has no category for"
    output = export_with_the_command_line(demo_services, "eurocities", tmp_path / "eurocities.json")
    for entry in refused:
        for problem in entry["problems"]:
            if problem["severity"] == "error":
                who = ", ".join(filter(None, (entry["entry_id"], entry.get("organisation"))))
                assert f"refused: {entry['name']} ({who}): {problem['field']}: {problem['message']}" in output
    assert f"{len(refused)} refused" in output


def test_the_municipality_may_state_minimal_risk_for_what_is_no_ai(demo_services: Services, demo_client: TestClient,
                                                                    tmp_path: Path) -> None:
    refused = demo_client.get("/api/v1/exports/eurocities-0.3.1-refused.json").json()
    no_ai = {entry["entry_id"] for entry in refused
             if any(p["field"] == "risk_category" and p["severity"] == "warning" for p in entry["problems"])}
    assert no_ai
    target = tmp_path / "eurocities.json"
    environment = {"GLAZENSTAD_DATABASE_URL": demo_services.settings.database_url,
                   "GLAZENSTAD_DATA_DIR": str(tmp_path), "GLAZENSTAD_EUROCITIES_NOT_AI": "minimal risk"}
    result = CliRunner().invoke(main, ["export", "--format", "eurocities", str(target)], env=environment)
    assert result.exit_code == 0, result.output
    records = {record["uuid"]: record for record in json.loads(target.read_bytes())}
    assert no_ai <= set(records)
    for entry_id in no_ai:
        assert records[entry_id]["risk_category"] == "minimal risk"
        assert "Geen AI-systeem in de zin van de AI-verordening" in records[entry_id]["remark"]

    environment["GLAZENSTAD_EUROCITIES_NOT_AI"] = "maybe"
    wrong = CliRunner().invoke(main, ["export", "--format", "eurocities", str(target)], env=environment)
    assert wrong.exit_code == 1
    assert "GLAZENSTAD_EUROCITIES_NOT_AI must be empty or 'minimal risk', not 'maybe'" in wrong.output
    assert "Traceback" not in wrong.output
