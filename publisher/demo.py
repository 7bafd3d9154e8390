"""The demo register of Gemeente Voorbeeldstad, shipped as one YAML file per entry."""

from __future__ import annotations

from importlib import resources

import msgspec
from sqlalchemy import func, select

from publisher.demo_archive import load_demo_archive
from publisher.indexing import reindex
from publisher.renditions import make_renditions
from publisher.services import Services
from register.exchange import ImportReport, Progress, import_entries
from register.models import Entry
from schemas.export_format import ExportedEntry


class RegisterNotEmpty(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(f"the register is not empty ({count} entries); the demo loads only into an empty one")
        self.count = count


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


def load_demo(
    services: Services, *, actor: str, progress: Progress | None = None, archive: bool = True
) -> ImportReport:
    """Load the demo into an empty register (one transaction), then its renditions and the demo
    archivist's work (`archive`), then build the search index."""
    with services.sessions.begin() as session:
        count = session.scalar(select(func.count()).select_from(Entry)) or 0
        if count:
            raise RegisterNotEmpty(count)
        report = import_entries(session, load_demo_entries(), actor=actor, origin="demo", progress=progress)
    if archive:
        make_renditions(services)
        load_demo_archive(services)
    reindex(services)
    return report
