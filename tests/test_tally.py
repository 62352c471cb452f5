"""A group's week (bot/core/group_week.py) and its text (bot/core/tally_text.py), pure: the
privacy rule, pace, streaks, change, ranking, Telegram's limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.domain import Privacy, Tally
from bot.core.group_week import GroupWeek, MemberHistory, summarize
from bot.core.render import utf16_len
from bot.core.tally_text import MAX_TALLY, TallyText, render_reminder, render_tally
from tests.tally_reader import read_tally

MONDAY = dt.date(2026, 11, 23)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
SUNDAY = MONDAY + dt.timedelta(days=6)
WEEKDAYS = frozenset(range(5))
FULL, TOTALS, HIDDEN = Privacy.FULL, Privacy.TOTALS, Privacy.HIDDEN


@dataclass(frozen=True)
class Person:
    """A member as the test writes them: their numbers per day, any privacy."""

    user_id: int
    first_name: str
    privacy: Privacy
    mention: bool
    days: dict[dt.date, Tally]
    capacity: int | None = None


def person(
    user_id: int,
    name: str,
    asks: int = 0,
    *,
    yes: int = 0,
    no: int = 0,
    leads: int = 0,
    touches: int = 0,
    privacy: Privacy = FULL,
    mention: bool = False,
    on: dt.date = MONDAY,
    history: dict[dt.date, Tally] | None = None,
    capacity: int | None = None,
) -> Person:
    """A member whose week so far is one day's numbers (on `on`), plus any `history`."""
    days = dict(history or {})
    days[on] = Tally(asks=asks, leads=leads, nurtures=touches, yeses=yes, nos=no)
    return Person(user_id, name, privacy, mention, days, capacity)


def week(
    people: Sequence[Person], target: int = 20, today: dt.date = SUNDAY, title: str = "Closers"
) -> GroupWeek:
    """The GroupWeek the database would hand over for these people, read on `today`."""
    members = [
        MemberHistory(
            p.user_id,
            p.first_name,
            p.privacy,
            p.mention,
            Tally.total(t for day, t in p.days.items() if MONDAY <= day <= today),
            {day: t.asks for day, t in p.days.items() if day < MONDAY},
            p.capacity,
        )
        for p in people
    ]
    team: dict[Privacy, dict[dt.date, Tally]] = {}
    for p in people:
        for day, t in p.days.items():
            if today - dt.timedelta(days=13) <= day <= today:
                per_day = team.setdefault(p.privacy, {})
                per_day[day] = per_day.get(day, Tally()) + t
    return GroupWeek(title, MONDAY, today, target, WEEKDAYS, members, team)


def tally(people: Sequence[Person], **kw: object) -> TallyText:
    return render_tally(summarize(week(people, **kw)))  # type: ignore[arg-type]


def covered(text: str, offset: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def test_ranked_by_asks_then_answers_then_name() -> None:
    members = [
        person(1, "Ann", 5),
        person(2, "bob", 5, yes=1, no=1),
        person(3, "Bea", 5, no=2),
        person(4, "Dan", 9),
        person(6, "Ann", 5),  # same name: the lower id first
    ]
    read = read_tally(tally(members).text)
    assert [(row.rank, row.name) for row in read.rows] == [
        (1, "Dan"),
        (2, "Bea"),
        (3, "bob"),
        (4, "Ann"),
        (5, "Ann"),
    ]


def test_full_shows_every_number_totals_asks_only_hidden_nothing() -> None:
    members = [
        person(1, "Ann", 30, yes=1, no=2, leads=3, touches=4),
        person(2, "Bob", 3, yes=5, no=6, leads=7, touches=8, privacy=TOTALS),
        person(3, "Cat", 12, yes=9, no=9, leads=9, touches=9, privacy=HIDDEN),
    ]
    read = read_tally(tally(members).text)
    assert read.names == ["Ann", "Bob"]
    assert read.row("Ann").details == {"yes": 1, "no": 2, "leads": 3, "touches": 4}
    assert read.row("Bob").details == {"yes": 0, "no": 0, "leads": 0, "touches": 0}
    assert "Cat" not in read.text
    assert read.hidden == 1


def test_sums_and_counts_hold_only_what_the_group_sees() -> None:
    """Hidden members are in no sum or count; totals members only in the asks."""
    members = [
        person(1, "Ann", 25, yes=1, leads=2),
        person(2, "Bob", 24, no=3, touches=1, privacy=TOTALS),
        person(3, "Cat", 40, yes=2, no=1, leads=5, touches=6, privacy=HIDDEN),
        person(4, "Dan", 50, privacy=HIDDEN),
    ]
    read = read_tally(tally(members, target=25).text)
    assert (read.team_asks, read.goal) == (49, 50)
    assert read.also == {"yes": 1, "no": 0, "leads": 2, "touches": 0}
    assert read.on_pace == (1, 2)  # Ann; the hidden members are not counted at all
    assert read.text.count("🎯") == 1
    assert read.hidden == 2


def test_a_lone_hidden_member_shows_nothing() -> None:
    read = read_tally(tally([person(1, "Cat", 7, yes=2, privacy=HIDDEN)]).text)
    assert read.rows == []
    assert read.hidden == 1
    assert read.team_asks is None
    assert "7" not in read.text.split("\n", 2)[2]


def test_no_members_yet() -> None:
    text = tally([]).text
    assert "No members yet" in text
    assert "/join" in text


def test_members_with_nothing_are_named_not_listed_as_zero_rows() -> None:
    members = [
        person(1, "Ann", 3),
        person(2, "Zoe"),
        person(3, "Ben", leads=2, privacy=TOTALS),  # shows nothing: only asks are visible
        person(4, "Hal", privacy=HIDDEN),
    ]
    read = read_tally(tally(members).text)
    assert read.names == ["Ann"]
    assert read.not_logged == ["Ben", "Zoe"]
    assert not re.search(r"\b0 asks", read.text)


def test_pace_midweek_against_the_group_workdays() -> None:
    members = [person(1, "Ann", 12), person(2, "Bob", 11), person(3, "Cat", 20)]
    read = read_tally(tally(members, today=WEDNESDAY).text)
    assert read.pace == 12  # 20 a week, 3 of 5 workdays gone
    assert "day 3 of 5" in read.text
    assert [(r.name, r.state, r.to_pace) for r in read.rows] == [
        ("Cat", "hit", 0),
        ("Ann", "on pace", 0),
        ("Bob", "behind", 1),
    ]
    assert read.on_pace == (2, 3)
    done = read_tally(tally(members, today=SUNDAY).text)
    assert done.pace is None
    assert "week complete" in done.text
    assert done.on_pace == (1, 3)
    assert "hit 20 asks" in done.text


def test_at_capacity_instead_of_behind_only_where_the_yeses_are_seen() -> None:
    members = [
        person(1, "Ann", 2, yes=2, capacity=2),  # behind, at capacity: shown so
        person(2, "Bob", 2, yes=1, capacity=2),  # one yes short: behind
        person(3, "Cat", 12, yes=3, capacity=1),  # on pace: on pace
        person(4, "Dan", 2, yes=5, capacity=1, privacy=TOTALS),  # his yeses are private
        person(5, "Eve", 2, yes=5, capacity=1, privacy=HIDDEN),
        person(6, "Fay", 2, yes=9),  # no capacity set
    ]
    read = read_tally(tally(members, today=WEDNESDAY).text)
    assert [(r.name, r.state) for r in read.rows] == [
        ("Cat", "on pace"),
        ("Fay", "behind"),
        ("Ann", "at capacity"),
        ("Bob", "behind"),
        ("Dan", "behind"),
    ]
    assert "Ann — 2 asks · 🧺 at capacity · 2 yes" in read.text
    assert (read.on_pace, read.at_capacity) == ((1, 5), 1)
    assert "1 of 5 on pace, 1 at capacity." in read.text
    done = read_tally(tally(members, today=SUNDAY).text)
    assert "0 of 5 hit 20 asks, 2 at capacity." in done.text  # Cat too, short of 20


def test_change_on_last_week_up_to_the_same_day() -> None:
    last_monday = MONDAY - dt.timedelta(days=7)
    history = {last_monday: Tally(asks=4), last_monday + dt.timedelta(days=4): Tally(asks=50)}
    members = [person(1, "Ann", 10, history=history)]
    assert read_tally(tally(members, today=WEDNESDAY).text).change == 6
    assert read_tally(tally(members, today=SUNDAY).text).change == -44


def test_streak_of_weeks_on_target() -> None:
    on_target = {MONDAY - dt.timedelta(days=7 * back): Tally(asks=20) for back in (1, 2, 4)}
    members = [
        person(1, "Ann", 20, history=on_target),  # this week, and the two before
        person(2, "Bob", 5, history=on_target),  # two before, this week still open
    ]
    read = read_tally(tally(members, today=WEDNESDAY).text)
    assert read.row("Ann").streak == 3
    assert read.row("Bob").streak == 2


def test_team_focus_is_written_for_the_group() -> None:
    days = {MONDAY + dt.timedelta(days=d): Tally(asks=0, nurtures=30) for d in range(5)}
    members = [person(1, "Ann", 0, touches=30, history=days), person(2, "Bob", 1)]
    read = read_tally(tally(members).text)
    assert read.focus is not None
    assert "ask" in read.focus.lower()
    assert "Leak:" not in read.text
    assert "you are" not in read.focus


def test_the_rest_summed_in_one_line_when_the_list_is_long() -> None:
    members = [person(i, f"Member number {i:03d}", i, yes=i % 3) for i in range(1, 401)]
    read = read_tally(tally(members).text)
    assert len(read.text) <= MAX_TALLY
    assert 20 < len(read.rows) < 400
    assert read.more is not None
    assert read.more[0] + len(read.rows) == 400
    assert read.more[1] + sum(row.asks for row in read.rows) == sum(range(1, 401))
    assert read.team_asks == sum(range(1, 401))


def test_within_4096_with_long_names_huge_numbers_and_long_title() -> None:
    huge = 10**15
    names = [("👩‍💼" + "名前Ωא" * 20)[:64], "x" * 64, ("🚀" * 64)[:64]]
    members = [
        person(
            i,
            names[i % 3],
            huge - i,
            yes=huge,
            leads=huge,
            privacy=(FULL, TOTALS, HIDDEN, FULL)[i % 4],
            mention=i % 2 == 0,
        )
        for i in range(400)
    ]
    result = tally(members, target=10**6, title="T" * 300)
    assert utf16_len(result.text) <= MAX_TALLY
    assert read_tally(result.text).more is not None
    for mention in result.mentions:
        assert covered(result.text, mention.offset, mention.length) == names[mention.user_id % 3]


def test_mentions_only_for_visible_members_who_allow_them() -> None:
    members = [
        person(1, "👩‍💼 Ann", 9, mention=True),
        person(2, "𝔅ob", 8),
        person(3, "Zoë", 7, mention=True, privacy=TOTALS),
        person(5, "Hidden 🙈", 5, mention=True, privacy=HIDDEN),
        person(6, "אבי", 0, mention=True),  # not logged yet: named, mentioned
    ]
    result = tally(members)
    assert [m.user_id for m in result.mentions] == [1, 3, 6]
    by_id = {m.user_id: m.first_name for m in members}
    for mention in result.mentions:
        assert covered(result.text, mention.offset, mention.length) == by_id[mention.user_id]


def test_reminder_names_who_has_not_logged_mentions_only_who_allows() -> None:
    members = [
        person(1, "Ann", 3),
        person(2, "Zoe", mention=True),
        person(3, "Ben"),
        person(4, "Hal", privacy=HIDDEN, mention=True),
    ]
    summary = summarize(week(members, today=WEDNESDAY))
    reminder = render_reminder(summary.not_logged, dt.time(17))
    assert reminder is not None
    assert "Ben, Zoe" in reminder.text
    assert "Ann" not in reminder.text
    assert "Hal" not in reminder.text
    [mention] = reminder.mentions
    assert covered(reminder.text, mention.offset, mention.length) == "Zoe"
    everyone = summarize(week([person(1, "Ann", 3)], today=WEDNESDAY))
    assert render_reminder(everyone.not_logged, dt.time(17)) is None


# --- the privacy rule, as a property: nothing a member keeps private changes any tally -------

COUNTS = st.integers(0, 10**6)
TALLIES = st.builds(Tally, asks=COUNTS, leads=COUNTS, nurtures=COUNTS, yeses=COUNTS, nos=COUNTS)
DAYS = st.integers(-90, 6).map(lambda offset: MONDAY + dt.timedelta(days=offset))
HISTORIES = st.dictionaries(DAYS, TALLIES, max_size=12)


@st.composite
def groups(draw: st.DrawFn) -> list[Person]:
    size = draw(st.integers(1, 12))
    return [
        Person(
            uid,
            draw(st.sampled_from(["Ann", "Bob", "Cat", "Dan", "Zoë 🚀"])),
            draw(st.sampled_from(Privacy)),
            draw(st.booleans()),
            draw(HISTORIES),
            draw(st.none() | st.integers(1, 3)),
        )
        for uid in range(size)
    ]


def kept_private(member: Person, other: dict[dt.date, Tally]) -> Person:
    """The member with every number they keep private replaced by `other`'s."""
    if member.privacy is FULL:
        return member
    if member.privacy is HIDDEN:
        return dataclasses.replace(member, days=other)
    days = {
        day: dataclasses.replace(other.get(day, Tally()), asks=member.days.get(day, Tally()).asks)
        for day in set(member.days) | set(other)
    }
    return dataclasses.replace(member, days=days)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=groups(),
    others=st.lists(HISTORIES, min_size=12, max_size=12),
    today=st.integers(0, 6),
    target=st.integers(1, 200),
)
def test_no_tally_depends_on_what_a_member_keeps_private(
    members: list[Person], others: list[dict[dt.date, Tally]], today: int, target: int
) -> None:
    """Replace every hidden member's numbers (and a totals member's non-ask numbers) with
    anything at all: the tally, on any day of the week, is the very same text. So no sum,
    difference, count or pair of tallies can tell anything about them."""
    day = MONDAY + dt.timedelta(days=today)
    swapped = [kept_private(m, others[m.user_id]) for m in members]
    assert tally(members, target=target, today=day) == tally(swapped, target=target, today=day)
    first = summarize(week(members, target=target, today=day)).not_logged
    second = summarize(week(swapped, target=target, today=day)).not_logged
    assert render_reminder(first, dt.time(17)) == render_reminder(second, dt.time(17))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=groups(), today=st.integers(0, 6), target=st.integers(1, 7000))
def test_any_group_fits_and_its_team_line_sums_what_is_shown(
    members: list[Person], today: int, target: int
) -> None:
    day = MONDAY + dt.timedelta(days=today)
    result = tally(members, target=target, today=day)
    assert utf16_len(result.text) <= MAX_TALLY
    read = read_tally(result.text)
    shown = read.rows
    if read.more is None and shown:
        assert read.team_asks == sum(row.asks for row in shown)
    by_id = {m.user_id: m for m in members}
    for mention in result.mentions:
        assert by_id[mention.user_id].mention
        assert by_id[mention.user_id].privacy is not HIDDEN
