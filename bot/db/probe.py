"""The one cheap query /healthz runs to see that the database answers."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def database_answers(session: Session) -> None:
    session.execute(text("SELECT 1"))
