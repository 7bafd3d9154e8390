"""HTTP caching of the public side: validators derived from what the register has published,
304 answers without rendering, and rendered answers kept in memory per published state.

A public answer is a function of the code and settings, the register's public state, the search
index and the request's scheme, host, path, query, language cookie and accepted encoding. The
register's public state is named by its *generation*, the id of the newest public event (one read
of the events table's primary key, newest first); the index by the stamp of its `meta.json`, which
tantivy replaces on every commit (a backend without such a stamp gets no caching of its search
answers). Both are read on every request, so a publication, withdrawal, answered question, review
or destruction changes every ETag and retires every kept answer at once, in every worker, with
nothing to invalidate by hand.

`Cache-Control: public, no-cache`: a browser or proxy may keep an answer but asks again every
time, and is answered 304 for the price of that one read. A withdrawal has to reach a reader at
once; a `max-age` would let a withdrawn entry stand as "in use" for the length of it. The desk is
`private, no-store`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import msgspec
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from publisher.i18n import pick_language
from publisher.rendering import LANGUAGE_COOKIE
from publisher.services import Services
from publisher.settings import Settings
from publisher.sitemap import SITE_PAGES
from register.events import NEWEST_PUBLIC_EVENT

logger = logging.getLogger("glazenstad")

PUBLIC_CACHE_CONTROL = b"public, no-cache"
DESK_CACHE_CONTROL = b"private, no-store"
VARY = b"Accept-Encoding, Cookie"
INDEX_SETTLE_SECONDS = 2.0
"""After an index commit, another worker's searcher reloads within about a second: until this has
passed, answers carry no validator and are not kept, so none is stored under the new stamp from
the old searcher."""
MAX_CACHE_BYTES = 64 * 1024 * 1024
MAX_ANSWER_BYTES = 1024 * 1024
PACKAGES = ("publisher", "search", "schemas", "register")
PUBLIC_PREFIXES = ("/zoeken/", "/register/", "/organisaties/", "/feeds/", "/vernietigingen/", "/api/v1/")
PUBLIC_PATHS = frozenset({*SITE_PAGES, "/robots.txt", "/sitemap.xml"})
DESK_PREFIXES = ("/beheer", "/api/v1/desk")
SEARCH_PREFIXES = ("/zoeken", "/api/v1/search", "/api/v1/suggest")
"""Answers read from the search backend. Without a commit stamp (Meilisearch, an index in memory)
nothing tells when the index changed, so these are then neither kept nor given validators."""
SECRET = re.compile("key|password|secret")

class Generation(NamedTuple):
    """What public answers are made from, besides the code: the register's newest public event and
    the search index's last commit (None for an index kept in memory)."""

    public_event: int
    index: tuple[int, int] | None


def newest_public_event_reader(engine: Engine) -> Callable[[], int]:
    """Reads the generation on every public request, so it skips SQLAlchemy's statement layer: the
    statement is compiled once (its only parameters are our event names) and run on a pooled DBAPI
    connection, about a tenth of the cost of `Connection.execute`."""
    sql = str(NEWEST_PUBLIC_EVENT.compile(engine, compile_kwargs={"literal_binds": True}))

    def newest_public_event() -> int:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()  # back to the pool, rolled back
        return int(row[0]) if row and row[0] is not None else 0  # no public event yet

    return newest_public_event


def index_stamp(settings: Settings) -> tuple[int, int] | None:
    """The modification time and inode of the index's `meta.json`, replaced on every commit."""
    if settings.search_index_dir is None:
        return None
    try:
        found = (settings.search_index_dir / "meta.json").stat()
    except FileNotFoundError:
        return None
    return found.st_mtime_ns, found.st_ino


def code_stamp(settings: Settings) -> bytes:
    """Names the code, templates, data files and settings that render answers, so a deployment or a
    changed setting changes every ETag; secrets are left out."""
    public = {name: value for name, value in msgspec.structs.asdict(settings).items() if not SECRET.search(name)}
    digest = hashlib.sha256(repr(sorted(public.items())).encode())
    for package in PACKAGES:
        root = Path(str(resources.files(package)))
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found = path.stat()
                digest.update(f"{path.relative_to(root)}:{found.st_size}:{found.st_mtime_ns};".encode())
    return digest.digest()


class KeptAnswers:
    """Rendered answers of one generation, least recently used first, bounded in bytes."""

    def __init__(self, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._answers: OrderedDict[tuple[object, ...], tuple[list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: tuple[object, ...], headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if len(body) > min(MAX_ANSWER_BYTES, self.max_bytes) or key in self._answers:
            return
        self._answers[key] = (headers, body)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (_, evicted) = self._answers.popitem(last=False)
            self.size -= len(evicted)

    def clear(self) -> None:
        self._answers.clear()
        self.size = 0

    def __len__(self) -> int:
        return len(self._answers)


class PublicState:
    """The current generation as this process sees it, when it first saw it, and its kept answers.

    Last-Modified is the moment this process first saw the generation (or the index commit, if
    later), not the event's own time: imports and tests may backdate events, and a moment that can
    go back would answer 304 to a copy that is out of date. It is sent only once its second has
    passed, so a later generation can never share its second."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.newest_public_event = newest_public_event_reader(services.engine)
        self.code = code_stamp(services.settings)
        self.generation: Generation | None = None
        self.first_seen = 0.0
        self.answers = KeptAnswers()

    def current(self) -> Generation:
        generation = Generation(self.newest_public_event(), index_stamp(self.services.settings))
        if generation != self.generation:
            self.generation, self.first_seen = generation, time.time()
            self.answers.clear()
        return generation

    def validates(self, generation: Generation, path: str, now: float) -> bool:
        """Whether answers may carry validators and be kept: not search answers when the index has no
        stamp, and nothing in the first moments after an index commit."""
        if generation.index is None:
            return not path.startswith(SEARCH_PREFIXES)
        return now - generation.index[0] / 1e9 >= INDEX_SETTLE_SECONDS

    def last_modified(self, generation: Generation, now: float) -> int | None:
        moment = max(self.first_seen, generation.index[0] / 1e9 if generation.index else 0.0)
        return int(moment) if now >= int(moment) + 1 else None

    def etag(self, generation: Generation, key: tuple[object, ...]) -> bytes:
        digest = hashlib.sha256(self.code)
        digest.update(repr((generation, key[:-1])).encode())
        tag = digest.hexdigest()[:32].encode()
        # gzip writes the moment of compression into its header: the compressed bytes are only
        # equivalent, never identical, so their tag is weak (as nginx does)
        return b'W/"' + tag + b'-gzip"' if key[-1] else b'"' + tag + b'"'


def is_public(path: str) -> bool:
    return (path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)) and not path.startswith(DESK_PREFIXES)


def http_cache_middleware(app: ASGIApp, services: Services) -> ASGIApp:
    """Validators, 304s and kept answers for GET on the public site and API; `no-store` on the desk."""
    state = PublicState(services)

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http":
            await app(scope, receive, send)
        elif path.startswith(DESK_PREFIXES):
            await app(scope, receive, _with_headers(send, [(b"cache-control", DESK_CACHE_CONTROL)]))
        elif scope["method"] != "GET" or not is_public(path):
            await app(scope, receive, send)
        else:
            await _public_answer(state, app, scope, receive, send)

    return middleware


async def _public_answer(state: PublicState, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    try:
        generation = state.current()
    except SQLAlchemyError:
        logger.exception("cannot read the register's generation; answering without the HTTP cache")
        await app(scope, receive, send)
        return
    now = time.time()
    if not state.validates(generation, scope["path"], now):
        await app(scope, receive, _with_headers(send, [(b"cache-control", PUBLIC_CACHE_CONTROL)], status=200))
        return
    headers = _request_headers(scope)
    key = _answer_key(scope, headers)
    etag = state.etag(generation, key)
    last_modified = state.last_modified(generation, now)
    validators = [(b"etag", etag), (b"cache-control", PUBLIC_CACHE_CONTROL), (b"vary", VARY)]
    if last_modified is not None:
        validators.append((b"last-modified", formatdate(last_modified, usegmt=True).encode()))
    if _not_modified(headers, etag, last_modified):
        await send({"type": "http.response.start", "status": 304, "headers": validators})
        await send({"type": "http.response.body", "body": b""})
        return
    kept = state.answers.get(key)
    if kept is not None:
        await send({"type": "http.response.start", "status": 200, "headers": _replace(kept[0], validators)})
        await send({"type": "http.response.body", "body": kept[1]})
        return
    await app(scope, receive, _keeping(state, generation, key, validators, send))


def _keeping(state: PublicState, generation: Generation, key: tuple[object, ...],
             validators: list[tuple[bytes, bytes]], send: Send) -> Send:
    """Adds the validators to a 200 and keeps it, unless it sets a cookie or the generation moved on."""
    keep = False
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def send_and_keep(message: Message) -> None:
        nonlocal keep, headers
        if message["type"] == "http.response.start" and message["status"] == 200:
            headers = [(name, value) for name, value in message.get("headers", [])
                       if name.lower() not in (b"last-modified", b"etag")]
            keep = not any(name.lower() == b"set-cookie" for name, _ in headers)
            message = {**message, "headers": _replace(headers, validators)}
        elif message["type"] == "http.response.body" and keep:
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False) and state.generation == generation:
                state.answers.put(key, headers, b"".join(chunks))
        await send(message)

    return send_and_keep


def _answer_key(scope: Scope, headers: dict[bytes, bytes]) -> tuple[object, ...]:
    """Everything of the request that an answer depends on; the last item says gzip or not."""
    cookie = _cookie(headers.get(b"cookie", b""), LANGUAGE_COOKIE)
    return (scope.get("scheme", "http"), headers.get(b"host", b""), scope["path"], scope.get("query_string", b""),
            pick_language(None, cookie), b"gzip" in headers.get(b"accept-encoding", b""))


def _not_modified(headers: dict[bytes, bytes], etag: bytes, last_modified: int | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match (weak comparison) decides; If-Modified-Since only without it."""
    if_none_match = headers.get(b"if-none-match")
    if if_none_match is not None:
        given = {tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")}
        return etag.removeprefix(b"W/") in given
    if_modified_since = headers.get(b"if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        return last_modified <= parsedate_to_datetime(if_modified_since.decode("latin-1")).timestamp()
    except (TypeError, ValueError):
        return False


def _request_headers(scope: Scope) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", [])}


def _cookie(header: bytes, name: str) -> str | None:
    for part in header.decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip('"')
    return None


def _replace(headers: list[tuple[bytes, bytes]], replacements: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {name for name, _ in replacements}
    return [*(h for h in headers if h[0].lower() not in names), *replacements]


def _with_headers(send: Send, replacements: list[tuple[bytes, bytes]], status: int | None = None) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start" and status in (None, message["status"]):
            message = {**message, "headers": _replace(list(message.get("headers", [])), replacements)}
        await send(message)

    return send_with_headers
