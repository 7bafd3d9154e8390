"""What the open-data exports share: the register's current public versions and their deep links, and
the GeoJSON map layer of the data collections (RFC 7946)."""

from __future__ import annotations

from typing import Any

from register.published import PublicVersion, PublishedRegister
from schemas.enums import EntryKind, VersionState
from schemas.geojson import data_collection_features

GEOJSON_MEDIA_TYPE = "application/geo+json"


def entry_url(public_url: str, entry_id: str) -> str:
    """The deep link of an entry's public page."""
    return f"{public_url.rstrip('/')}/register/{entry_id}"


def current_public(register: PublishedRegister) -> list[PublicVersion]:
    """Every entry's current public version (withdrawn ones too), in name order: the order of every export."""
    return sorted(register.current_versions(), key=lambda version: (version.content.name.casefold(), version.entry_id))


def in_use(version: PublicVersion, kind: EntryKind) -> bool:
    """A public version of this kind that was not withdrawn."""
    return version.content.kind == kind and version.state != VersionState.WITHDRAWN


def data_collections_geojson(register: PublishedRegister, public_url: str) -> dict[str, Any]:
    """A FeatureCollection of the located data collections that are not withdrawn, one Feature per location."""
    features = [
        feature
        for version in current_public(register) if in_use(version, EntryKind.DATA_COLLECTION)
        for feature in data_collection_features(version.entry_id, version.content,
                                                entry_url(public_url, version.entry_id))
    ]
    return {"type": "FeatureCollection", "features": features}
