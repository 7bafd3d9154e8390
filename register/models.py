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
