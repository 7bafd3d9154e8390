"""What the app and the command line share: the database, the search backend, the settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from publisher.settings import Settings
from register.database import make_engine, make_sessionmaker, upgrade_database
from register.published import PublishedRegister
from search import SearchBackend, open_backend


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    search: SearchBackend

    @contextmanager
    def published(self) -> Iterator[PublishedRegister]:
        """A read-only view of what is published, for the public side."""
        with self.sessions() as session:
            yield PublishedRegister(session)

    def close(self) -> None:
        self.engine.dispose()


def open_services(settings: Settings, *, upgrade: bool = True) -> Services:
    if settings.database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if upgrade:
        upgrade_database(engine)
    search = open_backend(settings.search_backend, settings.search_index_dir)
    return Services(settings=settings, engine=engine, sessions=make_sessionmaker(engine), search=search)
