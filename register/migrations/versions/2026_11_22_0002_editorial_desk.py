"""The editorial desk: users, organisations" members, API tokens, login attempts, questions,
reviews, the e-mail outbox, and each draft"s revision and last editor.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import msgspec
import sqlalchemy as sa
from alembic import op

from register.models import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_login_at", ["login", "at"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=True),
        sa.Column("delivered_at", UtcDateTime(), nullable=True),
        sa.Column("delivery", sa.String(length=20), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_delivered_at"), ["delivered_at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        sa.Column("review_visited_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "entry_organisations",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("tooi_id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tooi_id"],
            ["organisations.tooi_id"],
        ),
        sa.PrimaryKeyConstraint("entry_id", "tooi_id"),
    )
    with op.batch_alter_table("entry_organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entry_organisations_tooi_id"), ["tooi_id"], unique=False)

    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.String(length=100), nullable=False),
        sa.Column("asked_at", UtcDateTime(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questions_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=100), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "user_organisations",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tooi_id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["tooi_id"],
            ["organisations.tooi_id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "tooi_id"),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("editors_self_publish_other", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("last_editor", sa.String(length=100), nullable=True))

    backfill_entry_organisations()


def backfill_entry_organisations() -> None:
    """Entries written before this revision: their newest version says who owns them."""
    connection = op.get_bind()
    newest = connection.execute(
        sa.text(
            "SELECT v.entry_id, v.content FROM versions v WHERE v.version_no = "
            "(SELECT MAX(w.version_no) FROM versions w WHERE w.entry_id = v.entry_id)"
        )
    ).all()
    rows = [
        {"entry_id": entry_id, "tooi_id": organisation["tooi_id"]}
        for entry_id, content in newest
        for organisation in msgspec.json.decode(content).get("organisations", [])
    ]
    if rows:
        connection.execute(
            sa.text("INSERT INTO entry_organisations (entry_id, tooi_id) VALUES (:entry_id, :tooi_id)"), rows
        )


def downgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("last_editor")
        batch_op.drop_column("revision")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("editors_self_publish_other")

    op.drop_table("user_organisations")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_entry_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_entry_id"))

    op.drop_table("questions")
    with op.batch_alter_table("entry_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_organisations_tooi_id"))

    op.drop_table("entry_organisations")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_delivered_at"))

    op.drop_table("outbox")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_login_at")

    op.drop_table("login_attempts")
