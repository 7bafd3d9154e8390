"""What the app and the command line share: the database, the search backend, the settings."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from litestar.datastructures import State
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from publisher.settings import Settings
from register.database import make_engine, make_sessionmaker, upgrade_database
from register.published import PublishedRegister
from search import IndexOutOfDate, SearchBackend, open_backend

logger = logging.getLogger("glazenstad")


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


def services_of(state: State) -> Services:
    """The services the app was built with, from a request's application state."""
    services: Services = state.services
    return services


def open_services(settings: Settings, *, upgrade: bool = True) -> Services:
    if settings.database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if upgrade:
        upgrade_database(engine)
    try:
        search = _search_backend(settings)
        out_of_date = False
    except IndexOutOfDate as error:
        logger.warning("%s Rebuilding it now.", error)
        assert settings.search_index_dir is not None
        shutil.rmtree(settings.search_index_dir)
        search = _search_backend(settings)
        out_of_date = True
    services = Services(settings=settings, engine=engine, sessions=make_sessionmaker(engine), search=search)
    if out_of_date:
        from publisher.indexing import reindex  # indexing needs Services; imported here to avoid a cycle

        reindex(services)
    return services


def _search_backend(settings: Settings) -> SearchBackend:
    """Raises SearchUnavailable, naming the address and the setting, when Meilisearch cannot be reached."""
    return open_backend(
        settings.search_backend,
        settings.search_index_dir,
        meilisearch_url=settings.meilisearch_url,
        meilisearch_key=settings.meilisearch_key,
        meilisearch_index=settings.meilisearch_index,
    )
