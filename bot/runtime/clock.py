"""The one clock: every "now" of the bot comes from a `Clock`, injected at build time.

`system_clock` is the only place that reads the wall clock; tests, the console and the
benchmarks inject their own, so nothing depends on the day it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class MovableClock:
    """A clock that runs on with `base` and can be moved forward: the console's `:at`
    and the simulated month. Time never goes back."""

    def __init__(self, base: Clock = system_clock) -> None:
        self._base = base
        self._offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return self._base() + self._offset

    def move_to(self, moment: dt.datetime) -> None:
        """From now on it is `moment` (and later, as `base` runs on)."""
        if moment < self():
            raise ValueError(f"the clock only moves forward; it is {self():%Y-%m-%d %H:%M}")
        self._offset = moment - self._base()
