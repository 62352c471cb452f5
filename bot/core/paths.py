"""Paths and offers: the sales cycle per #tag. Pure: no I/O.

A tag is whatever the seller wrote after '#': a path (#content, #networking) or an offer
(#audit). The seller never has to say which; the same funnel answers both questions — where
a path leaks, and which offer gets the yeses. An entry with several tags counts for each;
entries without a tag are a row of their own (`UNTAGGED`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.core.domain import Kind, Tally, Targets
from bot.core.insights import LEAK_SHORTFALL, MIN_ANSWERS, YES_RATE_LOW, stage_shortfalls
from bot.core.render import counted

UNTAGGED: str | None = None
"""The key of untagged entries in a funnel mapping."""

PATH_WINDOW_DAYS = 30
"""/tags looks at the last 30 days: a path such as a monthly talk or newsletter needs a
month to show its whole cycle, lead to answer."""

MIN_PATH_ACTIONS = 8
"""Logged actions on a tag (leads, touches, asks, answers) before naming its leak: fewer is
one event's worth, e.g. the leads from one meetup that nobody had time to ask yet."""

MIN_OFFER_ASKS = 10
"""Asks on a tag before its yes rate is compared: below ten, one yes more or less moves
the rate by ten points or more."""

MIN_OFFER_YESES = 3
"""Yeses the strongest offer needs: a rate resting on one or two yeses is luck."""

OFFER_RATIO = 2.0
"""The strongest offer's yes rate must be at least double the next one's to be called
stronger; closer than that, more asks will tell."""

STANDOUT_MARGIN = 0.25
"""A tag's leak stands out (and is named in nudges and the digest) when its shortfall beats
every other tag's by more than this: the same quarter that separates a leak from noise."""

_RANK: tuple[Kind, ...] = (Kind.ASK, Kind.LEAD, Kind.NURTURE)
_WORDS = {
    "never_asks": "this path never asks",
    Kind.ASK: "few asks for its leads and touches",
    Kind.LEAD: "asks outrun its new leads: the pipeline is drying up",
    Kind.NURTURE: "its leads hardly hear from you again",
    Kind.YES: "answers come back, almost all no: look at the offer",
}


def tags_text(tags: Iterable[str]) -> str | None:
    """How tags are stored on an entry: space-separated, no '#'; None when there are none."""
    return " ".join(tags) or None


def tags_of(text: str | None) -> tuple[str, ...]:
    return tuple((text or "").split())


def funnels(rows: Iterable[tuple[str | None, Kind, int]]) -> dict[str | None, Tally]:
    """Counts per tag from (stored tags, kind, count) rows; untagged under `UNTAGGED`."""
    counts: dict[str | None, dict[Kind, int]] = defaultdict(lambda: defaultdict(int))
    for stored, kind, count in rows:
        for tag in tags_of(stored) or (UNTAGGED,):
            counts[tag][kind] += count
    return {tag: Tally.from_counts(per_kind) for tag, per_kind in counts.items()}


def actions(tally: Tally) -> int:
    return tally.leads + tally.nurtures + tally.asks + tally.answers


@dataclass(frozen=True)
class PathLeak:
    """Where one path leaks: `severity` 0..1 (how far below expectation), in plain words."""

    tag: str
    tally: Tally
    severity: float
    words: str

    @property
    def sentence(self) -> str:
        """ "#content: 40 leads, 31 touches, 0 asks — this path never asks"."""
        t = self.tally
        counts = ", ".join(
            (counted(t.leads, "lead", "leads"), counted(t.nurtures, "touch", "touches"))
        )
        counts += ", " + counted(t.asks, "ask", "asks")
        if self.words == _WORDS[Kind.YES]:
            counts = f"{t.yeses} yes of {counted(t.answers, 'answer', 'answers')}"
        return f"#{self.tag}: {counts} — {self.words}"


def path_leak(tag: str, tally: Tally, *, at_capacity: bool = False) -> PathLeak | None:
    """The path's leak, or None when it has none or too little data (`enough_data`).
    At capacity a path is never told to find more leads."""
    if not enough_data(tally):
        return None
    if tally.asks == 0 and tally.leads + tally.nurtures > 0:
        return PathLeak(tag, tally, 1.0, _WORDS["never_asks"])
    shortfalls = stage_shortfalls(tally, Targets(0, 0, 0), 0)
    ranked = [kind for kind in _RANK if not (at_capacity and kind is Kind.LEAD)]
    weakest = max(ranked, key=shortfalls.__getitem__)
    if shortfalls[weakest] > LEAK_SHORTFALL:
        return PathLeak(tag, tally, shortfalls[weakest], str(_WORDS[weakest]))
    if tally.answers >= MIN_ANSWERS and tally.yeses < YES_RATE_LOW * tally.answers:
        severity = 1 - tally.yeses / (YES_RATE_LOW * tally.answers)
        return PathLeak(tag, tally, severity, _WORDS[Kind.YES])
    return None


def enough_data(tally: Tally) -> bool:
    return actions(tally) >= MIN_PATH_ACTIONS


def path_leaks(
    per_tag: Mapping[str | None, Tally], *, at_capacity: bool = False
) -> dict[str, PathLeak]:
    """Every tagged path's leak (untagged entries are not a path)."""
    found = {}
    for tag, tally in per_tag.items():
        if tag is not None:
            leak = path_leak(tag, tally, at_capacity=at_capacity)
            if leak is not None:
                found[tag] = leak
    return found


def worst_path(
    per_tag: Mapping[str | None, Tally], *, at_capacity: bool = False
) -> PathLeak | None:
    """The one tag whose leak stands out (by `STANDOUT_MARGIN`), or None."""
    leaks = sorted(
        path_leaks(per_tag, at_capacity=at_capacity).values(),
        key=lambda leak: (-leak.severity, leak.tag),
    )
    if not leaks:
        return None
    if len(leaks) > 1 and leaks[0].severity - leaks[1].severity <= STANDOUT_MARGIN:
        return None
    return leaks[0]


@dataclass(frozen=True)
class Offer:
    tag: str
    yeses: int
    asks: int

    @property
    def rate(self) -> float:
        return self.yeses / self.asks


def strongest_offer(per_tag: Mapping[str | None, Tally]) -> tuple[Offer, Offer] | None:
    """The tag with the best yes rate and the runner-up, when the data is enough: two tags
    with `MIN_OFFER_ASKS` asks, `MIN_OFFER_YESES` yeses on the best, `OFFER_RATIO` between."""
    offers = sorted(
        (
            Offer(tag, min(tally.yeses, tally.asks), tally.asks)
            for tag, tally in per_tag.items()
            if tag is not None and tally.asks >= MIN_OFFER_ASKS
        ),
        key=lambda offer: (-offer.rate, -offer.asks, offer.tag),
    )
    if len(offers) < 2:
        return None
    best, runner_up = offers[0], offers[1]
    if best.yeses < MIN_OFFER_YESES or best.rate < OFFER_RATIO * runner_up.rate:
        return None
    return best, runner_up
