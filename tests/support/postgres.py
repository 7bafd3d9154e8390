"""A real, throw-away PostgreSQL server for the test session.

Fixtures (register with ``pytest_plugins = ["tests.support.postgres"]``):

``postgres_server`` (session)
    The running :class:`PostgresServer` (or the external one from ``GLAZENSTAD_TEST_POSTGRES_URL``).
``postgres_url`` (session) -> str
    SQLAlchemy URL ``postgresql+psycopg://...`` of a database that lives for the whole session.
``fresh_postgres_url`` (function) -> str
    SQLAlchemy URL of a brand-new, empty database, dropped after the test.

Plain helpers (usable without pytest): :func:`start_postgres`, :func:`find_pg_bindir`.

When the PostgreSQL binaries are missing the fixtures skip, or fail when
``GLAZENSTAD_REQUIRE_POSTGRES=1`` (CI). A server that is found but cannot start always fails.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.engine import URL, make_url

from tests.support import env_flag, skip_or_fail

REQUIRE_ENV = "GLAZENSTAD_REQUIRE_POSTGRES"
EXTERNAL_URL_ENV = "GLAZENSTAD_TEST_POSTGRES_URL"
BINDIR_ENV = "GLAZENSTAD_PG_BINDIR"
SESSION_DATABASE = "glazenstad_test"
SUPERUSER = "postgres"

# Durability is worthless for a throw-away test cluster; speed is not.
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "'32MB'",
    "max_connections": "100",
    "max_wal_size": "'256MB'",
    "checkpoint_timeout": "'30min'",
    "autovacuum": "off",
    "jit": "off",
    "log_min_messages": "warning",
    "log_min_error_statement": "error",
    "timezone": "'UTC'",
}


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL binaries are not installed (skip, unless required)."""


class PostgresStartError(RuntimeError):
    """PostgreSQL is installed but could not be started (always an error)."""


# --------------------------------------------------------------------------- helpers


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name)) or (0,)


def find_pg_bindir() -> Path:
    """Directory with ``initdb`` and ``pg_ctl``: $GLAZENSTAD_PG_BINDIR, Debian's, or $PATH."""
    candidates: list[Path] = []
    if os.environ.get(BINDIR_ENV):
        candidates.append(Path(os.environ[BINDIR_ENV]))
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    candidates.extend(p.parent for p in reversed(debian))
    which = shutil.which("initdb")
    if which:
        candidates.append(Path(which).resolve().parent)
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin "
        f"or $PATH; install them (`apt-get install postgresql`) or set {EXTERNAL_URL_ENV}"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unprivileged_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root: pick the account to run it as (None: as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresStartError("running as root and neither a 'postgres' nor a 'nobody' user exists")


def _admin_conninfo(url: str) -> str:
    """libpq URI (for psycopg.connect) from a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def normalize_url(url: str) -> str:
    """Make sure the URL uses the psycopg (v3) driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# --------------------------------------------------------------------------- server


@dataclass
class PostgresServer:
    """A PostgreSQL server: started here (``owned``) or external. Creates databases on demand."""

    admin_url: str  # SQLAlchemy URL of a database to connect to for CREATE/DROP DATABASE
    owned: bool = False
    base_dir: Path | None = None
    bindir: Path | None = None
    port: int | None = None
    log_file: Path | None = None
    created: list[str] = field(default_factory=list)

    def url(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` on this server."""
        return _with_database(self.admin_url, database)

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(_admin_conninfo(self.admin_url), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (unique name by default); return its SQLAlchemy URL."""
        name = name or f"gs_test_{uuid.uuid4().hex[:12]}"
        self._execute(f"CREATE DATABASE {_quote_ident(name)} TEMPLATE template0 ENCODING 'UTF8'")
        self.created.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        try:
            self._execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")
        except Exception:  # PostgreSQL < 13 has no WITH (FORCE)
            self._execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)}")
        if name in self.created:
            self.created.remove(name)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_file or not self.log_file.exists():
            return ""
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])


def _run_as(user: pwd.struct_passwd | None, cmd: list[str], cwd: Path, timeout: float):
    kwargs: dict = {}
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": str(cwd)}
    if user is not None:
        kwargs = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    return subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


@contextlib.contextmanager
def start_postgres(*, database: str | None = SESSION_DATABASE) -> Iterator[PostgresServer]:
    """Start a throw-away PostgreSQL server (or use $GLAZENSTAD_TEST_POSTGRES_URL).

    Yields a :class:`PostgresServer`; with ``database`` set, that database is created first
    (``server.url(database)``). Everything is stopped and deleted on exit.
    Raises :class:`PostgresUnavailable` when the binaries are missing and
    :class:`PostgresStartError` when the server fails to start.
    """
    external = os.environ.get(EXTERNAL_URL_ENV)
    if external:
        server = PostgresServer(admin_url=normalize_url(external))
        try:
            yield server
        finally:
            for name in list(server.created):
                with contextlib.suppress(Exception):
                    server.drop_database(name)
        return

    bindir = find_pg_bindir()
    user = _unprivileged_user()
    base_dir = Path(tempfile.mkdtemp(prefix="gs-pg-"))
    data_dir = base_dir / "data"
    log_file = base_dir / "postgres.log"
    if user is not None:
        os.chown(base_dir, user.pw_uid, user.pw_gid)
    server: PostgresServer | None = None
    started = False
    try:
        result = _run_as(
            user,
            [
                str(bindir / "initdb"),
                "--pgdata",
                str(data_dir),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            cwd=base_dir,
            timeout=120,
        )
        if result.returncode != 0:
            raise PostgresStartError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        # A unix socket is handy for `psql -h <dir>` while debugging; paths are limited to 107 bytes.
        socket_dir = str(base_dir) if len(str(base_dir)) < 80 else ""
        for attempt in range(5):
            port = _free_port()
            settings = {**SERVER_SETTINGS, "port": str(port)}
            settings["unix_socket_directories"] = f"'{socket_dir}'"
            conf = "\n".join(f"{key} = {value}" for key, value in settings.items())
            (data_dir / "postgresql.auto.conf").write_text(conf + "\n")
            result = _run_as(
                user,
                [
                    str(bindir / "pg_ctl"),
                    "--pgdata",
                    str(data_dir),
                    "--log",
                    str(log_file),
                    "--wait",
                    "--timeout",
                    "60",
                    "start",
                ],
                cwd=base_dir,
                timeout=90,
            )
            if result.returncode == 0:
                started = True
                break
            log = log_file.read_text(errors="replace") if log_file.exists() else ""
            if "could not bind" not in log or attempt == 4:
                raise PostgresStartError(
                    f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log[-4000:]}"
                )
        admin_url = URL.create(
            "postgresql+psycopg",
            username=SUPERUSER,
            host="127.0.0.1",
            port=port,
            database="postgres",
        ).render_as_string(hide_password=False)
        server = PostgresServer(
            admin_url=admin_url,
            owned=True,
            base_dir=base_dir,
            bindir=bindir,
            port=port,
            log_file=log_file,
        )
        if database:
            server.create_database(database)
        yield server
    finally:
        if started:
            _run_as(
                user,
                [str(bindir / "pg_ctl"), "--pgdata", str(data_dir), "-m", "immediate", "stop"],
                cwd=base_dir,
                timeout=60,
            )
        shutil.rmtree(base_dir, ignore_errors=True)


# --------------------------------------------------------------------------- fixtures


@contextlib.contextmanager
def postgres_for_tests() -> Iterator[PostgresServer]:
    """:func:`start_postgres` for tests: skips when PostgreSQL is not installed (fails when
    GLAZENSTAD_REQUIRE_POSTGRES=1), fails when it is installed but does not start."""
    with contextlib.ExitStack() as stack:
        problem = None
        try:
            server = stack.enter_context(start_postgres())
        except (PostgresUnavailable, PostgresStartError) as exc:
            problem = exc
        if isinstance(problem, PostgresUnavailable):
            skip_or_fail(str(problem), REQUIRE_ENV)
        if problem is not None:
            pytest.fail(f"could not start PostgreSQL: {problem}", pytrace=False)
        yield server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (started once, stopped at session end)."""
    with postgres_for_tests() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """SQLAlchemy URL (postgresql+psycopg) of a database shared by the whole test session."""
    if postgres_server.owned:
        return postgres_server.url(SESSION_DATABASE)
    return postgres_server.admin_url


@pytest.fixture
def fresh_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """SQLAlchemy URL of a new, empty database for this test only (dropped afterwards).

    Dispose your engine before the test ends; leftover connections are terminated anyway.
    """
    url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(make_url(url).database or "")


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get(EXTERNAL_URL_ENV):
        where = f"external server from {EXTERNAL_URL_ENV}"
    else:
        try:
            where = str(find_pg_bindir())
        except PostgresUnavailable:
            where = "NOT FOUND"
    required = " (required)" if env_flag(REQUIRE_ENV) else ""
    return f"postgres: {where}{required}"


__all__ = [
    "PostgresServer",
    "PostgresStartError",
    "PostgresUnavailable",
    "find_pg_bindir",
    "fresh_postgres_url",
    "normalize_url",
    "postgres_for_tests",
    "postgres_server",
    "postgres_url",
    "start_postgres",
]
