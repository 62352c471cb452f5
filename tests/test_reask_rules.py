"""bot.core.reasks: which named no's are due to be asked again — examples, then properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.reasks import ASKED, LATER, NEVER, NamedNo, due_on, due_reasks, said_no_ago

PROPERTY = settings(max_examples=300, deadline=None)
TODAY = dt.date(2026, 12, 28)
NOS = st.lists(
    st.builds(
        NamedNo,
        entry_id=st.integers(min_value=1, max_value=10_000),
        who=st.sampled_from(["Bob", "bob", "BOB", "Cy", "Zoë", "ZOË", "Acme Inc"]),
        day=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
        decision=st.sampled_from([None, ASKED, LATER, NEVER]),
        not_before=st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))),
        asked_since=st.booleans(),
    ),
    max_size=12,
    unique_by=lambda no: no.entry_id,
)


def test_due_after_the_delay_and_after_not_yet() -> None:
    bob = NamedNo(1, "Bob", dt.date(2026, 11, 26))
    assert due_on(bob, 30) == dt.date(2026, 12, 26)
    later = NamedNo(1, "Bob", dt.date(2026, 11, 26), LATER, dt.date(2027, 1, 27))
    assert due_on(later, 30) == dt.date(2027, 1, 27)
    assert [r.who for r in due_reasks([bob], TODAY, 30)] == ["Bob"]
    assert due_reasks([bob], TODAY, 33) == []
    assert due_reasks([bob], TODAY, 0) == []  # /reask off
    assert due_reasks([later], TODAY, 30) == []


def test_only_a_names_latest_no_counts() -> None:
    old = NamedNo(1, "Bob", dt.date(2026, 10, 1))
    latest = NamedNo(2, "bob", dt.date(2026, 11, 1), NEVER)
    assert due_reasks([old, latest], TODAY, 30) == []


def test_said_no_ago_in_words() -> None:
    words = [said_no_ago(TODAY - dt.timedelta(days=d), TODAY) for d in (0, 1, 5, 13, 14, 32, 62)]
    assert words == [
        "today",
        "yesterday",
        "5 days ago",
        "13 days ago",
        "2 weeks ago",
        "4 weeks ago",
        "8 weeks ago",
    ]


@PROPERTY
@given(NOS, st.integers(min_value=0, max_value=365))
def test_due_reasks_are_open_due_latest_once_per_name_oldest_first(
    nos: list[NamedNo], delay: int
) -> None:
    due = due_reasks(nos, TODAY, delay)
    names = [reask.who.casefold() for reask in due]
    by_id = {no.entry_id: no for no in nos}
    assert len(names) == len(set(names))
    assert [(r.day, r.entry_id) for r in due] == sorted((r.day, r.entry_id) for r in due)
    for reask in due:
        no = by_id[reask.entry_id]
        assert delay > 0
        assert no.open
        assert reask.due_on == due_on(no, delay) <= TODAY
        assert reask.due_on >= no.day + dt.timedelta(days=delay)
        same_name = [n for n in nos if n.who.casefold() == no.who.casefold()]
        assert (no.day, no.entry_id) == max((n.day, n.entry_id) for n in same_name)
