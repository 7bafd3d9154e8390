"""Atom feeds of what the register published and withdrew, for the whole register and per entry."""

from __future__ import annotations

import uuid
from typing import Annotated

from feedgen.feed import FeedGenerator
from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter

from publisher.i18n import translate
from publisher.rendering import request_language
from publisher.services import services_of
from register.published import PublicChange

ATOM = "application/atom+xml"
FEED_LIMIT = 50
REGISTER_FEED_PATH = "/feeds/wijzigingen.atom"


class ChangeFeeds(Controller):
    path = "/feeds"
    include_in_schema = False

    @get("/wijzigingen.atom", sync_to_thread=False)
    def register_feed(self, request: Request, state: State) -> Response[bytes]:
        """The newest publications and withdrawals of the whole register."""
        services = services_of(state)
        with services.published() as register:
            changes = register.changes(FEED_LIMIT)
        public_url = services.settings.public_url
        lang = request_language(request)
        feed = _feed(
            feed_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, public_url + REGISTER_FEED_PATH)}",
            title=translate("feed_title", lang),
            author=services.settings.organisation_name,
            self_url=public_url + REGISTER_FEED_PATH,
            page_url=public_url + "/",
        )
        return _atom_response(feed, changes, public_url, lang)

    @get("/registraties/{file_name:str}", sync_to_thread=False)
    def entry_feed(
        self, request: Request, state: State, file_name: Annotated[str, PathParameter(max_length=64)]
    ) -> Response[bytes]:
        """Every publication and the withdrawal of one entry; `file_name` is `{entry_id}.atom`."""
        if not file_name.endswith(".atom"):
            raise NotFoundException(f"no feed {file_name}")
        entry_id = file_name.removesuffix(".atom")
        services = services_of(state)
        with services.published() as register:
            changes = register.changes(FEED_LIMIT, entry_id)
        if not changes:
            raise NotFoundException(f"no published entry {entry_id}")
        public_url = services.settings.public_url
        lang = request_language(request)
        feed = _feed(
            feed_id=_entry_urn(entry_id, "feed"),
            title=translate("feed_entry_title", lang, name=changes[0].name),
            author=changes[0].organisation,
            self_url=f"{public_url}/feeds/registraties/{entry_id}.atom",
            page_url=f"{public_url}/register/{entry_id}",
        )
        return _atom_response(feed, changes, public_url, lang)


def _feed(*, feed_id: str, title: str, author: str, self_url: str, page_url: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": author})
    feed.language("nl")  # names, summaries and reasons are Dutch content, whatever the interface language
    feed.link(href=self_url, rel="self", type=ATOM)
    feed.link(href=page_url, rel="alternate", type="text/html")
    return feed


def _atom_response(feed: FeedGenerator, changes: list[PublicChange], public_url: str, lang: str) -> Response[bytes]:
    if changes:  # an empty register's feed keeps feedgen's default: the current moment
        feed.updated(changes[0].at)
    for change in changes:
        _add_change(feed, change, public_url, lang)
    return Response(content=feed.atom_str(pretty=True), media_type=f"{ATOM}; charset=utf-8")


def _add_change(feed: FeedGenerator, change: PublicChange, public_url: str, lang: str) -> None:
    item = feed.add_entry(order="append")
    item.id(_entry_urn(change.entry_id, f"{change.change}/{change.version_no}"))
    if change.change == "published":
        item.title(translate("feed_published", lang, name=change.name, n=change.version_no))
        item.link(href=f"{public_url}/register/{change.entry_id}/versies/{change.version_no}", rel="alternate")
    else:
        item.title(translate("feed_withdrawn", lang, name=change.name))
        item.link(href=f"{public_url}/register/{change.entry_id}", rel="alternate")
    item.updated(change.at)
    item.author({"name": change.organisation})
    if change.summary:
        item.summary(change.summary)


def _entry_urn(entry_id: str, name: str) -> str:
    """An id derived from the entry's own UUID: the same on every server, after every restart."""
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(entry_id), name)}"
