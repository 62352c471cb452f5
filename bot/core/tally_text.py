"""A group's weekly tally as text: ranking, privacy per member, Telegram's size limit. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.domain import Kind, Privacy, Tally
from bot.core.render import amount, fit, utf16_len

MAX_TALLY = 4096


@dataclass(frozen=True)
class MemberTally:
    user_id: int
    first_name: str
    privacy: Privacy
    mention: bool
    tally: Tally


@dataclass(frozen=True)
class Mention:
    """A text_mention entity: offsets in UTF-16 code units, as Telegram counts."""

    offset: int
    length: int
    user_id: int


@dataclass(frozen=True)
class TallyText:
    text: str
    mentions: tuple[Mention, ...]


def ranked(members: Sequence[MemberTally]) -> list[MemberTally]:
    return sorted(
        members,
        key=lambda m: (-m.tally.asks, -m.tally.answers, m.first_name.casefold(), m.user_id),
    )


def _member_line(rank: int, member: MemberTally, target: int) -> tuple[str, str]:
    """(prefix before the name, the rest): the name is what a mention entity covers."""
    t = member.tally
    hit = " ✅" if target > 0 and t.asks >= target else ""
    rest = f" — {amount(t.asks, Kind.ASK)}{hit}"
    if member.privacy is Privacy.FULL:
        rest += f" · {t.yeses} yes / {t.nos} no · {t.leads} leads · {t.nurtures} touches"
    return f"{rank}. ", rest


def render_tally(
    title: str,
    first: dt.date,
    last: dt.date,
    members: Sequence[MemberTally],
    weekly_target: int,
    weakest: str | None = None,
    limit: int = MAX_TALLY,
) -> TallyText:
    """The tally message. Hidden members only count in the sums; past `limit` characters the
    list stops and a summary line covers the rest."""
    head = (
        f"📊 Weekly tally — {title[:64]}\n"
        f"{first:%a %d %b} – {last:%a %d %b} · target {weekly_target} asks each\n"
    )
    if not members:
        return TallyText(head + "\nNo members yet. Join with /join.", ())
    shown = [m for m in ranked(members) if m.privacy is not Privacy.HIDDEN]
    hidden = len(members) - len(shown)
    total = Tally.total(m.tally for m in members)
    hit = sum(1 for m in members if weekly_target > 0 and m.tally.asks >= weekly_target)
    footer = [
        f"\nGroup: {amount(total.asks, Kind.ASK)} · {total.yeses} yes / {total.nos} no · "
        f"{total.leads} leads · {total.nurtures} touches",
        f"{hit} of {len(members)} members hit {weekly_target} asks."
        if weekly_target > 0
        else f"{len(members)} members.",
    ]
    if weakest:
        footer.append(f"Weakest stage: {weakest}")
    footer_text = "\n".join(footer)
    budget = limit - utf16_len(head) - utf16_len(footer_text) - 120
    used = 0
    head_units = utf16_len(head + "\n")
    body, mentions = "", []
    listed = 0
    for rank, member in enumerate(shown, start=1):
        prefix, rest = _member_line(rank, member, weekly_target)
        line = f"{prefix}{member.first_name}{rest}\n"
        units = utf16_len(line)
        if used + units > budget:
            break
        if member.mention:
            offset = head_units + used + utf16_len(prefix)
            mentions.append(Mention(offset, utf16_len(member.first_name), member.user_id))
        used += units
        body += line
        listed += 1
    notes = []
    if listed < len(shown):
        rest_members = shown[listed:]
        notes.append(
            f"…and {len(rest_members)} more: "
            f"{amount(sum(m.tally.asks for m in rest_members), Kind.ASK)}."
        )
    if hidden:
        notes.append(
            "+ 1 member keeps their numbers private."
            if hidden == 1
            else f"+ {hidden} members keep their numbers private."
        )
    text = head + "\n" + body + "\n".join(notes) + ("\n" if notes else "") + footer_text
    return TallyText(fit(text, limit), tuple(mentions))
