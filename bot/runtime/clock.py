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
