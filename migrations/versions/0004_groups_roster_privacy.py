"""groups: roster (left_at, invites), privacy defaults, private chat, live tally, reminder

Revision ID: 0004_groups
Revises: 0003_cycle
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_groups"
down_revision: str | None = "0003_cycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONDAY_TO_FRIDAY = "31"


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private_chat_at", sa.DateTime(timezone=True)))
        batch_op.add_column(
            sa.Column("group_privacy", sa.String(length=8), server_default="full", nullable=False)
        )
        batch_op.add_column(
            sa.Column("group_mention", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Everyone known so far is taken to have a private chat: their nudges keep going (a 403
    # marks the ones who never had one, as before).
    op.execute("UPDATE users SET private_chat_at = created_at")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "workdays", sa.SmallInteger(), server_default=MONDAY_TO_FRIDAY, nullable=False
            )
        )
        batch_op.add_column(sa.Column("next_reminder_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("live_week", sa.Date()))
        batch_op.add_column(sa.Column("live_message_id", sa.BigInteger()))
        batch_op.add_column(sa.Column("live_at", sa.DateTime(timezone=True)))
        batch_op.create_index(
            batch_op.f("ix_groups_next_reminder_at"), ["next_reminder_at"], unique=False
        )
    with op.batch_alter_table("group_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True)))
    op.create_table(
        "group_invites",
        sa.Column("group_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_invites_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "user_id", name=op.f("pk_group_invites")),
    )


def downgrade() -> None:
    op.drop_table("group_invites")
    with op.batch_alter_table("group_members", schema=None) as batch_op:
        batch_op.drop_column("left_at")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_next_reminder_at"))
        batch_op.drop_column("live_at")
        batch_op.drop_column("live_message_id")
        batch_op.drop_column("live_week")
        batch_op.drop_column("next_reminder_at")
        batch_op.drop_column("workdays")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("group_mention")
        batch_op.drop_column("group_privacy")
        batch_op.drop_column("private_chat_at")
