"""What the bot says in a group outside the tally: greeting, help, invitations, hints. Pure.

Group texts stay short (the group reads them all) and never carry one member's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.reader import RemarkKind

GREETING = (
    "Hi all! I keep this group honest about sales volume: the direct ask is the step people "
    "skip.\n/join to be counted in the weekly tally (Fridays 17:00), then log here or in a "
    "private chat with me: /ask 3. /privacy sets what the group sees of you; /tally shows "
    "this week so far.\nAdmins: set the group's clock first with /groupset tz Europe/Berlin."
)

GROUP_HELP = (
    "I keep this group's weekly sales tally.\n"
    "• /join to be counted (/leave to stop)\n"
    "• Log: /ask 3, /lead, /touch, /yes, /no — or reply to me with “3 asks”. "
    "I react ✍ when it's logged; /undo removes your last log here.\n"
    "• /privacy full, totals or hidden: what the group sees of you\n"
    "• /tally: this week so far\n"
    "Your own numbers: talk to me privately.\n"
    "Admins: /groupset tally fri 5pm · tz Europe/Berlin · target 20 (asks a week each)"
)

NEAR_MISS = "I couldn't read that as a log, so nothing was counted — try “3 asks” or /ask 3."
NEAR_MISS_REMARKS = frozenset({RemarkKind.VAGUE})
"""Remarks the reader takes as a log without a number ("did some asks"): a member may think
it counted, so the group hears the reader's one line saying nothing was logged. Plans,
wishes, thanks and the like are small talk there and stay unanswered."""

_LOG_WORDS = re.compile(r"\d|\b(ask|lead|touch|nurtur|follow|yes|no\b|noes|nos\b)", re.IGNORECASE)


def looks_like_log(text: str) -> bool:
    """Words a member might have meant as a log: a number or a kind of entry."""
    return bool(_LOG_WORDS.search(text))


def invitation(names: Sequence[str]) -> str:
    who = ", ".join(name[:64] for name in names)
    return (
        f"Welcome, {who}! This group keeps a weekly sales tally: /join to be counted, "
        "/help for how it works."
    )


def private_chat_link(bot_username: str | None) -> str:
    return f"t.me/{bot_username}?start=group" if bot_username else "a private chat with me"


def private_chat_hint(first_name: str, bot_username: str | None) -> str:
    """Said once, in the group, to someone I can't write to privately yet."""
    return (
        f"{first_name[:64]}, I can't message you privately until you open a chat with me: "
        f"{private_chat_link(bot_username)} — then you get reminders and your own numbers."
    )


def not_in_tally(first_name: str) -> str:
    return (
        f"Logged for you, {first_name[:64]} — you're not in this group's tally, so it doesn't "
        "count here. /join to be counted again."
    )
