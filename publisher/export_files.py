"""Every open-data file the register makes, in one table: its `glazenstad export --format` name, its download
address, media type and file name, and how it is made from the published register. The command line and the
downloads answer from this table, so a file is the same whichever door it leaves by."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import msgspec

from publisher.dcat_export import DCAT_FORMAT, catalog_graph, catalog_jsonld, catalog_turtle, dcat_export
from publisher.eurocities_export import EUROCITIES_FORMAT, eurocities_csv, eurocities_export
from publisher.national_export import NATIONAL_FORMAT, national_export
from publisher.open_data import GEOJSON_MEDIA_TYPE, RefusedEntry, data_collections_geojson
from publisher.processing_register_export import processing_register_csv
from publisher.settings import Settings
from publisher.spreadsheet_export import CSV_MEDIA_TYPE, SHEETS, XLSX_MEDIA_TYPE, spreadsheet
from register.published import PublishedRegister

JSON_MEDIA_TYPE = "application/json"
TURTLE_MEDIA_TYPE = "text/turtle"
JSONLD_MEDIA_TYPE = "application/ld+json"


class ExportFile(NamedTuple):
    data: bytes
    summary: str
    """What the file holds, in a sentence for the command line."""
    refused: list[RefusedEntry] = []
    """The entries a standard's export left out, and why."""


class OpenDataFile(NamedTuple):
    name: str
    path: str
    media_type: str
    filename: str
    help: str
    make: Callable[[PublishedRegister, Settings], ExportFile]


def _national(register: PublishedRegister, settings: Settings) -> ExportFile:
    result = national_export(register, settings.public_url)
    return ExportFile(
        msgspec.json.format(msgspec.json.encode(result.records), indent=2),
        f"{len(result.records)} records in the {NATIONAL_FORMAT}; {len(result.refused)} refused; "
        f"{result.left_out} public entries left out (no algorithm, or withdrawn)",
        result.refused)


def _eurocities(register: PublishedRegister, settings: Settings, *, as_csv: bool) -> ExportFile:
    result = eurocities_export(register, settings.public_url, not_ai_as=settings.eurocities_not_ai)
    data = eurocities_csv(result.records) if as_csv else msgspec.json.format(
        msgspec.json.encode(result.records), indent=2)
    return ExportFile(data, f"{len(result.records)} records in the {EUROCITIES_FORMAT}; {len(result.refused)} "
                      f"refused; {result.left_out} public entries left out (no algorithm, or withdrawn)",
                      result.refused)


def _ckan(register: PublishedRegister, settings: Settings) -> ExportFile:
    result = dcat_export(register, settings.public_url)
    return ExportFile(msgspec.json.format(msgspec.json.encode(result.packages), indent=2),
                      f"{len(result.packages)} CKAN packages in {DCAT_FORMAT}; {len(result.refused)} refused; "
                      f"{result.left_out} public entries left out (algorithms, or withdrawn)",
                      result.refused)


def _catalog(register: PublishedRegister, settings: Settings, *, jsonld: bool) -> ExportFile:
    result = dcat_export(register, settings.public_url)
    graph = catalog_graph(result.datasets, settings.public_url, settings.organisation)
    data = catalog_jsonld(graph) if jsonld else catalog_turtle(graph)
    return ExportFile(data, f"the DCAT catalogue ({DCAT_FORMAT}, {'JSON-LD' if jsonld else 'Turtle'}), "
                      f"{len(graph)} triples; {len(result.refused)} entries refused", result.refused)


def _geojson(register: PublishedRegister, settings: Settings) -> ExportFile:
    collection = data_collections_geojson(register, settings.public_url)
    entries = len({feature["properties"]["entry_id"] for feature in collection["features"]})
    return ExportFile(msgspec.json.encode(collection),
                      f"{len(collection['features'])} locations of {entries} data collections as GeoJSON")


def _spreadsheet(file_format: str) -> Callable[[PublishedRegister, Settings], ExportFile]:
    def make(register: PublishedRegister, settings: Settings) -> ExportFile:
        data, counts = spreadsheet(register, settings.public_url, file_format)
        return ExportFile(data, ", ".join(f"{count} rows of the {SHEETS[table].lower()}"
                                          for table, count in counts.items()))
    return make


def _processing_register(register: PublishedRegister, settings: Settings) -> ExportFile:
    data, count = processing_register_csv(register, settings.public_url)
    return ExportFile(data, f"{count} entries with personal data, a row each, for the record of processing "
                      "activities (GDPR art. 30)")


OPEN_DATA_FILES: tuple[OpenDataFile, ...] = (
    OpenDataFile("national", "/api/v1/exports/national-1.0.json", JSON_MEDIA_TYPE, "publicatiestandaard-1.0.json",
                 "the published algorithms in the national publication standard 1.0 (a JSON list to upload); "
                 "entries that do not meet it are reported on stderr", _national),
    OpenDataFile("eurocities", "/api/v1/exports/eurocities-0.3.1.json", JSON_MEDIA_TYPE, "eurocities-0.3.1.json",
                 "the published algorithms in the Eurocities standard v0.3.1 (JSON); refusals on stderr",
                 lambda register, settings: _eurocities(register, settings, as_csv=False)),
    OpenDataFile("eurocities-csv", "/api/v1/exports/eurocities-0.3.1.csv", CSV_MEDIA_TYPE, "eurocities-0.3.1.csv",
                 "the same as the standard's CSV template", lambda register, settings: _eurocities(
                     register, settings, as_csv=True)),
    OpenDataFile("ckan", "/api/v1/exports/ckan-dcat-ap-donl.json", JSON_MEDIA_TYPE, "ckan-dcat-ap-donl.json",
                 "the datasets and data collections as CKAN packages in DCAT-AP-DONL 1.1, for data.overheid.nl; "
                 "refusals on stderr", _ckan),
    OpenDataFile("dcat-turtle", "/api/v1/catalog.ttl", TURTLE_MEDIA_TYPE, "catalog.ttl",
                 "the same as a DCAT catalogue in Turtle", lambda register, settings: _catalog(
                     register, settings, jsonld=False)),
    OpenDataFile("dcat-jsonld", "/api/v1/catalog.jsonld", JSONLD_MEDIA_TYPE, "catalog.jsonld",
                 "the same catalogue in JSON-LD", lambda register, settings: _catalog(register, settings, jsonld=True)),
    OpenDataFile("geojson", "/api/v1/data-collections.geojson", GEOJSON_MEDIA_TYPE, "dataverzamelingen.geojson",
                 "the data collections not withdrawn, one feature per location (RFC 7946)", _geojson),
    OpenDataFile("csv", "/api/v1/exports/register.csv", CSV_MEDIA_TYPE, "register.csv",
                 "every public entry's current version, a row each (UTF-8 with BOM)", _spreadsheet("csv")),
    OpenDataFile("csv-history", "/api/v1/exports/register-history.csv", CSV_MEDIA_TYPE, "register-history.csv",
                 "every published version", _spreadsheet("csv-history")),
    OpenDataFile("xlsx", "/api/v1/exports/register.xlsx", XLSX_MEDIA_TYPE, "register.xlsx",
                 "both, as two sheets", _spreadsheet("xlsx")),
    OpenDataFile("art30-csv", "/api/v1/exports/verwerkingsregister.csv", CSV_MEDIA_TYPE, "verwerkingsregister.csv",
                 "every entry with personal data and its answers to GDPR art. 30(1), for the record of "
                 "processing activities", _processing_register),
)
FILES_BY_NAME = {file.name: file for file in OPEN_DATA_FILES}
