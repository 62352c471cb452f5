"""undo source: the /undo message that removed an entry, so that a replayed /undo removes
nothing more

Revision ID: 0007_undo_source
Revises: 0006_inbox_leases
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_undo_source"
down_revision: str | None = "0006_inbox_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNDONE_BY_A_MESSAGE = "undone_by_message_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undone_by_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("undone_by_message_id", sa.BigInteger(), nullable=True))
        batch_op.create_index(
            "ix_entries_undone_by",
            ["undone_by_chat_id", "undone_by_message_id"],
            unique=False,
            sqlite_where=sa.text(UNDONE_BY_A_MESSAGE),
            postgresql_where=sa.text(UNDONE_BY_A_MESSAGE),
        )


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_undone_by")
        batch_op.drop_column("undone_by_message_id")
        batch_op.drop_column("undone_by_chat_id")
