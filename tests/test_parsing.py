"""Tests for the parsers: log commands (bot.core.log_args), quick logs through the reader
(bot.core.reader), setting arguments; examples per parser, and properties over any text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import MAX_COUNT, Kind
from bot.core.log_args import parse_command
from bot.core.parsing import MAX_TEXT, EntryDraft, LogRequest, ParseError
from bot.core.pause_args import parse_pause
from bot.core.reader import Certain, Doubtful, Reading, read
from bot.core.setting_args import (
    parse_chart_span,
    parse_duration,
    parse_followup,
    parse_targets,
    parse_times,
    parse_workdays,
)
from bot.core.spelling import adverb_like
from bot.core.timezone_args import parse_timezone
from bot.core.vocabulary import COMMAND_WORDS, LEXICON, Role

ASK, LEAD, NURTURE, YES, NO = Kind.ASK, Kind.LEAD, Kind.NURTURE, Kind.YES, Kind.NO
TODAY = dt.date(2026, 11, 26)
KIND_WORDS: dict[str, Kind] = {
    **dict.fromkeys(["ask", "asks", "asked", "direct ask", "direct asks"], ASK),
    **dict.fromkeys(["lead", "leads", "new lead", "new leads"], LEAD),
    **dict.fromkeys(["nurture", "nurtures", "nurtured", "touch", "touches", "touched"], NURTURE),
    **dict.fromkeys(["follow-up", "follow-ups", "followup", "followups", "follow up"], NURTURE),
    **dict.fromkeys(["follow ups"], NURTURE),
    **dict.fromkeys(["yes", "yeses", "yesses"], YES),
    **dict.fromkeys(["no", "nos", "noes"], NO),
}
PROPERTY = settings(max_examples=300, deadline=None)
TRICKY_TOKENS = "0 1 3 -2 1.5 5000 99999999999999999999 ١٢ ½ a one to from with and , ; & +"
LOGGISH = st.sampled_from([*KIND_WORDS, *TRICKY_TOKENS.split(), "yesterday", "Acme", "\x00"])
TEXTS = st.text() | st.lists(LOGGISH | st.text(max_size=4)).map(" ".join)


def log(*entries: tuple[Kind, int, str | None], days_back: int = 0) -> LogRequest:
    return LogRequest(tuple(EntryDraft(*entry) for entry in entries), days_back)


def parse_quick_log(text: str) -> Reading | LogRequest:
    """What the reader makes of `text`: the request when it is a certain log."""
    reading = read(text)
    return reading.request if isinstance(reading, Certain) else reading


def error_message(result: object) -> str:
    assert isinstance(result, ParseError), result
    assert 0 < len(result.message) <= 300
    return result.message


@pytest.mark.parametrize(
    ("kind", "args", "expected"),
    [
        (ASK, "", log((ASK, 1, None))),
        (ASK, "   ", log((ASK, 1, None))),
        (ASK, "3", log((ASK, 3, None))),
        (ASK, "+3", log((ASK, 3, None))),
        (ASK, "007", log((ASK, 7, None))),
        (ASK, "1000", log((ASK, 1000, None))),
        (ASK, "2 to Acme", log((ASK, 2, "Acme"))),
        (ASK, "2 Acme Corp", log((ASK, 2, "Acme Corp"))),
        (ASK, "1 banana", log((ASK, 1, "banana"))),
        (ASK, "Acme", log((ASK, 1, "Acme"))),
        (ASK, "@bob", log((ASK, 1, "@bob"))),
        (ASK, "山田さん", log((ASK, 1, "山田さん"))),
        (ASK, "to acme", log((ASK, 1, "acme"))),
        (ASK, "2 yesterday", log((ASK, 2, None), days_back=1)),
        (ASK, "yesterday 2 Acme", log((ASK, 2, "Acme"), days_back=1)),
        (ASK, "YESTERDAY", log((ASK, 1, None), days_back=1)),
        (ASK, "2  Acme \t  Corp ", log((ASK, 2, "Acme Corp"))),
        (ASK, "2 Acme\x00Corp", log((ASK, 2, "Acme Corp"))),
        (ASK, "2 to", log((ASK, 2, "to"))),
        (LEAD, "Acme", log((LEAD, 1, "Acme"))),
        (LEAD, "4 from the fair", log((LEAD, 4, "the fair"))),
        (NURTURE, "coffee with Bob", log((NURTURE, 1, "coffee with Bob"))),
        (NURTURE, "2 newsletters", log((NURTURE, 2, "newsletters"))),
        (NURTURE, "with Bob", log((NURTURE, 1, "Bob"))),
        (YES, "", log((YES, 1, None))),
        (YES, "from Acme", log((YES, 1, "Acme"))),
        (NO, "acme", log((NO, 1, "acme"))),
        (NO, "2 acme yesterday", log((NO, 2, "acme"), days_back=1)),
    ],
)
def test_parse_command(kind: Kind, args: str, expected: LogRequest) -> None:
    assert parse_command(kind, args) == expected


@pytest.mark.parametrize(
    ("kind", "args", "needle"),
    [
        (ASK, "banana", "“banana” isn't a number — try /ask 3, or /ask 1 Banana to name who"),
        (LEAD, "acme", "/lead 1 Acme to name the lead"),
        (ASK, "0", "0 asks? Log at least 1"),
        (LEAD, "0", "0 leads?"),
        (ASK, "-2", "can't be negative"),
        (ASK, "-0", "0 asks?"),
        (ASK, "1001", "1000 max"),
        (ASK, "99999999999999999999", "1000 max"),
        (ASK, "9" * 5000, "too long"),
        (ASK, "1.5", "“1.5” isn't a whole number — try /ask 2"),
        (ASK, "3x", "“3x” isn't a whole number"),
        (ASK, "2,5", "“2,5” isn't a whole number"),
        (ASK, "½", "“½” isn't a whole number"),
        (ASK, "١٢", "“١٢” isn't a whole number"),
        (NURTURE, ".5 calls", "“.5” isn't a whole number — try /nurture 2"),
        (ASK, "2 " + "x" * 121, "120 at most"),
        (YES, "0", "0 yeses?"),
    ],
)
def test_parse_command_errors(kind: Kind, args: str, needle: str) -> None:
    assert needle in error_message(parse_command(kind, args))


def test_parse_command_quotes_are_truncated() -> None:
    message = error_message(parse_command(ASK, "b" * 500))
    assert "b" * 41 not in message
    assert "…" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 asks", log((ASK, 3, None))),
        ("asked 2", log((ASK, 2, None))),
        ("asks 3", log((ASK, 3, None))),
        ("ask", log((ASK, 1, None))),
        ("Asked", log((ASK, 1, None))),
        ("yes", Doubtful((log((YES, 1, None)),))),
        ("no", Doubtful((log((NO, 1, None)),))),
        ("lead", log((LEAD, 1, None))),
        ("2 leads", log((LEAD, 2, None))),
        ("4 touches", log((NURTURE, 4, None))),
        ("1 no", log((NO, 1, None))),
        ("2 yes", log((YES, 2, None))),
        ("2 leads, 4 touches", log((LEAD, 2, None), (NURTURE, 4, None))),
        ("no from Acme", log((NO, 1, "Acme"))),
        ("yes from Acme", log((YES, 1, "Acme"))),
        ("a yes from Acme", log((YES, 1, "Acme"))),
        ("an ask to Bob", log((ASK, 1, "Bob"))),
        ("one lead", log((LEAD, 1, None))),
        ("2 asks to Acme Corp", log((ASK, 2, "Acme Corp"))),
        ("2 ASKS TO ACME corp", log((ASK, 2, "ACME corp"))),
        ("3 direct asks", log((ASK, 3, None))),
        ("new lead from LinkedIn", LogRequest((EntryDraft(LEAD, 1, None),), 0, ("linkedin",))),
        ("2 follow-ups", log((NURTURE, 2, None))),
        ("followup with Ann", log((NURTURE, 1, "Ann"))),
        ("3 nos", log((NO, 3, None))),
        ("2 noes", log((NO, 2, None))),
        ("2 yesses", log((YES, 2, None))),
        ("3 asks yesterday", log((ASK, 3, None), days_back=1)),
        ("Yesterday 3 asks and 2 leads", log((ASK, 3, None), (LEAD, 2, None), days_back=1)),
        (
            "3 asks; 1 lead & 2 touches + a no from Acme",
            log((ASK, 3, None), (LEAD, 1, None), (NURTURE, 2, None), (NO, 1, "Acme")),
        ),
        ("3 asks, 2 asks", log((ASK, 3, None), (ASK, 2, None))),
        ("3 asks, ", log((ASK, 3, None))),
        ("  3 asks.  ", log((ASK, 3, None))),
        ("3 asks!", log((ASK, 3, None))),
        ("+3 asks", log((ASK, 3, None))),
        (", ".join(["1 ask"] * 10), log(*[(ASK, 1, None)] * 10)),
    ],
)
def test_parse_quick_log(text: str, expected: LogRequest) -> None:
    assert parse_quick_log(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "how are you",
        "what should I do today?",
        "",
        "   ",
        "🙂🙂",
        "no idea what to do",
        "asks 3 4",
        "3 asks 4",
        "a",
        "yesterday",
        "yes please",
        "direct",
        "3 apples",
    ],
)
def test_parse_quick_log_not_a_log(text: str) -> None:
    # Changed with the reader (issue 15): "asked Bob", "I asked my boss", "3 asks to" and
    # "3 asks and hello" are logs now, "3" is a doubtful one (buttons); the rest still never
    # log without a tap.
    assert not isinstance(parse_quick_log(text), LogRequest), text


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("0 asks", "0 asks? Log at least 1"),
        ("-3 asks", "can't be negative"),
        ("5000 asks", "1000 max"),
        ("1.5 leads", "“1.5” isn't a whole number — try 2 leads"),
        ("asks 0", "0 asks?"),
        ("2 asks, 0 leads", "0 leads?"),
        ("hello, 0 asks", "0 asks?"),
        (", ".join(["1 ask"] * 11), "up to 10"),
        ("no from " + "x" * 121, "120 at most"),
        ("3 asks " * 200, "too long"),
    ],
)
def test_parse_quick_log_errors(text: str, needle: str) -> None:
    assert needle in error_message(parse_quick_log(text))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("5", (5, None, None)),
        ("10 asks", (10, None, None)),
        ("10 asks 2 leads", (10, 2, None)),
        ("5 leads", (None, 5, None)),
        ("3 touches, 8 asks", (8, None, 3)),
        ("5 leads 3 touches 2", (5, 3, 2)),
        ("leads 3", (None, 3, None)),
        ("touches 2", (None, None, 2)),
        ("nurture 2", (None, None, 2)),
        ("asks 7 leads 0", (7, 0, None)),
        ("5, leads 3", (5, 3, None)),
        ("LEADS 1 ASKS 2", (2, 1, None)),
        ("1000", (1000, None, None)),
    ],
)
def test_parse_targets(args: str, expected: tuple[int | None, int | None, int | None]) -> None:
    assert parse_targets(args) == expected


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ("abc", "“abc” isn't a number — try /target 5"),
        ("", "How many asks a day?"),
        ("0", "at least 1 ask"),
        ("-1", "0 to 1000"),
        ("1001", "0 to 1000"),
        ("leads", "“leads” needs a number"),
        ("5 3", "Not sure what “3” is for"),
        ("5 leads 2 leads 3", "“leads” is there twice"),
        ("5 asks 3", "“asks” is there twice"),
        ("5 leads two", "“two” isn't a number"),
    ],
)
def test_parse_targets_errors(args: str, needle: str) -> None:
    assert needle in error_message(parse_targets(args))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  America/New_York ", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("berlin", "Europe/Berlin"),
        ("New York", "America/New_York"),
        ("NYC", "America/New_York"),
        ("sf", "America/Los_Angeles"),
        ("GMT+1", "Etc/GMT-1"),  # Etc names count westward: this is UTC+1
        ("UTC+1", "Etc/GMT-1"),
        ("utc -5", "Etc/GMT+5"),
        ("+3", "Etc/GMT-3"),
        ("UTC+0", "UTC"),
        ("UTC+14", "Etc/GMT-14"),
        ("Etc/GMT-1", "Etc/GMT-1"),
    ],
)
def test_parse_timezone(name: str, expected: str) -> None:
    assert parse_timezone(name) == expected


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("Mars/Phobos", "“Mars/Phobos” — try /tz Europe/Berlin"),
        ("", "Which timezone?"),
        ("../etc/passwd", "don't know"),
        ("Europe/\x00Berlin", "don't know"),
        ("/etc/localtime", "don't know"),
        ("localtime", "don't know"),
        ("GMT+5:30", "isn't a whole hour"),
        ("UTC+15", "beyond any clock"),
        ("EST", "EST is a fixed UTC−5 all year, with no summer time"),
        ("pst", "Send /tz America/Los_Angeles"),
        ("Berln", "did you mean Europe/Berlin? Send /tz Europe/Berlin."),
        ("Amerika/New_Yrok", "did you mean America/New_York?"),
        ("istanbul", "Asia/Istanbul or Europe/Istanbul"),
        ("x" * 5000, "don't know"),
    ],
)
def test_parse_timezone_errors(name: str, needle: str) -> None:
    assert needle in error_message(parse_timezone(name))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("10:00 15:00", (dt.time(10), dt.time(15))),
        ("15:00 10:00 10:00", (dt.time(10), dt.time(15))),
        ("9", (dt.time(9),)),
        ("9:30", (dt.time(9, 30),)),
        ("09:30", (dt.time(9, 30),)),
        ("9.30", (dt.time(9, 30),)),
        ("0 23:59", (dt.time(0), dt.time(23, 59))),
        ("8,12,16,20", (dt.time(8), dt.time(12), dt.time(16), dt.time(20))),
        ("off", ()),
        ("OFF", ()),
        ("9am", (dt.time(9),)),
        ("9 am", (dt.time(9),)),
        ("9:00 AM", (dt.time(9),)),
        ("9.30 p.m.", (dt.time(21, 30),)),
        ("3pm", (dt.time(15),)),
        ("12am 12pm", (dt.time(0), dt.time(12))),
        ("noon", (dt.time(12),)),
        ("9am, 1:30pm", (dt.time(9), dt.time(13, 30))),
    ],
)
def test_parse_times(args: str, expected: tuple[dt.time, ...]) -> None:
    assert parse_times(args) == expected


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ("25:00", "25:00 isn't a time of day"),
        ("10:60", "10:60 isn't a time of day"),
        ("3xm", "“3xm” isn't a time I can read"),
        ("13pm", "13pm isn't a time of day — try 9am or 9pm"),
        ("0am", "0am isn't a time of day"),
        ("9:5", "“9:5” isn't a time"),
        ("", "At what times?"),
        ("8 10 12 14 16", "pick up to 4"),
        ("off 10:00", "“off” isn't a time"),
        ("١٠:٠٠", "isn't a time"),
    ],
)
def test_parse_times_errors(args: str, needle: str) -> None:
    assert needle in error_message(parse_times(args))


WEEKDAYS = frozenset(range(5))
EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("mon-fri", WEEKDAYS),
        ("Mon - Fri", WEEKDAYS),
        ("monday to friday", WEEKDAYS),
        ("mon–fri", WEEKDAYS),
        ("mon,wed,fri", frozenset({0, 2, 4})),
        ("mon wed fri", frozenset({0, 2, 4})),
        ("mon, wed and fri", frozenset({0, 2, 4})),
        ("sat-sun", frozenset({5, 6})),
        ("fri-mon", frozenset({4, 5, 6, 0})),
        ("monday", frozenset({0})),
        ("tues thurs", frozenset({1, 3})),
        ("weds", frozenset({2})),
        ("mondays", frozenset({0})),
        ("tu th", frozenset({1, 3})),
        ("weekdays", WEEKDAYS),
        ("weekend", frozenset({5, 6})),
        ("every day", EVERY_DAY),
        ("daily", EVERY_DAY),
        ("all", EVERY_DAY),
        ("weekdays sat", frozenset(range(6))),
        ("wed-wed", frozenset({2})),
    ],
)
def test_parse_workdays(args: str, expected: frozenset[int]) -> None:
    assert parse_workdays(args) == expected


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ("", "Which days?"),
        ("funday", "“funday” isn't a day I know — try /workdays mon-fri"),
        ("s", "“s” isn't a day"),
        ("mon-tue-wed", "isn't a day"),
        ("mon-xyz", "“mon-xyz” isn't a day"),
        ("none", "“none” isn't a day"),
    ],
)
def test_parse_workdays_errors(args: str, needle: str) -> None:
    assert needle in error_message(parse_workdays(args))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", dt.timedelta(hours=2)),
        ("30m", dt.timedelta(minutes=30)),
        ("30 min", dt.timedelta(minutes=30)),
        ("1h30m", dt.timedelta(hours=1, minutes=30)),
        ("1 hour 30 minutes", dt.timedelta(hours=1, minutes=30)),
        ("2 hrs", dt.timedelta(hours=2)),
        ("3d", dt.timedelta(days=3)),
        ("3 days", dt.timedelta(days=3)),
        ("2w", dt.timedelta(weeks=2)),
        ("2 weeks", dt.timedelta(weeks=2)),
        ("365d", dt.timedelta(days=365)),
        ("2H", dt.timedelta(hours=2)),
    ],
)
def test_parse_duration(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "How long?"),
        ("2", "“2” needs a unit — try 2h"),
        ("0h", "no time at all"),
        ("366d", "more than 365 days"),
        ("99999999999999999999w", "more than 365 days"),
        ("2 parsecs", "“parsecs” isn't a unit"),
        ("1.5h", "“1.5h” isn't a length of time"),
        ("-2h", "isn't a length of time"),
        ("soon", "“soon” isn't a length of time"),
    ],
)
def test_parse_duration_errors(text: str, needle: str) -> None:
    assert needle in error_message(parse_duration(text))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("7d", dt.date(2026, 12, 3)),
        ("7", dt.date(2026, 12, 3)),
        ("7 days", dt.date(2026, 12, 3)),
        ("2w", dt.date(2026, 12, 10)),
        ("1w2d", dt.date(2026, 12, 5)),
        ("until 2026-12-27", dt.date(2026, 12, 28)),
        ("2026-12-27", dt.date(2026, 12, 28)),
        ("Until 27.12.2026", dt.date(2026, 12, 28)),
        ("till 2026-11-27", dt.date(2026, 11, 28)),
        ("365d", dt.date(2027, 11, 26)),
        ("until 2027-11-25", dt.date(2027, 11, 26)),
        ("until Dec 24", dt.date(2026, 12, 25)),
        ("until 24 December", dt.date(2026, 12, 25)),
        ("till dec 24th", dt.date(2026, 12, 25)),
        ("until Jan 2", dt.date(2027, 1, 3)),
        ("until Nov 27", dt.date(2026, 11, 28)),
        ("until friday", dt.date(2026, 11, 28)),
        ("until Thursday", dt.date(2026, 12, 4)),
        ("until dec 24 2026", dt.date(2026, 12, 25)),
    ],
)
def test_parse_pause(args: str, expected: dt.date) -> None:
    assert parse_pause(args, TODAY) == expected


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ("", "How long a break? Try /pause 7d or /pause until 2026-12-10"),
        ("until", "How long a break?"),
        ("until 2026-11-26", "isn't after today"),
        ("until 2025-01-01", "isn't after today"),
        ("until 2026-02-30", "“2026-02-30” isn't a real date"),
        ("until fryday", "“fryday” isn't a date I can read"),
        ("until Feb 30", "“feb 30” isn't a real date"),
        ("until Nov 26", "isn't after today"),
        ("until Dec 24 2027", "up to 365 days"),
        ("until 2027-11-26", "up to 365 days"),
        ("400d", "more than 365 days"),
        ("3h", "“3h” isn't a whole number of days"),
        ("0", "at least 1 day"),
        ("-7", "at least 1 day"),
        ("forever", "isn't a length of time"),
    ],
)
def test_parse_pause_errors(args: str, needle: str) -> None:
    assert needle in error_message(parse_pause(args, TODAY))


def test_parse_pause_near_the_end_of_the_calendar() -> None:
    error_message(parse_pause("7d", dt.date(9999, 12, 30)))


@pytest.mark.parametrize(
    ("args", "expected"),
    [("5d", 5), ("5", 5), ("5 days", 5), ("1w", 7), ("60", 60), ("off", 0), (" OFF ", 0)],
)
def test_parse_followup(args: str, expected: int) -> None:
    assert parse_followup(args) == expected


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ("", "After how many days?"),
        ("0", "at least 1 day"),
        ("61", "60 days at most"),
        ("12h", "isn't a whole number of days"),
        ("soon", "“soon” isn't a length of time I can read — try /followup 5d"),
    ],
)
def test_parse_followup_errors(args: str, needle: str) -> None:
    assert needle in error_message(parse_followup(args))


def assert_valid_log(result: LogRequest) -> None:
    assert 1 <= len(result.entries) <= 10
    assert 0 <= result.days_back <= 7
    for entry in result.entries:
        assert 1 <= entry.count <= MAX_COUNT
        if entry.who is not None:
            assert 0 < len(entry.who) <= 120
            assert entry.who == " ".join(entry.who.split())
            assert not any(unicodedata.category(ch) == "Cc" for ch in entry.who)


@PROPERTY
@given(TEXTS)
def test_quick_log_never_raises(text: str) -> None:
    result = read(text)
    if isinstance(result, Certain):
        assert_valid_log(result.request)
    if isinstance(result, Doubtful):
        for candidate in result.candidates:
            assert_valid_log(candidate)
    if isinstance(result, ParseError):
        error_message(result)


@PROPERTY
@given(st.sampled_from(Kind), TEXTS)
def test_command_never_raises(kind: Kind, args: str) -> None:
    result = parse_command(kind, args)
    assert isinstance(result, LogRequest | ParseError)
    if isinstance(result, LogRequest):
        assert_valid_log(result)
        assert {entry.kind for entry in result.entries} == {kind}
    else:
        error_message(result)


@PROPERTY
@given(
    st.integers(1, MAX_COUNT),
    st.sampled_from(sorted(KIND_WORDS)),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_quick_log_round_trip(n: int, word: str, case: Callable[[str], str]) -> None:
    assert parse_quick_log(f"{n} {case(word)}") == log((KIND_WORDS[word], n, None))


NOT_IN_NAMES = {"to", "from", "with"} | set().union(*COMMAND_WORDS.values())
NOT_IN_NAMES |= {
    word
    for word, sense in LEXICON.items()
    if sense.role in (Role.DAY, Role.FUTURE, Role.COUNT, Role.ARTICLE, Role.AND)
}


def plain_name(name: str) -> bool:
    """A name that reads as a name alone: none of its words mean a day, count or kind."""
    words = name.casefold().split()
    pairs = {" ".join(words[i : i + 2]) for i in range(len(words))}
    return not (NOT_IN_NAMES & (set(words) | pairs))


NAMES = st.from_regex(r"[A-Z][a-z]{0,10}( [A-Za-z]{1,10}){0,3}", fullmatch=True).filter(plain_name)


# In free text, a word the reader knows ("w" is "with", "Friday" a day) ends a name.
TEXT_NAMES = NAMES.filter(lambda name: not set(name.casefold().split()) & set(LEXICON)).filter(
    # a lowercase "-ly" word says how ("asked Tom quickly"): it ends a name in free text
    lambda name: not any(w[:1].islower() and adverb_like(w.casefold()) for w in name.split())
)


@PROPERTY
@given(st.integers(1, MAX_COUNT), st.sampled_from(sorted(KIND_WORDS)), TEXT_NAMES)
def test_quick_log_round_trip_with_who(n: int, word: str, name: str) -> None:
    assert parse_quick_log(f"{n} {word} to {name}") == log((KIND_WORDS[word], n, name))


@PROPERTY
@given(st.sampled_from(Kind), st.integers(1, MAX_COUNT), NAMES)
def test_command_round_trip(kind: Kind, n: int, name: str) -> None:
    assert parse_command(kind, f"{n} {name}") == log((kind, n, name))
    assert parse_command(kind, name) == log((kind, 1, name))


@PROPERTY
@given(st.lists(st.times().map(lambda t: t.replace(second=0, microsecond=0)), max_size=6))
def test_times_sorted_unique(times: list[dt.time]) -> None:
    result = parse_times(" ".join(t.strftime("%H:%M") for t in times))
    if len(set(times)) in range(1, 5):
        assert result == tuple(sorted(set(times)))
    else:
        error_message(result)


@PROPERTY
@given(TEXTS)
def test_times_output_is_sorted_unique(args: str) -> None:
    result = parse_times(args)
    if isinstance(result, tuple):
        assert list(result) == sorted(set(result))
        assert len(result) <= 4
    else:
        error_message(result)


@PROPERTY
@given(TEXTS, st.dates(max_value=dt.date(9000, 12, 31)))  # a year on from today stays a date
def test_every_parser_returns_a_value_or_an_error(text: str, today: dt.date) -> None:
    targets = parse_targets(text)
    if isinstance(targets, tuple):
        assert any(value is not None for value in targets)
        assert all(value is None or 0 <= value <= MAX_COUNT for value in targets)
        assert targets[0] is None or targets[0] >= 1
    else:
        error_message(targets)
    zone = parse_timezone(text)
    if not isinstance(zone, str):
        error_message(zone)
    workdays = parse_workdays(text)
    if isinstance(workdays, frozenset):
        assert workdays
        assert workdays <= frozenset(range(7))
    else:
        error_message(workdays)
    span = parse_duration(text)
    if isinstance(span, dt.timedelta):
        assert dt.timedelta(0) < span <= dt.timedelta(days=365)
    else:
        error_message(span)
    resume = parse_pause(text, today)
    if isinstance(resume, dt.date):
        assert today < resume <= today + dt.timedelta(days=365)
    else:
        error_message(resume)
    followup = parse_followup(text)
    if isinstance(followup, int):
        assert 0 <= followup <= 60
    else:
        error_message(followup)


@PROPERTY
@given(st.integers(-(10**30), 10**30), st.sampled_from(["", "d", "w", "h", " days"]))
def test_numbers_of_any_size(n: int, unit: str) -> None:
    text = f"{n}{unit}"
    for result in (
        parse_pause(text, TODAY),
        parse_duration(text),
        parse_followup(text),
        parse_targets(text),
        parse_times(text),
        parse_command(ASK, text),
        parse_quick_log(f"{text} asks"),
    ):
        if isinstance(result, ParseError):
            error_message(result)
        else:
            assert isinstance(result, dt.date | dt.timedelta | int | tuple | LogRequest | Doubtful)


def test_max_text_is_the_limit() -> None:
    assert parse_quick_log("3 asks" + " " * (MAX_TEXT - 6)) == log((ASK, 3, None))
    error_message(parse_quick_log("3 asks" + " " * (MAX_TEXT - 5)))


@pytest.mark.parametrize(
    ("args", "weeks"),
    [("8w", 8), ("4 weeks", 4), ("30d", 5), ("7 days", 1), ("104w", 104), ("12", 12)],
)
def test_chart_spans(args: str, weeks: int) -> None:
    assert parse_chart_span(args) == weeks


@pytest.mark.parametrize("args", ["0w", "105w", "banana", "-3w", "1.5w", "729d"])
def test_bad_chart_spans_explain(args: str) -> None:
    error = parse_chart_span(args)
    assert isinstance(error, ParseError)
    assert "/chart" in error.message
