"""The one-tap choices: labels, and callback data that round-trips within 64 bytes and
refuses anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import MAX_COUNT, Kind
from bot.core.parsing import EntryDraft, LogRequest
from bot.core.reader_replies import MAX_CALLBACK_BYTES, Choice, decode, encode, label

ASK, NURTURE, NO = Kind.ASK, Kind.NURTURE, Kind.NO


def request(*entries: tuple[Kind, int, str | None], days_back: int = 0) -> LogRequest:
    return LogRequest(tuple(EntryDraft(*entry) for entry in entries), days_back)


@pytest.mark.parametrize(
    ("logged", "text"),
    [
        (request((ASK, 3, None)), "Log 3 asks"),
        (request((ASK, 1, "Sarah")), "Log 1 ask — Sarah"),
        (request((NURTURE, 1, None), (NO, 2, None)), "Log 1 touch, 2 nos"),
        (request((ASK, 1, "x" * 100)), "Log 1 ask — " + "x" * 27 + "…"),
    ],
)
def test_labels_say_exactly_what_a_press_logs(logged: LogRequest, text: str) -> None:
    assert label(logged) == text


def test_a_choice_round_trips() -> None:
    choice = LogRequest(
        (EntryDraft(ASK, 3, "Zoë: Müller"), EntryDraft(NURTURE, 2, None)), 6, ("expo", "b2b")
    )
    data = encode(7_123_456_789, 4242, choice)
    assert data is not None
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert decode(data) == Choice(7_123_456_789, 4242, choice)
    neither = encode(1001, 7, None)
    assert neither is not None
    assert decode(neither) == Choice(1001, 7, None)


def test_a_choice_that_does_not_fit_is_not_offered() -> None:
    assert encode(1001, 7, request((ASK, 1, "x" * 60))) is None
    assert encode(1001, 7, request((ASK, 1, "a|b"))) is None
    assert encode(-1, 7, request((ASK, 1, None))) is None


@pytest.mark.parametrize(
    "data",
    [
        "",
        "lg:",
        "lg:rt:7",
        "lg:rt:7:0",
        "lg:rt:7:0:a1",
        "lg:rt:7:0::",
        "lg:rt:7:0::z3",
        "lg:rt:7:0::a0",
        f"lg:rt:7:0::a{MAX_COUNT + 1}",
        "lg:rt:7:8::a1",
        "lg:rt:7:-1::a1",
        "lg:rt:7:0::a1|",
        "lg:rt:7:0::a1=",
        "lg:r_t:7:0::a1",
        "lg:rt:٣:0::a1",
        "lg:rt:7:0::a" + "1" * 60,
        "lg:rt:7:0:2x:a1",
        "lg:rt:7:0:#x:a1",
        "lg:rt:7:0:a,,b:a1",
        "lg:rt:7:0:a b:a1",
        "lg:rt:7:0:a,b,c,d,e,f:a1",
        "lg:rt:7:y",
        "undo:7",
        "lg:rt:7:0::" + "|".join(["a1"] * 11),
    ],
)
def test_anything_else_is_refused(data: str) -> None:
    assert decode(data) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_decode_never_raises(data: str) -> None:
    choice = decode(data)
    if choice is not None and choice.request is not None:
        assert all(1 <= entry.count <= MAX_COUNT for entry in choice.request.entries)
        assert 0 <= choice.request.days_back <= 7


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 10**12),
    st.integers(1, 10**9),
    st.lists(
        st.tuples(
            st.sampled_from(Kind),
            st.integers(1, MAX_COUNT),
            st.none() | st.text(min_size=1, max_size=20).filter(lambda s: "|" not in s),
        ),
        min_size=1,
        max_size=3,
    ),
    st.integers(0, 7),
)
def test_what_fits_round_trips(
    user: int, message: int, entries: list[tuple[Kind, int, str | None]], back: int
) -> None:
    choice = request(*entries, days_back=back)
    data = encode(user, message, choice)
    if data is not None:
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        assert decode(data) == Choice(user, message, choice)
