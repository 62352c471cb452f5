"""The English words the reader knows, as tables: each maps words or phrases to what they mean.

All of them live in this package: stage and grammar words in `stages`, here the sets the
reader's rules use; days and months in `days`, spellings (shorthands, typos) in `spelling`,
people and deeds in `people`.
Pure data (and tiny builders). Adding a language means another set of these tables; the
reading logic in `bot.core.reader` and `bot.core.clause` never names a word itself.
Words are matched casefolded, with apostrophes removed ("didn't" is "didnt").
"""

from __future__ import annotations

from bot.core.domain import Kind
from bot.core.roles import Role as Role
from bot.core.roles import Sense as Sense
from bot.core.vocabulary.days import CLOCK_WORDS as CLOCK_WORDS
from bot.core.vocabulary.days import DAYS_BACK
from bot.core.vocabulary.days import MONTH_NAMES as MONTH_NAMES
from bot.core.vocabulary.days import WEEKDAY_NAMES as WEEKDAY_NAMES
from bot.core.vocabulary.people import CHEER, CHEERS, MORE_WORDS, THEIR_LEAD
from bot.core.vocabulary.spelling import MIN_TYPO as MIN_TYPO
from bot.core.vocabulary.spelling import NOT_TYPOS as NOT_TYPOS
from bot.core.vocabulary.spelling import SHORT_LY_ADVERBS as SHORT_LY_ADVERBS
from bot.core.vocabulary.spelling import SHORTHANDS as SHORTHANDS
from bot.core.vocabulary.spelling import TYPO_NOUNS as TYPO_NOUNS
from bot.core.vocabulary.spelling import TYPO_VERBS as TYPO_VERBS
from bot.core.vocabulary.stages import SINGLES as _SINGLES
from bot.core.vocabulary.stages import STAGES as _STAGES

ASK, LEAD, NURTURE, YES, NO = Kind.ASK, Kind.LEAD, Kind.NURTURE, Kind.YES, Kind.NO


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split("|"))


WEEKDAY_OFFSET = 10
PERIOD = 99
"""A DAY sense with this value names a span (last week), not a day a log can count for."""
PERIODS = "last week|this week|this month|last month|past week|the past week|over the weekend"
"""A DAY sense with value >= WEEKDAY_OFFSET names a weekday (value - offset, Monday = 0)."""


_SITE_LEADS = (
    ("booked a call|booked a discovery call|booked a consult|booked a consultation|booked"),
    ("via|through|on|from|using"),
    ("my site|my website|the website|the site|my calendly|calendly|my booking page|my page"),
)
"""Someone who booked through the seller's own site is a new lead: "booked a call via my site"."""
_FORM_LEADS = (
    "filled out|filled in|submitted|completed",
    "my|the|a|our",
    "contact form|form|intake form|inquiry form|enquiry form|booking form|lead form",
)
"""Someone who filled in the seller's form is a new lead: "someone filled out my contact form"."""
_SITE_LEAD = Sense(Role.VERB, (LEAD,), THEIR_LEAD)
GIVING = _set("sent|gave")
"""Light verbs that give: "sent 2 referrals to Bob" gives leads away, it does not get them."""
GIVE_TO = _set(
    "offered|sent|pitched|quoted|proposed|presented|showed|gave|mailed|emailed|sent over|texted"
    "|dmed|dmd|delivered|dropped off|pitching|offering|sending|showing|made"
)
"""Verbs that give something to someone: "offered the package to leah" names who after "to"."""
BOTH = "both|both of them|them both|on both|to both|with both|the two of them"
"""Two, said of what came before: "did 2 calls, made the ask on both"."""


NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)
TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3}

PATH_WORDS: dict[str, str] = {
    "networking": "networking",
    "content": "content",
    "newsletter": "newsletter|newsletters",
    "podcast": "podcast|podcasts",
    "referral": "referral|referrals",
    "ads": "ads|ad",
    "speaking": "speaking",
    "webinar": "webinar|webinars",
    "linkedin": "linkedin",
    "instagram": "instagram",
    "facebook": "facebook",
    "youtube": "youtube",
    "tiktok": "tiktok",
}
"""Paths a plain message may name (tag: its words): "met 3 at networking" → #networking."""
PATHS = {word: tag for tag, words in PATH_WORDS.items() for word in words.split("|")}
PATH_CUES = frozenset({"at", "from", "via", "through", "on", "in"})
"""A path word counts only right after one of these ("from my newsletter")…"""
PATH_DETERMINERS = frozenset({"the", "my", "our", "a", "an"})
"""…with at most one of these between them…"""
PATH_VENUES = frozenset(
    {"event", "events", "meetup", "mixer", "group", "episode", "episodes", "post", "posts"}
)
"""…and at most one of these after it ("at the networking event"), then the clause ends."""


def _lexicon() -> dict[str, Sense]:
    """Every word and phrase with its sense; when a word has two, the stage sense wins."""
    found: dict[str, Sense] = {}

    def add(words: str, sense: Sense) -> None:
        for word in words.split("|"):
            found.setdefault(word.replace("'", ""), sense)

    for (role, kinds), words in (*_STAGES.items(), *MORE_WORDS.items()):
        add(words, Sense(role, kinds))
    add(CHEERS, Sense(Role.ACK, value=CHEER))
    for number, word in enumerate(NUMBER_WORDS):
        if number:
            add(word, Sense(Role.COUNT, value=number))
    for word, times in TIMES_WORDS.items():
        add(word, Sense(Role.TIMES, value=times))
    add("a|an", Sense(Role.ARTICLE, value=1))
    add("a couple|couple|a couple of|couple of|a pair of", Sense(Role.COUNT, value=2))
    add("a dozen|dozen", Sense(Role.COUNT, value=12))
    add(BOTH, Sense(Role.BOTH, value=2))
    for table in (_SITE_LEADS, _FORM_LEADS):
        verbs, middles, ends = (part.split("|") for part in table)
        for verb in verbs:
            add("|".join(f"{verb} {mid} {end}" for mid in middles for end in ends), _SITE_LEAD)
    add("make|send|get|do|have", Sense(Role.BASE))
    add(PERIODS, Sense(Role.DAY, value=PERIOD))
    for phrase, back in DAYS_BACK.items():
        add(phrase, Sense(Role.DAY, value=back))
    for weekday, names in enumerate(WEEKDAY_NAMES):
        for name in names:
            add(f"{name}|on {name}", Sense(Role.DAY, value=WEEKDAY_OFFSET + weekday))
        full = names[0]  # "tues", "weds" are days; "mondays" a habit
        add(f"{full}s|on {full}s|every {full}", Sense(Role.HABIT))  # "on mondays I call"
    add("on sat", Sense(Role.DAY, value=WEEKDAY_OFFSET + 5))  # not "SAT prep"
    add("on sun", Sense(Role.DAY, value=WEEKDAY_OFFSET + 6))
    for role, words in _SINGLES.items():
        add(words, Sense(role))
    return found


LEXICON: dict[str, Sense] = _lexicon()
COMMAND_WORDS: dict[Kind, frozenset[str]] = {
    ASK: frozenset({"ask", "asks"}),
    LEAD: frozenset({"lead", "leads"}),
    NURTURE: frozenset({"nurture", "nurtures", "touch", "touches"}),
    YES: frozenset({"yes", "yeses"}),
    NO: frozenset({"no", "nos"}),
}
"""The words a log command may repeat after its count: "/ask 3 asks"."""
SUBORDINATORS = _set(
    "if|whether|that|who|what|which|because|since|so that|though|although|while|where|when|as"
    "|unless|in case|as soon as"
)
"""Words that open someone else's clause inside the seller's: after "asked Ruth if", a "would"
or "not" is Ruth's, not the seller's."""
CONDITIONS = _set("if|unless|in case|as soon as")
"""Opening a clause, these make it a wish, not a log: "if Greg says yes"."""
CHANNELS = _set(
    "instagram|insta|ig|linkedin|facebook|fb|twitter|tiktok|youtube|google|yelp|nextdoor"
    "|reddit|whatsapp|meetup|eventbrite|craigslist|threads|pinterest|etsy|website|site"
)
"""Where leads come from: typed in lower case ("from instagram") they are not names."""
NAME_NOUNS = _set(
    "deal|deals|account|accounts|contract|project|job|team|family|order|renewal|office|remodel"
    "|install|wedding|extension|build|renovation|listing"
)
"""After "the" and a capitalised word, these show the word is who: "the Acme deal"."""
ACTIVITIES = _set(
    "asking|pitching|inviting|offering|proposing|calling|following|checking|catching|phoning"
    "|ringing|nurturing|emailing|messaging|texting|reaching"
)
"""A stage as an activity ("I hate cold calling"): a log only with who or how many."""
COMPANY_SUFFIXES = frozenset(
    {"inc", "llc", "ltd", "co", "corp", "gmbh", "ag", "sa", "plc", "bv", "pty", "lp", "llp"}
)
"""Ends of company names that follow a comma: "Acme, Inc." is one name, not two."""
UNITS = _set(
    "week|weeks|wk|wks|month|months|mo|year|years|yr|yrs|day|hour|hours|hr|hrs|minute|minutes"
    "|min|mins|pack|packs|box|boxes|session|sessions|class|classes|percent|pct|off|k|bucks"
    "|dollars|euros|pounds|lb|lbs|kg|page|pages|piece|pieces|seater"
)
"""After a number, these show it measures something, not how many entries: "the 6 week
program", "the 10 pack", "a 3 hour call"."""
MEASURED_AFTER = frozenset({"the", "a", "an"})
"""Before a number and a singular word, these show it measures it: "the 12 month package"."""
TO_DO_NOUNS = frozenset(
    {
        "ask",
        "call",
        "pitch",
        "offer",
        "quote",
        "email",
        "text",
        "message",
        "dm",
        "invite",
        "meeting",
    }
)
"""Stage nouns that are to-dos when a name follows: "ask Sarah", "call Bob"."""
LONGEST_PHRASE = max(phrase.count(" ") + 1 for phrase in LEXICON)
PHRASE_STARTS: dict[str, int] = {}
"""The first word of each phrase, and the most words a phrase starting with it has."""
for _phrase in LEXICON:
    _first, _, _rest = _phrase.partition(" ")
    if _rest:
        PHRASE_STARTS[_first] = max(PHRASE_STARTS.get(_first, 0), _rest.count(" ") + 2)
