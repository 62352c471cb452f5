"""The user's own data: delete everything (/forget)."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from bot.db.models import Entry, GroupInvite, GroupMember, Nudge, Pause, User


def forget(session: Session, user_id: int) -> int:
    """Delete every row about the user; return how many entries went. Others are untouched."""
    session.execute(delete(Nudge).where(Nudge.user_id == user_id))
    session.execute(delete(GroupMember).where(GroupMember.user_id == user_id))
    session.execute(delete(GroupInvite).where(GroupInvite.user_id == user_id))
    session.execute(delete(Pause).where(Pause.user_id == user_id))
    session.execute(update(Entry).where(Entry.user_id == user_id).values(answered_by_id=None))
    removed = session.execute(delete(Entry).where(Entry.user_id == user_id)).rowcount  # type: ignore[attr-defined]
    session.execute(delete(User).where(User.id == user_id))
    return int(removed)
