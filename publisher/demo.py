"""The demo register of Gemeente Voorbeeldstad, shipped as one YAML file per entry."""

from __future__ import annotations

from importlib import resources

import msgspec

from schemas.export_format import ExportedEntry


def load_demo_entries() -> list[ExportedEntry]:
    folder = resources.files("publisher").joinpath("demo", "entries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    entries = []
    for file in files:
        try:
            entries.append(msgspec.yaml.decode(file.read_bytes(), type=ExportedEntry))
        except msgspec.ValidationError as error:
            raise ValueError(f"demo file {file.name}: {error}") from error
    return entries
