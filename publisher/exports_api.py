"""Open-data downloads, from published versions only:

- the national publication standard 1.0: the register's algorithms as one file to upload to the national
  algorithm register, the entries refused for it and why, one entry's records;
- the Eurocities standard v0.3.1: JSON, CSV, and the refusals;
- DCAT-AP-DONL 1.1 for the datasets and data collections: CKAN packages for data.overheid.nl, the refusals,
  and the DCAT catalogue in Turtle and JSON-LD;
- the GeoJSON map layer of the data collections;
- the whole register as CSV and XLSX (current state and publication history);
- the crosswalk to the record of processing activities (GDPR art. 30).

The files themselves are made by `publisher.export_files`, shared with `glazenstad export`."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY

from publisher.api import ITEM_RESPONSES, PROBLEM_JSON, EntryIdParam
from publisher.api_models import ProblemDetails
from publisher.export_files import FILES_BY_NAME, JSON_MEDIA_TYPE, JSONLD_MEDIA_TYPE, TURTLE_MEDIA_TYPE, ExportFile
from publisher.gone import raise_missing
from publisher.national_export import entry_records, is_exported
from publisher.open_data import GEOJSON_MEDIA_TYPE, RefusedEntry, data_collections_geojson
from publisher.services import services_of
from publisher.spreadsheet_export import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE

NOT_IN_STANDARD = {
    **ITEM_RESPONSES,
    422: ResponseSpec(
        data_container=ProblemDetails, media_type=PROBLEM_JSON,
        description="The entry is no algorithm, was withdrawn, or does not meet the standard; `invalid_params` "
        "names each field and what is wrong with it",
    ),
}


class ExportsController(Controller):
    path = "/api/v1"
    tags = ["open data"]

    @get("/exports/national-1.0.json", operation_id="exportNational", sync_to_thread=False)
    def national(self, state: State) -> Response[list[dict[str, Any]]]:
        """Every published algorithm in the national publication standard 1.0: a JSON list with one record per
        responsible organisation, `url` the entry's public page and `source_id` its id here. Entries that do not
        meet the standard are left out and listed at `/api/v1/exports/national-1.0-refused.json`."""
        return _download(state, "national")

    @get("/exports/national-1.0-refused.json", operation_id="exportNationalRefused", sync_to_thread=False)
    def refused(self, state: State) -> list[RefusedEntry]:
        """The published algorithms left out of the national export, each with the fields that keep it out."""
        return _refusals(state, "national")

    @get("/entries/{entry_id:str}/national-1.0.json", operation_id="getEntryNational", sync_to_thread=False,
         responses=NOT_IN_STANDARD)
    def entry(self, state: State, entry_id: EntryIdParam) -> list[dict[str, Any]]:
        """One entry's records in the national publication standard 1.0 (one per responsible organisation)."""
        services = services_of(state)
        with services.published() as register:
            view = register.entry(entry_id)
            if view is None:
                raise_missing(register, entry_id)
        assert view is not None
        version = view.current
        if not is_exported(version):
            raise ValidationException(
                "only algorithms that are not withdrawn belong in the national register",
                extra=[{"key": "kind", "message": f"{version.content.kind} ({version.state})"}],
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        records, refused = entry_records(version, services.settings.public_url)
        if refused:
            raise ValidationException(
                "the entry does not meet the national publication standard 1.0",
                extra=[{"key": problem.field, "message": f"{entry.organisation}: {problem.message}"}
                       for entry in refused for problem in entry.problems],
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return records

    @get("/data-collections.geojson", operation_id="dataCollectionsGeojson", sync_to_thread=False,
         media_type=GEOJSON_MEDIA_TYPE)
    def data_collections(self, state: State) -> dict[str, Any]:
        """The data collections that are not withdrawn as a GeoJSON FeatureCollection (RFC 7946, WGS84): one
        Feature per location, with what is measured, whether personal data is involved, the legal basis, the goal,
        until when, and the entry's page."""
        services = services_of(state)
        with services.published() as register:
            return data_collections_geojson(register, services.settings.public_url)

    @get("/exports/register.csv", operation_id="exportCsv", sync_to_thread=False, media_type=CSV_MEDIA_TYPE)
    def register_csv(self, state: State) -> Response[bytes]:
        """Every public entry's current version, one row each and every field a column (UTF-8 with BOM)."""
        return _download(state, "csv")

    @get("/exports/register-history.csv", operation_id="exportHistoryCsv", sync_to_thread=False,
         media_type=CSV_MEDIA_TYPE)
    def history_csv(self, state: State) -> Response[bytes]:
        """Every published version of every entry (the publication history), one row each."""
        return _download(state, "csv-history")

    @get("/exports/register.xlsx", operation_id="exportXlsx", sync_to_thread=False, media_type=XLSX_MEDIA_TYPE)
    def register_xlsx(self, state: State) -> Response[bytes]:
        """The current state and the publication history as two sheets of one workbook."""
        return _download(state, "xlsx")

    @get("/exports/verwerkingsregister.csv", operation_id="exportProcessingRegisterCsv", sync_to_thread=False,
         media_type=CSV_MEDIA_TYPE)
    def processing_register(self, state: State) -> Response[bytes]:
        """The crosswalk to the record of processing activities (GDPR art. 30): every public entry that involves
        personal data, one row each, a column per art. 30(1) item the register can answer."""
        return _download(state, "art30-csv")

    @get("/exports/eurocities-0.3.1.json", operation_id="exportEurocities", sync_to_thread=False,
         media_type=JSON_MEDIA_TYPE)
    def eurocities(self, state: State) -> Response[list[dict[str, Any]]]:
        """Every published algorithm that meets the Eurocities algorithmic transparency standard v0.3.1, one
        record each (validated against the JSON Schema generated from the standard, required attributes
        checked). The others are listed at `/api/v1/exports/eurocities-0.3.1-refused.json`."""
        return _download(state, "eurocities")

    @get("/exports/eurocities-0.3.1.csv", operation_id="exportEurocitiesCsv", sync_to_thread=False,
         media_type=CSV_MEDIA_TYPE)
    def eurocities_csv(self, state: State) -> Response[bytes]:
        """The same records in the standard's CSV template (its header line, semicolons, every cell quoted)."""
        return _download(state, "eurocities-csv")

    @get("/exports/eurocities-0.3.1-refused.json", operation_id="exportEurocitiesRefused", sync_to_thread=False)
    def eurocities_refused(self, state: State) -> list[RefusedEntry]:
        """The published algorithms left out of the Eurocities export, each with the attributes that keep it
        out (and any warnings about how it would be converted)."""
        return _refusals(state, "eurocities")

    @get("/exports/ckan-dcat-ap-donl.json", operation_id="exportCkan", sync_to_thread=False,
         media_type=JSON_MEDIA_TYPE)
    def ckan(self, state: State) -> Response[list[dict[str, Any]]]:
        """Every published dataset and data collection as a CKAN package in DCAT-AP-DONL 1.1, as data.overheid.nl
        takes them (with their resources). The ones that cannot give a mandatory property are listed at
        `/api/v1/exports/dcat-ap-donl-refused.json`."""
        return _download(state, "ckan")

    @get("/exports/dcat-ap-donl-refused.json", operation_id="exportDcatRefused", sync_to_thread=False)
    def dcat_refused(self, state: State) -> list[RefusedEntry]:
        """The published datasets and data collections left out of the DCAT-AP-DONL exports, and why."""
        return _refusals(state, "ckan")

    @get("/catalog.ttl", operation_id="catalogTurtle", sync_to_thread=False, media_type=TURTLE_MEDIA_TYPE)
    def catalog_turtle(self, state: State) -> Response[bytes]:
        """The DCAT catalogue (DCAT-AP-DONL 1.1) of the published datasets and data collections, in Turtle."""
        return _download(state, "dcat-turtle", attachment=False)

    @get("/catalog.jsonld", operation_id="catalogJsonld", sync_to_thread=False, media_type=JSONLD_MEDIA_TYPE)
    def catalog_jsonld(self, state: State) -> Response[dict[str, Any]]:
        """The same catalogue in JSON-LD."""
        return _download(state, "dcat-jsonld", attachment=False)


def _made(state: State, name: str) -> ExportFile:
    """One of the open-data files, made as `glazenstad export` makes it (the same settings, the same refusals)."""
    services = services_of(state)
    with services.published() as register:
        return FILES_BY_NAME[name].make(register, services.settings)


def _refusals(state: State, name: str) -> list[RefusedEntry]:
    """What one of the exports in a standard left out, and why."""
    return _made(state, name).refused


def _download(state: State, name: str, *, attachment: bool = True) -> Response[Any]:
    """One of the open-data files, as an attachment under its file name (or inline, for linked data that is
    read where it is named). The bytes go out as they are; a handler's annotation is what OpenAPI says of them."""
    file, made = FILES_BY_NAME[name], _made(state, name)
    disposition = "attachment" if attachment else "inline"
    # the media type is the route's own (the same as the file's): given here as well, litestar would add a
    # second charset to it
    return Response(made.data, headers={"content-disposition": f'{disposition}; filename="{file.filename}"'})
