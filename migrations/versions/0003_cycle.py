"""the seller's cycle: tags on entries, re-asks, capacity, yes goal

Revision ID: 0003_cycle
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_cycle"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMED_NO = "kind = 'no' AND who IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags", sa.String(length=200), nullable=True))
        batch_op.create_index(
            "ix_entries_named_nos",
            ["user_id"],
            unique=False,
            sqlite_where=sa.text(NAMED_NO),
            postgresql_where=sa.text(NAMED_NO),
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.SmallInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("reask_days", sa.SmallInteger(), nullable=False, server_default="30")
        )
        batch_op.add_column(sa.Column("yes_goal", sa.SmallInteger(), nullable=True))
    op.create_table(
        "reasks",
        sa.Column(
            "no_entry_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("not_before", sa.Date(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('asked', 'later', 'never')", name=op.f("ck_reasks_decision")
        ),
        sa.ForeignKeyConstraint(
            ["no_entry_id"],
            ["entries.id"],
            name=op.f("fk_reasks_no_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reasks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("no_entry_id", name=op.f("pk_reasks")),
    )
    with op.batch_alter_table("reasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reasks_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reasks_user_id"))
    op.drop_table("reasks")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("yes_goal")
        batch_op.drop_column("reask_days")
        batch_op.drop_column("capacity")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_named_nos")
        batch_op.drop_column("tags")
