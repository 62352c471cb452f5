"""What /chart says beside its PNG: the caption, and the replies when there is nothing to
chart. Pure: plain values in, text out."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.cycle_text import FUNNEL_HEAD, MAX_TAGS_SHOWN, funnel
from bot.core.domain import Tally
from bot.core.render import fit

MAX_CAPTION = 1024
"""Telegram's limit for a photo caption."""
NOTHING_YET = "Nothing to chart yet — log an ask (/ask) and check back."


def caption(span: str, asks_this_week: int, target_to_date: int, weekly_target: int) -> str:
    return (
        f"Asks, leads and touches per week, {span}. This week so far: {asks_this_week} of "
        f"{target_to_date} asks by today ({weekly_target} for the week)."
    )


def tag_caption(tag: str, span: str, total: Tally, this_week: Tally) -> str:
    """ "#content per week, last 12 weeks (leads → touches → asks → yes / no): 40 → 31 → …" """
    return fit(
        f"#{tag} per week, {span} ({FUNNEL_HEAD}): {funnel(total)}.\n"
        f"This week so far: {funnel(this_week)}.",
        MAX_CAPTION,
    )


def nothing_tagged(tag: str, span: str | None, tags: Sequence[str]) -> str:
    """A tag with no entries in the charted weeks (`span`; None: nothing logged yet): how to
    tag, and the tags there are."""
    where = f"to chart ({span})" if span else "yet"
    text = f"Nothing tagged #{tag} {where}. Tag any log: /lead 3 #{tag} · “asked Tom #{tag}”."
    if tags:
        shown = " ".join(f"#{name}" for name in tags[:MAX_TAGS_SHOWN])
        more = f" and {len(tags) - MAX_TAGS_SHOWN} more" if len(tags) > MAX_TAGS_SHOWN else ""
        text += f"\nYour tags there: {shown}{more} — e.g. /chart #{tags[0]}."
    return fit(text)
