"""Nudge rows: what a claimed nudge carries, and the insert that claims nudges at most once.

A nudge is a row unique on (user, local day, slot); inserting the rows for a batch skips the
ones that exist and returns the ids of the rest: those nudges this caller owns.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Date,
    String,
    bindparam,
    column,
    delete,
    func,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from bot.core.reasks import DueReask
from bot.core.schedule import Slot
from bot.db.dialect import dialect_of, sqlite_storage
from bot.db.models import Nudge, User, UtcDateTime


@dataclass(frozen=True)
class PendingAsk:
    entry_id: int
    who: str
    day: dt.date


@dataclass(frozen=True)
class Claimed:
    """A nudge this instance owns and must now send (or release)."""

    user_id: int
    kind: str
    """"pace", "followup", "digest", "reask" or "capacity"."""
    nudge_ids: tuple[int, ...]
    slot: Slot
    asks: int = 0
    target: int = 0
    pending: tuple[PendingAsk, ...] = ()
    reasks: tuple[DueReask, ...] = ()


_NUDGES = Nudge.__table__
_sqlite_date = sqlite_storage(Date())
_CLAIMED = (_NUDGES.c.id, _NUDGES.c.user_id, _NUDGES.c.slot)
_LISTED = func.json_each(bindparam("keys")).table_valued("value")
_INSERT_NUDGE_JSON = (
    sqlite.insert(Nudge)
    .from_select(
        ["user_id", "local_date", "slot", "sent_at"],
        select(
            func.json_extract(_LISTED.c.value, "$[0]"),
            func.json_extract(_LISTED.c.value, "$[1]"),
            func.json_extract(_LISTED.c.value, "$[2]"),
            bindparam("now", type_=UtcDateTime),
        ).where(true()),  # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT
    )
    .on_conflict_do_nothing()
    .returning(*_CLAIMED)
)
"""SQLite: the keys as one JSON array of [user id, ISO date, slot] (an executemany of
thousands of rows spends most of its time binding parameters)."""
_KEYS = (
    func.unnest(
        bindparam("user_ids", type_=ARRAY(BigInteger)),
        bindparam("days", type_=ARRAY(Date)),
        bindparam("slots", type_=ARRAY(String)),
    )
    .table_valued(column("user_id", BigInteger), column("local_date", Date), column("slot", String))
    .render_derived(name="claims")
)
_INSERT_NUDGE_ARRAYS = (
    postgresql.insert(Nudge)
    .from_select(
        ["user_id", "local_date", "slot", "sent_at"],
        select(
            _KEYS.c.user_id, _KEYS.c.local_date, _KEYS.c.slot, bindparam("now", type_=UtcDateTime)
        ),
    )
    .on_conflict_do_nothing()
    .returning(*_CLAIMED)
)
"""PostgreSQL: one statement with three array parameters (a VALUES list of thousands of
rows costs more to plan than to run)."""


def insert_nudges(
    session: Session, keys: list[tuple[int, dt.date, str]], now: dt.datetime
) -> dict[tuple[int, dt.date, str], int]:
    """Insert nudge rows, skipping ones that exist; return the ids of those we inserted.
    Within one call a user has each slot once, so (user, slot) finds the key again."""
    if not keys:
        return {}
    by_slot = {(user_id, slot): (user_id, day, slot) for user_id, day, slot in keys}
    assert len(by_slot) == len(keys), "a user's slot twice in one insert"
    connection = session.connection()
    if dialect_of(session) == "postgresql":
        user_ids, days, slots = zip(*keys, strict=True)
        result = connection.execute(
            _INSERT_NUDGE_ARRAYS,
            {"user_ids": list(user_ids), "days": list(days), "slots": list(slots), "now": now},
        )
    else:
        listed = json.dumps([[u, _sqlite_date(d), s] for u, d, s in keys])
        result = connection.execute(_INSERT_NUDGE_JSON, {"keys": listed, "now": now})
    return {by_slot[user_id, slot]: nudge_id for nudge_id, user_id, slot in result}


def record_sent(session: Session, sent: list[tuple[int, int]]) -> None:
    """Remember the message id of each sent nudge (nudge id, message id)."""
    if sent:
        session.execute(update(Nudge), [{"id": n, "message_id": m} for n, m in sent])


def release(session: Session, claimed: Claimed) -> None:
    """A send failed for a passing reason: forget the claim so a later tick retries it."""
    session.execute(delete(Nudge).where(Nudge.id.in_(claimed.nudge_ids)))
    session.execute(
        update(User)
        .where(User.id == claimed.user_id, User.blocked_at.is_(None))
        .values(next_nudge_at=claimed.slot.at)
    )


def mark_blocked(session: Session, user_id: int, now: dt.datetime) -> None:
    """The user blocked the bot (or the chat is gone): no more nudges until they are back."""
    session.execute(
        update(User).where(User.id == user_id).values(blocked_at=now, next_nudge_at=None)
    )
