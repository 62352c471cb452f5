"""The reader: what a plain message says, in the seller's own words.

A message reads as one of: a `Certain` log, a `Doubtful` log with its possible readings (for
one-tap buttons — never a silent guess), a `Remark` that stores nothing (a question, greeting,
thanks, plan, wish, negation, a count too vague to log, something someone else did),
`NotALog`, or a `ParseError` ready to send. Pure and deterministic: the words live in
`bot.core.vocabulary`, clauses are read by `bot.core.clause`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.clause import ClauseReading, Mood, read_clause
from bot.core.joining import ANSWER_KINDS, gather_names, join_logs
from bot.core.parsing import (
    MAX_ENTRIES,
    MAX_TEXT,
    EntryDraft,
    LogRequest,
    NotALog,
    ParseError,
    take_tags,
    who_error,
)
from bot.core.path_hints import take_paths
from bot.core.quantity import CONFLICT, MAX_DAYS_BACK
from bot.core.tokens import AND_JOINED, COLON, NOT_JOINED, SAME_CLAUSE, Clause, clauses, clean
from bot.core.vocabulary import PERIOD, WEEKDAY_OFFSET, Role

MAX_CANDIDATES = 3
TOO_LONG = ParseError(f"That's too long to be a log — keep it to {MAX_TEXT} characters.")
TWO_DAYS = ParseError(
    "One day per message, please — send “3 asks yesterday” and “2 asks today” separately."
)
WHICH_DAY = ParseError(
    f"Which day? I log by day, up to {MAX_DAYS_BACK} days back — e.g. “3 asks on Monday”."
)


class RemarkKind(StrEnum):
    """Messages that store nothing, each with its own useful reply."""

    QUESTION = "question"
    NEGATION = "negation"
    PLAN = "plan"
    WISH = "wish"
    HABIT = "habit"  # "I usually ask 5 a day"
    OTHER = "other"  # someone else did it to the seller: "Tom asked me for a quote"
    THEIRS = "theirs"  # someone else's own deed: "my partner pitched 3 clients"
    VAGUE = "vague"  # "a few asks": how many?
    GREETING = "greeting"
    THANKS = "thanks"
    ACK = "ack"


_REMARKS = (
    (Mood.QUESTION, RemarkKind.QUESTION),
    (Mood.NEGATION, RemarkKind.NEGATION),
    (Mood.PLAN, RemarkKind.PLAN),
    (Mood.WISH, RemarkKind.WISH),
    (Mood.HABIT, RemarkKind.HABIT),
    (Mood.OTHER, RemarkKind.OTHER),
    (Mood.THEIRS, RemarkKind.THEIRS),
    (Mood.VAGUE, RemarkKind.VAGUE),
    (Mood.GREETING, RemarkKind.GREETING),
    (Mood.THANKS, RemarkKind.THANKS),
    (Mood.ACK, RemarkKind.ACK),
)
_NOT_DONE = frozenset(
    {Mood.QUESTION, Mood.NEGATION, Mood.PLAN, Mood.WISH, Mood.HABIT, Mood.OTHER, Mood.THEIRS}
)
_PLANNED = frozenset({Mood.PLAN, Mood.WISH})
_LOGGABLE = frozenset({Mood.LOG, Mood.NAMES, Mood.COUNT, Mood.ANSWER_ALONE})
_OWN_ENTRIES = frozenset({Mood.LOG, Mood.COUNT})
"""Clauses that log entries of their own (names only repeat the clause before)."""


@dataclass(frozen=True)
class Certain:
    request: LogRequest
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Doubtful:
    """Probably a log: the possible readings, most likely first."""

    candidates: tuple[LogRequest, ...]
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Remark:
    kind: RemarkKind
    tags: tuple[str, ...] = ()


Reading = Certain | Doubtful | Remark | NotALog | ParseError


def names_weekday(text: str) -> bool:
    """Whether reading `text` depends on today's weekday ("asked 2 on Friday")."""
    return any(
        word.role is Role.DAY and word.sense is not None and word.sense.value >= WEEKDAY_OFFSET
        for clause in clauses(clean(text[: MAX_TEXT + 1]))
        for word in clause.words
    )


def read(text: str, today: int = 0) -> Reading:
    """Read a plain message sent on weekday `today` (Monday = 0)."""
    if len(text) > MAX_TEXT:
        return TOO_LONG
    tagged = take_tags(text)
    if isinstance(tagged, ParseError):
        return tagged
    body, tags = tagged
    parts, paths = take_paths(clauses(clean(body)))
    found = _carry_moods(parts, today)
    logs = join_logs(found)
    if not logs:
        return _remark(found, tags)
    # "2 asks 0 yes": no answer yet, the asks are logged; "0 leads" still asks for a count
    logs = [r for r in logs if r.count or r.kinds[0] not in ANSWER_KINDS] or logs
    problem = _problem(logs, found)
    if problem is not None:
        return problem
    tags = tags or _path_tags(paths, found)
    day = next((r.day for r in found if r.day is not None and r.mood not in _NOT_DONE), 0)
    width = min(max(len(r.kinds) for r in logs), MAX_CANDIDATES)
    candidates = tuple(
        dict.fromkeys(
            LogRequest(tuple(_draft(r, option) for r in logs), day, tags) for option in range(width)
        )
    )
    vague = any(r.mood is Mood.VAGUE for r in found)  # "3 asks, all no": how many said no?
    if width == 1 and all(r.sure for r in logs) and not vague:
        return Certain(candidates[0], tags)
    return Doubtful(candidates, tags)


def _path_tags(paths: tuple[str, ...], found: list[ClauseReading]) -> tuple[str, ...]:
    """A path named in plain words ("met 3 at networking") tags the message when it is the
    only path named and one clause logs: "met 3 at networking, asked Bob" says nothing of
    where Bob came from. A `#tag` typed in the message wins (the caller checks)."""
    own = sum(1 for reading in found if reading.mood in _OWN_ENTRIES)
    return paths if len(paths) == 1 and own == 1 else ()


def _carry_moods(parts: list[Clause], today: int) -> list[ClauseReading]:
    """ "need to ask 3 and call 2", "call Bob and Sarah tomorrow": a plan, wish, negation or
    question spreads over "and" to its neighbours not said as done, and over a whole clause."""
    found = gather_names(
        [read_clause(part, today, _listed(parts, at)) for at, part in enumerate(parts)]
    )
    for _ in range(2 if len(found) > 1 else 0):
        for at in range(1, len(found)):
            joined = parts[at].joined
            for src, dst in ((at - 1, at), (at, at - 1)):
                mood, target = found[src].mood, found[dst]
                spreads = joined == SAME_CLAUSE or (joined and not target.done)
                spreads = spreads or (joined and mood is Mood.THEIRS and dst == at)  # "and"
                spreads = spreads and not (mood is Mood.THEIRS and target.mood is Mood.NAMES)
                if spreads and mood in _NOT_DONE and target.mood in _LOGGABLE:
                    found[dst] = ClauseReading(mood, day=target.day)
    label = found[0].mood if parts and COLON in parts[0].words else None
    if label in _PLANNED:  # "tomorrow: 3 asks, 2 coffees" — the label covers the list
        return [ClauseReading(label, day=r.day) if _undone_log(r) else r for r in found]
    return found


def _undone_log(reading: ClauseReading) -> bool:
    return reading.mood in _LOGGABLE and not reading.done


def _listed(parts: list[Clause], at: int) -> bool:
    """A one-word clause between commas before "and …" may be a name on a list: "asked irma,
    bruno and jo"."""
    last = at + 1 == len(parts) or parts[at + 1].joined != AND_JOINED
    return at > 0 and not last and parts[at].joined == NOT_JOINED and len(parts[at].words) == 1


def _draft(reading: ClauseReading, option: int) -> EntryDraft:
    kind = reading.kinds[min(option, len(reading.kinds) - 1)]
    return EntryDraft(kind, reading.count, reading.who)


def _problem(logs: list[ClauseReading], found: list[ClauseReading]) -> ParseError | None:
    errors = [r.error for r in logs if r.error is not None]
    if errors:
        return errors[0]
    days = {r.day for r in found if r.day is not None and r.mood not in _NOT_DONE}
    if len(days) > 1 or CONFLICT in days:
        return TWO_DAYS
    if PERIOD in days:
        return WHICH_DAY
    if len(logs) > MAX_ENTRIES:
        return ParseError(f"That's {len(logs)} entries — I take up to {MAX_ENTRIES} a message.")
    return next((who_error(r.who) for r in logs if who_error(r.who)), None)


def _remark(found: list[ClauseReading], tags: tuple[str, ...]) -> Remark | NotALog:
    moods = {reading.mood for reading in found}
    for mood, kind in _REMARKS:
        if mood in moods:
            return Remark(kind, tags)
    return NotALog()
