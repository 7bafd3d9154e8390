"""The map of what the city collects, `/kaart`: every data collection that is not withdrawn, with its
locations on a Leaflet map (served from our own static files, xstatic-leaflet) and the same data as a table.

The table is the page: a browser without JavaScript gets it, filtered on the server by the form above it
(rows outside the filters are sent hidden). With JavaScript the map is drawn above the table from the GeoJSON
download, and the same filters show and hide markers and rows at once, without a reload: choosing an option
never takes a reader elsewhere (WCAG 3.2.2). Base tiles come through `/kaart/tegels/` (see `map_tiles`)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter
from litestar.status_codes import HTTP_502_BAD_GATEWAY

from publisher.map_tiles import TILE_DIR, TileCache, TileUnavailable, tile_in_bounds
from publisher.open_data import current_versions_by_name, entry_url, not_withdrawn
from publisher.rendering import render, request_language
from publisher.services import services_of
from register.published import PublishedRegister
from schemas.enums import EntryKind, PersonalDataLevel, SensorType
from schemas.geojson import data_collection_features, data_collection_properties

TILE_PATH = "/kaart/tegels/{z}/{x}/{y}.png"
TILE_CACHE_CONTROL = "public, max-age=604800"


class MapEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One data collection as the map's table shows it."""

    entry_id: str
    name: str
    url: str
    sensor_type: str
    sensor_type_label: str
    observes: str
    personal_data: str
    personal_data_label: str
    legal_basis: str
    locations: list[str]


def map_entries(register: PublishedRegister, public_url: str, lang: str) -> list[MapEntry]:
    """Every data collection that is not withdrawn, one row each in name order, with the same properties as
    its locations in the GeoJSON download. Those without a location are rows too: the table is the whole
    list, the map what can be drawn."""
    rows = []
    for version in current_versions_by_name(register):
        if not not_withdrawn(version, EntryKind.DATA_COLLECTION):
            continue
        page_url = entry_url(public_url, version.entry_id)
        properties = data_collection_properties(version.entry_id, version.content, page_url)
        features = data_collection_features(version.entry_id, version.content, page_url)
        sensor_type, personal_data = properties["sensor_type"] or "", properties["personal_data"] or ""
        rows.append(MapEntry(
            entry_id=version.entry_id,
            name=version.content.name,
            url=f"/register/{version.entry_id}",
            sensor_type=sensor_type,
            sensor_type_label=(SensorType(sensor_type).label(lang) if sensor_type and sensor_type != "other"
                               else properties["sensor_type_label"] or ""),
            observes=properties["observes"] or "",
            personal_data=personal_data,
            personal_data_label=PersonalDataLevel(personal_data).label(lang) if personal_data else "",
            legal_basis=properties["legal_basis"] or "",
            locations=[feature["properties"]["location"] or feature["id"] for feature in features],
        ))
    return rows


class MapPage(Controller):
    include_in_schema = False

    @get("/kaart", sync_to_thread=False)
    def map(
        self,
        request: Request,
        state: State,
        soort: Annotated[SensorType | None, QueryParameter(description="sensor type")] = None,
        persoonsgegevens: Annotated[PersonalDataLevel | None, QueryParameter(description="personal data")] = None,
    ) -> Response[str]:
        services = services_of(state)
        lang = request_language(request)
        with services.published() as register:
            entries = map_entries(register, services.settings.public_url, lang)
        types = sorted({(e.sensor_type, e.sensor_type_label) for e in entries}, key=lambda pair: pair[1])
        shown = {e.entry_id for e in entries
                 if (soort is None or e.sensor_type == soort) and
                 (persoonsgegevens is None or e.personal_data == persoonsgegevens)}
        return render(
            request, "map.html", entries=entries, shown=shown, sensor_types=types,
            personal_data_levels=[(level.value, level.label(lang)) for level in PersonalDataLevel],
            chosen_type=soort.value if soort else "", chosen_personal_data=persoonsgegevens.value if persoonsgegevens
            else "", tiles=TILE_PATH if services.settings.map_tiles else "",
            attribution=services.settings.map_attribution,
        )

    @get("/kaart/tegels/{z:int}/{x:int}/{y_png:str}", sync_to_thread=True, media_type="image/png")
    def tile(
        self,
        state: State,
        z: Annotated[int, PathParameter(ge=0, le=30)],
        x: Annotated[int, PathParameter(ge=0, le=2**30)],
        y_png: Annotated[str, PathParameter(pattern=r"^[0-9]{1,10}\.png$")],
    ) -> Response[bytes]:
        """A base tile of the Netherlands, from the configured tile service, kept after the first fetch."""
        settings = services_of(state).settings
        y = int(y_png.removesuffix(".png"))
        if not settings.map_tiles or not tile_in_bounds(z, x, y):
            raise NotFoundException("no such map tile")
        cache = TileCache(settings.map_tiles, settings.data_dir / TILE_DIR)
        try:
            data = cache.tile(z, x, y)
        except TileUnavailable:
            return Response(b"", status_code=HTTP_502_BAD_GATEWAY, headers={"cache-control": "no-store"})
        return Response(data, headers={"cache-control": TILE_CACHE_CONTROL})
