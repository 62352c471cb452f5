"""How words are written, as tables: slash shorthands, the stage verbs a typo may stand for,
real words that are never typos, and "-ly" words that are not names. Used by
`bot.core.spelling` and `bot.core.tokens`. Pure data."""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split("|"))


SHORTHANDS = {
    "w/": "with",
    "f/u": "follow-up",
    "f/ups": "follow-ups",
    "f/ud": "followed up",
    "f/u'd": "followed up",
}
"""Shorthands written with a slash, read as the words they stand for."""

TYPO_VERBS = (
    "asked|pitched|invited|offered|proposed|quoted|followed|checked|called|phoned|emailed"
    "|messaged|texted|contacted|visited|closed|signed|declined|rejected|refused|converted"
    "|accepted|nurtured|connected|networked|generated|sourced|prospected|introduced|touched"
    "|reached|demoed|presented|passed|upgraded|renewed|bought"
)
"""The stage verbs a typo may stand for (the first word of "followed up", "checked in"…)."""

TYPO_NOUNS = (
    "proposal|proposals|prospect|prospects|referral|referrals|meeting|meetings|followup"
    "|followups|inquiry|inquiries|presentation|presentations"
)
"""The stage nouns a typo may stand for after "a", a count or "sent": "sent a propsal"."""

NOT_TYPOS = _set(
    "ashed|patched|pinched|calmed|culled|cabled|calked|calved|tested|tented|massaged"
    "|contracted|cloned|sighed|singed|chucked|chocked|fallowed|accented|soured|demoted"
    "|prevented|torched|paused|parsed|pissed|pasted|reneged|brought"
)
"""Real words one edit from a stage verb: never read as that verb ("tested", "paused")."""

MIN_TYPO = 4
"""Shorter words are never typos of a verb: too many real words are one edit away."""

SHORT_LY_ADVERBS = _set(
    "early|daily|fully|truly|sadly|newly|madly|oddly|dully|dryly|shyly|wryly|hotly|lowly"
    "|apply|reply|supply|rally|belly|bully|jelly|silly|jolly|hilly|folly|gully|tally|dally"
)
"""Five-letter "-ly" words that are not names; longer ones ("quickly") are adverbs anyway."""
