"""No's that come back: when a named no is due to be asked again. Pure: no I/O.

A no is an answer, not an end: the person goes back into nurturing and is asked again
another day. Only a name's latest no counts (any case). It is due `delay` days after the day
it was logged — or, after "Not yet", on the day that button set — unless it was decided
(asked again, never) or the name was asked again since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

REASKS_PER_NUDGE = 3
"""Names per re-ask nudge: three is a morning's worth; a longer list gets skimmed."""


ASKED, LATER, NEVER = "asked", "later", "never"
"""The decisions the re-ask buttons record."""


@dataclass(frozen=True)
class NamedNo:
    """A named no, with what became of it."""

    entry_id: int
    who: str
    day: dt.date
    decision: str | None = None
    not_before: dt.date | None = None
    """Set by "Not yet": the first day it may come back."""
    asked_since: bool = False
    """The name was asked again after this no (with the button or not)."""

    @property
    def open(self) -> bool:
        return not self.asked_since and self.decision in (None, LATER)


@dataclass(frozen=True)
class DueReask:
    entry_id: int
    who: str
    day: dt.date
    """The day of the no."""
    due_on: dt.date


def due_on(no: NamedNo, delay_days: int) -> dt.date:
    due = no.day + dt.timedelta(days=delay_days)
    return max(due, no.not_before) if no.not_before is not None else due


def due_reasks(nos: Iterable[NamedNo], today: dt.date, delay_days: int) -> list[DueReask]:
    """The re-asks due by `today`, oldest no first; none at all when re-asks are off (0)."""
    if delay_days <= 0:
        return []
    latest: dict[str, NamedNo] = {}
    for no in nos:
        key = no.who.casefold()
        seen = latest.get(key)
        if seen is None or (no.day, no.entry_id) > (seen.day, seen.entry_id):
            latest[key] = no
    due = [
        DueReask(no.entry_id, no.who, no.day, due_on(no, delay_days))
        for no in latest.values()
        if no.open and due_on(no, delay_days) <= today
    ]
    return sorted(due, key=lambda reask: (reask.day, reask.entry_id))


def said_no_ago(day: dt.date, today: dt.date) -> str:
    """ "5 weeks ago", "12 days ago": how long since the no, in the words a person uses."""
    days = (today - day).days
    if days >= 14:
        return f"{days // 7} weeks ago"
    if days == 1:
        return "yesterday"
    return f"{days} days ago" if days > 1 else "today"
