"""Fast-forward: move a clock on and run every minute tick on the way, as the minute job
would have — for `salesbot console`'s `:at` and the simulated month (bench/simulate.py).

Minutes in which nothing is due are stepped over: the tick's only reads are the indexed
next_nudge_at and next_tally_at, so `jobs.next_due` says exactly when the next tick that
finds work will run, and every tick before it would find nothing.
"""

from __future__ import annotations

import datetime as dt

from bot.app_types import BotApp
from bot.jobs import TICK, next_due, tick
from bot.runtime.clock import MovableClock


def next_tick(moment: dt.datetime) -> dt.datetime:
    """The first minute job at or after `moment` (the job ticks on the whole minute)."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + TICK


async def fast_forward(application: BotApp, clock: MovableClock, until: dt.datetime) -> int:
    """Move `clock` to `until`, running each minute tick after now and up to `until` that
    has anything to do; return how many ran."""
    moment = next_tick(clock() + dt.timedelta(microseconds=1))
    ran = 0
    while moment <= until:
        due = await application.bot_data.db.run(next_due)
        if due is None:
            break
        moment = max(moment, next_tick(due))
        if moment > until:
            break
        clock.move_to(moment)
        await tick(application)
        ran += 1
        moment += TICK
    clock.move_to(max(until, clock()))
    return ran
