"""/healthz's verdict and the Prometheus metrics, driven as Telegram and the minute job do."""

from __future__ import annotations

import datetime as dt

from prometheus_client import REGISTRY

from bot.app import running
from bot.config import Settings
from bot.runtime.health import CACHE_SECONDS, TICK_STALE, HealthCheck
from bot.runtime.intake import Intake
from tests.harness import BotHarness, FakeClock, until
from tests.reliability.helpers import run_minute_job, seed_due_sellers, started, utc
from tests.reliability.test_database_down import bot_with_outage

NUDGE_DUE = utc(2026, 11, 26, 15)  # the default 15:00 nudge on the fixture's Thursday
TALLY_DUE = utc(2026, 11, 27, 17)  # Friday 17:00, the default weekly tally
GROUP = -1001234567890


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_updates_are_counted_by_command_and_outcome_with_their_latency(
    bot: BotHarness,
) -> None:
    ask_ok = value("salesbot_updates_total", command="/ask", outcome="ok")
    other = value("salesbot_updates_total", command="/other", outcome="ok")
    text = value("salesbot_updates_total", command="text", outcome="ok")
    observed = value("salesbot_update_seconds_count")

    await bot.send("/ask 2")
    await bot.send("/ask@salesbot_bot 1")
    await bot.send("/made-up-command-" + "x" * 20)
    await bot.send("asked Sarah")

    assert value("salesbot_updates_total", command="/ask", outcome="ok") == ask_ok + 2
    assert value("salesbot_updates_total", command="/other", outcome="ok") == other + 1
    assert value("salesbot_updates_total", command="text", outcome="ok") == text + 1
    assert value("salesbot_update_seconds_count") == observed + 4
    labels = {
        sample.labels.get("command")
        for family in REGISTRY.collect()
        for sample in family.samples
        if sample.name == "salesbot_updates_total"
    }
    assert not [label for label in labels if label and "made-up" in label]  # bounded labels


async def test_bot_api_errors_are_counted_by_kind(bot: BotHarness) -> None:
    forbidden = value("salesbot_telegram_errors_total", kind="forbidden")
    bad_request = value("salesbot_telegram_errors_total", kind="bad_request")
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await bot.send("/ask 1")
    bot.api.fail_next("sendMessage", 400, "Bad Request: message text is empty")
    await bot.send("/ask 1")
    assert value("salesbot_telegram_errors_total", kind="forbidden") == forbidden + 1
    assert value("salesbot_telegram_errors_total", kind="bad_request") == bad_request + 1


async def test_nudges_and_tallies_are_counted_by_the_minute_job(
    settings: Settings, clock: FakeClock
) -> None:
    counted = {event: value("salesbot_nudges_total", event=event) for event in NUDGE_EVENTS}
    tallies = value("salesbot_tallies_total", outcome="sent")
    async with started(settings, clock) as bot:
        await seed_due_sellers(bot, range(3001, 3006), due=NUDGE_DUE, created_at=clock())
        bot.api.blocked.add(3005)
        clock.now = NUDGE_DUE
        await run_minute_job(bot)
        after = {event: value("salesbot_nudges_total", event=event) for event in NUDGE_EVENTS}
        await bot.process(bot.updates.my_chat_member(GROUP, old_status="left", new_status="member"))
        await bot.process(bot.updates.message("/ask 2", user_id=3001, chat_id=GROUP))
        clock.now = TALLY_DUE
        await run_minute_job(bot)

    assert {event: after[event] - counted[event] for event in NUDGE_EVENTS} == {
        "claimed": 5,
        "sent": 4,
        "blocked": 1,
        "failed": 0,
    }
    assert value("salesbot_tallies_total", outcome="sent") == tallies + 1


NUDGE_EVENTS = ("claimed", "sent", "blocked", "failed")


async def test_health_follows_the_database_with_a_cached_probe(
    settings: Settings, clock: FakeClock
) -> None:
    """One probe query per CACHE_SECONDS at most: right after the database goes away the
    cached verdict still stands; once it is older, /healthz says 503, and recovers."""
    async with bot_with_outage(settings, clock) as (bot, outage):
        check = HealthCheck(bot.app, "webhook")
        reachable = await check.report()
        await outage.down()
        cached = await check.report()
        clock.advance(seconds=CACHE_SECONDS + 1)
        errors = value("salesbot_database_errors_total", where="update")
        failed_asks = value("salesbot_updates_total", command="/ask", outcome="error")
        down = await check.report()
        await bot.send("/ask 1")
        counted = (
            value("salesbot_database_errors_total", where="update") - errors,
            value("salesbot_updates_total", command="/ask", outcome="error") - failed_asks,
        )
        await outage.up()
        for _attempt in range(2):  # PostgreSQL may first meet a stale pooled connection
            clock.advance(seconds=CACHE_SECONDS + 1)
            back = await check.report()
            if back["ok"]:
                break

    assert (reachable["ok"], reachable["database"]) == (True, "reachable")
    assert cached == reachable | {"tick_age_s": cached["tick_age_s"]}
    assert (down["ok"], down["database"]) == (False, "unreachable")
    assert set(down) == {"ok", "database", "tick_age_s", "updates", "receiving"}
    assert counted == (1, 1)
    assert back["ok"] is True


async def test_health_says_503_when_the_minute_tick_stops(
    settings: Settings, clock: FakeClock
) -> None:
    async with started(settings, clock) as bot:
        check = HealthCheck(bot.app, "webhook")
        clock.now = NUDGE_DUE
        await run_minute_job(bot)
        fresh = await check.report()
        clock.advance(seconds=TICK_STALE + 1)
        stale = await check.report()
        await run_minute_job(bot)
        ticked = await check.report()

    assert (fresh["ok"], fresh["tick_age_s"]) == (True, 0.0)
    assert stale["ok"] is False
    assert stale["tick_age_s"] == TICK_STALE + 1
    assert stale["database"] == "reachable"
    assert ticked["ok"] is True


async def test_polling_health_needs_a_recent_getupdates(
    settings: Settings, clock: FakeClock
) -> None:
    async with started(settings, clock) as bot:
        check = HealthCheck(bot.app, "polling")
        await bot.app.bot.get_updates(timeout=0)
        polled = await check.report()
        clock.advance(minutes=5)
        silent = await check.report()
        await bot.app.bot.get_updates(timeout=0)
        polled_again = await check.report()

    assert polled["ok"] is True
    assert polled["poll_age_s"] == 0.0
    assert (silent["receiving"], silent["ok"]) == (False, False)
    assert polled_again["ok"] is False  # the tick is five minutes old by now as well
    assert polled_again["receiving"] is True
    assert dt.timedelta(seconds=polled_again["tick_age_s"]) == dt.timedelta(minutes=5)


async def test_updates_waiting_counts_those_stored_and_not_yet_started(
    settings: Settings, clock: FakeClock
) -> None:
    harness = BotHarness(settings, clock)
    before = value("salesbot_updates_waiting")
    async with running(harness.app):
        intake = Intake(harness.app)
        updates = [  # Telegram's updates, stored before the bot takes them
            harness.updates.message("/ask 1", user_id=3100 + n, date=clock()).to_dict()
            for n in range(3)
        ]
        await intake.accept(updates)
        waiting = value("salesbot_updates_waiting")
        await intake.start()
        await until(lambda: len(harness.api.sent_texts()) == 3)
        await until(lambda: intake.in_flight == 0)
        after = value("salesbot_updates_waiting")
        await intake.stop()
    assert waiting == before + 3
    assert after == before
