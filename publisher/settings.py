"""Settings, read once from `GLAZENSTAD_*` environment variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

from schemas.entry import Organisation
from search import MEILISEARCH_INDEX

SETTINGS_HELP = {
    "GLAZENSTAD_DATA_DIR": "folder for the embedded database and search index (default ./var)",
    "GLAZENSTAD_DATABASE_URL": (
        "SQLAlchemy URL (default: SQLite in the data folder; postgresql+psycopg://… for PostgreSQL)"
    ),
    "GLAZENSTAD_SEARCH_BACKEND": "search backend: embedded (default) or meilisearch",
    "GLAZENSTAD_SEARCH_INDEX_DIR": "folder of the embedded search index (default DATA_DIR/index)",
    "GLAZENSTAD_MEILISEARCH_URL": "address of the Meilisearch server (1.11 or later) for the meilisearch backend, "
    "for example http://127.0.0.1:7700",
    "GLAZENSTAD_MEILISEARCH_KEY": "its API key (default empty: a server without a master key); used by the server "
    "only, never sent to a browser",
    "GLAZENSTAD_MEILISEARCH_INDEX": f"name of the Meilisearch index (default {MEILISEARCH_INDEX})",
    "GLAZENSTAD_PUBLIC_URL": "the public address of the site, used in exports (default http://127.0.0.1:8000)",
    "GLAZENSTAD_ORGANISATION_CODE": "TOOI code of the municipality that runs the register (default gm9999)",
    "GLAZENSTAD_ORGANISATION_NAME": "its official name (default Gemeente Voorbeeldstad)",
    "GLAZENSTAD_SECRET_KEY": (
        "key that signs session and CSRF cookies (default: a random key made once and kept in DATA_DIR/secret_key)"
    ),
    "GLAZENSTAD_ARCHIVE_DIR": "folder for renditions and the register's own records (default DATA_DIR/archief)",
    "GLAZENSTAD_TRANSFER_TERM": "years after closing that permanent records go to the archive: P20Y (default) or P10Y",
    "GLAZENSTAD_BACKUP_RETENTION_DAYS": "days a backup is kept; a declaration of destruction states when "
    "the last backup holding the data expires (default 90)",
    "GLAZENSTAD_SECURE_COOKIES": "1 to send cookies over HTTPS only (default 1 unless PUBLIC_URL starts with http://)",
    "GLAZENSTAD_SMTP_HOST": (
        "mail server for editorial notifications (default empty: no server; messages are written to the log)"
    ),
    "GLAZENSTAD_SMTP_PORT": "its port (default 25)",
    "GLAZENSTAD_SMTP_USER": "user name to log in to the mail server (default empty: no login)",
    "GLAZENSTAD_SMTP_PASSWORD": "password for that user",
    "GLAZENSTAD_SMTP_STARTTLS": "1 to switch the connection to TLS with STARTTLS before logging in (default 0)",
    "GLAZENSTAD_MAIL_FROM": "sender address of notifications (default register@ the host of PUBLIC_URL)",
    "GLAZENSTAD_MAP_TILES": "base tiles of the map /kaart as an address with {z}, {x} and {y}; the site fetches and "
    "keeps them in DATA_DIR/kaarttegels, browsers load them from the site (default PDOK's BRT-Achtergrondkaart; "
    "empty: no base map)",
    "GLAZENSTAD_EUROCITIES_NOT_AI": "Eurocities risk category for an algorithm that is no AI system, which the "
    "standard has none for: empty (default) refuses such records with the reason, 'minimal risk' states that "
    "with a remark",
    "GLAZENSTAD_MAP_ATTRIBUTION": "the credit line shown with those tiles (default Kadaster, BRT-Achtergrondkaart)",
}


TRANSFER_TERMS = ("P20Y", "P10Y")


def _transfer_term(value: str) -> str:
    if value not in TRANSFER_TERMS:
        raise ValueError(f"GLAZENSTAD_TRANSFER_TERM must be P20Y (Archiefwet 1995) or P10Y (the new Archiefwet), "
                         f"not {value!r}")
    return value


PDOK_BRT_TILES = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_BRT_ATTRIBUTION = "Kaartgegevens © Kadaster (BRT-Achtergrondkaart, PDOK)"


def _tile_template(value: str) -> str:
    value = value.strip()
    if value and (not value.startswith(("http://", "https://")) or not all(
            part in value for part in ("{z}", "{x}", "{y}"))):
        raise ValueError(f"GLAZENSTAD_MAP_TILES must be an http(s) address with {{z}}, {{x}} and {{y}} "
                            f"(or empty for a map without base tiles), not {value!r}")
    return value


EUROCITIES_NOT_AI_CHOICES = ("", "minimal risk")


def _eurocities_not_ai(value: str) -> str:
    if value not in EUROCITIES_NOT_AI_CHOICES:
        raise ValueError(f"GLAZENSTAD_EUROCITIES_NOT_AI must be empty or 'minimal risk', not {value!r}")
    return value


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    data_dir: Path
    database_url: str
    search_backend: str = "embedded"
    search_index_dir: Path | None = None
    meilisearch_url: str = ""
    meilisearch_key: str = ""
    meilisearch_index: str = MEILISEARCH_INDEX
    public_url: str = "http://127.0.0.1:8000"
    organisation_code: str = "gm9999"
    organisation_name: str = "Gemeente Voorbeeldstad"
    secret_key: str | None = None
    secure_cookies: bool = False
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "register@localhost"
    archive_dir: Path | None = None
    transfer_term: str = "P20Y"
    backup_retention_days: int = 90
    map_tiles: str = PDOK_BRT_TILES
    """Where the map's base tiles come from ({z}/{x}/{y}); the site fetches and keeps them, so a citizen's
    browser only ever talks to us. Empty: the map has no base layer."""
    map_attribution: str = PDOK_BRT_ATTRIBUTION
    eurocities_not_ai: str = ""
    """The Eurocities risk category stated for an algorithm that is no AI system ("" refuses such records)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("GLAZENSTAD_DATA_DIR", "var")).resolve()
        index_dir = env.get("GLAZENSTAD_SEARCH_INDEX_DIR")
        public_url = env.get("GLAZENSTAD_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
        return cls(
            data_dir=data_dir,
            database_url=env.get("GLAZENSTAD_DATABASE_URL") or f"sqlite:///{data_dir / 'glazenstad.db'}",
            search_backend=env.get("GLAZENSTAD_SEARCH_BACKEND", "embedded"),
            search_index_dir=Path(index_dir).resolve() if index_dir else data_dir / "index",
            meilisearch_url=env.get("GLAZENSTAD_MEILISEARCH_URL", ""),
            meilisearch_key=env.get("GLAZENSTAD_MEILISEARCH_KEY", ""),
            meilisearch_index=env.get("GLAZENSTAD_MEILISEARCH_INDEX") or MEILISEARCH_INDEX,
            public_url=public_url,
            organisation_code=env.get("GLAZENSTAD_ORGANISATION_CODE", "gm9999"),
            organisation_name=env.get("GLAZENSTAD_ORGANISATION_NAME", "Gemeente Voorbeeldstad"),
            secret_key=env.get("GLAZENSTAD_SECRET_KEY") or None,
            secure_cookies=env.get("GLAZENSTAD_SECURE_COOKIES", "0" if public_url.startswith("http://") else "1")
            == "1",
            smtp_host=env.get("GLAZENSTAD_SMTP_HOST", ""),
            smtp_port=int(env.get("GLAZENSTAD_SMTP_PORT") or 25),
            smtp_user=env.get("GLAZENSTAD_SMTP_USER", ""),
            smtp_password=env.get("GLAZENSTAD_SMTP_PASSWORD", ""),
            smtp_starttls=env.get("GLAZENSTAD_SMTP_STARTTLS", "0") == "1",
            mail_from=env.get("GLAZENSTAD_MAIL_FROM") or f"register@{urlsplit(public_url).hostname or 'localhost'}",
            archive_dir=Path(env["GLAZENSTAD_ARCHIVE_DIR"]).resolve() if env.get("GLAZENSTAD_ARCHIVE_DIR") else None,
            transfer_term=_transfer_term(env.get("GLAZENSTAD_TRANSFER_TERM", "P20Y")),
            backup_retention_days=int(env.get("GLAZENSTAD_BACKUP_RETENTION_DAYS") or 90),
            map_tiles=_tile_template(env.get("GLAZENSTAD_MAP_TILES", PDOK_BRT_TILES)),
            map_attribution=env.get("GLAZENSTAD_MAP_ATTRIBUTION", PDOK_BRT_ATTRIBUTION),
            eurocities_not_ai=_eurocities_not_ai(env.get("GLAZENSTAD_EUROCITIES_NOT_AI", "")),
        )

    @property
    def archive_store(self) -> Path:
        """Where renditions and the register's own records are kept, write-once."""
        return self.archive_dir or self.data_dir / "archief"

    def signing_key(self) -> str:
        """The configured secret, or one made at random the first time and kept beside the database."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_hex(32))
        return path.read_text().strip()

    @property
    def organisation(self) -> Organisation:
        return Organisation(tooi_id=self.organisation_code, name=self.organisation_name)
