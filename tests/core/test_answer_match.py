"""Forgiving answer matching: which pending ask an answer names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answer_match import Candidates, Match, NoMatch, match_pending, name_key

PENDING = ["Acme Corp", "Beta Labs", "Sarah Connor", "Zoë Müller", "Bob's Diner 🍔", "Bob"]


@pytest.mark.parametrize(
    ("who", "found"),
    [
        ("Acme Corp", "Acme Corp"),
        ("acme corp", "Acme Corp"),
        ("ACME CORP!", "Acme Corp"),
        ("Acme", "Acme Corp"),
        ("acm", "Acme Corp"),
        ("corp", "Acme Corp"),
        ("Zoe Muller", "Zoë Müller"),
        ("zoë", "Zoë Müller"),
        ("Sarah 🎉", "Sarah Connor"),
        ("connor.", "Sarah Connor"),
        ("Bob", "Bob"),  # the same name wins over "Bob's Diner"
        ("bobs diner", "Bob's Diner 🍔"),
        ("Beta", "Beta Labs"),
    ],
)
def test_one_pending_ask_matches(who: str, found: str) -> None:
    assert match_pending(who, PENDING) == Match(found)


def test_several_candidates_are_all_offered() -> None:
    assert match_pending("b", ["Bob", "Beta"]) == NoMatch(("Bob", "Beta"))  # too short a prefix
    assert match_pending("bo", ["Bob", "Bonnie", "Al"]) == Candidates(("Bob", "Bonnie"))
    assert match_pending("Smith", ["Anna Smith", "Joe Smith"]) == Candidates(
        ("Anna Smith", "Joe Smith")
    )


def test_no_match_lists_the_open_asks() -> None:
    assert match_pending("Globex", PENDING) == NoMatch(tuple(PENDING))
    assert match_pending("🎉", PENDING) == NoMatch(tuple(PENDING))
    assert match_pending("Acme", []) == NoMatch(())


def test_the_same_name_pending_twice_is_one_match() -> None:
    assert match_pending("acme", ["Acme", "ACME!", "Acme"]) == Match("Acme")


def test_name_key_ignores_case_accents_emoji_and_punctuation() -> None:
    assert name_key("  Zoë   Müller-Smith!! 🎉 ") == "zoe muller smith"
    assert name_key("İstanbul Ltd.") == "istanbul ltd"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=8))
def test_any_answer_gives_one_outcome(who: str, pending: list[str]) -> None:
    result = match_pending(who, pending)
    if isinstance(result, Match):
        assert result.name in pending
    elif isinstance(result, Candidates):
        assert len(result.names) > 1
        assert set(result.names) <= set(pending)
    else:
        assert set(result.open) <= set(pending)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PENDING), st.sampled_from([str.upper, str.lower, str.title]))
def test_an_exact_name_in_any_case_matches_itself(name: str, case: object) -> None:
    assert match_pending(case(name), PENDING) == Match(name)  # type: ignore[operator]
