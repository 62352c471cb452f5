"""bot.core.paths: per-tag funnels, each path's leak, the worst path and the strongest offer —
examples from the issue, then properties over any counts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import Kind, Tally
from bot.core.insights import LEAK_SHORTFALL
from bot.core.paths import (
    MIN_OFFER_ASKS,
    MIN_OFFER_YESES,
    MIN_PATH_ACTIONS,
    OFFER_RATIO,
    STANDOUT_MARGIN,
    UNTAGGED,
    actions,
    funnels,
    path_leak,
    path_leaks,
    strongest_offer,
    tags_of,
    tags_text,
    worst_path,
)

PROPERTY = settings(max_examples=300, deadline=None)
COUNT = st.integers(min_value=0, max_value=200)
TALLIES = st.builds(Tally, COUNT, COUNT, COUNT, COUNT, COUNT)
TAG = st.sampled_from(["content", "networking", "audit", "coaching", "ads"])
PER_TAG = st.dictionaries(st.one_of(st.none(), TAG), TALLIES, max_size=6)
ROWS = st.lists(
    st.tuples(
        st.one_of(st.none(), st.lists(TAG, min_size=1, max_size=3, unique=True).map(" ".join)),
        st.sampled_from(list(Kind)),
        st.integers(min_value=1, max_value=50),
    ),
    max_size=30,
)


def test_the_issues_example_content_never_asks() -> None:
    leak = path_leak("content", Tally(asks=0, leads=40, nurtures=31))
    assert leak is not None
    assert leak.sentence == "#content: 40 leads, 31 touches, 0 asks — this path never asks"
    assert leak.severity == 1.0


def test_one_of_a_stage_is_singular() -> None:
    leak = path_leak("content", Tally(asks=0, leads=1, nurtures=9))
    assert leak is not None
    assert leak.sentence.startswith("#content: 1 lead, 9 touches, 0 asks")


def test_the_issues_example_strongest_offer() -> None:
    per_tag = {
        "audit": Tally(asks=12, yeses=5, nos=4),
        "coaching": Tally(asks=15, yeses=1, nos=9),
        UNTAGGED: Tally(asks=40, yeses=30),  # never an offer
    }
    found = strongest_offer(per_tag)
    assert found is not None
    best, other = found
    assert (best.tag, best.yeses, best.asks, other.tag, other.yeses, other.asks) == (
        "audit",
        5,
        12,
        "coaching",
        1,
        15,
    )


def test_stage_leaks_in_plain_words() -> None:
    words = {
        tag: leak.words
        for tag, leak in path_leaks(
            {
                "webinar": Tally(leads=20, nurtures=20, asks=4),  # asks lag
                "referrals": Tally(leads=1, nurtures=10, asks=10),  # leads dry up
                "ads": Tally(leads=20, nurtures=2, asks=10),  # touches missing
                "cold": Tally(leads=12, nurtures=12, asks=12, yeses=0, nos=12),  # offer
                "fine": Tally(leads=10, nurtures=10, asks=10, yeses=2, nos=5),
                "new": Tally(leads=3, asks=1),  # too little data
            }
        ).items()
    }
    assert words == {
        "webinar": "few asks for its leads and touches",
        "referrals": "asks outrun its new leads: the pipeline is drying up",
        "ads": "its leads hardly hear from you again",
        "cold": "answers come back, almost all no: look at the offer",
    }


def test_at_capacity_a_path_is_never_told_to_find_leads() -> None:
    referrals = Tally(leads=1, nurtures=10, asks=10)
    assert path_leak("referrals", referrals, at_capacity=True) is None


def test_tags_are_stored_space_separated() -> None:
    assert tags_text(("audit", "networking")) == "audit networking"
    assert tags_text(()) is None
    assert tags_of("audit networking") == ("audit", "networking")
    assert tags_of(None) == ()


@PROPERTY
@given(ROWS)
def test_funnels_count_each_entry_under_each_of_its_tags(
    rows: list[tuple[str | None, Kind, int]],
) -> None:
    per_tag = funnels(rows)
    for tag, tally in per_tag.items():
        for kind in Kind:
            expected = sum(
                n
                for stored, k, n in rows
                if k is kind and (tag in tags_of(stored) or (tag is None and stored is None))
            )
            assert tally.of(kind) == expected
    assert set(per_tag) == {t for stored, _k, _n in rows for t in (tags_of(stored) or (None,))}


@PROPERTY
@given(TAG, TALLIES, st.booleans())
def test_a_path_leak_needs_data_and_is_beyond_noise(tag: str, tally: Tally, full: bool) -> None:
    leak = path_leak(tag, tally, at_capacity=full)
    if actions(tally) < MIN_PATH_ACTIONS:
        assert leak is None
    if leak is None:
        return
    assert 0 < leak.severity <= 1.0
    if "look at the offer" not in leak.words:  # a stage below what its others expect
        assert leak.severity > LEAK_SHORTFALL
    assert leak.sentence.startswith(f"#{tag}: ")
    if full:
        assert "leads:" not in leak.words
    if tally.asks == 0 and tally.leads + tally.nurtures > 0:
        assert leak.words == "this path never asks"


@PROPERTY
@given(PER_TAG, st.booleans())
def test_the_worst_path_stands_out_from_every_other(
    per_tag: dict[str | None, Tally], full: bool
) -> None:
    worst = worst_path(per_tag, at_capacity=full)
    leaks = path_leaks(per_tag, at_capacity=full)
    if worst is None:
        ranked = sorted((leak.severity for leak in leaks.values()), reverse=True)
        assert len(ranked) == 0 or (len(ranked) > 1 and ranked[0] - ranked[1] <= STANDOUT_MARGIN)
        return
    assert worst.tag in per_tag
    assert all(
        worst.severity - leak.severity > STANDOUT_MARGIN
        for tag, leak in leaks.items()
        if tag != worst.tag
    )
    assert worst_path({**per_tag, UNTAGGED: Tally(leads=500)}, at_capacity=full) == worst


@PROPERTY
@given(PER_TAG)
def test_the_strongest_offer_has_enough_data_and_leads_clearly(
    per_tag: dict[str | None, Tally],
) -> None:
    found = strongest_offer(per_tag)
    if found is None:
        return
    best, other = found
    assert best.tag != other.tag
    assert None not in (best.tag, other.tag)
    assert best.asks >= MIN_OFFER_ASKS
    assert other.asks >= MIN_OFFER_ASKS
    assert best.yeses >= MIN_OFFER_YESES
    assert best.rate >= OFFER_RATIO * other.rate
    eligible = [t for tag, t in per_tag.items() if tag is not None and t.asks >= MIN_OFFER_ASKS]
    assert all(best.rate >= min(t.yeses, t.asks) / t.asks for t in eligible)
