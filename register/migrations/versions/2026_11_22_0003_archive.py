"""The archivist's register: retention decisions with history, holds, destruction lists with their
items and tombstones, write-once archive files with fixity checks, transfer batches, and the
moments an entry was closed, transferred or destroyed.

Destroying an entry is the one way its published content may change: the version guard now lets
content go only once the entry has a tombstone, and tombstones, archive files of the register's
own records and fixity checks cannot be changed or deleted.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from register.models import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "destruction_lists",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=True),
        sa.Column("checked_at", UtcDateTime(), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approval_reference", sa.String(length=200), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approval_recorded_by", sa.String(length=100), nullable=True),
        sa.Column("authorisation_reference", sa.String(length=200), nullable=True),
        sa.Column("authorised_on", sa.Date(), nullable=True),
        sa.Column("authorisation_standing", sa.Boolean(), nullable=False),
        sa.Column("authorised_by", sa.String(length=100), nullable=True),
        sa.Column("executed_by", sa.String(length=100), nullable=True),
        sa.Column("executed_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "fixity_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", UtcDateTime(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("found_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fixity_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fixity_checks_file_id"), ["file_id"], unique=False)

    op.create_table(
        "transfer_batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("repository", sa.String(length=200), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("receipt_reference", sa.String(length=200), nullable=False),
        sa.Column("package_reference", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "archive_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=True),
        sa.Column("version_no", sa.Integer(), nullable=True),
        sa.Column("destruction_list_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["destruction_list_id"],
            ["destruction_lists.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_id", "version_no", "kind"),
        sa.UniqueConstraint("path"),
    )
    with op.batch_alter_table("archive_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archive_files_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "destruction_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("result_number", sa.String(length=20), nullable=True),
        sa.Column("retention_period", sa.String(length=40), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("removed_reason", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["destruction_lists.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("destruction_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_destruction_items_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_destruction_items_list_id"), ["list_id"], unique=False)

    op.create_table(
        "holds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", UtcDateTime(), nullable=False),
        sa.Column("lifted_by", sa.String(length=100), nullable=True),
        sa.Column("lifted_at", UtcDateTime(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holds_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "retention_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=True),
        sa.Column("list_name", sa.String(length=200), nullable=True),
        sa.Column("list_year", sa.Integer(), nullable=True),
        sa.Column("result_uuid", sa.String(length=36), nullable=True),
        sa.Column("result_number", sa.String(length=20), nullable=True),
        sa.Column("appraisal", sa.String(length=1), nullable=False),
        sa.Column("retention_period", sa.String(length=40), nullable=True),
        sa.Column("process_term", sa.String(length=60), nullable=True),
        sa.Column("trigger", sa.String(length=200), nullable=True),
        sa.Column("trigger_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("origin", sa.String(length=200), nullable=True),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("impact_profiles", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", UtcDateTime(), nullable=False),
        sa.Column("superseded_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("retention_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_decisions_end_date"), ["end_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_retention_decisions_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "tombstones",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("organisations", sa.Text(), nullable=False),
        sa.Column("first_published_at", UtcDateTime(), nullable=True),
        sa.Column("last_published_at", UtcDateTime(), nullable=True),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.Column("list_name", sa.String(length=200), nullable=True),
        sa.Column("result_number", sa.String(length=20), nullable=True),
        sa.Column("appraisal", sa.String(length=1), nullable=False),
        sa.Column("retention_period", sa.String(length=40), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("destruction_list_id", sa.Integer(), nullable=False),
        sa.Column("certificate_reference", sa.String(length=200), nullable=False),
        sa.Column("destroyed_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["destruction_list_id"],
            ["destruction_lists.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    op.create_table(
        "transfer_items",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["transfer_batches.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("batch_id", "entry_id"),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("transferred_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("destroyed_at", UtcDateTime(), nullable=True))

    create_destruction_guards()


def downgrade() -> None:
    drop_destruction_guards()
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("destroyed_at")
        batch_op.drop_column("transferred_at")
        batch_op.drop_column("closed_at")

    op.drop_table("transfer_items")
    op.drop_table("tombstones")
    with op.batch_alter_table("retention_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_decisions_entry_id"))
        batch_op.drop_index(batch_op.f("ix_retention_decisions_end_date"))

    op.drop_table("retention_decisions")
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holds_entry_id"))

    op.drop_table("holds")
    with op.batch_alter_table("destruction_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_destruction_items_list_id"))
        batch_op.drop_index(batch_op.f("ix_destruction_items_entry_id"))

    op.drop_table("destruction_items")
    with op.batch_alter_table("archive_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archive_files_entry_id"))

    op.drop_table("archive_files")
    op.drop_table("transfer_batches")
    with op.batch_alter_table("fixity_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fixity_checks_file_id"))

    op.drop_table("fixity_checks")
    op.drop_table("destruction_lists")


DESTROYED = "EXISTS (SELECT 1 FROM tombstones t WHERE t.entry_id = OLD.entry_id)"
# The version guard of 0001 again, with one way out: the entry has been destroyed (it has a tombstone).
SQLITE_TRIGGERS = {
    "versions_content_frozen": (
        "BEFORE UPDATE OF content, content_hash, entry_id, version_no ON versions "
        f"WHEN OLD.state <> 'draft' AND NOT {DESTROYED} "
        "BEGIN SELECT RAISE(ABORT, 'the content of a submitted or published version cannot change'); END"
    ),
    "versions_no_delete": (
        f"BEFORE DELETE ON versions WHEN OLD.state <> 'draft' AND NOT {DESTROYED} "
        "BEGIN SELECT RAISE(ABORT, 'a submitted or published version cannot be deleted'); END"
    ),
}
SQLITE_NEW_TRIGGERS = {
    "tombstones_no_update": "BEFORE UPDATE ON tombstones BEGIN SELECT RAISE(ABORT, 'tombstones are permanent'); END",
    "tombstones_no_delete": "BEFORE DELETE ON tombstones BEGIN SELECT RAISE(ABORT, 'tombstones are permanent'); END",
    "fixity_checks_no_change": (
        "BEFORE UPDATE ON fixity_checks BEGIN SELECT RAISE(ABORT, 'fixity checks are append-only'); END"
    ),
    "archive_files_no_update": (
        "BEFORE UPDATE ON archive_files BEGIN SELECT RAISE(ABORT, 'archive files are write-once'); END"
    ),
    "archive_files_no_delete": (
        "BEFORE DELETE ON archive_files WHEN OLD.entry_id IS NULL OR NOT "
        f"{DESTROYED} BEGIN SELECT RAISE(ABORT, 'archive files are kept until their entry is destroyed'); END"
    ),
}
OLD_SQLITE_TRIGGERS = {
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
POSTGRES_GUARD = """
CREATE OR REPLACE FUNCTION glazenstad_guard_version() RETURNS trigger AS $$
BEGIN
  IF OLD.state <> 'draft' AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.entry_id = OLD.entry_id) THEN
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
CREATE FUNCTION glazenstad_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '% are permanent', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;
CREATE FUNCTION glazenstad_guard_archive_file() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'archive files are write-once'; END IF;
  IF OLD.entry_id IS NULL OR NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.entry_id = OLD.entry_id) THEN
    RAISE EXCEPTION 'archive files are kept until their entry is destroyed';
  END IF;
  RETURN OLD;
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER tombstones_permanent BEFORE UPDATE OR DELETE ON tombstones
  FOR EACH ROW EXECUTE FUNCTION glazenstad_refuse_change();
CREATE TRIGGER fixity_checks_permanent BEFORE UPDATE OR DELETE ON fixity_checks
  FOR EACH ROW EXECUTE FUNCTION glazenstad_refuse_change();
CREATE TRIGGER archive_files_guard BEFORE UPDATE OR DELETE ON archive_files
  FOR EACH ROW EXECUTE FUNCTION glazenstad_guard_archive_file();
"""


def create_destruction_guards() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, body in {**SQLITE_TRIGGERS, **SQLITE_NEW_TRIGGERS}.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(POSTGRES_GUARD)


def drop_destruction_guards() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_NEW_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name, body in OLD_SQLITE_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for trigger, table in (
            ("tombstones_permanent", "tombstones"),
            ("fixity_checks_permanent", "fixity_checks"),
            ("archive_files_guard", "archive_files"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS glazenstad_refuse_change()")
        op.execute("DROP FUNCTION IF EXISTS glazenstad_guard_archive_file()")
        op.execute(POSTGRES_GUARD.split("CREATE FUNCTION glazenstad_refuse_change", 1)[0].replace(
            " AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.entry_id = OLD.entry_id)", ""))
