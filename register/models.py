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
