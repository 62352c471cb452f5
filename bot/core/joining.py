"""Joining a message's clauses into the entries it logs: names and pronouns carried from one
clause to the next ("asked Tom and Sarah, both said yes"), a stage said again ("met Sam at the
expo, new lead"), a count given after its stage ("Asks - 2").

Pure. Used by `bot.core.reader`; each clause is read by `bot.core.clause`.
"""

from __future__ import annotations

import dataclasses

from bot.core.clause import ClauseReading, Mood
from bot.core.domain import Kind

GUESSES = (Kind.ASK, Kind.NURTURE, Kind.LEAD)
"""A count alone, with no stage before it: the likeliest stages, for one-tap buttons."""
ANSWER_KINDS = frozenset({Kind.YES, Kind.NO})


def gather_names(found: list[ClauseReading]) -> list[ClauseReading]:
    """ "Tom and Sarah" after a log is one list of names, not two."""
    gathered: list[ClauseReading] = []
    for reading in found:
        last = gathered[-1] if gathered else None
        if last is not None and last.mood is reading.mood is Mood.NAMES:
            last.names, last.guess = last.names + reading.names, reading.guess
        else:
            gathered.append(reading)
    return gathered


def join_logs(found: list[ClauseReading]) -> list[ClauseReading]:
    """The clauses that log something, with names and pronouns carried between them."""
    logs: list[ClauseReading] = []
    pending: list[ClauseReading] = []  # "heard back from Acme, they passed"
    for at, reading in enumerate(found):
        previous = logs[-1] if logs else None
        if reading.mood is Mood.LOG and not _both(logs, reading):
            _log(logs, reading, pending)
            dismissed = any(r.mood is Mood.CHATTER for r in found[:at])
            if reading.pronoun and previous is None and not pending and dismissed:
                reading.sure = False  # "asked my kid to clean his room, he said no": who?
        elif reading.mood is Mood.NAMES and previous is not None:
            _name(logs, reading.names, reading.described)
            if reading.guess and not previous.bare:  # "asked irma and waited": a name?
                previous.sure = False
        elif reading.mood is Mood.NAMES and (at == 0 or not reading.guess):
            pending.append(reading)  # not "after going back and forth, …"
        elif reading.mood is Mood.COUNT:
            _count(logs, reading)
        elif reading.mood is Mood.ANSWER_ALONE and previous and Kind.ASK in previous.kinds:
            _answered(logs, reading)  # "Asked Wes. No."
    if len(found) == 1 and found[0].mood is Mood.ANSWER_ALONE:
        found[0].sure = False  # "yes" alone: an answer, or just "yes"? one tap says
        logs.append(found[0])
    return logs


def _log(logs: list[ClauseReading], reading: ClauseReading, pending: list[ClauseReading]) -> None:
    previous = logs[-1] if logs else None
    if previous and _restates(previous, reading):
        previous.kinds = reading.kinds  # "met Sam at the expo, new lead"
        previous.who = previous.who or reading.who  # "sent the rate sheet + asked dan"
        return
    if previous and previous.bare and reading.who and previous.kinds[0] in reading.kinds:
        reading.kinds, logs[-1] = previous.kinds, reading  # "new lead, met Kim"
        return
    names = [name for named in pending for name in named.names]
    alone = reading.who is None and reading.count == 1 and not reading.counted
    answer = reading.kinds[0] in ANSWER_KINDS and not reading.counted
    if previous is None and names and reading.who and (reading.both or answer):
        reading.count, reading.both = 1, False  # "Nikos and Eleni both said yes"
        logs.extend(dataclasses.replace(reading, who=name) for name in names)
    if previous is None and len(names) == 1 and (reading.pronoun or alone):
        reading.who = names[0]  # "nina - made offer", "heard back from troy, it's a no"
        reading.sure = reading.sure and not pending[0].guess
    asked = {r.who for r in logs if Kind.ASK in r.kinds}
    alone = reading.who is None and not (reading.pronoun or reading.counted)
    if alone and reading.kinds[0] in ANSWER_KINDS and len(asked) == 1:
        reading.who = asked.pop()  # "Asked for the close with Tessellate, got a verbal yes"
    if reading.pronoun and previous is not None:
        reading.who = previous.who
        if reading.kinds == previous.kinds and reading.kinds[0] in ANSWER_KINDS:
            return  # "lost Acme, they said no"
    logs.append(reading)


def _count(logs: list[ClauseReading], reading: ClauseReading) -> None:
    """A count alone: said again ("just one."), the count of the stage before ("Asks - 2",
    "followed up with everyone from the expo, 9 people"), or more of it."""
    previous = logs[-1] if logs else None
    if previous and reading.restates:
        if reading.count != previous.count:  # "one ask today. just one."
            previous.sure = False
    elif previous is not None and previous.bare:
        previous.count, previous.bare = reading.count, False  # "Asks - 2"
        previous.error = reading.error
    elif previous is not None and previous.who is None and not previous.counted:
        previous.count, previous.sure = reading.count, False  # "… everyone, 9 people"
        previous.error, previous.counted = reading.error, True
    else:
        kinds = previous.kinds if previous else GUESSES
        logs.append(dataclasses.replace(reading, mood=Mood.LOG, kinds=kinds, sure=False))


def _answered(logs: list[ClauseReading], reading: ClauseReading) -> None:
    """A bare yes or no right after an ask: that person's answer; after asks of several
    people, whose is a guess."""
    previous = logs[-1]
    named = previous.who is not None or previous.pronoun
    count = 1 if named else previous.count
    answer = dataclasses.replace(reading, mood=Mood.LOG, who=previous.who, count=count)
    answer.sure = named
    previous.sure = previous.sure and named
    logs.append(answer)


def _restates(previous: ClauseReading, reading: ClauseReading) -> bool:
    """Whether a clause says again what the one before logged: the stage alone ("got
    introduced to Keisha, new prospect"; "met Sam, new lead" settles which), or the same
    person asked in the same touch ("texted Carla the link + asked if she's in", "called
    mira and asked her to book": the call was the ask)."""
    touch = previous.done and previous.kinds == (Kind.NURTURE,) and not previous.counted
    if touch and (reading.pronoun or (previous.who is None and reading.who)):
        return reading.kinds == (Kind.ASK,) and reading.count == 1
    if reading.kinds[0] not in previous.kinds:
        return False
    if reading.bare:
        return True
    if reading.kinds == previous.kinds and reading.kinds[0] in ANSWER_KINDS and previous.who:
        return reading.who is None and not reading.pronoun and not reading.counted
    if reading.kinds == previous.kinds and reading.kinds[0] in ANSWER_KINDS and reading.who:
        return not (previous.counted or previous.pronoun)  # "Closed! Pedro said yes"
    alone = reading.who is None and not reading.pronoun and not reading.counted
    if (
        previous.who
        and alone
        and reading.done
        and reading.kinds == previous.kinds == (Kind.NURTURE,)
    ):
        return True  # "coffee with Frank, we caught up", "… and caught up on his project"
    if reading.pronoun and previous.who is None and previous.count >= 1 == reading.count:
        return True  # "pitched 2 ppl and asked if they wanted in": the same two
    same = reading.pronoun and previous.who is not None and reading.count == 1
    asked_again = reading.kinds == previous.kinds == (Kind.ASK,)  # "quoted Raj and asked him"
    return same and (len(previous.kinds) > 1 or asked_again)


def _both(logs: list[ClauseReading], reading: ClauseReading) -> bool:
    """Whether "both" took up the two just before: "did 2 sales calls, made the ask on both"
    (the calls were asks), "asked Tom and Sarah, both said yes" (a yes from each)."""
    if not reading.both or reading.who is not None or not logs:
        return False
    previous = logs[-1]
    if previous.count == 2 and len(previous.kinds) > 1 and reading.kinds[0] in previous.kinds:
        previous.kinds, previous.sure = reading.kinds, previous.sure and reading.sure
        return True
    named = logs[-2:]
    if len(named) < 2 or not all(r.who and r.count == 1 for r in named):
        return False
    logs.extend(dataclasses.replace(reading, who=r.who, count=1, both=False) for r in named)
    return True


def _name(logs: list[ClauseReading], names: tuple[str, ...], described: bool) -> None:
    """Names after a log: more people ("asked Sarah, Tom"), or who it was ("a new lead,
    Hannah"; "asked 2 people, Tom and Sarah"; "a referral from Ben, guy named Wes") — if
    they do not add up, ask."""
    previous = logs[-1]
    if described and previous.count == 1 and len(names) == 1:
        previous.who, previous.pronoun = names[0], False
        return
    if previous.who is None and not previous.pronoun:
        if previous.count == len(names):
            logs[-1:] = [dataclasses.replace(previous, who=name, count=1) for name in names]
        else:
            previous.sure = False  # "asked 3 people, Tom and Sarah": who is the third?
        return
    if previous.count == len(names) + 1:  # "2 new leads: Aisha and Tomas"
        previous.count = 1
    more = [name for name in names if name != previous.who]  # "met Jo, new lead, Jo"
    logs.extend(dataclasses.replace(previous, who=name, count=1, pronoun=False) for name in more)
