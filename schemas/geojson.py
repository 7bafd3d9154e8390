"""GeoJSON (RFC 7946, WGS84, longitude before latitude): checks for the locations of a data collection,
and its locations as features for a map of what the city collects."""

from __future__ import annotations

from typing import Any

from schemas.entry import DataCollection, EntryContent
from schemas.problems import Problem
from schemas.richtext import strip_html

GEOMETRY_TYPES = frozenset({"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                            "MultiPolygon"})


def geojson_problems(value: dict[str, Any], field: str) -> list[Problem]:
    def problem(where: str, dutch: str, english: str) -> Problem:
        return Problem(field=f"{field}{where}", message=dutch, message_en=english)

    if value.get("type") != "FeatureCollection" or not isinstance(value.get("features"), list):
        return [problem("", "moet een GeoJSON FeatureCollection zijn",
                        "must be a GeoJSON FeatureCollection")]
    problems = []
    for index, feature in enumerate(value["features"]):
        where = f".features[{index}]"
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(feature, dict) or feature.get("type") != "Feature" or not isinstance(
            geometry, dict
        ):
            problems.append(problem(where, "moet een Feature met een geometrie zijn",
                                    "must be a Feature with a geometry"))
            continue
        if geometry.get("type") not in GEOMETRY_TYPES:
            problems.append(problem(f"{where}.geometry.type", "onbekend geometrietype",
                                    "unknown geometry type"))
            continue
        positions = list(_positions(geometry.get("coordinates")))
        if not positions or any(not _valid_position(p) for p in positions):
            problems.append(problem(
                f"{where}.geometry.coordinates",
                "ongeldige coördinaten: gebruik [lengtegraad, breedtegraad] in WGS84",
                "invalid coordinates: use [longitude, latitude] in WGS84",
            ))
    return problems


def _positions(coordinates: Any) -> list[Any]:
    if isinstance(coordinates, list) and coordinates and all(
        isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates
    ):
        return [coordinates]
    if isinstance(coordinates, list):
        return [p for item in coordinates for p in _positions(item)]
    return [None]


def _valid_position(position: Any) -> bool:
    return (
        isinstance(position, list)
        and len(position) in (2, 3)
        and -180 <= position[0] <= 180
        and -90 <= position[1] <= 90
    )


def data_collection_features(entry_id: str, content: EntryContent, page_url: str) -> list[dict[str, Any]]:
    """The locations of a data collection as Features, each saying what a citizen asks of a sensor: what it
    is and observes, whether it involves personal data, on what legal basis and to what end, until when,
    and where to read more. Features keep their geometry; the id is the entry's id and the location's number."""
    collection = content.data_collection
    if collection is None or not collection.locations:
        return []
    shared = data_collection_properties(entry_id, content, page_url)
    features = []
    for number, feature in enumerate(collection.locations.get("features", []), 1):
        properties = feature.get("properties") or {}
        features.append({
            "type": "Feature",
            "id": f"{entry_id}/{number}",
            "geometry": feature["geometry"],
            "properties": {**shared, "location": properties.get("label"),
                           "device_count": properties.get("device_count", collection.device_count)},
        })
    return features


def data_collection_properties(entry_id: str, content: EntryContent, page_url: str) -> dict[str, Any]:
    """What every location of a data collection says of it (and the map's table of the collection itself)."""
    collection = content.data_collection or DataCollection()
    goal = content.goal or "; ".join(goal.goal for goal in collection.observation_goals)
    legal_basis = content.lawful_basis or "; ".join(reference.title for reference in content.law_references)
    return {
        "entry_id": entry_id,
        "name": content.name,
        "url": page_url,
        "sensor_type": collection.sensor_type and collection.sensor_type.value,
        "sensor_type_label": collection.sensor_type.label("nl") if collection.sensor_type
        else collection.sensor_type_other,
        "observes": collection.observes,
        "personal_data": content.personal_data and content.personal_data.value,
        "personal_data_label": content.personal_data.label("nl") if content.personal_data else None,
        "legal_basis": strip_html(legal_basis) or None,
        "goal": strip_html(goal) or None,
        "active_until": collection.active_until.isoformat() if collection.active_until else None,
    }
