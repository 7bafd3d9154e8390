"""Open-data downloads, from published versions only: the national publication standard 1.0 (the
register's algorithms as one file to upload to the national algorithm register, the entries refused for it
and why, one entry's records), the GeoJSON map layer of the data collections, and the whole register as
CSV and XLSX (current state and publication history)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY

from publisher.api import ITEM_RESPONSES, PROBLEM_JSON, EntryIdParam
from publisher.api_models import ProblemDetails
from publisher.gone import raise_missing
from publisher.national_export import RefusedEntry, entry_records, is_exported, national_export
from publisher.open_data import GEOJSON_MEDIA_TYPE, data_collections_geojson
from publisher.services import services_of
from publisher.spreadsheet_export import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, spreadsheet

NATIONAL_FILE = "publicatiestandaard-1.0.json"
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
        services = services_of(state)
        with services.published() as register:
            export = national_export(register, services.settings.public_url)
        return Response(export.records, headers={"content-disposition": f'attachment; filename="{NATIONAL_FILE}"'})

    @get("/exports/national-1.0-refused.json", operation_id="exportNationalRefused", sync_to_thread=False)
    def refused(self, state: State) -> list[RefusedEntry]:
        """The published algorithms left out of the national export, each with the fields that keep it out."""
        services = services_of(state)
        with services.published() as register:
            return national_export(register, services.settings.public_url).refused

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
        return _download(state, "csv", "register.csv")

    @get("/exports/register-history.csv", operation_id="exportHistoryCsv", sync_to_thread=False,
         media_type=CSV_MEDIA_TYPE)
    def history_csv(self, state: State) -> Response[bytes]:
        """Every published version of every entry (the publication history), one row each."""
        return _download(state, "csv-history", "register-history.csv")

    @get("/exports/register.xlsx", operation_id="exportXlsx", sync_to_thread=False, media_type=XLSX_MEDIA_TYPE)
    def register_xlsx(self, state: State) -> Response[bytes]:
        """The current state and the publication history as two sheets of one workbook."""
        return _download(state, "xlsx", "register.xlsx")


def _download(state: State, file_format: str, filename: str) -> Response[bytes]:
    services = services_of(state)
    with services.published() as register:
        data, _ = spreadsheet(register, services.settings.public_url, file_format)
    return Response(data, headers={"content-disposition": f'attachment; filename="{filename}"'})
