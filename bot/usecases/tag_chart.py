"""/chart #tag: the weeks /chart shows, with one tag's counts instead of everything."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.core.domain import Sender, Tally, WeekPoint
from bot.core.paths import tags_of
from bot.db import tag_store
from bot.usecases import cycle, history
from bot.usecases.history import ChartData


@dataclass(frozen=True)
class TagChart:
    chart: ChartData
    """The weeks of /chart; no ask target line: the target is for all asks, not one path."""
    total: Tally
    """The tag's counts over the charted weeks (nothing: the reply says so, no chart)."""
    this_week: Tally
    tags: tuple[str, ...]
    """Every tag used in those weeks, to suggest when this one has nothing."""


def tag_chart(
    session: Session,
    sender: Sender,
    now: dt.datetime,
    tag: str,
    weeks: int = history.DEFAULT_CHART_WEEKS,
) -> TagChart:
    chart = history.chart_weeks(session, sender, now, weeks)
    if not chart.points:
        return TagChart(chart, Tally(), Tally(), ())
    first = chart.points[0].week_start
    last = chart.points[-1].week_start + dt.timedelta(days=6)
    rows = tag_store.tagged_days(session, [sender.user_id], first, last)[sender.user_id]
    per_week = cycle.tag_weeks(rows, tag, first, len(chart.points))
    points = [
        WeekPoint(monday, t.asks, t.leads, t.nurtures, t.yeses, t.nos) for monday, t in per_week
    ]
    one = dataclasses.replace(
        chart, points=points, weekly_ask_target=0, title=f"#{tag} · {chart.title}"
    )
    used = sorted({name for row in rows for name in tags_of(row[1])})
    total = Tally.total(tally for _monday, tally in per_week)
    return TagChart(one, total, per_week[chart.this_week][1], tuple(used))
