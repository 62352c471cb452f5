"""Fault 9: hostile and odd input through process_update.

Two parts:
- `test_1000_generated_messages_*`: 1,000 messages generated deterministically with
  `random.Random(SEED)` (random unicode incl. RTL and emoji, huge numbers, "/" and "/ask@",
  whitespace, 5,000-character strings, every command name with random arguments, quick
  logs; private chats mostly, some in a group) on one running bot, state carried over.
- `test_hypothesis_messages_*`: a hypothesis property over the same space, max_examples=200,
  on one harness (function-scoped fixture reused across examples, hence the suppressed
  health check; no example database is written).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.core.catalogue import ALIASES, COMMANDS
from bot.db.models import Entry
from bot.runtime.fake_telegram import ApiCall
from bot.runtime.telegram_json import DEFAULT_BOT_USERNAME
from tests.harness import BotHarness
from tests.reliability.helpers import (
    MAX_CAPTION,
    MAX_TEXT,
    apologies,
    error_records,
    fetch,
    sends,
)

SEED = 20261126
MESSAGES = 1000
GROUP = -1001234567890
USERS = (1001, 1002, 1003, 1004, 1005)
NAMES = sorted(
    {c.name for c in COMMANDS}
    | set(ALIASES)
    | {"chart", "export", "forget", "join", "leave", "tally", "privacy", "groupset", "followup"}
    | {"pending", "digest", "remind", "workdays", "pause", "resume", "snooze", "tz", "target"}
)
WORDS = (
    "3 asks", "asked 2", "2 leads, 4 touches", "no from Acme", "yes from", "yesterday", "ask",
    "leads", "touches", "off", "on", "mon-fri", "sat-sun", "daily", "10:00", "25:61", "7d",
    "2h", "0", "-1", "1.5", "1e9", "١٢٣", "５", "Europe/Berlin", "Mars/Phobos", "UTC+3",
    "full", "totals", "hidden", "mention", "tally fri 17:00", "target", "tz", "Acme", "@bob",
)  # fmt: skip
HUGE = ("9" * 30, str(2**63), str(2**31), "1" + "0" * 400, "-" + "9" * 20, "0" * 50 + "1")
UNICODE = (
    "שלום עולם",  # Hebrew (RTL)
    "مرحبا بالعالم",  # Arabic (RTL)
    "\u202eevil\u202c",  # right-to-left override
    "🚀🔥👩‍👩‍👧‍👦🇩🇪",  # emoji, ZWJ sequence, flag
    "e\u0301\u0301\u0301",  # combining marks
    "\u200b\u200d\ufeff",  # zero-width characters
    "Ωмя 名前 이름",
    "𝟘𝟙𝟚",  # mathematical digits
)
EMPTY_COMMANDS = ("/", "/ask@", "/@", "//", "/ask@@", f"/ask@{DEFAULT_BOT_USERNAME}", "/ask@x")
WHITESPACE = (" ", "  \n\t ", "\n", "\u00a0", "\u3000")


def random_unicode(rng: random.Random, size: int) -> str:
    """Any code point except surrogates and NUL (Telegram sends valid UTF-8 text)."""
    chars: list[str] = []
    while len(chars) < size:
        code = rng.choice(
            (rng.randint(32, 126), rng.randint(0x80, 0x2FFF), rng.randint(1, 0x10FFFF))
        )
        if 0xD800 <= code <= 0xDFFF or code == 0:
            continue
        chars.append(chr(code))
    return "".join(chars)


def random_args(rng: random.Random) -> str:
    pick = rng.randrange(7)
    if pick == 0:
        return ""
    if pick == 1:
        return rng.choice(HUGE)
    if pick == 2:
        return rng.choice(UNICODE)
    if pick == 3:
        return random_unicode(rng, rng.randint(1, 40))
    if pick == 4:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    if pick == 5:
        return f"{rng.randint(-5, 1100)} {rng.choice(UNICODE + WORDS)}"
    return rng.choice(WHITESPACE) + rng.choice(WORDS)


def random_message(rng: random.Random) -> str:
    pick = rng.randrange(10)
    if pick <= 3:
        command = rng.choice(NAMES)
        if rng.random() < 0.15:
            command = command.upper()
        if rng.random() < 0.1:
            command += rng.choice(("@", f"@{DEFAULT_BOT_USERNAME}", "@other_bot"))
        args = random_args(rng)
        return f"/{command} {args}" if args else f"/{command}"
    if pick == 4:
        return rng.choice(EMPTY_COMMANDS + WHITESPACE)
    if pick == 5:
        return random_unicode(rng, rng.choice((1, 5, 50, 1000, 5000)))
    if pick == 6:
        return rng.choice(UNICODE) + " " + rng.choice(WORDS)
    if pick == 7:
        return f"{rng.choice(HUGE)} {rng.choice(('asks', 'leads', 'touches', 'yes', 'no'))}"
    if pick == 8:
        return "/" + random_unicode(rng, rng.randint(1, 12))
    return rng.choice(WORDS) + rng.choice(("", "!", ".", " yesterday", " " * 3))


def ignored_by_design(text: str) -> bool:
    """A private message the bot leaves unanswered on purpose: a command for another bot."""
    first = text.split()[0] if text.split() else ""
    _name, at, addressee = first.partition("@")
    return (
        first.startswith("/")
        and bool(at)
        and bool(addressee)
        and addressee.lower() != DEFAULT_BOT_USERNAME
    )


def check_answer(text: str, private: bool, calls: Sequence[ApiCall]) -> None:
    """Within Telegram's limits, nothing refused, and answered unless ignored by design."""
    attempts = sends(calls)
    for call in attempts:
        assert call.error_code is None, (text[:200], call.method, call.error_code)
        assert len(str(call.params.get("text", ""))) <= MAX_TEXT, text[:200]
        assert len(str(call.params.get("caption", ""))) <= MAX_CAPTION, text[:200]
    if private and not ignored_by_design(text):
        assert attempts, f"no answer to {text[:200]!r}"


async def say(
    bot: BotHarness, text: str, user_id: int, where: int | None
) -> tuple[tuple[int, int], list[ApiCall]]:
    """`user_id` sends `text` privately or in the group (there as a reply to the bot unless it
    is a command); the (chat, message id) of the message and the calls it caused."""
    update = bot.updates.message(
        text,
        user_id=user_id,
        first_name=f"U{user_id}",
        chat_id=where,
        reply_to_bot=where is not None and text[:1] != "/",
        date=bot.clock(),
    )
    message = update.effective_message
    assert message is not None
    return (message.chat_id, message.message_id), await bot.process(update)


def confirms_a_log(calls: Sequence[ApiCall]) -> bool:
    """A "✅ Logged" reply (private chats), or the ✍ reaction a group log gets."""
    return any(
        call.error_code is None
        and (
            (
                call.method == "sendMessage"
                and str(call.params.get("text", "")).startswith("✅ Logged")
            )
            or (
                call.method == "setMessageReaction"
                and any(r["emoji"] == "✍" for r in call.params.get("reaction") or [])
            )
        )
        for call in calls
    )


async def test_1000_generated_messages_never_fail_and_every_answer_fits(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: 1,000 hostile messages (see the module docstring), deterministic from SEED.
    Expected: no update fails (no ERROR from the error handler, no apology sent), every
    private message is answered unless it is a command for another bot, every answer is
    within 4096 characters, and every message confirmed as logged is stored exactly once."""
    rng = random.Random(SEED)
    confirmed: set[tuple[int, int]] = set()
    for _ in range(MESSAGES):
        text = random_message(rng)
        private = rng.random() < 0.85
        user_id = rng.choice(USERS)
        bot.clock.advance(minutes=rng.randint(0, 180))
        source, calls = await say(bot, text, user_id, None if private else GROUP)
        check_answer(text, private, calls)
        assert error_records(caplog.records) == [], text[:200]
        if confirms_a_log(calls):
            confirmed.add(source)

    assert apologies(bot.api.calls) == []
    rows = await fetch(bot, select(Entry.source_chat_id, Entry.source_message_id, Entry.source_seq))
    stored = [(row.source_chat_id, row.source_message_id) for row in rows]
    assert len({tuple(row) for row in rows}) == len(rows)
    assert set(stored) == confirmed
    assert len(confirmed) >= 25  # the logging path itself was exercised


TEXT_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
"""Any character Telegram can deliver: no lone surrogates, no NUL."""

message_text = st.one_of(
    st.text(TEXT_CHARACTERS, max_size=300),
    st.builds(
        lambda name, args: f"/{name} {args}",
        st.sampled_from(NAMES),
        st.text(TEXT_CHARACTERS, max_size=60)
        | st.integers(min_value=-(10**30), max_value=10**30).map(str)
        | st.sampled_from(WORDS + HUGE + UNICODE),
    ),
    st.sampled_from(EMPTY_COMMANDS + WHITESPACE),
)


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=message_text, private=st.booleans(), hours=st.integers(0, 72))
async def test_hypothesis_messages_never_fail_and_every_answer_fits(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, text: str, private: bool, hours: int
) -> None:
    """Fault: hypothesis-generated messages (any unicode text, every command with random
    text, huge integers and known words, empty commands, whitespace), 200 examples on one
    harness, private or in a group. Expected: as for the 1,000 generated messages."""
    bot.clock.advance(hours=hours)
    _source, calls = await say(bot, text, USERS[0], None if private else GROUP)
    check_answer(text, private, calls)
    assert apologies(calls) == []
    assert error_records(caplog.records) == [], text[:200]
