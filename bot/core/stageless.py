"""Reading a clause with no stage word: a name or list of names ("Tom", "… and bruno if
they'd renew", "guy named Wes"), a count alone ("did 3", "just one."), a greeting, thanks or
small talk.

Pure. Used by `bot.core.clause`; the words live in `bot.core.vocabulary`.
"""

from __future__ import annotations

from bot.core.clause_reading import ClauseReading, Mood
from bot.core.domain import Kind
from bot.core.names import name_after
from bot.core.quantity import count_of
from bot.core.scan import Scan
from bot.core.tokens import Word
from bot.core.vocabulary import SUBORDINATORS, Role
from bot.core.vocabulary.people import MORE, ONE_MORE, PERSON_NOUNS, RESTATING, SENT_THINGS

R = Role
_TAIL = frozenset({R.FILLER, R.ACK, R.DAY, R.THANKS})
_COUNT_ONLY = frozenset({R.LIGHT, R.FILLER, R.DAY, R.ACK, R.SELF, R.CARRIER, R.ADJ, R.LAST})


def _name_start(words: tuple[Word, ...]) -> int:
    """Where a name may start in a clause of names: after "with", "heard back from", or a
    person described ("guy named Wes", "a woman called Rosa")."""
    if words and words[0].role is R.TO:
        return 1  # "once with Leah", "heard back from Coastal Realty"
    at = 0
    while at < len(words) and words[at].role in (R.ARTICLE, R.ADJ, R.BOTH, R.DET):
        at += 1
    named = at + 1 < len(words) and words[at].low in PERSON_NOUNS and words[at + 1].role is R.TO
    if named:
        return at + 2
    return at if 0 < at < len(words) and words[at].proper else 0  # "both the Carters"


def without_stage(
    words: tuple[Word, ...], scan: Scan, day: int | None, anded: bool
) -> ClauseReading:
    roles = scan.roles
    start = _name_start(words)
    name, end, _pronoun = name_after(words, start, lowercase=start > 0)
    alone = len(words) == 1 and words[0].role is None and not words[0].numeric
    guess = not name and (anded or alone) and start == 0
    if guess:  # "asked irma and bruno if they'd renew": bruno is one more asked
        name, end, _pronoun = name_after(words, 0, lowercase=True)
        if name and " " in name and name.endswith("s") and words[0].raw.islower():
            name = None  # "… and home policies": a thing, not two names
    rest = words[end:]
    while len(rest) > 1 and rest[0].role is R.FILLER and rest[0].low != "to":
        rest = rest[1:]  # "… and theo just to see how they're doing"
    if name and (
        not rest
        or rest[0].role in (R.STOP, R.TO)
        or rest[0].low == "to"  # "… and rita to join my mastermind"
        or rest[0].low in SUBORDINATORS
        or all(w.role in _TAIL for w in rest)
    ):
        reading = ClauseReading(Mood.NAMES, names=(name,), day=day)  # "Tom", "Dev for the sale"
        reading.described = start > 1  # "guy named Wes": who it was, not one more
        reading.guess = guess and not (
            rest and (rest[0].low in SUBORDINATORS or rest[0].low == "to")
        )
        return reading
    more = {R.VAGUE} if all(w.low in MORE for w in words if w.role is R.VAGUE) else set()
    head = {w.role for w in words[: scan.stop] if w.role is not None}  # "… and one through …"
    unknown = [at for at in scan.unknown if at < scan.stop]
    if len(scan.numbers) == 1 and not unknown and head - more <= _COUNT_ONLY | {R.COUNT}:
        count, _clear, error = count_of(words, scan.numbers, Kind.ASK)
        reading = ClauseReading(Mood.COUNT, count=count, sure=False, day=day, error=error)
        reading.restates = any(w.low in RESTATING for w in words)  # "just one."
        return reading
    sent = _sent_something(words, day)
    if sent is not None:
        return sent
    talk = not scan.numbers and all(words[at].proper for at in scan.unknown)
    for role, mood in ((R.GREET, Mood.GREETING), (R.THANKS, Mood.THANKS), (R.ACK, Mood.ACK)):
        if role in roles and talk:
            return ClauseReading(mood, day=day)
    return ClauseReading(Mood.CHATTER, day=day)


def _sent_something(words: tuple[Word, ...], day: int | None) -> ClauseReading | None:
    """ "sent my insights PDF to 20 contacts", "sent Maria a photo": something sent to
    people is most likely a nurture touch — offered with one tap, never stored unasked."""
    verb = next((at for at, w in enumerate(words) if w.raw.casefold() in SENT_THINGS), None)
    if verb is None:
        return None
    to = next((at for at in range(verb + 1, len(words)) if words[at].role is R.TO), None)
    start = verb + 1 if to is None else to + 1
    count, who = 1, None
    if start < len(words) and (words[start].numeric or words[start].role is R.COUNT):
        count = count_of(words, [start], Kind.NURTURE)[0]  # "to 20 contacts", "2 clients the …"
        counted = start + 1 < len(words) and words[start + 1].role is R.CARRIER
        if not counted:
            return None
    elif start < len(words) and words[start].low in ONE_MORE:
        pass  # "sent a sample menu to a third one", "to another"
    else:
        who = name_after(words, start, lowercase=to is not None)[0]
        if who is None:
            return None
    return ClauseReading(Mood.LOG, (Kind.NURTURE,), count, who, sure=False, day=day)
