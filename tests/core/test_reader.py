"""The reader: the corpus, and properties over any text (never raises, never logs a plan,
negation or question, every reply fits a Telegram message)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import reader_replies as replies
from bot.core.domain import MAX_COUNT, Kind, Tally, Targets
from bot.core.insights import Leak
from bot.core.parsing import (
    MAX_ENTRIES,
    MAX_WHO,
    EntryDraft,
    LogRequest,
    NotALog,
    ParseError,
    take_tags,
)
from bot.core.reader import Certain, Doubtful, Reading, Remark, RemarkKind, names_weekday, read
from bot.core.render import MAX_MESSAGE
from tests.core.describe import describe, matches
from tests.core.reader_corpus import CORPUS, TODAY

PROPERTY = settings(max_examples=400, deadline=None)
LOGGED = (Certain, Doubtful)


@pytest.mark.parametrize(("text", "expected"), CORPUS, ids=[text[:40] for text, _ in CORPUS])
def test_corpus(text: str, expected: str) -> None:
    reading = read(text, TODAY)
    assert matches(reading, expected), f"{text!r} read as {describe(reading)!r}"


def test_the_corpus_is_big_and_varied() -> None:
    assert len(CORPUS) >= 200
    assert len({text for text, _ in CORPUS}) == len(CORPUS)
    kinds = {expected.split(" ", 1)[0] for _, expected in CORPUS}
    assert {"ask", "lead", "nurture", "yes", "no", "?", "-", "error:"} <= kinds
    assert {f"!{kind.value}" for kind in RemarkKind} <= kinds


def test_tags_are_kept_apart_from_names() -> None:
    tags = ("networking", "referral")
    request = LogRequest((EntryDraft(Kind.ASK, 1, "Sam"),), 0, tags)
    assert read("asked Sam #networking #Referral for the sale") == Certain(request, tags)
    taken = take_tags("coffee with Tom #content #Content")
    assert not isinstance(taken, ParseError)
    assert (taken[0].split(), taken[1]) == (["coffee", "with", "Tom"], ("content",))
    doubt = read("did 3 #expo")
    assert isinstance(doubt, Doubtful)
    assert {candidate.tags for candidate in doubt.candidates} == {("expo",)}
    assert read("#hashtag only") == NotALog()


@pytest.mark.parametrize(
    ("today", "back"), [(0, 3), (1, 4), (2, 5), (3, 6), (4, 0), (5, 1), (6, 2)]
)
def test_a_weekday_is_the_latest_one_never_ahead(today: int, back: int) -> None:
    reading = read("asked 2 on Friday", today)
    assert isinstance(reading, Certain)
    assert reading.request.days_back == back
    last = read("asked 2 last Friday", today)
    assert isinstance(last, Certain)
    assert last.request.days_back == (back or 7)


def test_names_weekday_tells_when_the_day_matters() -> None:
    assert names_weekday("asked 2 on Friday")
    assert names_weekday("Mon: 3 asks")
    assert not names_weekday("asked 2 yesterday")
    assert not names_weekday("asked Monica")


# --- properties ------------------------------------------------------------------------------

STAGE_WORDS = [
    "ask",
    "asks",
    "asked",
    "pitched",
    "called",
    "follow up",
    "followed up",
    "coffee with",
    "lead",
    "leads",
    "yes",
    "no",
    "proposal",
    "emailed",
    "met",
]
BODY = st.builds(
    " ".join,
    st.lists(
        st.sampled_from(
            [*STAGE_WORDS, "3", "two", "a", "Tom", "Acme Corp", "people", "today", "on Friday"]
        ),
        min_size=1,
        max_size=5,
    ),
)
PLANS = ["need to", "will", "I'll", "going to", "gonna", "planning to", "have to", "must", "let's"]
WISHES = ["should", "want to", "I'd like to", "hope to", "wish I", "would", "could", "maybe"]
NEGATIONS = ["didn't", "did not", "haven't", "never", "couldn't", "no one", "nobody", "not"]
QUESTIONS = ["what", "how", "why", "did I", "should I", "can you", "when", "am I", "which"]
FUTURE = ["tomorrow", "next week", "later", "next Monday", "tonight", "soon"]
TEXTS = st.text() | st.lists(
    st.sampled_from([*STAGE_WORDS, *PLANS, "\u200b", "🎉", "#x", ","]) | st.text(max_size=5)
).map(" ".join)


def not_done(text: str) -> None:
    reading = read(text, TODAY)
    assert not isinstance(reading, LOGGED), f"{text!r} read as {describe(reading)!r}"


@PROPERTY
@given(st.sampled_from(PLANS), BODY)
def test_a_plan_is_never_logged(plan: str, body: str) -> None:
    not_done(f"{plan} {body}")


@PROPERTY
@given(BODY, st.sampled_from(FUTURE))
def test_what_is_due_later_is_never_logged(body: str, when: str) -> None:
    not_done(f"{body} {when}")


@PROPERTY
@given(st.sampled_from(WISHES), BODY)
def test_a_wish_is_never_logged(wish: str, body: str) -> None:
    not_done(f"{wish} {body}")


@PROPERTY
@given(st.sampled_from(NEGATIONS), BODY)
def test_a_negation_is_never_logged(negation: str, body: str) -> None:
    not_done(f"I {negation} {body}")
    not_done(f"{negation} {body} today")


@PROPERTY
@given(st.sampled_from(QUESTIONS), BODY, st.booleans())
def test_a_question_is_never_logged(question: str, body: str, mark: bool) -> None:
    not_done(f"{question} {body}{'?' if mark else ''}")
    not_done(f"{body}?")


def assert_request(request: LogRequest) -> None:
    assert 1 <= len(request.entries) <= MAX_ENTRIES
    assert 0 <= request.days_back <= 7
    for entry in request.entries:
        assert 1 <= entry.count <= MAX_COUNT
        assert entry.who is None or 0 < len(entry.who) <= MAX_WHO
        assert entry.who is None or entry.who == entry.who.strip()


def reply_texts(reading: Reading) -> list[str]:
    """Every text the bot could send for this reading, buttons included."""
    if isinstance(reading, Remark):
        leak = Leak("x", Kind.ASK, "h", "Ask one person now.", "s")
        if reading.kind is RemarkKind.QUESTION:
            return [replies.progress(dt.date(2026, 11, 26), Tally(), Targets(), leak)]
        return [replies.REMARKS[reading.kind]]
    if isinstance(reading, ParseError):
        return [reading.message]
    if isinstance(reading, Doubtful):
        return [replies.DOUBT, *(replies.label(c) for c in reading.candidates)]
    return [replies.HINT] if isinstance(reading, NotALog) else []


@PROPERTY
@given(TEXTS, st.integers(0, 6))
def test_any_text_reads_and_every_reply_fits(text: str, today: int) -> None:
    reading = read(text, today)
    if isinstance(reading, Certain):
        assert_request(reading.request)
    if isinstance(reading, Doubtful):
        assert 1 <= len(reading.candidates) <= 3
        for candidate in reading.candidates:
            assert_request(candidate)
    for reply in reply_texts(reading):
        assert 0 < len(reply) <= MAX_MESSAGE
        assert len(reply.encode("utf-16-le")) // 2 <= MAX_MESSAGE
    if isinstance(reading, ParseError):
        assert len(reading.message) <= 300
