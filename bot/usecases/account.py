"""The user's own data: delete everything (/forget)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.db import user_store


def forget(session: Session, user_id: int) -> int:
    """Delete every row about the user; return how many entries went. Others are untouched."""
    return user_store.forget_user(session, user_id)
