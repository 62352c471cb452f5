"""Fault 8: two bot instances on one database tick together over 10,000 due nudges."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.db.models import Nudge, User
from bot.jobs import send_due_nudges
from tests.harness import FakeClock
from tests.reliability.helpers import (
    count,
    delivered,
    nudges_per_chat,
    seed_due_sellers,
    started,
    utc,
)

USERS = range(6_000_001, 6_010_001)  # 10,000
DUE = utc(2026, 11, 26, 15)  # Thursday 15:00


@pytest.mark.stress
async def test_two_instances_ticking_over_10000_due_nudges_send_each_once(
    settings: Settings, clock: FakeClock
) -> None:
    """Fault: two instances (two Applications, each with its own engine and connection pool
    as two processes would have, on one database) run the same tick at the same moment over
    10,000 users whose nudge is due. Expected: across both fake Bot APIs every user gets the
    nudge exactly once (0 duplicates, 0 missed), each recorded by one nudge row, and no user
    is left due."""
    async with started(settings, clock) as one, started(settings, clock) as two:
        await seed_due_sellers(one, USERS, due=DUE, created_at=DUE - dt.timedelta(days=1))
        clock.now = DUE + dt.timedelta(seconds=30)

        reports = await asyncio.gather(send_due_nudges(one.app), send_due_nudges(two.app))

        calls = one.api.calls + two.api.calls
        pace_rows = await count(
            one, select(func.count()).select_from(Nudge).where(Nudge.slot == "15:00")
        )
        left_due = await count(
            one, select(func.count()).select_from(User).where(User.next_nudge_at <= clock.now)
        )
        again = await asyncio.gather(send_due_nudges(one.app), send_due_nudges(two.app))

    per_chat = nudges_per_chat(calls)
    duplicated = sum(n - 1 for n in per_chat.values() if n > 1)
    missed = len(set(USERS) - set(per_chat))
    assert (duplicated, missed) == (0, 0)
    assert per_chat == Counter(dict.fromkeys(USERS, 1))
    sent = delivered(calls)
    assert len(sent) == len(set(sent)), "some message went out twice"
    assert sum(report.failed for report in reports) == 0
    assert pace_rows == len(USERS)
    assert left_due == 0
    assert sum(report.claimed for report in again) == 0
