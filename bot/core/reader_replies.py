"""What the bot answers to a reading that stores nothing, and the one-tap choice buttons.

Pure. A doubtful reading becomes a short question and one button per reading plus "Neither";
each button's callback data carries the reading itself (≤ 64 bytes, checked on arrival), the
sender, the message it answers and its #tags, so a press logs exactly that, once, for that
message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core import render
from bot.core.domain import MAX_COUNT, Kind, Tally, Targets
from bot.core.insights import Leak
from bot.core.parsing import (
    MAX_ENTRIES,
    MAX_WHO,
    EntryDraft,
    LogRequest,
    ParseError,
    shorten,
    take_tags,
)
from bot.core.quantity import MAX_DAYS_BACK
from bot.core.reader import RemarkKind

CHOICE_PREFIX = "lg:"
MAX_CALLBACK_BYTES = 64
NEITHER = "x"
_LETTERS = {Kind.ASK: "a", Kind.LEAD: "l", Kind.NURTURE: "n", Kind.YES: "y", Kind.NO: "o"}
_KINDS = {letter: kind for kind, letter in _LETTERS.items()}
_NAMES = {
    Kind.ASK: ("ask", "asks"),
    Kind.LEAD: ("lead", "leads"),
    Kind.NURTURE: ("touch", "touches"),
    Kind.YES: ("yes", "yeses"),
    Kind.NO: ("no", "nos"),
}
_LABEL_CHARS = 60

HINT = (
    "I log asks, leads, touches and answers in your words — try “asked Sarah”, “3 asks, 2 leads”,"
    " “coffee with Tom” or “Bob said no”. /help lists everything."
)
REMARKS: dict[RemarkKind, str] = {
    RemarkKind.NEGATION: "Nothing logged — and that's fine to say. One ask changes today: who "
    "could you ask right now? Then tell me, e.g. “asked Sarah”.",
    RemarkKind.PLAN: "Sounds like a plan — nothing logged yet. Once it's done, tell me "
    "(“asked 3”, “called Bob”) and I'll count it.",
    RemarkKind.WISH: "Nothing logged — that's still a wish. Make it one ask now, then tell me "
    "“asked …”.",
    RemarkKind.HABIT: "Nothing logged — that sounds like how it usually goes, not what you did "
    "today. Tell me what you did, e.g. “asked Sarah”.",
    RemarkKind.OTHER: "Sounds like they reached out to you — nothing logged. When you ask them "
    "for the sale, tell me “asked …”.",
    RemarkKind.THEIRS: "Sounds like someone else did that — nothing logged for you. When you "
    "ask, meet or follow up with someone yourself, tell me (“asked Sarah”).",
    RemarkKind.VAGUE: "How many exactly? Send e.g. “3 asks” and I'll log it — nothing logged yet.",
    RemarkKind.GREETING: "Hi! Tell me what you did — “asked Sarah”, “2 leads”, “coffee with Tom”"
    " — or ask “how am I doing?”.",
    RemarkKind.THANKS: "You're welcome — keep them coming!",
    RemarkKind.ACK: "👍 Tell me whenever you've asked someone.",
}
DOUBT = "Not sure what to log — tap the right one (nothing is logged until you do):"
DOUBT_TYPE = "Not sure what to log — nothing logged. Say it with a command, e.g. {example}."
NEITHER_DONE = "OK — nothing logged. Say it another way, or use /ask, /lead or /nurture."


@dataclass(frozen=True)
class Choice:
    """A pressed choice: who may press it, the message it answers, and what it logs."""

    user_id: int
    message_id: int
    request: LogRequest | None  # None: "Neither"


def progress(
    day: dt.date, tally: Tally, targets: Targets, leak: Leak, *, workday: bool = True
) -> str:
    """The answer to "how am I doing?": today's pace and the next step."""
    return f"{render.today(day, tally, targets, workday=workday)}\nNext step: {leak.next_step}"


def amount(draft: EntryDraft) -> str:
    singular, plural = _NAMES[draft.kind]
    text = f"{draft.count} {singular if draft.count == 1 else plural}"
    return f"{text} — {draft.who}" if draft.who else text


def label(request: LogRequest) -> str:
    """The button text: "Log 3 asks", "Log 1 ask — Sarah", "Log 2 leads, 1 touch"."""
    text = "Log " + ", ".join(amount(draft) for draft in request.entries)
    return shorten(text) if len(text) > _LABEL_CHARS else text


def example_command(request: LogRequest) -> str:
    draft = request.entries[0]
    who = f" {draft.who}" if draft.who else ""
    return f"/{draft.kind.value} {draft.count}{who}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


def encode(user_id: int, message_id: int, request: LogRequest | None) -> str | None:
    """Callback data for a choice, or None when it does not fit in 64 bytes."""
    if user_id < 0 or message_id < 0:
        return None
    head = f"{CHOICE_PREFIX}{_base36(user_id)}:{_base36(message_id)}:"
    if request is None:
        return head + NEITHER
    entries = []
    for draft in request.entries:
        if draft.who and "|" in draft.who:
            return None
        entries.append(
            f"{_LETTERS[draft.kind]}{draft.count}" + (f"={draft.who}" if draft.who else "")
        )
    data = f"{head}{request.days_back}:{','.join(request.tags)}:" + "|".join(entries)
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def _number(text: str, base: int = 10) -> int | None:
    if not text or len(text) > 13 or not text.isascii() or not text.isalnum():
        return None
    try:
        return int(text, base)
    except ValueError:
        return None


def _draft(text: str) -> EntryDraft | None:
    head, has_who, who = text.partition("=")
    kind, count = _KINDS.get(head[:1]), _number(head[1:])
    if kind is None or count is None or not 1 <= count <= MAX_COUNT:
        return None
    if has_who and not 0 < len(who) <= MAX_WHO:
        return None
    return EntryDraft(kind, count, who or None)


def decode(data: str) -> Choice | None:
    """The choice in callback data made by `encode`, or None for anything else."""
    if not data.startswith(CHOICE_PREFIX) or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    parts = data.removeprefix(CHOICE_PREFIX).split(":", 4)
    user_id = _number(parts[0], 36) if parts else None
    message_id = _number(parts[1], 36) if len(parts) > 1 else None
    if user_id is None or message_id is None:
        return None
    if parts[2:] == [NEITHER]:
        return Choice(user_id, message_id, None)
    if len(parts) != 5:
        return None
    days_back, tags = _number(parts[2]), _tags(parts[3])
    drafts = [_draft(text) for text in parts[4].split("|")]
    if days_back is None or days_back > MAX_DAYS_BACK or not 0 < len(drafts) <= MAX_ENTRIES:
        return None
    entries = tuple(draft for draft in drafts if draft is not None)
    if len(entries) != len(drafts) or tags is None:
        return None
    return Choice(user_id, message_id, LogRequest(entries, days_back, tags))


def _tags(text: str) -> tuple[str, ...] | None:
    if not text:
        return ()
    found = take_tags(" ".join(f"#{tag}" for tag in text.split(",")))
    if isinstance(found, ParseError) or found[0].strip() or len(found[1]) != text.count(",") + 1:
        return None
    return found[1]
