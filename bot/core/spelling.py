"""How words are written, apart from what they mean: slash shorthands ("f/u", "w/"), a typo one
edit away from a stage verb ("pitchd", "asekd", "folowed"), and "-ly" words that are adverbs,
not names ("quickly" — but "kelly" may be a name).

Pure and deterministic: the tables in `bot.core.vocabulary`, and one edit inside a known verb
(its first and last letters as typed), never anything else. Callers apply `stage_verb` only
where the seller's verb stands, to a word the vocabulary does not know, in lower case or
opening a sentence — never to a name.
"""

from __future__ import annotations

from string import ascii_lowercase

from bot.core.vocabulary import MIN_TYPO, NOT_TYPOS, SHORT_LY_ADVERBS, TYPO_NOUNS, TYPO_VERBS


def _variants(verb: str) -> set[str]:
    """Every spelling one edit away that keeps the first and last letters."""
    inside = range(1, len(verb) - 1)
    found = {verb[:at] + verb[at + 1 :] for at in inside}
    found |= {
        verb[:at] + verb[at + 1] + verb[at] + verb[at + 2 :] for at in range(1, len(verb) - 2)
    }
    for letter in ascii_lowercase:
        found |= {verb[:at] + letter + verb[at + 1 :] for at in inside}
        found |= {verb[:at] + letter + verb[at:] for at in range(1, len(verb))}
    found.discard(verb)
    return found


def _typos(words: str) -> dict[str, str]:
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for verb in words.split("|"):
        for variant in _variants(verb):
            if variant in found and found[variant] != verb:
                ambiguous.add(variant)
            found[variant] = verb
    return {
        typo: verb
        for typo, verb in found.items()
        if typo not in ambiguous and typo not in NOT_TYPOS and len(typo) >= MIN_TYPO
    }


TYPOS = _typos(TYPO_VERBS)
NOUN_TYPOS = _typos(TYPO_NOUNS)


def stage_verb(low: str) -> str | None:
    """The stage verb a lower-case word is a typo of ("pitchd" → "pitched"), or None."""
    return TYPOS.get(low)


def stage_noun(low: str) -> str | None:
    """The stage noun a lower-case word is a typo of ("propsal" → "proposal"), or None."""
    return NOUN_TYPOS.get(low)


def adverb_like(low: str) -> bool:
    """A lower-case word ending in "-ly" that says how ("quickly"), not who ("kelly")."""
    return low.endswith("ly") and (len(low) > 5 or low in SHORT_LY_ADVERBS)
