"""A simulated month: do nudges push volume, and do they keep their promises?

100 sellers (bench/sellers.py: habits, plans, the response model) live 30 days through the
real application — `build_application(settings, request=FakeTelegram(clock), clock=clock,
rate_limited=False)` inside `running(app)` — with a movable clock, real Updates through
`process_update` and the minute ticks (`bot.runtime.fast_forward`: every tick that has
anything to do, at the minute the minute job would run it). Twice, in one database with
separate users: the control run with `/remind off` (no nudges, so no digests or follow-ups
either), then the same sellers with their reminders, acting on nudges as the response model
says. The same seed gives the same month.

The table checks what the nudges promise, from what the fake Bot API delivered and the
entries in the database: no nudge to a seller already at target by then; no more nudges a
day than reminder times; none on days off or paused days; each names the gap and carries
one-tap buttons; and the asks logged against the control run.

Run: `python bench/simulate.py [--sellers 100] [--days 30] [--seed 7] [--database URL]
[--markdown] [--check]` (default: a temporary SQLite file; `--check` exits 1 when a goal
is missed).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import functools
import heapq
import itertools
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy
import telegram
from common import machine_note, table
from sellers import START, Planned, Seller, make_sellers, plan, respond
from sqlalchemy import select

from bot.app import build_application, running
from bot.app_types import BotApp
from bot.config import load_settings
from bot.core.domain import local_day
from bot.db.migrate import upgrade_to_head
from bot.db.models import Entry
from bot.jobs import next_due
from bot.runtime.clock import MovableClock
from bot.runtime.fake_telegram import ApiCall, FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.fast_forward import fast_forward
from bot.runtime.telegram_json import JSON

NUDGE = re.compile(r"⏰ (\d+) of (\d+) asks today — (-?\d+) to go\.")
ONE_TAP = {"nudge:ask:1", "nudge:ask:3"}


@dataclass(frozen=True)
class Nudge:
    at: dt.datetime
    seller: Seller
    text: str
    buttons: frozenset[str]


@dataclass
class Month:
    """What one run delivered and stored."""

    nudges: list[Nudge] = field(default_factory=list)
    digests: int = 0
    asks: list[tuple[int, dt.date, int, dt.datetime]] = field(default_factory=list)
    presses: int = 0


Action = Callable[[], Awaitable[None]]


class Simulation:
    """One run of the month: what happens when, worked through in time order, the clock
    fast-forwarded (with its minute ticks) to each moment."""

    def __init__(self, app: BotApp, api: FakeTelegram, clock: MovableClock, seed: int) -> None:
        self.app, self.api, self.clock = app, api, clock
        self.updates = UpdateFactory(app.bot, api=api)
        self.rng = random.Random(seed)
        self.month = Month()
        self.sellers: dict[int, Seller] = {}
        self.plans: dict[tuple[int, dt.date], list[Planned]] = defaultdict(list)
        self._queue: list[tuple[dt.datetime, int, Action]] = []
        self._order = itertools.count()

    def at(self, moment: dt.datetime, action: Action) -> None:
        heapq.heappush(self._queue, (moment, next(self._order), action))

    def add(self, seller: Seller, planned: list[Planned], setup: list[str]) -> None:
        self.sellers[seller.user_id] = seller
        for text in setup:
            self.at(START, functools.partial(self.say, seller, text))
        for entry in planned:
            self.plans[seller.user_id, entry.day].append(entry)
            self.at(entry.at, functools.partial(self.log, entry))

    async def run(self, until: dt.datetime, ticks: bool) -> None:
        """Everything up to `until` in time order, with the minute ticks (`ticks`) or not."""
        while self._queue and self._queue[0][0] <= until:
            moment, _, action = heapq.heappop(self._queue)
            await self.move_to(moment, ticks)
            await action()
        await self.move_to(until, ticks)

    async def move_to(self, moment: dt.datetime, ticks: bool) -> None:
        if ticks:
            await fast_forward(self.app, self.clock, moment)
        elif moment > self.clock():
            self.clock.move_to(moment)

    async def say(self, seller: Seller, text: str) -> None:
        update = self.updates.message(text, user_id=seller.user_id, first_name=seller.name)
        await self.app.process_update(update)

    async def log(self, planned: Planned) -> None:
        if planned.text or planned.asks > 0:
            await self.say(planned.seller, planned.text or f"/ask {planned.asks}")

    async def press(self, seller: Seller, message: JSON, button: str, pulled: int) -> None:
        """Tap a nudge's button; `pulled` asks come off the seller's later plans today."""
        self.month.presses += 1
        update = self.updates.callback(
            message, button, user_id=seller.user_id, first_name=seller.name
        )
        await self.app.process_update(update)
        day = local_day(self.clock(), ZoneInfo(seller.tz))
        for later in self.plans[seller.user_id, day]:
            if later.at > self.clock() and pulled:
                taken = min(pulled, later.asks)
                later.asks, pulled = later.asks - taken, pulled - taken

    def heard(self, call: ApiCall) -> None:
        """The fake Bot API's listener: note what reached a seller; act on nudges."""
        seller = self.sellers.get(int(call.params.get("chat_id", 0)))
        if call.method != "sendMessage" or call.error_code is not None or seller is None:
            return
        text = str(call.params["text"])
        self.month.digests += text.startswith("🗓")
        if not text.startswith("⏰"):
            return
        rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
        buttons = frozenset(b.get("callback_data", "") for row in rows for b in row)
        self.month.nudges.append(Nudge(self.clock(), seller, text, buttons))
        match = NUDGE.match(text)
        response = respond(seller, int(match.group(3)) if match else 0, self.rng)
        if response is not None:
            sent = dict(call.result)
            press = functools.partial(self.press, seller, sent, response.button, response.pulled)
            self.at(self.clock() + response.delay, press)


async def run_month(
    url: str, sellers: list[Seller], plans: list[list[Planned]], nudges: bool, days: int, seed: int
) -> Month:
    """One month for `sellers`, with their reminders or with `/remind off`."""
    clock = MovableClock(lambda: START)
    api = FakeTelegram(clock)
    settings = load_settings(database_url=url, telegram_bot_token=None)
    app = build_application(settings, request=api, clock=clock, rate_limited=False)
    async with running(app):
        for job in app.job_queue.jobs() if app.job_queue else ():
            job.enabled = False  # the simulation ticks by its own clock
        simulation = Simulation(app, api, clock, seed)
        api.on_answer = simulation.heard
        for seller, planned in zip(sellers, plans, strict=True):
            simulation.add(seller, planned, seller.setup(nudges))
        await simulation.run(START + dt.timedelta(days=days), ticks=nudges)
        # The control run skips the ticks: with every reminder off nothing is ever due,
        # which the empty schedule at the end proves (a tick that never ran claims nothing).
        if not nudges and await app.bot_data.db.run(next_due) is not None:
            raise RuntimeError("the control run had something scheduled")
        ids = [seller.user_id for seller in sellers]
        statement = select(Entry.user_id, Entry.local_date, Entry.count, Entry.created_at).where(
            Entry.user_id.in_(ids), Entry.kind == "ask", Entry.deleted_at.is_(None)
        )
        rows = await app.bot_data.db.run(lambda session: session.execute(statement).all())
    month = simulation.month
    month.asks = [(user, day, n, at.replace(tzinfo=dt.UTC)) for user, day, n, at in rows]
    return month


@dataclass(frozen=True)
class Goal:
    measure: str
    goal: str
    result: str
    met: bool


def judge(month: Month, control: Month) -> list[Goal]:
    """The table: each promise of the nudges, checked over the month."""
    done: dict[tuple[int, dt.date], list[tuple[dt.datetime, int]]] = defaultdict(list)
    for user, day, count, at in month.asks:
        done[user, day].append((at, count))
    at_target = off_days = named = 0
    per_day: Counter[tuple[int, dt.date]] = Counter()
    for nudge in month.nudges:
        seller = nudge.seller
        day = local_day(nudge.at, ZoneInfo(seller.tz))
        asks = sum(count for at, count in done[seller.user_id, day] if at <= nudge.at)
        at_target += asks >= seller.target
        holiday = seller.holiday()
        off_days += day.weekday() not in seller.workdays or bool(
            holiday and holiday[0] <= day < holiday[1]
        )
        match = NUDGE.match(nudge.text)
        named += bool(
            match
            and (int(match[1]), int(match[2])) == (asks, seller.target)
            and int(match[3]) == seller.target - asks
            and nudge.buttons >= ONE_TAP
        )
        per_day[seller.user_id, day] += 1
    sellers = {nudge.seller.user_id: nudge.seller for nudge in month.nudges}
    over = sum(1 for (user, _), n in per_day.items() if n > len(sellers[user].reminders))
    most = max(per_day.values(), default=0)
    sent = len(month.nudges)
    nudged, plain = (sum(a[2] for a in m.asks) for m in (month, control))
    lift = (nudged - plain) / plain * 100 if plain else 0.0
    return [
        Goal("nudges to sellers already at target", "0", f"{at_target} of {sent}", at_target == 0),
        Goal(
            "most nudges one seller got in a day",
            "≤ their reminder times",
            f"{most}; over their reminder times: {over}",
            over == 0,
        ),
        Goal("nudges on days off or paused days", "0", str(off_days), off_days == 0),
        Goal(
            "nudges that name the gap and carry one-tap logging",
            "100 %",
            f"{named / sent:.0%} ({named} of {sent})" if sent else "no nudges",
            named == sent > 0,
        ),
        Goal(
            "asks logged: with nudges / control (nudges off)",
            "more with nudges",
            f"{nudged:,} / {plain:,} ({lift:+.1f} %)",
            nudged > plain,
        ),
    ]


async def simulate(url: str, count: int, days: int, seed: int) -> tuple[list[Goal], str]:
    rng = random.Random(seed)
    control_sellers = make_sellers(count, 10_000, rng)
    plans = [plan(seller, days, rng) for seller in control_sellers]
    nudged_sellers = [dataclasses.replace(s, user_id=s.user_id + 10_000) for s in control_sellers]
    nudged_plans = [
        [dataclasses.replace(p, seller=nudged) for p in planned]
        for nudged, planned in zip(nudged_sellers, plans, strict=True)
    ]
    control = await run_month(url, control_sellers, plans, False, days, seed)
    month = await run_month(url, nudged_sellers, nudged_plans, True, days, seed)
    note = (
        f"{count} sellers, {days} days, seed {seed}: {len(month.nudges):,} pace nudges, "
        f"{month.presses:,} acted on, {month.digests} weekly digests."
    )
    return judge(month, control), note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sellers", type=int, default=100)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", help="a migrated database URL (default: temporary SQLite)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    shm = Path("/dev/shm")  # memory, where the OS has one: no disk in the way
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as scratch:
        url = args.database or f"sqlite+aiosqlite:///{Path(scratch) / 'month.db'}"
        upgrade_to_head(url)
        started = time.perf_counter()
        goals, note = asyncio.run(simulate(url, args.sellers, args.days, args.seed))
        seconds = time.perf_counter() - started
    rows = [[g.measure, g.goal, g.result, "yes" if g.met else "NO"] for g in goals]
    print(table(["measure", "goal", "result", "met"], rows, args.markdown, left=4))
    versions = f"python-telegram-bot {telegram.__version__}", f"SQLAlchemy {sqlalchemy.__version__}"
    print(f"\n{note} {seconds:.0f} s.\n{machine_note(*versions, load=True)}")
    return 1 if args.check and not all(goal.met for goal in goals) else 0


if __name__ == "__main__":
    sys.exit(main())
