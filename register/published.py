"""The one read model of the public side: published versions only.

Everything here selects through `_public_versions()` (or its column-wise twin
`_public_version_columns()`), which admits the states published, superseded and withdrawn and
nothing else; it returns Structs, never database rows, so no
caller can reach a draft through it."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterator, Sequence
from typing import Literal, Protocol

import msgspec
from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlalchemy.orm import Session

from register.entries import PUBLIC_STATES, current_public_version
from register.hashing import decode_stored
from register.models import (
    Organisation,
    PublicEntry,
    PublicEntryOrganisation,
    PublicLink,
    Question,
    Review,
    Tombstone,
    Version,
)
from register.prepared import PreparedRead
from schemas.entry import EntryContent
from schemas.enums import EntryKind, LinkRelation, OrganisationRole, VersionState


class PublicVersion(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: str
    version_no: int
    state: VersionState
    content: EntryContent
    content_hash: str
    published_at: datetime.datetime
    superseded_at: datetime.datetime | None = None
    withdrawn_at: datetime.datetime | None = None
    withdrawal_reason: str | None = None


class VersionSummary(msgspec.Struct, frozen=True, kw_only=True):
    version_no: int
    state: VersionState
    published_at: datetime.datetime
    change_summary: str | None
    content_hash: str


class LinkedEntry(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: str
    name: str
    kind: EntryKind
    relation: LinkRelation
    inverse: bool


class EntrySummary(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: EntryKind
    name: str
    description_short: str
    status: str
    withdrawn: bool
    published_at: datetime.datetime
    organisations: list[str]


class PublicEntryView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: EntryKind
    current: PublicVersion
    history: list[VersionSummary]
    links: list[LinkedEntry]
    first_published_at: datetime.datetime

    @property
    def withdrawn(self) -> bool:
        return self.current.state == VersionState.WITHDRAWN


class EntryPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[EntrySummary]
    total: int
    next_cursor: str | None


class OrganisationCount(msgspec.Struct, frozen=True, kw_only=True):
    tooi_id: str
    name: str
    entries: int


class PublicChange(msgspec.Struct, frozen=True, kw_only=True):
    """One public event: a version published, or an entry withdrawn."""

    entry_id: str
    name: str
    kind: EntryKind
    version_no: int
    change: Literal["published", "withdrawn"]
    at: datetime.datetime
    summary: str | None  # the version's change summary, or the reason for the withdrawal
    organisation: str  # the responsible organisation


class PublicQuestion(msgspec.Struct, frozen=True, kw_only=True):
    """A councillor's question with the municipality's answer, public once answered."""

    version_no: int
    asked_at: datetime.datetime
    question: str
    answer: str
    answered_at: datetime.datetime


class PublicTombstone(msgspec.Struct, frozen=True, kw_only=True):
    """What the public may still learn of a destroyed entry: that it existed, and why it is gone."""

    entry_id: str
    name: str
    kind: EntryKind
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    result_number: str | None
    list_name: str | None
    retention_period: str | None
    end_date: datetime.date | None
    destroyed_at: datetime.datetime
    certificate_reference: str
    destruction_list_id: int


class PublicReview(msgspec.Struct, frozen=True, kw_only=True):
    version_no: int
    reviewed_on: datetime.date


_IS_PUBLIC = Version.state.in_([str(s) for s in PUBLIC_STATES])


def _public_versions() -> Select[tuple[Version]]:
    return select(Version).where(_IS_PUBLIC)


def _public_version_columns() -> Select[tuple[str, int, str, str, str, datetime.datetime | None,
                                              datetime.datetime | None, datetime.datetime | None, str | None]]:
    """The columns of public versions that `PublicVersion` is made of, as plain rows: an entry page
    reads every version of its entry, and ORM objects would cost more than the page's queries."""
    return select(Version.entry_id, Version.version_no, Version.state, Version.content, Version.content_hash,
                  Version.published_at, Version.superseded_at, Version.withdrawn_at,
                  Version.withdrawal_reason).where(_IS_PUBLIC)


# The entry page's reads, built and compiled once: building them per request cost as much as running them.
_VERSIONS_OF_ENTRY = PreparedRead(_public_version_columns().where(Version.entry_id == bindparam("entry_id"))
                                  .order_by(Version.version_no))
_LINK_TARGETS = PreparedRead(select(PublicEntry.entry_id, PublicEntry.name, PublicEntry.kind).where(
    PublicEntry.entry_id.in_(bindparam("targets", expanding=True))))
_INBOUND_LINKS = PreparedRead(
    select(PublicLink.source_entry_id, PublicLink.relation, PublicEntry.name, PublicEntry.kind)
    .join(PublicEntry, PublicEntry.entry_id == PublicLink.source_entry_id)
    .where(PublicLink.target_entry_id == bindparam("entry_id"))
    .order_by(PublicEntry.name)
)
_PUBLIC_QUESTIONS = PreparedRead(
    select(Question.version_no, Question.asked_at, Question.question, Question.answer, Question.answered_at)
    .where(Question.entry_id == bindparam("entry_id"), Question.internal.is_(False), Question.answer.is_not(None))
    .order_by(Question.asked_at)
)
_LAST_REVIEW = PreparedRead(
    select(Review.version_no, Review.reviewed_on).where(Review.entry_id == bindparam("entry_id"))
    .order_by(Review.reviewed_on.desc(), Review.id.desc()).limit(1)
)


class _ChangeSummary(msgspec.Struct):
    """The one field of a stored version the history list shows; the rest of the JSON is skipped."""

    change_summary: str | None = None


_change_summary = msgspec.json.Decoder(_ChangeSummary)


class PublishedRegister:
    """Read access to what the register has published."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def entry(self, entry_id: str) -> PublicEntryView | None:
        versions = _VERSIONS_OF_ENTRY.rows(self._session, entry_id=entry_id)
        if not versions:
            return None
        current = current_public_version(versions)
        assert current is not None  # an entry with public versions has a published or withdrawn one
        public = _public_version(current)
        return PublicEntryView(
            id=entry_id,
            kind=public.content.kind,
            current=public,
            history=[_summary(v) for v in reversed(versions)],
            links=self._links(entry_id, public.content),
            first_published_at=min(v.published_at for v in versions if v.published_at),
        )

    def version(self, entry_id: str, version_no: int) -> PublicVersion | None:
        row = self._session.scalars(
            _public_versions().where(Version.entry_id == entry_id, Version.version_no == version_no)
        ).first()
        return _public_version(row) if row else None

    def page(
        self,
        *,
        kind: str | None = None,
        organisation: str | None = None,
        status: str | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> EntryPage:
        """Entries in name order, keyset-paginated with an opaque cursor."""
        query = select(PublicEntry)
        if kind:
            query = query.where(PublicEntry.kind == kind)
        if status:
            query = query.where(PublicEntry.status == status)
        if organisation:
            query = query.where(PublicEntry.entry_id.in_(
                select(PublicEntryOrganisation.entry_id).where(PublicEntryOrganisation.tooi_id == organisation)
            ))
        total = self._session.scalar(select(func.count()).select_from(query.subquery())) or 0
        after = _decode_cursor(cursor)
        if after:
            query = query.where(tuple_(PublicEntry.name, PublicEntry.entry_id) > tuple_(*after))
        rows = self._session.scalars(query.order_by(PublicEntry.name, PublicEntry.entry_id).limit(limit + 1)).all()
        items = self._summaries(rows[:limit])
        next_cursor = _encode_cursor(rows[limit - 1].name, rows[limit - 1].entry_id) if len(rows) > limit else None
        return EntryPage(items=items, total=total, next_cursor=next_cursor)

    def recent(self, limit: int = 10) -> list[EntrySummary]:
        rows = self._session.scalars(
            select(PublicEntry).order_by(PublicEntry.published_at.desc(), PublicEntry.entry_id).limit(limit)
        ).all()
        return self._summaries(rows)

    def counts_by_kind(self) -> dict[EntryKind, int]:
        rows = self._session.execute(
            select(PublicEntry.kind, func.count()).where(PublicEntry.withdrawn.is_(False)).group_by(PublicEntry.kind)
        ).all()
        counts = {kind: 0 for kind in EntryKind}
        counts.update({EntryKind(kind): count for kind, count in rows})
        return counts

    def organisations(self) -> list[OrganisationCount]:
        rows = self._session.execute(
            select(Organisation.tooi_id, Organisation.name, func.count(PublicEntryOrganisation.entry_id))
            .join(PublicEntryOrganisation, PublicEntryOrganisation.tooi_id == Organisation.tooi_id)
            .group_by(Organisation.tooi_id, Organisation.name)
            .order_by(Organisation.name)
        ).all()
        return [OrganisationCount(tooi_id=t, name=n, entries=c) for t, n, c in rows]

    def organisation(self, tooi_id: str) -> OrganisationCount | None:
        return next((o for o in self.organisations() if o.tooi_id == tooi_id), None)

    def current_versions(self, batch: int = 500) -> Iterator[PublicVersion]:
        """Every entry's current public version, streamed (for building the search index)."""
        return self._streamed(
            _public_versions().join(PublicEntry, PublicEntry.version_id == Version.id).order_by(Version.id), batch)

    def first_published_at(self) -> dict[str, datetime.datetime]:
        """When each public entry was first published (one grouped read, no version content decoded)."""
        rows = self._session.execute(
            select(Version.entry_id, func.min(Version.published_at)).where(_IS_PUBLIC).group_by(Version.entry_id))
        return {entry_id: published_at for entry_id, published_at in rows if published_at is not None}

    def publication_history(self, batch: int = 500) -> Iterator[PublicVersion]:
        """Every public version of every entry, by entry and version number, streamed."""
        return self._streamed(_public_versions().order_by(Version.entry_id, Version.version_no), batch)

    def _streamed(self, query: Select[tuple[Version]], batch: int) -> Iterator[PublicVersion]:
        for row in self._session.scalars(query.execution_options(yield_per=batch)):
            yield _public_version(row)

    def _summaries(self, rows: Sequence[PublicEntry]) -> list[EntrySummary]:
        """Summaries for a page of projection rows, with their versions read in one query."""
        versions = {
            version.id: version
            for version in self._session.scalars(
                _public_versions().where(Version.id.in_([row.version_id for row in rows]))
            )
        }
        summaries = []
        for row in rows:
            content = decode_stored(versions[row.version_id].content)
            summaries.append(EntrySummary(
                id=row.entry_id,
                kind=EntryKind(row.kind),
                name=content.name,
                description_short=content.description_short,
                status=row.status,
                withdrawn=row.withdrawn,
                published_at=row.published_at,
                organisations=[o.name for o in content.organisations],
            ))
        return summaries

    def _links(self, entry_id: str, content: EntryContent) -> list[LinkedEntry]:
        targets = {
            entry_id: (name, kind)
            for entry_id, name, kind in _LINK_TARGETS.rows(
                self._session, targets=[link.target for link in content.links])
        } if content.links else {}
        links = [
            LinkedEntry(entry_id=link.target, name=targets[link.target][0], kind=EntryKind(targets[link.target][1]),
                        relation=link.relation, inverse=False)
            for link in content.links if link.target in targets
        ]
        inbound = _INBOUND_LINKS.rows(self._session, entry_id=entry_id)
        links += [
            LinkedEntry(entry_id=source, name=name, kind=EntryKind(kind), relation=LinkRelation(relation),
                        inverse=True)
            for source, relation, name, kind in inbound
        ]
        return links

    def changes(self, limit: int, entry_id: str | None = None) -> list[PublicChange]:
        """Publications and withdrawals, newest first, of the whole register or of one entry."""
        query = _public_versions() if entry_id is None else _public_versions().where(Version.entry_id == entry_id)
        published = self._session.scalars(
            query.order_by(Version.published_at.desc(), Version.id.desc()).limit(limit)
        ).all()
        withdrawn = self._session.scalars(
            query.where(Version.state == str(VersionState.WITHDRAWN))
            .order_by(Version.withdrawn_at.desc(), Version.id.desc())
            .limit(limit)
        ).all()
        changes = [_change(v, "published") for v in published] + [_change(v, "withdrawn") for v in withdrawn]
        changes.sort(key=lambda c: (c.at, c.version_no, c.change == "withdrawn", c.entry_id), reverse=True)
        return changes[:limit]

    def questions(self, entry_id: str) -> list[PublicQuestion]:
        """Answered questions the councillor did not keep internal, oldest first."""
        rows = _PUBLIC_QUESTIONS.rows(self._session, entry_id=entry_id)
        return [PublicQuestion(version_no=q.version_no, asked_at=q.asked_at, question=q.question,
                               answer=q.answer or "", answered_at=q.answered_at or q.asked_at) for q in rows]

    def tombstone(self, entry_id: str) -> PublicTombstone | None:
        """The tombstone of a destroyed entry that was once public."""
        row = self._session.get(Tombstone, entry_id)
        if row is None or row.first_published_at is None:
            return None
        return PublicTombstone(
            entry_id=row.entry_id, name=row.name, kind=EntryKind(row.kind), first_published_at=row.first_published_at,
            last_published_at=row.last_published_at, result_number=row.result_number, list_name=row.list_name,
            retention_period=row.retention_period, end_date=row.end_date, destroyed_at=row.destroyed_at,
            certificate_reference=row.certificate_reference, destruction_list_id=row.destruction_list_id)

    def last_review(self, entry_id: str) -> PublicReview | None:
        row = next(iter(_LAST_REVIEW.rows(self._session, entry_id=entry_id)), None)
        return PublicReview(version_no=row.version_no, reviewed_on=row.reviewed_on) if row else None


class _VersionColumns(Protocol):
    """What `_public_version` reads: a `Version`, or a row of `_public_version_columns()`."""

    entry_id: str
    version_no: int
    state: str
    content: str
    content_hash: str
    published_at: datetime.datetime | None
    superseded_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    withdrawal_reason: str | None


def _public_version(row: Version | _VersionColumns) -> PublicVersion:
    if row.state not in PUBLIC_STATES or row.published_at is None:
        raise LookupError("not a public version")
    return PublicVersion(
        entry_id=row.entry_id,
        version_no=row.version_no,
        state=VersionState(row.state),
        content=decode_stored(row.content),
        content_hash=row.content_hash,
        published_at=row.published_at,
        superseded_at=row.superseded_at,
        withdrawn_at=row.withdrawn_at,
        withdrawal_reason=row.withdrawal_reason,
    )


def _summary(row: _VersionColumns) -> VersionSummary:
    assert row.published_at is not None
    return VersionSummary(
        version_no=row.version_no,
        state=VersionState(row.state),
        published_at=row.published_at,
        change_summary=_change_summary.decode(row.content).change_summary,
        content_hash=row.content_hash,
    )


def _change(row: Version, change: Literal["published", "withdrawn"]) -> PublicChange:
    content = decode_stored(row.content)
    at = row.withdrawn_at if change == "withdrawn" else row.published_at
    assert at is not None  # public versions were published, withdrawn ones were withdrawn
    # validation requires a responsible organisation in every version
    responsible = next(o for o in content.organisations if o.role == OrganisationRole.RESPONSIBLE)
    return PublicChange(
        entry_id=row.entry_id,
        name=content.name,
        kind=content.kind,
        version_no=row.version_no,
        change=change,
        at=at,
        summary=row.withdrawal_reason if change == "withdrawn" else content.change_summary,
        organisation=responsible.name,
    )


def _encode_cursor(name: str, entry_id: str) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([name, entry_id])).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> tuple[str, str] | None:
    if not cursor:
        return None
    try:
        name, entry_id = msgspec.json.decode(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return str(name), str(entry_id)
    except (ValueError, TypeError, msgspec.DecodeError):
        raise InvalidCursor(cursor) from None


class InvalidCursor(ValueError):
    """A `cursor` that this register did not hand out."""


__all__ = [
    "EntryPage",
    "EntrySummary",
    "InvalidCursor",
    "LinkedEntry",
    "OrganisationCount",
    "PublicChange",
    "PublicEntryView",
    "PublicQuestion",
    "PublicReview",
    "PublicTombstone",
    "PublicVersion",
    "PublishedRegister",
    "VersionSummary",
]
