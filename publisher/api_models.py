"""The shapes the JSON API answers with (NL API Design Rules: snake_case, stable keys)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

import msgspec

from register.published import EntrySummary, PublicEntryView, PublicVersion, VersionSummary
from schemas.entry import EntryContent
from schemas.enums import EntryKind, LinkRelation, VersionState


class ApiLink(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: str
    name: str
    kind: EntryKind
    relation: LinkRelation
    direction: str  # "outgoing" or "incoming"
    href: str


class ApiEntry(EntryContent, kw_only=True, omit_defaults=False, forbid_unknown_fields=False):
    """Every public field of the current version, plus the version's facts."""

    id: str
    version_no: int
    state: VersionState
    published_at: datetime.datetime
    first_published_at: datetime.datetime | None = None
    content_hash: str
    withdrawn_at: datetime.datetime | None = None
    withdrawal_reason: str | None = None
    html_url: str
    related: list[ApiLink] = []


class ApiEntrySummary(EntrySummary, frozen=True, kw_only=True):
    href: str


class ApiEntryList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ApiEntrySummary]
    total: int
    limit: int
    next: str | None


class ApiVersionSummary(msgspec.Struct, frozen=True, kw_only=True):
    version_no: int
    state: VersionState
    published_at: datetime.datetime
    change_summary: str | None
    content_hash: str
    href: str


class ApiSearchItem(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    kind: str
    description_short: str
    snippet: str
    href: str


class ApiFacetValue(msgspec.Struct, frozen=True, kw_only=True):
    value: str
    count: int


class ApiSearchResult(msgspec.Struct, frozen=True, kw_only=True):
    query: str
    items: list[ApiSearchItem]
    total: int
    limit: int
    offset: int
    facets: dict[str, list[ApiFacetValue]]
    did_you_mean: Annotated[
        str | None,
        msgspec.Meta(
            description="A corrected query (\"Bedoelde u …?\") when this one finds nothing or nearly nothing "
            "and the correction finds more; null otherwise"
        ),
    ] = None


class ApiSuggestion(msgspec.Struct, frozen=True, kw_only=True):
    """A type-ahead suggestion: an entry to go to, or a term to search for."""

    text: str
    kind: Literal["entry", "term"]
    href: Annotated[
        str, msgspec.Meta(description="Page on this site: `/register/{id}` for an entry, `/zoeken?q=…` for a term")
    ]


class ProblemDetails(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details, with `invalid_params` naming each field that is wrong."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalid_params: list[dict[str, str]] = []


def api_entry(view: PublicEntryView, base_url: str) -> ApiEntry:
    return _api_version(view.current, base_url, first_published_at=view.first_published_at, related=[
        ApiLink(entry_id=link.entry_id, name=link.name, kind=link.kind, relation=link.relation,
                direction="incoming" if link.inverse else "outgoing",
                href=f"{base_url}/api/v1/entries/{link.entry_id}")
        for link in view.links
    ])


def api_version(version: PublicVersion, base_url: str) -> ApiEntry:
    return _api_version(version, base_url)


def _api_version(
    version: PublicVersion, base_url: str, *, first_published_at: datetime.datetime | None = None,
    related: list[ApiLink] | None = None,
) -> ApiEntry:
    fields = msgspec.structs.asdict(version.content)
    fields["source_id"] = version.content.source_id or version.entry_id
    return ApiEntry(
        **fields,
        id=version.entry_id,
        version_no=version.version_no,
        state=version.state,
        published_at=version.published_at,
        first_published_at=first_published_at,
        content_hash=version.content_hash,
        withdrawn_at=version.withdrawn_at,
        withdrawal_reason=version.withdrawal_reason,
        html_url=f"{base_url}/register/{version.entry_id}",
        related=related or [],
    )


def api_summary(summary: EntrySummary, base_url: str) -> ApiEntrySummary:
    return ApiEntrySummary(**msgspec.structs.asdict(summary), href=f"{base_url}/api/v1/entries/{summary.id}")


def api_version_summary(entry_id: str, summary: VersionSummary, base_url: str) -> ApiVersionSummary:
    return ApiVersionSummary(
        version_no=summary.version_no, state=summary.state, published_at=summary.published_at,
        change_summary=summary.change_summary, content_hash=summary.content_hash,
        href=f"{base_url}/api/v1/entries/{entry_id}/versions/{summary.version_no}",
    )
