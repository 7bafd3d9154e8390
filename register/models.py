"""Database tables. Versions hold one canonical JSON document each; the other columns are
what queries need. Nothing outside `register/` touches these."""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcDateTime(TypeDecorator[datetime.datetime]):
    """Stores moments in UTC and always returns them timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        value = value.astimezone(datetime.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime.datetime | None, dialect: Dialect) -> datetime.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=datetime.UTC) if value.tzinfo is None else value.astimezone(datetime.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime.datetime: UtcDateTime()}


class Organisation(Base):
    __tablename__ = "organisations"

    tooi_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Editors may publish "Overige algoritmes" without an approver when their organisation allows it.
    editors_self_publish_other: Mapped[bool] = mapped_column(default=False)


class Entry(Base):
    __tablename__ = "entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime.datetime]
    # Closing starts the process term of most results; transfer and destruction end the entry's life here.
    closed_at: Mapped[datetime.datetime | None]
    transferred_at: Mapped[datetime.datetime | None]
    destroyed_at: Mapped[datetime.datetime | None]
    versions: Mapped[list[Version]] = relationship(
        back_populates="entry", order_by="Version.version_no", lazy="selectin"
    )


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("entry_id", "version_no"),
        Index("ix_versions_state_published_at", "state", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), index=True)
    version_no: Mapped[int]
    state: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime.datetime]
    submitted_at: Mapped[datetime.datetime | None]
    approved_at: Mapped[datetime.datetime | None]
    published_at: Mapped[datetime.datetime | None]
    superseded_at: Mapped[datetime.datetime | None]
    withdrawn_at: Mapped[datetime.datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    source_document: Mapped[str | None] = mapped_column(Text)
    # Drafts are edited in place; `revision` counts the saves so a stale edit is noticed.
    revision: Mapped[int] = mapped_column(default=0)
    last_editor: Mapped[str | None] = mapped_column(String(100))
    entry: Mapped[Entry] = relationship(back_populates="versions")


class PublicEntry(Base):
    """Projection of each entry's public version, rebuilt on every publication or withdrawal.

    It lets the public side list, filter and count without reading every document."""

    __tablename__ = "public_entries"

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(30))
    withdrawn: Mapped[bool]
    published_at: Mapped[datetime.datetime] = mapped_column(index=True)


class PublicEntryOrganisation(Base):
    __tablename__ = "public_entry_organisations"

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    tooi_id: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20))


class PublicLink(Base):
    """Links stated in public versions, so the target can show the inverse."""

    __tablename__ = "public_links"

    source_entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    target_entry_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    relation: Mapped[str] = mapped_column(String(30), primary_key=True)


class Event(Base):
    """Append-only: the database refuses UPDATE and DELETE (see the initial migration)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_event_type_id", "event_type", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime.datetime] = mapped_column(index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    entry_id: Mapped[str | None] = mapped_column(String(36), index=True)
    version_no: Mapped[int | None]
    actor: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="{}")


class EntryOrganisation(Base):
    """The organisations an entry's newest version names: whose staff may work on it."""

    __tablename__ = "entry_organisations"

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    tooi_id: Mapped[str] = mapped_column(ForeignKey("organisations.tooi_id"), primary_key=True, index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200))  # space-separated, sorted
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime.datetime]
    # Raised when a password changes or the user is disabled: older sessions stop working.
    session_epoch: Mapped[int] = mapped_column(default=0)
    review_visited_at: Mapped[datetime.datetime | None]
    organisations: Mapped[list[UserOrganisation]] = relationship(lazy="selectin", cascade="all, delete-orphan")


class UserOrganisation(Base):
    __tablename__ = "user_organisations"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    tooi_id: Mapped[str] = mapped_column(ForeignKey("organisations.tooi_id"), primary_key=True)


class ApiToken(Base):
    """Only a SHA-256 of the token is kept; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime.datetime]
    revoked_at: Mapped[datetime.datetime | None]


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_login_at", "login", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(100))
    client: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime.datetime]
    succeeded: Mapped[bool]


class Question(Base):
    """A councillor's question or remark on an entry version, and the department's answer."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), index=True)
    version_no: Mapped[int]
    asked_by: Mapped[str] = mapped_column(String(100))
    asked_at: Mapped[datetime.datetime]
    question: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(default=False)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[datetime.datetime | None]


class Review(Base):
    """A councillor marked an entry reviewed on a date."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), index=True)
    version_no: Mapped[int]
    reviewed_by: Mapped[str] = mapped_column(String(100))
    reviewed_on: Mapped[datetime.date]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime.datetime]


class OutboxMessage(Base):
    """An e-mail to send; written in the same transaction as the step it reports."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime.datetime]
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    entry_id: Mapped[str | None] = mapped_column(String(36))
    delivered_at: Mapped[datetime.datetime | None] = mapped_column(index=True)
    delivery: Mapped[str | None] = mapped_column(String(20))  # "smtp" or "log"
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class RetentionDecision(Base):
    """An archivist's retention decision for an entry (or one of its components). A new decision
    supersedes the current one; history is kept."""

    __tablename__ = "retention_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), index=True)
    scope: Mapped[str | None] = mapped_column(String(200))  # None: the entry as a whole
    list_name: Mapped[str | None] = mapped_column(String(200))
    list_year: Mapped[int | None]
    result_uuid: Mapped[str | None] = mapped_column(String(36))
    result_number: Mapped[str | None] = mapped_column(String(20))
    appraisal: Mapped[str] = mapped_column(String(1))
    retention_period: Mapped[str | None] = mapped_column(String(40))
    process_term: Mapped[str | None] = mapped_column(String(60))
    trigger: Mapped[str | None] = mapped_column(String(200))
    trigger_date: Mapped[datetime.date | None]
    end_date: Mapped[datetime.date | None] = mapped_column(index=True)
    origin: Mapped[str | None] = mapped_column(String(200))
    motivation: Mapped[str] = mapped_column(Text)
    impact_profiles: Mapped[str] = mapped_column(String(200), default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime.datetime]
    superseded_at: Mapped[datetime.datetime | None]


class Hold(Base):
    """A legal hold: while active, the entry cannot be destroyed."""

    __tablename__ = "holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), index=True)
    version_no: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(200))
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime.datetime]
    lifted_by: Mapped[str | None] = mapped_column(String(100))
    lifted_at: Mapped[datetime.datetime | None]
    lift_reason: Mapped[str | None] = mapped_column(Text)


class DestructionList(Base):
    __tablename__ = "destruction_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(30))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime.datetime]
    checked_by: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[datetime.datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(200))  # the college's delegate
    approval_reference: Mapped[str | None] = mapped_column(String(200))
    approved_on: Mapped[datetime.date | None]
    approval_recorded_by: Mapped[str | None] = mapped_column(String(100))
    authorisation_reference: Mapped[str | None] = mapped_column(String(200))
    authorised_on: Mapped[datetime.date | None]
    authorisation_standing: Mapped[bool] = mapped_column(default=False)
    authorised_by: Mapped[str | None] = mapped_column(String(100))
    executed_by: Mapped[str | None] = mapped_column(String(100))
    executed_at: Mapped[datetime.datetime | None]
    items: Mapped[list[DestructionItem]] = relationship(lazy="selectin", order_by="DestructionItem.id")


class DestructionItem(Base):
    __tablename__ = "destruction_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("destruction_lists.id"), index=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    result_number: Mapped[str | None] = mapped_column(String(20))
    retention_period: Mapped[str | None] = mapped_column(String(40))
    end_date: Mapped[datetime.date | None]
    removed_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))  # destroyed, skipped
    outcome_reason: Mapped[str | None] = mapped_column(Text)


class Tombstone(Base):
    """What remains of a destroyed entry: the facts needed to prove what was destroyed and why."""

    __tablename__ = "tombstones"

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    organisations: Mapped[str] = mapped_column(Text)
    first_published_at: Mapped[datetime.datetime | None]
    last_published_at: Mapped[datetime.datetime | None]
    versions: Mapped[int]
    list_name: Mapped[str | None] = mapped_column(String(200))
    result_number: Mapped[str | None] = mapped_column(String(20))
    appraisal: Mapped[str] = mapped_column(String(1))
    retention_period: Mapped[str | None] = mapped_column(String(40))
    end_date: Mapped[datetime.date | None]
    destruction_list_id: Mapped[int] = mapped_column(ForeignKey("destruction_lists.id"))
    certificate_reference: Mapped[str] = mapped_column(String(200))
    destroyed_at: Mapped[datetime.datetime]


class ArchiveFile(Base):
    """A write-once file with its checksum: a rendition of a published version, or one of the
    register's own permanent records (a declaration of destruction)."""

    __tablename__ = "archive_files"
    __table_args__ = (UniqueConstraint("entry_id", "version_no", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str | None] = mapped_column(String(36), index=True)
    version_no: Mapped[int | None]
    destruction_list_id: Mapped[int | None] = mapped_column(ForeignKey("destruction_lists.id"))
    kind: Mapped[str] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(String(400), unique=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime.datetime]


class FixityCheck(Base):
    __tablename__ = "fixity_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_id: Mapped[int] = mapped_column(Integer, index=True)
    checked_at: Mapped[datetime.datetime]
    result: Mapped[str] = mapped_column(String(20))  # ok, mismatch, missing
    found_sha256: Mapped[str | None] = mapped_column(String(64))


class TransferBatch(Base):
    __tablename__ = "transfer_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    repository: Mapped[str] = mapped_column(String(200))
    transferred_on: Mapped[datetime.date]
    receipt_reference: Mapped[str] = mapped_column(String(200))
    package_reference: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime.datetime]
    entries: Mapped[list[TransferItem]] = relationship(lazy="selectin")


class TransferItem(Base):
    __tablename__ = "transfer_items"

    batch_id: Mapped[int] = mapped_column(ForeignKey("transfer_batches.id"), primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
