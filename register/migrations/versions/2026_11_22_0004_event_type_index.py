"""Events indexed by type and id, so the newest event of a few types is found in a few steps.

Every public page reads the register's public generation (the newest public event). Without this
index that walked back over every internal event since the last publication: after 50,000 draft
saves, 9 ms per page.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_event_type_id", "events", ["event_type", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_event_type_id", table_name="events")
