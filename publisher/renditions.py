"""Frozen renditions of every published version (ARCHIVING.md §13): the canonical JSON, a
self-contained HTML snapshot of its public page, and the national standard 1.0 JSON, each made
once, with its SHA-256."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

import msgspec
from jinja2 import Environment
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher.archive_store import ArchiveStore
from publisher.entry_view import sections
from publisher.i18n import translate
from publisher.rendering import make_environment
from publisher.services import Services
from register.events import EventType, record_event
from register.models import ArchiveFile, Entry, Version
from register.published import PublishedRegister
from schemas.national import content_to_national
from schemas.validation import decode_content

RENDITIONS = {
    "json": ("{v}.json", "application/json"),
    "html": ("{v}.html", "text/html"),
    "national": ("{v}.algoritmeregister-1.0.json", "application/json"),
}
RENDERED_STATES = ("published", "superseded", "withdrawn")
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/css/([a-z-]+\.css)">')


def make_renditions(services: Services, entry_ids: Iterable[str] | None = None) -> int:
    """Make the missing renditions of published versions; answers how many files were written."""
    store = ArchiveStore(services.settings.archive_store)
    environment = make_environment()
    written = 0
    with services.sessions.begin() as session:
        register = PublishedRegister(session)
        for version in _versions_without_renditions(session, entry_ids):
            have = set(session.scalars(select(ArchiveFile.kind).where(
                ArchiveFile.entry_id == version.entry_id, ArchiveFile.version_no == version.version_no)))
            for kind in RENDITIONS.keys() - have:
                data = _rendition(kind, version, register, environment, services.settings.public_url)
                name, media_type = RENDITIONS[kind]
                folder = f"{version.entry_id}/v{version.version_no}"
                store.write_once(session, f"{folder}/{name.format(v=f'v{version.version_no}')}", data, kind=kind,
                                 media_type=media_type, entry_id=version.entry_id, version_no=version.version_no)
                written += 1
            record_event(session, EventType.RENDITIONS_MADE, actor="glazenstad", entry_id=version.entry_id,
                         version_no=version.version_no, details={"kinds": sorted(RENDITIONS.keys() - have)})
    return written


def _versions_without_renditions(session: Session, entry_ids: Iterable[str] | None) -> list[Version]:
    complete = (select(ArchiveFile.entry_id, ArchiveFile.version_no).group_by(ArchiveFile.entry_id,
                ArchiveFile.version_no).having(func.count() >= len(RENDITIONS)))
    done = {(entry_id, number) for entry_id, number in session.execute(complete)}
    query = select(Version).join(Entry).where(Version.state.in_(RENDERED_STATES), Entry.destroyed_at.is_(None))
    if entry_ids is not None:
        query = query.where(Version.entry_id.in_(list(entry_ids)))
    return [v for v in session.scalars(query.order_by(Version.id)) if (v.entry_id, v.version_no) not in done]


def _rendition(kind: str, version: Version, register: PublishedRegister, environment: Environment,
               public_url: str) -> bytes:
    content = decode_content(version.content)
    if kind == "json":
        return version.content.encode()  # the canonical JSON whose SHA-256 is the version's content hash
    if kind == "national":
        published = version.published_at.date().isoformat() if version.published_at else None
        record = content_to_national(content, entry_id=version.entry_id,
                                     public_url=f"{public_url}/register/{version.entry_id}", published_at=published)
        return msgspec.json.format(msgspec.json.encode(record), indent=2) + b"\n"
    return snapshot(version, register, environment).encode()


def snapshot(version: Version, register: PublishedRegister, environment: Environment) -> str:
    """The version's public page as it was published, self-contained: styles inline, no scripts."""
    view = register.entry(version.entry_id)
    public = register.version(version.entry_id, version.version_no)
    assert view is not None and public is not None
    html = environment.get_template("entry.html").render(
        lang="nl", t=lambda key, **values: translate(key, "nl", **values),
        request_path=f"/register/{version.entry_id}/versies/{version.version_no}", query="",
        view=view, version=public, sections=sections(public.content, "nl"), is_current=True, questions=[],
        last_review=None)
    return _STYLESHEET.sub(lambda m: f"<style>{_css(m.group(1))}</style>", html)


def _css(name: str) -> str:
    return resources.files("publisher").joinpath("static", "css", name).read_text()

