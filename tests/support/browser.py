"""Headless Chromium (Debian's, never a downloaded one) and a live ASGI server for browser tests.

Fixtures (register with ``pytest_plugins = ["tests.support.browser"]``):

``chromium`` (session) -> playwright ``Browser``
    Debian's Chromium, headless, with network chatter switched off.
``browser_context`` (function) -> :class:`GuardedContext`
    A fresh browser context (locale nl-NL) in which every request to a host other than
    127.0.0.1/localhost is aborted and recorded in ``browser_context.blocked``.
``page`` (function) -> playwright ``Page`` opened in ``browser_context``.

Plain helpers: :func:`serve_app` (run an ASGI app with uvicorn in a thread),
:func:`launch_chromium`, :func:`guarded_context`.

When Chromium is missing the fixtures skip, or fail when ``GLAZENSTAD_REQUIRE_BROWSER=1`` (CI).
A Chromium that is found but cannot start always fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.support import env_flag, skip_or_fail

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route, WebSocketRoute

REQUIRE_ENV = "GLAZENSTAD_REQUIRE_BROWSER"
CHROMIUM_ENV = "GLAZENSTAD_CHROMIUM"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# The machine has no network: without these flags Chromium keeps dialling Google services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    # Belt and braces next to the request routing below: no name but localhost resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


class BrowserUnavailable(RuntimeError):
    """No Chromium executable found (skip, unless required)."""


def find_chromium() -> str:
    """$GLAZENSTAD_CHROMIUM, else Debian's Chromium binary (the real one, not the shell wrapper)."""
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        if not os.access(explicit, os.X_OK):
            raise BrowserUnavailable(f"{CHROMIUM_ENV}={explicit} is not an executable")
        return explicit
    candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
    candidates += [shutil.which(name) or "" for name in ("chromium", "chromium-browser")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserUnavailable(
        "Chromium not found (looked for /usr/lib/chromium/chromium, /usr/bin/chromium); "
        f"install it with `apt-get install chromium` or set {CHROMIUM_ENV}. "
        "Never `playwright install`: this project uses the system Chromium."
    )


@contextlib.contextmanager
def launch_chromium(executable: str | None = None, *, headless: bool = True) -> Iterator[Browser]:
    """Start Playwright and Debian's headless Chromium; close both on exit."""
    from playwright.sync_api import sync_playwright

    executable = executable or find_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=headless,
            args=CHROMIUM_ARGS,
            timeout=60_000,
        )
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------- network guard


@dataclass(frozen=True)
class BlockedRequest:
    url: str
    method: str
    resource_type: str  # document, script, image, stylesheet, font, fetch, websocket, ...

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def is_local_url(url: str, allowed_hosts: frozenset[str] = LOCAL_HOSTS) -> bool:
    """True for URLs that stay on this machine (or are not network URLs at all: data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True
    return (parts.hostname or "") in allowed_hosts


@dataclass
class GuardedContext:
    """A Playwright browser context that only talks to localhost; the rest is aborted + recorded."""

    context: BrowserContext
    allowed_hosts: frozenset[str] = LOCAL_HOSTS
    blocked: list[BlockedRequest] = field(default_factory=list)

    def new_page(self) -> Page:
        return self.context.new_page()

    @property
    def blocked_urls(self) -> list[str]:
        return [request.url for request in self.blocked]

    @property
    def blocked_hosts(self) -> set[str]:
        return {request.host for request in self.blocked}

    def assert_no_third_party_requests(self) -> None:
        assert not self.blocked, "page tried to contact third-party hosts:\n" + "\n".join(
            f"  {r.method} {r.url} ({r.resource_type})" for r in self.blocked
        )

    # -- handlers
    def _on_route(self, route: Route) -> None:
        request = route.request
        if is_local_url(request.url, self.allowed_hosts):
            route.continue_()
            return
        self.blocked.append(BlockedRequest(request.url, request.method, request.resource_type))
        route.abort("blockedbyclient")

    def _on_websocket(self, ws: WebSocketRoute) -> None:
        if is_local_url(ws.url, self.allowed_hosts):
            ws.connect_to_server()
            return
        self.blocked.append(BlockedRequest(ws.url, "GET", "websocket"))
        ws.close(code=1008, reason="blocked by test harness")


@contextlib.contextmanager
def guarded_context(
    browser: Browser,
    *,
    allowed_hosts: frozenset[str] = LOCAL_HOSTS,
    **context_options: Any,
) -> Iterator[GuardedContext]:
    """New browser context that blocks and records every request leaving localhost.

    ``context_options`` go to ``browser.new_context`` (defaults: locale nl-NL, Europe/Amsterdam,
    service workers blocked so they cannot bypass the routing).
    """
    options: dict[str, Any] = {
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "service_workers": "block",
    }
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    guarded = GuardedContext(context=context, allowed_hosts=allowed_hosts)
    context.route(re.compile(r".*"), guarded._on_route)
    if hasattr(context, "route_web_socket"):  # Playwright >= 1.48
        context.route_web_socket(re.compile(r".*"), guarded._on_websocket)
    try:
        yield guarded
    finally:
        context.close()


# --------------------------------------------------------------------------- live server


@contextlib.contextmanager
def serve_app(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 30.0,
    log_level: str = "warning",
) -> Iterator[str]:
    """Run an ASGI ``app`` with uvicorn in a background thread; yield its base URL.

    ``port=0`` picks a free port. Waits until the server accepts connections (lifespan startup
    done) and shuts it down cleanly on exit. The base URL has no trailing slash,
    e.g. ``http://127.0.0.1:45123``.
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level=log_level,
        log_config=None,  # leave the test process' logging (and caplog) alone
        access_log=False,
        lifespan="auto",
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    thread = threading.Thread(target=run, name=f"uvicorn:{bound_port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or errors:
                raise RuntimeError(f"ASGI server failed to start: {errors or 'lifespan error?'}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"ASGI server did not start within {startup_timeout}s")
            time.sleep(0.01)
        with socket.create_connection((host, bound_port), timeout=5):
            pass
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout=5)
        sock.close()


# --------------------------------------------------------------------------- fixtures


@contextlib.contextmanager
def chromium_for_tests() -> Iterator[Browser]:
    """:func:`launch_chromium` for tests: skips when Chromium is not installed (fails when
    GLAZENSTAD_REQUIRE_BROWSER=1), fails when it is installed but does not start."""
    problem: Exception | None = None
    try:
        executable = find_chromium()
    except BrowserUnavailable as exc:
        problem = exc
    if problem is not None:
        skip_or_fail(str(problem), REQUIRE_ENV)
    with contextlib.ExitStack() as stack:
        try:
            browser = stack.enter_context(launch_chromium(executable))
        except Exception as exc:
            problem = exc
        if problem is not None:
            pytest.fail(f"could not launch Chromium ({executable}): {problem}", pytrace=False)
        yield browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium via Playwright, shared by the whole session."""
    with chromium_for_tests() as browser:
        yield browser


@pytest.fixture
def browser_context(chromium: Browser) -> Iterator[GuardedContext]:
    """Fresh context; non-local requests are aborted and listed in ``.blocked``."""
    with guarded_context(chromium) as guarded:
        yield guarded


@pytest.fixture
def page(browser_context: GuardedContext) -> Page:
    """A page in ``browser_context`` (closed with the context)."""
    return browser_context.new_page()


def pytest_report_header(config: pytest.Config) -> str:
    try:
        where = find_chromium()
    except BrowserUnavailable:
        where = "NOT FOUND"
    from tests.support.axe import axe_path

    axe = axe_path()
    axe_where = str(axe) if axe.exists() else f"NOT FOUND ({axe}; run `make axe`)"
    required = " (required)" if env_flag(REQUIRE_ENV) else ""
    return f"chromium: {where}{required}; axe-core: {axe_where}"


__all__ = [
    "CHROMIUM_ARGS",
    "BlockedRequest",
    "BrowserUnavailable",
    "GuardedContext",
    "browser_context",
    "chromium",
    "chromium_for_tests",
    "find_chromium",
    "guarded_context",
    "is_local_url",
    "launch_chromium",
    "page",
    "serve_app",
]
