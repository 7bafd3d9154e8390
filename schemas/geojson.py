"""Checks for GeoJSON locations (RFC 7946, WGS84, longitude before latitude)."""

from __future__ import annotations

from typing import Any

from schemas.problems import Problem

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
