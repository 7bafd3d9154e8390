"""Settings, read once from `GLAZENSTAD_*` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

from schemas.entry import Organisation

SETTINGS_HELP = {
    "GLAZENSTAD_DATA_DIR": "folder for the embedded database and search index (default ./var)",
    "GLAZENSTAD_DATABASE_URL": (
        "SQLAlchemy URL (default: SQLite in the data folder; postgresql+psycopg://… for PostgreSQL)"
    ),
    "GLAZENSTAD_SEARCH_BACKEND": "search backend: embedded (default)",
    "GLAZENSTAD_SEARCH_INDEX_DIR": "folder of the embedded search index (default DATA_DIR/index)",
    "GLAZENSTAD_PUBLIC_URL": "the public address of the site, used in exports (default http://127.0.0.1:8000)",
    "GLAZENSTAD_ORGANISATION_CODE": "TOOI code of the municipality that runs the register (default gm9999)",
    "GLAZENSTAD_ORGANISATION_NAME": "its official name (default Gemeente Voorbeeldstad)",
}


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    data_dir: Path
    database_url: str
    search_backend: str = "embedded"
    search_index_dir: Path | None = None
    public_url: str = "http://127.0.0.1:8000"
    organisation_code: str = "gm9999"
    organisation_name: str = "Gemeente Voorbeeldstad"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("GLAZENSTAD_DATA_DIR", "var")).resolve()
        index_dir = env.get("GLAZENSTAD_SEARCH_INDEX_DIR")
        return cls(
            data_dir=data_dir,
            database_url=env.get("GLAZENSTAD_DATABASE_URL") or f"sqlite:///{data_dir / 'glazenstad.db'}",
            search_backend=env.get("GLAZENSTAD_SEARCH_BACKEND", "embedded"),
            search_index_dir=Path(index_dir).resolve() if index_dir else data_dir / "index",
            public_url=env.get("GLAZENSTAD_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            organisation_code=env.get("GLAZENSTAD_ORGANISATION_CODE", "gm9999"),
            organisation_name=env.get("GLAZENSTAD_ORGANISATION_NAME", "Gemeente Voorbeeldstad"),
        )

    @property
    def organisation(self) -> Organisation:
        return Organisation(tooi_id=self.organisation_code, name=self.organisation_name)
