"""Shared fixtures: real databases (SQLite, PostgreSQL), the demo register, the app in-process."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from publisher.app import create_app
from publisher.demo import load_demo
from publisher.services import Services, open_services
from publisher.settings import Settings

pytest_plugins = ["tests.support.postgres", "tests.support.browser"]

SHARED = Path(os.environ.get("GLAZENSTAD_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
REFERENCE = SHARED / "reference"
NATIONAL_ENTRIES = sorted((REFERENCE / "algoritmeregister-v1.0" / "entries").glob("*.json"))


def settings_for(database_url: str, data_dir: Path) -> Settings:
    """Settings for a test: the given database, an in-memory search index, a map without base tiles (a test
    never reaches for the internet; the map's tile tests hand in a local tile server)."""
    return Settings(data_dir=data_dir, database_url=database_url, search_index_dir=None, map_tiles="")


@pytest.fixture
def make_services(tmp_path: Path) -> Iterator[Callable[[str], Services]]:
    opened: list[Services] = []

    def make(database_url: str) -> Services:
        services = open_services(settings_for(database_url, tmp_path))
        opened.append(services)
        return services

    yield make
    for services in opened:
        services.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs on SQLite and on a fresh database of a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture
def services(make_services: Callable[[str], Services], database_url: str) -> Services:
    """An empty register on SQLite and on PostgreSQL."""
    return make_services(database_url)


@pytest.fixture
def sqlite_services(make_services: Callable[[str], Services], tmp_path: Path) -> Services:
    return make_services(f"sqlite:///{tmp_path / 'register.db'}")


@pytest.fixture(scope="session")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The demo register, loaded once for the read-only tests of the session."""
    folder = tmp_path_factory.mktemp("demo")
    services = open_services(settings_for(f"sqlite:///{folder / 'demo.db'}", folder))
    load_demo(services, actor="tests")
    yield services
    services.close()


@pytest.fixture(scope="session")
def demo_client(demo_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=demo_services)) as client:
        yield client


def client_for(services: Services) -> TestClient:
    return TestClient(create_app(services=services))
