"""Paths named in plain words (bot/core/path_hints.py): which messages are tagged, with
what, and which are not — never a guess."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.reader import Certain, Doubtful, read
from bot.core.vocabulary import PATH_WORDS
from tests.core.describe import describe
from tests.core.reader_corpus import TODAY

TAGGED: list[tuple[str, str, tuple[str, ...]]] = [
    ("met 3 people at networking", "? lead 3 | nurture 3", ("networking",)),
    ("2 leads from my newsletter", "lead 2", ("newsletter",)),
    ("coffee with Tom from the podcast", "nurture 1 Tom", ("podcast",)),
    ("asked Tom at networking", "ask 1 Tom", ("networking",)),
    ("met Sam at the networking event", "? lead 1 Sam | nurture 1 Sam", ("networking",)),
    ("2 leads via LinkedIn", "lead 2", ("linkedin",)),
    ("2 new leads from referrals", "lead 2", ("referral",)),
    ("1 lead from an ad yesterday", "lead 1 @1", ("ads",)),
    ("asked Tom and Bob at the webinar", "ask 1 Tom; ask 1 Bob", ("webinar",)),
    ("shared it in my newsletter", "nurture 1", ("newsletter",)),
    # a typed #tag wins
    ("asked Tom at networking #bni", "ask 1 Tom", ("bni",)),
    # nothing certain: no tag
    ("sent my newsletter", "nurture 1", ()),
    ("networking: 3 leads", "? lead 3", ()),
    ("coffee with Tom from Podcast Pete", "nurture 1 Tom", ()),
    ("asked 2 at the podcast studio", "ask 2", ()),
    ("got 2 referrals from Tom", "lead 2 Tom", ()),
    ("met 3 people at networking, asked Bob", "? lead 3; ask 1 Bob | nurture 3; ask 1 Bob", ()),
    ("3 asks, 1 no at networking", "ask 3; no 1", ()),
    ("2 leads from my newsletter and 1 from my podcast", "? lead 2; lead 1", ()),
    ("asked Tom at Content Co", "ask 1 Tom", ()),
]


def tags_of(text: str) -> tuple[str, ...]:
    reading = read(text, TODAY)
    if isinstance(reading, Certain):
        assert reading.request.tags == reading.tags
        return reading.tags
    assert isinstance(reading, Doubtful), describe(reading)
    assert {c.tags for c in reading.candidates} == {reading.tags}  # every button carries it
    return reading.tags


@pytest.mark.parametrize(("text", "expected", "tags"), TAGGED, ids=[t for t, _, _ in TAGGED])
def test_a_path_in_plain_words_tags_the_message_only_where_certain(
    text: str, expected: str, tags: tuple[str, ...]
) -> None:
    assert describe(read(text, TODAY)) == expected
    assert tags_of(text) == tags


def test_plans_and_questions_are_still_not_logged() -> None:
    assert describe(read("will ask 3 at networking", TODAY)) == "!plan"
    assert describe(read("did I ask anyone at networking?", TODAY)) == "!question"


PATH_WORD = st.sampled_from(sorted(w for words in PATH_WORDS.values() for w in words.split("|")))
WORDS = st.sampled_from(["asked", "met", "3", "Tom", "at", "from", "my", "the", "leads", "and"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | PATH_WORD, max_size=10))
def test_a_hint_is_always_a_known_path_and_said_in_the_message(words: list[str]) -> None:
    text = " ".join(words)
    reading = read(text, TODAY)
    if isinstance(reading, Certain | Doubtful):
        assert len(reading.tags) <= 1
        for tag in reading.tags:
            assert tag in PATH_WORDS
            assert any(w in words for w in PATH_WORDS[tag].split("|"))
