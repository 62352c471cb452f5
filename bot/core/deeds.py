"""What a stage word does in its clause: whether it tells of a deed ("I hate cold calling"
does not), whether a to-do word is a noun ("my follow up"), whether a plural has a count
("answered emails" has none), and which words are left unexplained.

Pure. Used by `bot.core.clause`; the words live in `bot.core.vocabulary`.
"""

from __future__ import annotations

from bot.core.domain import Kind
from bot.core.scan import Scan
from bot.core.tokens import Word, adverb
from bot.core.vocabulary import ACTIVITIES, GIVE_TO, GIVING, LEXICON, Role
from bot.core.vocabulary.people import (
    BUYERS_SAY,
    OURS,
    PERSONAL,
    SELLERS_TOO,
    THINGS_ENDED,
    TO_DO_VERBS,
    VENUE_CUES,
)

R = Role
OBJECT_WORDS = frozenset({R.COUNT, R.ARTICLE, R.ADJ, R.DET, R.FILLER, R.ACK})
COUNTED_BY = frozenset({R.ARTICLE, R.COUNT, R.DET, R.LIGHT})
_NOT_NOISE = frozenset({R.DET, R.ARTICLE, R.COUNT, R.CARRIER, R.TO})
_OBJECT_OF = frozenset({R.VERB, R.BASE, R.LIGHT, R.WIN, R.THEIR_WIN})
_VERB_LIKE = frozenset({R.LIGHT, R.SAY, None})
_GIVEN = frozenset({None, R.NOUN, R.ADJ})
_ONESELF = frozenset({"myself", "ourselves"})
_DAY_FILLER = frozenset({R.DAY, R.FILLER})
_DEAL_WORDS = frozenset({R.NOUN, R.CARRIER, R.VERB, R.BASE})
_OPENING_NOUN = frozenset({R.FILLER, R.ACK, R.DAY, R.ADJ, R.DET})
_VENUE_WORDS = frozenset({None, R.ADJ, R.DET, R.ARTICLE, R.FILLER})


def uncounted(words: tuple[Word, ...], main: int) -> bool:
    """A stage noun in the plural with nothing to count it: "answered emails"."""
    word = words[main]
    if word.role is not R.NOUN or not word.low.endswith("s") or " " in word.raw:
        return False
    if not main or words[main - 1].role not in _VERB_LIKE:
        return False  # "asks - 2", "the proposals"
    single = LEXICON.get(word.low[:-1]) or LEXICON.get(word.low[:-2])
    return single is not None and word.sense is not None and single.kinds == word.sense.kinds


def sent_to(words: tuple[Word, ...], at: int, main: int = -1) -> bool:
    """ "a proposal to northside cafe", "offered the package to leah": after a stage noun and
    "to", or after a verb that gives something and "to", a name is expected (not after "asked
    them to": a verb follows)."""
    if at < 2 or words[at - 1].low != "to":
        return False
    gives = 0 <= main < at - 2 and words[main].raw.casefold() in GIVE_TO
    given = words[at - 2]  # "dmed them to book", "just to say thanks": no thing given
    gives = gives and (given.role in _GIVEN or given.low == "it")
    thing = words[at - 2].sense
    sent = thing is not None and thing.role is R.NOUN and thing.kinds != (Kind.LEAD,)
    return sent or words[at - 2].low in GIVE_TO or gives  # not "asked 8 leads to book"


def noise(words: tuple[Word, ...], scan: Scan, used: set[int]) -> bool:
    """Whether a word before the details ("for", "about"…) is left unexplained; words after
    "the", "a", "my" or a count describe a thing ("the premium package", "5 past clients")."""
    phrase = False
    for at, word in enumerate(words[: scan.stop]):
        if word.role is None and not word.numeric:
            if not (phrase or at in used or adverb(word)):
                return True
        elif word.role not in (R.ADJ, R.ACK, R.FILLER):
            phrase = word.numeric or word.role in _NOT_NOISE or word.role in _OBJECT_OF
    return False


def at_venue(words: tuple[Word, ...], at: int) -> bool:
    """ "met ravi at the chamber lunch": the stage noun at `at` names where, not what."""
    start = at - 1
    while start >= 0 and words[start].role in _VENUE_WORDS and not words[start].proper:
        if words[start].low in VENUE_CUES:
            break
        start -= 1
        while start >= 0 and words[start].low == "of":
            start -= 1  # "at the chamber of commerce breakfast"
    return words[at].role is R.NOUN and start >= 0 and words[start].low in VENUE_CUES


def _personal(words: tuple[Word, ...]) -> bool:
    """The seller's own things: "our house", "my new apartment", "my marriage proposal"."""
    for at, word in enumerate(words):
        if word.low in OURS:
            nxt = at + 1
            while nxt < len(words) and words[nxt].role is R.ADJ:
                nxt += 1
            if nxt < len(words) and words[nxt].low in PERSONAL:
                return True
    return False


def _told(words: tuple[Word, ...], main: int) -> bool:
    """ "prospects in my area are mostly retirees": the stage noun is what is told of."""
    opening = all(w.role in _OPENING_NOUN for w in words[:main])
    return opening and any(w.role is R.IS for w in words[main + 1 :])


def _an_answer(words: tuple[Word, ...], main: int) -> bool:
    """An answer verb tells of a buyer's answer: not the seller's own "I said no", nor a
    thing lost or closed ("lost my keys", "closed the office early")."""
    said = words[main].raw.casefold()
    before = next((w for w in reversed(words[:main]) if w.role is not R.FILLER), None)
    if said in BUYERS_SAY and before is not None and before.role is R.SELF:
        return False
    if said in SELLERS_TOO and before is None:
        return False  # "just signed up": the seller did
    if said == "signed up" and any(w.low == "free" for w in words[main + 1 : main + 5]):
        return False  # "5 people signed up for the free class": leads, not a yes
    after = words[main + 1 : main + 5]
    mine = before is None or before.role is R.SELF
    gerund = len(after) > 1 and after[0].low == "to" and after[1].low[-3:] == "ing"
    if said in BUYERS_SAY and mine and gerund:
        return False  # "Said yes to volunteering at the bake sale"
    if _personal(words):
        return False  # "the offer on our house fell through"
    if said not in THINGS_ENDED or not after or after[0].role not in (R.DET, R.ARTICLE):
        return True
    return any(w.proper or w.numeric or w.role in _DEAL_WORDS for w in after[1:])


def _offered_to_do(words: tuple[Word, ...], main: int) -> bool:
    """ "offered to drive", "asked to borrow": a verb of the seller's own after "to"."""
    after = words[main + 1 : main + 3]
    if words[main].raw.casefold() not in TO_DO_VERBS or len(after) < 2:
        return False
    if after[0].low != "to" or after[0].role is not R.TO:
        return False
    verb = after[1]
    return verb.role is None and not verb.proper and not verb.numeric


def as_noun(words: tuple[Word, ...], main: int) -> bool:
    """A to-do word used as a noun: "a zoom catch up", "2 follow ups", "my follow up"."""
    at = main - 1
    while at >= 0 and words[at].role in (R.ADJ, R.NOUN, R.FILLER):
        at -= 1
    return at >= 0 and (words[at].numeric or words[at].role in COUNTED_BY)


def a_deed(words: tuple[Word, ...], main: int, whom: bool) -> bool:
    """Whether the stage word tells of something done, not of the activity ("I hate cold
    calling", "terrible at asking"), how a thing is ("sales is hard"), the seller's own
    "closed for the day", leads given away ("sent 2 referrals to Bob") or met with an
    unknown verb ("zoomed with 3 leads")."""
    word = words[main]
    after = next((w for w in words[main + 1 :] if w.role not in _DAY_FILLER), None)
    next_role = after.role if after else None  # "closed today for the holiday"
    if word.role is R.BASE and word.low in ACTIVITIES and not whom:
        return False
    if (word.role is R.NOUN and (next_role is R.IS or _told(words, main))) or (
        word.role is R.WIN and next_role is R.STOP and not whom
    ):
        return False  # "sales is hard"; "closed for the day", "signed up for a webinar"
    if word.role is R.WIN and not _an_answer(words, main):
        return False  # "I said no to dessert", "lost my keys", "closed the office early"
    if word.role is R.VERB and word.sense and word.sense.kinds == (Kind.ASK,) and _personal(words):
        return False  # "offered my seat to an old lady"
    if word.role is R.VERB and _offered_to_do(words, main):
        return False  # "I offered to drive my neighbor to the airport"
    if main + 1 < len(words) and words[main + 1].low in _ONESELF:
        return False  # "asked myself why I keep procrastinating"
    if word.role is R.NOUN and words[0].low in OURS and any(w.role is R.IS for w in words[:main]):
        return False  # "My record is 40 closes in a month"
    if not word.sense or word.sense.kinds != (Kind.LEAD,):
        return True
    start = main - 1
    while start >= 0 and (words[start].numeric or words[start].role in OBJECT_WORDS):
        start -= 1
    given = any(w.role is R.LIGHT and w.low in GIVING for w in words[:main])
    return not (given or (start >= 0 and words[start].role is R.TO))
