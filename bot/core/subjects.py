"""Who did it: the seller, someone else ("my partner pitched 3", "Tom pitched", "she asked"),
or someone new reaching out ("someone named Olivia reached out" — a lead); and words that
mean something else after someone ("a woman called Rosa", "Priya booked the photo package",
"leah's in!").

Pure. Used by `bot.core.clause`; the words live in `bot.core.vocabulary.people`.
"""

from __future__ import annotations

from enum import IntEnum

from bot.core.domain import Kind
from bot.core.names import name_after, name_before
from bot.core.tokens import COLON, Word
from bot.core.vocabulary import Role, Sense
from bot.core.vocabulary.people import (
    AFFILIATION,
    AGREED_TO,
    ASKED_ABOUT,
    INBOUND,
    INTRODUCED_ME,
    JOINED,
    LEFT,
    NAMING,
    NEW,
    NEWCOMERS,
    OURS,
    PERSON_NOUNS,
    PRODUCTS,
    PURCHASES,
    SELLER_WINS,
)

R = Role
_OPENING = frozenset({R.FILLER, R.ACK, R.DAY, R.GREET, R.THANKS, R.LAST})
_IN_SUBJECT = frozenset({None, R.CARRIER, R.ADJ, R.PRONOUN, R.DET, R.ARTICLE, R.BOTH})
_THING_STARTS = frozenset({R.ARTICLE, R.DET, R.COUNT})
_NAMED = Sense(R.TO)
_BOUGHT = Sense(R.THEIR_WIN, (Kind.YES,))
_WALKED = Sense(R.THEIR_WIN, (Kind.NO,))
_LEAD = (Kind.LEAD,)
_MINE = frozenset({R.STOP, R.QUESTION, R.AND})


class Doer(IntEnum):
    SELLER = 0  # no one else named before the verb
    SOMEONE_ELSE = 1  # "my partner", "she", "Tom"
    NEWCOMER = 2  # "someone", "a new prospect", "a guy named Wes"


def said(word: Word) -> str:
    """A word or phrase as typed, in lower case without apostrophes: "dm'd" → "dmd"."""
    return word.raw.casefold().replace("'", "")


def deed_at(words: tuple[Word, ...], main: int) -> int | None:
    """Where the seller's own verb stands: the stage verb, or "got"/"had" before a stage noun
    ("my sister got a yes"); None for an answer verb, which someone else says."""
    role = words[main].role
    if role is R.VERB or (role is R.WIN and said(words[main]) in SELLER_WINS):
        return main
    if role in (R.NOUN, R.ANSWER):
        return next((at for at in range(main) if words[at].role is R.LIGHT), None)
    return None


def _in_subject(word: Word) -> bool:
    if word.role is None:
        return not word.numeric
    if word.role is R.TO:
        return word.sense is _NAMED or said(word) in NAMING | AFFILIATION
    return word.role in _IN_SUBJECT or (word.sense is not None and word.sense.kinds == _LEAD)


def doer(words: tuple[Word, ...], at: int) -> tuple[Doer, str | None]:
    """Who did the deed at `at`, by the words before it, and their name if one is given."""
    end = at
    while end > 0 and words[end - 1].role in (R.FILLER, R.ACK):
        if words[end - 1] is COLON:
            return Doer.SELLER, None  # "Update: pitched 3 people"
        end -= 1  # "Tom just pitched"
    start = end
    while start > 0 and _in_subject(words[start - 1]):
        start -= 1
    if _told_of_someone(words, at):
        return Doer.SOMEONE_ELSE, None  # "the rest of the team sent 4 asks", "he says he got"
    if start == end or any(w.role not in _OPENING for w in words[:start]):
        return Doer.SELLER, None
    span = words[start:end]
    named = next((i + 1 for i in range(len(span) - 1, -1, -1) if span[i].role is R.TO), None)
    name = name_after(span, named, lowercase=True)[0] if named is not None else None
    first = span[0]
    described = any(w.low in PERSON_NOUNS or w.low in NEW for w in span)
    if first.low in NEWCOMERS or (first.role is R.ARTICLE and described):
        return Doer.NEWCOMER, name
    if first.role in (R.PRONOUN, R.DET, R.BOTH) or any(w.proper and w.role is None for w in span):
        return Doer.SOMEONE_ELSE, name
    return Doer.SELLER, None


def _told_of_someone(words: tuple[Word, ...], at: int) -> bool:
    """Someone else's deed told at length: the clause opens with "the", "my"… and names no
    "I" before the deed, or someone says so ("the bakery guy says he got 5 leads")."""
    before = words[:at]
    if any(w.role is R.SELF for w in before) or at < 2:
        return False
    said_so = any(w.role is R.SAY for w in before)
    described = before[0].role is R.DET and any(w.role is R.STOP for w in before)
    return said_so or described


def counted_newcomers(words: tuple[Word, ...], deed: int) -> int | None:
    """Where the count of people before the deed is: "3 parents reached out", "two new
    people dmed me"; None when no one is counted there."""
    subject = [at for at, w in enumerate(words[:deed]) if w.role not in (R.FILLER, R.DAY)]
    if len(subject) < 2 or not (words[subject[0]].numeric or words[subject[0]].role is R.COUNT):
        return None
    people = all(words[at].role in (None, R.ADJ, R.CARRIER, R.NOUN) for at in subject[1:])
    return subject[0] if people else None


def to_me(words: tuple[Word, ...], at: int) -> bool:
    """Whether the verb at `at` was done to the seller ("Tom asked me for a quote"), before
    any detail ("asked 8 people, which is a record for me" is the seller's)."""
    for index, word in enumerate(words[at + 1 :], start=at + 1):
        if word.role is R.ME:
            return True
        if word.role in _MINE or _infinitive(words, index):
            return False  # "asked him to hire me": what he was asked to do
    return False


def _infinitive(words: tuple[Word, ...], at: int) -> bool:
    """ "to" and a verb the reader does not know, after someone: "asked Lena to renew"."""
    after = words[at + 1] if at + 1 < len(words) else None
    if words[at].low != "to" or at == 0:
        return False
    if words[at].role is R.FILLER:
        return True  # "asked Eszter to sign with me"
    return words[at].role is R.TO and after is not None and after.role is None and not after.proper


def subject_among(words: tuple[Word, ...], main: int, group: frozenset[str]) -> bool:
    """Whether who did it is one of `group`: "my husband said yes to dinner" (family, most
    likely not a buyer), "my partner Jess signed three clients" (a colleague's win)."""
    opened = bool(words) and words[0].low in OURS  # "my wife's real estate team"
    return any(
        said(w).removesuffix("s") in group or w.low in group
        for at, w in enumerate(words[:main])
        if at == 0 or opened or words[at - 1].role is R.DET  # "Competitor … lost the deal"
    )


def object_among(words: tuple[Word, ...], main: int, group: frozenset[str]) -> bool:
    """Whether one of `group` is in the clause as someone of the seller's: "asked my kid to
    clean his room", "coffee with my mum", "sent my sister a birthday card"."""
    return any(
        w.low in OURS and any(v.low in group for v in words[at + 1 : at + 3])
        for at, w in enumerate(words)
        if at != main
    )


def asked_about(words: tuple[Word, ...], main: int) -> bool:
    """ "asked how training's going", "asked about her trip": a chat, not the sale."""
    after = main + 1
    return words[main].role is R.VERB and after < len(words) and words[after].low in ASKED_ABOUT


def inbound(words: tuple[Word, ...], main: int) -> bool:
    """Whether the verb at `main` reaches the seller: "reached out", "called (me)"."""
    return words[main].role is R.VERB and said(words[main]) in INBOUND


def introduced(words: tuple[Word, ...], main: int) -> tuple[str | None, int] | None:
    """Who someone introduced the seller to, and where the name ends ("Marta introduced me to
    her friend jules"); None when the verb at `main` is no introduction."""
    if said(words[main]) not in INTRODUCED_ME:
        return None
    at = main + 1
    while at < len(words) and words[at].role in (R.DET, R.CARRIER, R.ADJ, R.ARTICLE):
        at += 1  # "her friend jules"; but "her sister" names no one
    lowercase = at == main + 1 or words[at - 1].role is R.CARRIER
    found, end, _pronoun = name_after(words, at, lowercase=lowercase)
    return found, end


def from_newcomer(words: tuple[Word, ...], main: int) -> bool:
    """Whether the stage noun at `main` came in from someone new: "got a call out of the blue
    from a lady named Irene", "got an email from someone asking about prices"."""
    if words[main].role is not R.NOUN or all(w.role is not R.LIGHT for w in words[:main]):
        return False
    for at in range(main + 1, len(words) - 1):
        if said(words[at]) not in AFFILIATION:
            continue
        first, then = words[at + 1], words[at + 2] if at + 2 < len(words) else None
        if first.low in NEWCOMERS:
            return True
        described = then is not None and (then.low in PERSON_NOUNS or then.low in NEW)
        if first.role is R.ARTICLE and described:
            return True
    return False


def _named_after(words: tuple[Word, ...], at: int) -> bool:
    """ "called" between a person and a name names them: "a woman called Rosa"."""
    before, after = words[at - 1], words[at + 1]
    person = said(before).rsplit(" ", 1)[-1] in PERSON_NOUNS
    return person and after.role is None and not after.numeric


def _a_purchase(words: tuple[Word, ...], at: int) -> bool:
    """ "Priya booked the photo package", "Okafor agreed to a 3 month trial": someone else
    took a thing, not a call or a meeting ("Tom booked a call" is a plan)."""
    subject, _start, pronoun = name_before(words, at)
    described = words[0].role is R.DET and words[0].low in _DESCRIBED  # "the bakery near …"
    counted = words[at - 1].numeric or words[at - 1].role in (R.COUNT, R.BOTH)  # "3 booked"
    if subject is None and not pronoun and not described and not counted:
        return False
    rest = words[at + 1 :]
    if not rest or rest[0].role in _DONE_DEAL:
        return True  # "Mei booked!", "he booked on the spot", "they booked me for june"
    if rest and rest[0].low == "to":
        if said(rest[0]).removeprefix("to ") in AGREED_TO:
            return True  # "agreed to sign up"
        rest = rest[1:]  # "agreed to"
        if rest and said(rest[0]) in AGREED_TO:
            return True
    if not rest or (rest[0].role not in _THING_STARTS and not rest[0].numeric):
        return False
    return any(w.low in PRODUCTS for w in rest)


def _joined(words: tuple[Word, ...], at: int) -> bool:
    """ "leah's in!", "she's onboard", "Greg is in": someone said yes."""
    if at == 0 or (at + 1 < len(words) and words[at + 1].low != "for"):
        return False  # "leah's in!", "Tobias is in for the spring package"
    owner = words[at - 1]
    if owner.role is R.IS and at >= 2 and words[at - 2].role is None:  # "Greg is in"
        return all(w.role in _OPENING for w in words[: at - 2])
    if any(w.role not in _OPENING for w in words[: at - 1]):
        return False  # "asked if she's in" is the seller's question
    return owner.raw.casefold().endswith("'s") and (owner.role is None or owner.low in _SHE_HE)


_JOINING = Sense(R.FILLER)
_SHE_HE = frozenset({"shes", "hes"})


_DESCRIBED = frozenset({"the", "this", "that", "our", "my"})
_DONE_DEAL = frozenset({R.STOP, R.FILLER, R.ACK, R.DAY, R.ME, R.THANKS})


def reword(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The clause with words read as they mean after someone: "called" naming, "booked" or
    "agreed to" buying, "in" joining."""
    found = list(words)
    for at, word in enumerate(words):
        key = word.low
        if key in NAMING and 0 < at < len(words) - 1 and _named_after(words, at):
            found[at] = word._replace(sense=_NAMED, role=R.TO)
        elif key in PURCHASES and at and _a_purchase(words, at):
            found[at] = word._replace(sense=_BOUGHT, role=R.THEIR_WIN)
        elif (key in JOINED or key in LEFT) and _joined(words, at):
            owner = words[at - 1]
            found[at - 1] = (
                owner._replace(sense=_JOINING, role=R.FILLER)
                if owner.role is R.IS
                else owner._replace(raw=owner.raw[:-2])
            )
            answer = _BOUGHT if key in JOINED else _WALKED  # "leah's in!", "he's out"
            found[at] = word._replace(sense=answer, role=R.THEIR_WIN)
    return tuple(found)
