"""The national register's enforced field configuration for standard 1.0, shipped in `data/`.

Limits and enumerations are read from that file, not retyped, so that they stay exact."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _load() -> dict[str, Any]:
    text = resources.files("schemas.data").joinpath("standard-v1_0-enforced.json").read_text("utf-8")
    properties: dict[str, Any] = json.loads(text)["properties"]
    return properties


NATIONAL_FIELDS: dict[str, Any] = _load()
NATIONAL_KEYS: tuple[str, ...] = tuple(NATIONAL_FIELDS)


def _limits() -> dict[str, int]:
    limits: dict[str, int] = {}
    for key, spec in NATIONAL_FIELDS.items():
        if spec.get("max_length"):
            limits[key] = int(spec["max_length"])
        for item_key, item_spec in (spec.get("items") or {}).items():
            if isinstance(item_spec, dict) and item_spec.get("max_length"):
                limits[f"{key}.{item_key}"] = int(item_spec["max_length"])
    return limits


NATIONAL_LIMITS: dict[str, int] = _limits()


def permitted_values(key: str) -> list[str]:
    return list(NATIONAL_FIELDS[key].get("permitted_values") or [])


def shown_when_empty(key: str) -> bool:
    """The national `show_always` flag: an empty field then reads 'Veld niet ingevuld'."""
    return bool(NATIONAL_FIELDS.get(key, {}).get("show_always"))


def national_help(key: str) -> tuple[str, str]:
    """The national help text and instructions of a field (`key`, or `key.item` for list items)."""
    parent, _, item = key.partition(".")
    spec = NATIONAL_FIELDS.get(parent) or {}
    if item:
        spec = (spec.get("items") or {}).get(item) or {}
    return str(spec.get("help_text") or "").strip(), str(spec.get("instructions") or "").strip()
