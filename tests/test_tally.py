"""The weekly tally renderer (bot/core/tally_text.py), pure: ranking, privacy, limits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.core.domain import Privacy, Tally
from bot.core.render import utf16_len
from bot.core.tally_text import MAX_TALLY, MemberTally, TallyText, render_tally

FIRST, LAST = dt.date(2026, 11, 23), dt.date(2026, 11, 29)
MEMBER_LINE = re.compile(r"^(\d+)\. (.+?) — (\d+) asks")
GROUP_LINE = re.compile(
    r"^Group: (\d+) asks? · (\d+) yes / (\d+) no · (\d+) leads · (\d+) touches$"
)
MORE_LINE = re.compile(r"^…and (\d+) more: (\d+) asks?\.$", re.MULTILINE)


def member(
    user_id: int,
    name: str,
    asks: int = 0,
    yes: int = 0,
    no: int = 0,
    leads: int = 0,
    touches: int = 0,
    privacy: Privacy = Privacy.FULL,
    mention: bool = False,
) -> MemberTally:
    tally = Tally(asks=asks, leads=leads, nurtures=touches, yeses=yes, nos=no)
    return MemberTally(user_id, name, privacy, mention, tally)


def render(
    members: Sequence[MemberTally], target: int = 25, weakest: str | None = None
) -> TallyText:
    return render_tally("Closers", FIRST, LAST, members, target, weakest)


def listed(text: str) -> list[tuple[int, str, int]]:
    """(rank, name, asks) of every member line."""
    return [
        (int(m[1]), m[2], int(m[3])) for line in text.split("\n") if (m := MEMBER_LINE.match(line))
    ]


def line_of(text: str, name: str) -> str:
    [line] = [
        line for line in text.split("\n") if MEMBER_LINE.match(line) and f" {name} — " in line
    ]
    return line


def covered(text: str, offset: int, length: int) -> str:
    """The text a UTF-16 (offset, length) entity covers, as Telegram reads it."""
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def footer_sums(text: str) -> tuple[int, ...]:
    """The group line is the last but one line (no weakest stage given)."""
    match = GROUP_LINE.match(text.split("\n")[-2])
    assert match is not None, text[-300:]
    return tuple(int(x) for x in match.groups())


def test_ranked_by_asks_then_answers_then_name() -> None:
    members = [
        member(1, "Ann", asks=5),
        member(2, "bob", asks=5, yes=1, no=1),
        member(3, "Bea", asks=5, no=2),
        member(4, "Dan", asks=9),
        member(5, "Eve"),
        member(6, "Ann", asks=5),  # same name: the lower id first
    ]
    text = render(members).text
    assert [(rank, name) for rank, name, _ in listed(text)] == [
        (1, "Dan"),
        (2, "Bea"),
        (3, "bob"),
        (4, "Ann"),
        (5, "Ann"),
        (6, "Eve"),
    ]


def test_privacy_full_totals_hidden() -> None:
    members = [
        member(1, "Ann", asks=30, yes=1, no=2, leads=3, touches=4),
        member(2, "Bob", asks=3, yes=5, no=6, leads=7, touches=8, privacy=Privacy.TOTALS),
        member(3, "Cat", asks=12, yes=9, no=9, leads=9, touches=9, privacy=Privacy.HIDDEN),
    ]
    text = render(members).text
    ann = line_of(text, "Ann")
    assert re.search(r"\b30 asks\b", ann)
    for number in ("1 yes", "2 no", "3 leads", "4 touches"):
        assert number in ann
    bob = line_of(text, "Bob")
    assert re.search(r"\b3 asks\b", bob)
    for word in ("yes", "no", "leads", "touches", "5", "6", "7", "8"):
        assert word not in bob.split(" asks")[1]
    assert "Cat" not in text
    assert [name for _, name, _ in listed(text)] == ["Ann", "Bob"]


def test_hidden_members_count_in_sums_and_hit_count() -> None:
    members = [
        member(1, "Ann", asks=25, yes=1, leads=2),
        member(2, "Bob", asks=24, no=3, touches=1, privacy=Privacy.TOTALS),
        member(3, "Cat", asks=40, yes=2, no=1, leads=5, touches=6, privacy=Privacy.HIDDEN),
        member(4, "Dan", asks=50, privacy=Privacy.HIDDEN),
    ]
    text = render(members, target=25).text
    assert footer_sums(text) == (139, 3, 4, 7, 7)
    assert text.split("\n")[-1] == "3 of 4 members hit 25 asks."  # at target counts as a hit
    assert "✅" in line_of(text, "Ann")
    assert "✅" not in line_of(text, "Bob")
    assert "+ 2 members keep their numbers private." in text.split("\n")
    assert "Cat" not in text
    assert "Dan" not in text


def test_one_hidden_member_and_no_target() -> None:
    members = [member(1, "Ann", asks=3), member(2, "Cat", asks=1, privacy=Privacy.HIDDEN)]
    text = render(members, target=0).text
    assert any(
        re.fullmatch(r"\+ 1 member keeps? their numbers private\.", x) for x in text.split("\n")
    )
    assert "✅" not in text
    assert text.endswith("2 members.")


def test_no_members_yet() -> None:
    tally = render([])
    assert "No members yet" in tally.text
    assert "/join" in tally.text
    assert tally.mentions == ()


def test_weakest_stage_line_when_given() -> None:
    text = render([member(1, "Ann", asks=1, leads=20)], weakest="the ask").text
    assert text.split("\n")[-1] == "Weakest stage: the ask"


def test_the_rest_summed_in_one_line_when_the_list_is_long() -> None:
    members = [member(i, f"Member number {i:03d}", asks=i, yes=i % 3) for i in range(400)]
    text = render(members).text
    assert len(text) <= MAX_TALLY
    rows = listed(text)
    assert 20 < len(rows) < 400
    assert [asks for _, _, asks in rows] == list(range(399, 399 - len(rows), -1))
    [more] = [m for line in text.split("\n") if (m := MORE_LINE.match(line))]
    assert int(more[1]) == 400 - len(rows)
    assert int(more[2]) == sum(range(400 - len(rows)))
    assert footer_sums(text)[0] == sum(range(400))


def test_within_4096_with_long_names_huge_numbers_and_long_title() -> None:
    huge = 10**15
    names = [("👩‍💼" + "名前Ωא" * 20)[:64], "x" * 64, ("🚀" * 64)[:64]]
    members = [
        member(
            i,
            names[i % 3],
            asks=huge - i,
            yes=huge,
            no=huge,
            leads=huge,
            touches=huge,
            privacy=(Privacy.FULL, Privacy.TOTALS, Privacy.HIDDEN, Privacy.FULL)[i % 4],
            mention=i % 2 == 0,
        )
        for i in range(400)
    ]
    tally = render_tally("T" * 300, FIRST, LAST, members, 10**6, "the ask: " + "x" * 60)
    text = tally.text
    assert len(text) <= MAX_TALLY
    lines = text.split("\n")
    assert lines[-1] == "Weakest stage: the ask: " + "x" * 60
    assert lines[-2] == "400 of 400 members hit 1000000 asks."
    match = GROUP_LINE.match(lines[-3])
    assert match is not None
    assert int(match[1]) == sum(m.tally.asks for m in members)
    assert int(match[2]) == 400 * huge
    assert any(MORE_LINE.match(line) for line in lines)
    for mention in tally.mentions:
        assert covered(text, mention.offset, mention.length) == names[mention.user_id % 3]


def test_mentions_cover_the_first_name_in_utf16_units() -> None:
    members = [
        member(1, "👩‍💼 Ann", asks=9, mention=True),
        member(2, "𝔅ob", asks=8),
        member(3, "Zoë", asks=7, mention=True, privacy=Privacy.TOTALS),
        member(4, "אבי", asks=6, mention=True),
        member(5, "Hidden 🙈", asks=5, mention=True, privacy=Privacy.HIDDEN),
        member(6, "Eve", asks=4),
    ]
    tally = render(members)
    assert [m.user_id for m in tally.mentions] == [1, 3, 4]
    by_id = {m.user_id: m.first_name for m in members}
    for mention in tally.mentions:
        assert covered(tally.text, mention.offset, mention.length) == by_id[mention.user_id]
        assert mention.length == utf16_len(by_id[mention.user_id])
    zoe = tally.mentions[1]
    prefix = tally.text[: tally.text.index("3. Zoë") + len("3. ")]
    assert zoe.offset == utf16_len(prefix) > len(prefix)


def test_no_mention_for_members_past_the_list() -> None:
    members = [member(i, f"Seller with a long name {i:03d}", asks=1000 - i) for i in range(300)]
    members.append(member(999, "Last", asks=0, mention=True))
    tally = render(members)
    assert "Last" not in tally.text
    assert tally.mentions == ()


# --- properties ----------------------------------------------------------------------------------

NAME_PARTS = st.one_of(
    st.characters(categories=("L", "N", "Zs", "So", "Sk", "Mn", "Pd", "Po")),
    st.sampled_from(["🚀", "👩‍💼", "🇩🇪", "\u200f", "\u202e", "שלום", "علي", "𝔅", "名前"]),
)
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=64).map(lambda parts: "".join(parts)[:64])
"""First names as Telegram allows them: 1–64 characters, emoji, RTL and astral letters."""


@st.composite
def member_lists(draw: st.DrawFn) -> list[MemberTally]:
    pool = draw(st.lists(NAMES, min_size=1, max_size=8))
    size = draw(st.integers(0, 400))
    counts = st.integers(0, 10**9)
    members = []
    for user_id in range(size):
        name = pool[draw(st.integers(0, len(pool) - 1))]
        members.append(
            member(
                user_id,
                name,
                asks=draw(counts),
                yes=draw(counts),
                no=draw(counts),
                leads=draw(counts),
                touches=draw(counts),
                privacy=draw(st.sampled_from(Privacy)),
                mention=draw(st.booleans()),
            )
        )
    return members


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(members=member_lists(), target=st.integers(0, 7000), title=NAMES)
def test_any_group_fits_and_sums_every_member(
    members: list[MemberTally], target: int, title: str
) -> None:
    tally = render_tally(title, FIRST, LAST, members, target)
    text = tally.text
    assert len(text) <= MAX_TALLY
    event("list cut short" if MORE_LINE.search(text) else "every member listed")
    if not members:
        assert "No members yet" in text
        return
    assert footer_sums(text) == (
        sum(m.tally.asks for m in members),
        sum(m.tally.yeses for m in members),
        sum(m.tally.nos for m in members),
        sum(m.tally.leads for m in members),
        sum(m.tally.nurtures for m in members),
    )
    hit = sum(1 for m in members if m.tally.asks >= target)
    expected_last = (
        f"{hit} of {len(members)} members hit {target} asks."
        if target
        else f"{len(members)} members."
    )
    assert text.split("\n")[-1] == expected_last
    by_id = {m.user_id: m for m in members}
    for mention in tally.mentions:
        mentioned = by_id[mention.user_id]
        assert mentioned.mention
        assert mentioned.privacy is not Privacy.HIDDEN
        assert covered(text, mention.offset, mention.length) == mentioned.first_name
