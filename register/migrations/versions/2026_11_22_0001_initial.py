"""The initial schema: entries, immutable versions, public projections, the append-only event log.

Revision ID: 0001
Revises: -
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from register.models import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=True),
        sa.Column("version_no", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("tooi_id", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("tooi_id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "public_entry_organisations",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("tooi_id", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("entry_id", "tooi_id"),
    )
    with op.batch_alter_table("public_entry_organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_entry_organisations_tooi_id"), ["tooi_id"], unique=False)

    op.create_table(
        "public_links",
        sa.Column("source_entry_id", sa.String(length=36), nullable=False),
        sa.Column("target_entry_id", sa.String(length=36), nullable=False),
        sa.Column("relation", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("source_entry_id", "target_entry_id", "relation"),
    )
    with op.batch_alter_table("public_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_links_target_entry_id"), ["target_entry_id"], unique=False)

    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("submitted_at", UtcDateTime(), nullable=True),
        sa.Column("approved_at", UtcDateTime(), nullable=True),
        sa.Column("published_at", UtcDateTime(), nullable=True),
        sa.Column("superseded_at", UtcDateTime(), nullable=True),
        sa.Column("withdrawn_at", UtcDateTime(), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("source_document", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_id", "version_no"),
    )
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_versions_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index("ix_versions_state_published_at", ["state", "published_at"], unique=False)

    op.create_table(
        "public_entries",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("published_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
        ),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    with op.batch_alter_table("public_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_entries_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_public_entries_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_public_entries_published_at"), ["published_at"], unique=False)

    create_append_only_triggers()


def downgrade() -> None:
    drop_append_only_triggers()
    with op.batch_alter_table("public_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_entries_published_at"))
        batch_op.drop_index(batch_op.f("ix_public_entries_name"))
        batch_op.drop_index(batch_op.f("ix_public_entries_kind"))

    op.drop_table("public_entries")
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_index("ix_versions_state_published_at")
        batch_op.drop_index(batch_op.f("ix_versions_entry_id"))

    op.drop_table("versions")
    with op.batch_alter_table("public_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_links_target_entry_id"))

    op.drop_table("public_links")
    with op.batch_alter_table("public_entry_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_entry_organisations_tooi_id"))

    op.drop_table("public_entry_organisations")
    op.drop_table("organisations")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_events_entry_id"))

    op.drop_table("events")
    op.drop_table("entries")


# The database itself keeps the promises "events are append-only" and "a version that left
# the draft state never changes its content and is never deleted".
SQLITE_TRIGGERS = {
    "events_no_update": "BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "events_no_delete": "BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "versions_content_frozen": (
        "BEFORE UPDATE OF content, content_hash, entry_id, version_no ON versions "
        "WHEN OLD.state <> 'draft' "
        "BEGIN SELECT RAISE(ABORT, 'the content of a submitted or published version cannot change'); END"
    ),
    "versions_no_delete": (
        "BEFORE DELETE ON versions WHEN OLD.state <> 'draft' "
        "BEGIN SELECT RAISE(ABORT, 'a submitted or published version cannot be deleted'); END"
    ),
}
POSTGRES_FUNCTIONS = """
CREATE FUNCTION glazenstad_refuse_event_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'events are append-only'; END; $$ LANGUAGE plpgsql;
CREATE FUNCTION glazenstad_guard_version() RETURNS trigger AS $$
BEGIN
  IF OLD.state <> 'draft' THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'a submitted or published version cannot be deleted';
    END IF;
    IF NEW.content IS DISTINCT FROM OLD.content OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
       OR NEW.entry_id IS DISTINCT FROM OLD.entry_id OR NEW.version_no IS DISTINCT FROM OLD.version_no THEN
      RAISE EXCEPTION 'the content of a submitted or published version cannot change';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION glazenstad_refuse_event_change();
CREATE TRIGGER versions_guard BEFORE UPDATE OR DELETE ON versions
  FOR EACH ROW EXECUTE FUNCTION glazenstad_guard_version();
"""


def create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(POSTGRES_FUNCTIONS)


def drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP TRIGGER IF EXISTS versions_guard ON versions")
        op.execute("DROP FUNCTION IF EXISTS glazenstad_refuse_event_change()")
        op.execute("DROP FUNCTION IF EXISTS glazenstad_guard_version()")
