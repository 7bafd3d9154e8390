"""Self-check of the test harness in tests/support: real PostgreSQL, real Chromium, real axe-core.

Uses the session's PostgreSQL server and Chromium (the plugin fixtures that tests/conftest.py
registers): Playwright's sync API allows one running instance per thread.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from litestar import Litestar, MediaType, Response, get
from sqlalchemy import Integer, String, create_engine, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from tests.support.axe import format_violations, run_axe
from tests.support.browser import GuardedContext, guarded_context, serve_app
from tests.support.postgres import PostgresServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def pg_server(postgres_server: PostgresServer) -> PostgresServer:
    return postgres_server


class Base(DeclarativeBase):
    pass


class Gemeente(Base):
    __tablename__ = "gemeente"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(100))


@pytest.mark.postgres
def test_postgres_roundtrip(pg_server: PostgresServer) -> None:
    url = pg_server.create_database()
    assert url.startswith("postgresql+psycopg://")
    engine = create_engine(url)
    try:
        Base.metadata.create_all(engine)
        with Session(engine) as session:
            session.add_all([Gemeente(naam="Utrecht"), Gemeente(naam="’s-Hertogenbosch")])
            session.commit()
        with Session(engine) as session:
            names = session.scalars(select(Gemeente.naam).order_by(Gemeente.naam)).all()
            assert names == ["Utrecht", "’s-Hertogenbosch"]
            version = session.execute(text("SHOW server_version")).scalar_one()
            assert int(version.split(".")[0]) >= 13
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_fresh_databases_are_isolated(pg_server: PostgresServer) -> None:
    first, second = pg_server.create_database(), pg_server.create_database()
    assert first != second
    engine = create_engine(first)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alleen_hier (id int)"))
    engine.dispose()
    engine = create_engine(second)
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT to_regclass('alleen_hier')")).scalar()
    engine.dispose()
    assert exists is None
    pg_server.drop_database(first.rsplit("/", 1)[1])
    pg_server.drop_database(second.rsplit("/", 1)[1])


# --------------------------------------------------------------------------- browser + axe

GOOD_PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Algoritmeregister — Glazen Stad</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><a href="/">Glazen Stad</a></header>
<main>
<h1>Algoritmeregister</h1>
<p>Welke algoritmes gebruikt de gemeente?</p>
<form role="search"><label for="q">Zoeken</label> <input id="q" name="q" type="search">
<button type="submit">Zoek</button></form>
</main>
</body>
</html>"""

BAD_PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Fout</title></head>
<body><main><h1>Fout</h1>
<img src="/logo.png">
<input type="text" name="zoek">
</main></body>
</html>"""

THIRD_PARTY_PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Extern</title>
<link rel="stylesheet" href="https://cdn.example.net/style.css"></head>
<body><main><h1>Extern</h1>
<img src="https://example.org/x.png" alt="extern plaatje">
<img src="/logo.png" alt="lokaal plaatje">
</main></body>
</html>"""

# A strict CSP like the real app should send: axe injection must still work.
CSP = "default-src 'self'; img-src 'self'; style-src 'self'"


def _html(body: str) -> Response[str]:
    return Response(body, media_type=MediaType.HTML, headers={"Content-Security-Policy": CSP})


@get("/", sync_to_thread=False)
def good() -> Response[str]:
    return _html(GOOD_PAGE)


@get("/bad", sync_to_thread=False)
def bad() -> Response[str]:
    return _html(BAD_PAGE)


@get("/extern", sync_to_thread=False)
def extern() -> Response[str]:
    # No CSP here: the guard in the browser context must catch the request on its own.
    return Response(THIRD_PARTY_PAGE, media_type=MediaType.HTML)


@get("/logo.png", sync_to_thread=False)
def logo() -> Response[bytes]:
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )
    return Response(png, media_type="image/png")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_app(Litestar([good, bad, extern, logo])) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Browser:
    return chromium


@pytest.fixture
def ctx(browser: Browser) -> Iterator[GuardedContext]:
    with guarded_context(browser) as guarded:
        yield guarded


def test_serve_app_serves_and_stops() -> None:
    with serve_app(Litestar([good])) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=2):
            pass
    with pytest.raises(OSError), socket.create_connection((host, int(port)), timeout=2):
        pass


@pytest.mark.browser
def test_axe_passes_accessible_page(ctx: GuardedContext, base_url: str) -> None:
    page = ctx.new_page()
    response = page.goto(base_url + "/")
    assert response is not None and response.ok
    assert page.title() == "Algoritmeregister — Glazen Stad"
    assert page.evaluate("navigator.userAgent").find("HeadlessChrome") >= 0
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    ctx.assert_no_third_party_requests()


@pytest.mark.browser
def test_axe_finds_violations(ctx: GuardedContext, base_url: str) -> None:
    page = ctx.new_page()
    page.goto(base_url + "/bad")
    violations = run_axe(page)
    ids = {v["id"] for v in violations}
    assert {"image-alt", "label"} <= ids, format_violations(violations)
    message = format_violations(violations)
    assert "image-alt" in message and '<img src="/logo.png">' in message
    assert "critical" in message


@pytest.mark.browser
def test_third_party_requests_are_blocked_and_recorded(
    ctx: GuardedContext, base_url: str
) -> None:
    page = ctx.new_page()
    local_images: list[str] = []
    page.on("requestfinished", lambda r: local_images.append(r.url) if "logo" in r.url else None)
    page.goto(base_url + "/extern", wait_until="load")
    assert ctx.blocked_hosts == {"example.org", "cdn.example.net"}
    assert "https://example.org/x.png" in ctx.blocked_urls
    assert local_images == [base_url + "/logo.png"]
    with pytest.raises(AssertionError, match=r"example\.org"):
        ctx.assert_no_third_party_requests()
    # A navigation away from localhost is refused as well.
    with pytest.raises(Exception, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("https://www.example.com/")
    assert "www.example.com" in ctx.blocked_hosts
