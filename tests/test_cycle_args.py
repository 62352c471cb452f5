"""Arguments of the cycle commands and #tags in logs: examples, and no input ever raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.cycle_args import parse_capacity, parse_goal, parse_reask, parse_tag
from bot.core.domain import Kind
from bot.core.log_args import parse_command
from bot.core.parsing import MAX_TAG, MAX_TAGS, EntryDraft, LogRequest, ParseError, take_tags
from bot.core.reader import Certain, read

PROPERTY = settings(max_examples=300, deadline=None)
TEXT = st.text(
    alphabet=st.sampled_from(list("#aZé_-0123456789 \t,.yesnoffwdk/٣🚀")), max_size=60
) | st.text(max_size=60)


@pytest.mark.parametrize(
    ("args", "days"),
    [("6w", 42), ("30d", 30), ("30", 30), ("off", 0), ("OFF", 0), ("2 weeks", 14)],
)
def test_reask_delays(args: str, days: int) -> None:
    assert parse_reask(args) == days


@pytest.mark.parametrize("args", ["", "0", "soon", "400d", "1h", "-3"])
def test_bad_reask_delays_explain(args: str) -> None:
    assert isinstance(parse_reask(args), ParseError)


def test_capacity_goal_and_tag_arguments() -> None:
    assert parse_capacity("4") == 4
    assert parse_capacity("off") is None
    assert isinstance(parse_capacity("0"), ParseError)
    assert parse_goal("2 yes a week") == 2
    assert parse_goal("3 clients /week") == 3
    assert parse_goal("1") == 1
    assert isinstance(parse_goal("2 yes a month"), ParseError)
    assert parse_tag("#Content") == "content"
    assert parse_tag("content") == "content"
    assert parse_tag("") is None
    assert isinstance(parse_tag("#2"), ParseError)
    assert isinstance(parse_tag("#" + "x" * (MAX_TAG + 1)), ParseError)


def test_tags_come_off_commands_and_quick_logs() -> None:
    assert parse_command(Kind.ASK, "3 Acme #Audit yesterday") == LogRequest(
        (EntryDraft(Kind.ASK, 3, "Acme"),), 1, ("audit",)
    )
    assert parse_command(Kind.LEAD, "#content") == LogRequest(
        (EntryDraft(Kind.LEAD, 1, None),), 0, ("content",)
    )
    request = LogRequest(
        (EntryDraft(Kind.NURTURE, 2, None), EntryDraft(Kind.ASK, 1, None)),
        0,
        ("networking", "event"),
    )
    assert read("#networking 2 touches, 1 ask #networking #event") == Certain(
        request, ("networking", "event")
    )
    assert parse_command(Kind.ASK, "Acme#1") == LogRequest(
        (EntryDraft(Kind.ASK, 1, "Acme#1"),), 0, ()
    )  # '#' inside a word, or before a digit, is not a tag


@PROPERTY
@given(TEXT)
def test_take_tags_never_raises_and_takes_every_tag(text: str) -> None:
    taken = take_tags(text)
    if isinstance(taken, ParseError):
        return
    rest, tags = taken
    assert len(tags) <= MAX_TAGS
    assert len(set(tags)) == len(tags)
    assert all(tag == tag.casefold() and 0 < len(tag) <= MAX_TAG for tag in tags)
    assert take_tags(rest) == (rest, ())


@PROPERTY
@given(TEXT)
def test_cycle_arguments_never_raise(text: str) -> None:
    for parse in (parse_reask, parse_capacity, parse_goal, parse_tag):
        parse(text)
    for kind in Kind:
        parse_command(kind, text)
    read(text)
