"""Two `salesbot run` on one database (webhook mode behind a load balancer): each stores
the updates it was sent, and both hand out what waits in the shared inbox. Each chat is
leased to one instance at a time, so every update is handled once and a chat's updates one
after another, whichever instance stored them (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import func, select

from bot.app import running
from bot.config import Settings
from bot.db.inbox_store import LEASE
from bot.db.models import InboxLease
from bot.runtime.intake import RESCAN_SECONDS, Intake
from tests.harness import BotHarness, FakeClock, texts, until

CHATS = 6
EACH = 8
TODAY = re.compile(r"Today: (\d+) of 5 asks")


async def test_two_instances_hand_out_each_update_once_and_each_chat_in_order(
    settings: Settings, clock: FakeClock
) -> None:
    first, second = BotHarness(settings, clock), BotHarness(settings, clock)
    async with running(first.app), running(second.app):
        one, two = Intake(first.app), Intake(second.app)
        await one.start()
        await two.start()
        updates = [
            first.updates.message("/ask", user_id=7000 + chat, date=clock()).to_dict()
            for _ in range(EACH)
            for chat in range(CHATS)
        ]
        # The load balancer alternates: each instance stores every other update.
        await one.accept(updates[0::2])
        await two.accept(updates[1::2])

        def replies() -> list[str]:
            return texts(first.api.calls) + texts(second.api.calls)

        await until(lambda: len(replies()) >= CHATS * EACH)
        await until(lambda: one.in_flight == two.in_flight == 0)
        await one.stop()
        await two.stop()

        assert len(replies()) == CHATS * EACH  # none twice
        assert all("Already logged" not in text for text in replies())
        both = [call for call in first.api.calls + second.api.calls if call.method == "sendMessage"]
        for chat in range(CHATS):
            counts = sorted(
                int(found.group(1))
                for call in both
                if call.params["chat_id"] == 7000 + chat
                and (found := TODAY.search(call.params["text"]))
            )
            assert counts == list(range(1, EACH + 1)), chat  # one at a time: 1, 2, … 8
        count = select(func.count()).select_from(InboxLease)
        leases = await first.query(lambda s: s.execute(count).scalar_one())
        assert leases == 0  # each instance gave its chats back on stop


async def test_a_crashed_instances_chats_wait_for_its_lease_to_lapse_then_go_on(
    bot: BotHarness, clock: FakeClock
) -> None:
    """A chat leased by an instance that died (kill -9: no release) is not handed out by
    another until the lease lapses; then its waiting update is handled."""
    dead = InboxLease(chat_key=1001, owner="dead", until=clock() + LEASE)
    await bot.query(lambda s: s.add(dead))
    intake = Intake(bot.app)
    await intake.start()
    try:
        await intake.accept([bot.updates.message("/ask 2", date=clock()).to_dict()])
        await asyncio.sleep(3 * RESCAN_SECONDS)  # a few rounds: the chat is still leased
        assert texts(bot.api.calls) == []

        clock.advance(seconds=LEASE.total_seconds() + 1)
        await until(lambda: texts(bot.api.calls))
    finally:
        await intake.stop()

    assert texts(bot.api.calls)[0].startswith("✅ Logged: 2 asks.")
