"""The flood guard's rule (bot.core.flood), on a clock moved by hand."""

from __future__ import annotations

import pytest

from bot.core.flood import FloodGuard, slow_down

ANN, BOB, GROUP = 1001, 1002, -100500


def test_a_burst_goes_through_then_one_a_second() -> None:
    guard = FloodGuard(burst=3, per_second=1.0)
    assert [guard.take({ANN}, 0.0).wait for _ in range(3)] == [0.0, 0.0, 0.0]
    assert guard.take({ANN}, 0.0).wait == pytest.approx(1.0)
    assert guard.take({ANN}, 0.5).wait == pytest.approx(0.5)
    assert guard.take({ANN}, 1.0).wait == 0.0
    assert guard.take({ANN}, 1.0).wait == pytest.approx(1.0)


def test_one_chats_flood_costs_another_chat_nothing() -> None:
    guard = FloodGuard(burst=2, per_second=1.0)
    for _ in range(2):
        guard.take({ANN}, 0.0)
    assert guard.take({ANN}, 0.0).wait > 0
    assert guard.take({BOB}, 0.0).wait == 0.0


def test_a_user_flooding_a_group_waits_there_and_the_group_bucket_is_not_spent() -> None:
    """An update counts against its user and its chat: Ann runs dry, Bob in the same
    group does not (the group's bucket lost only Ann's burst)."""
    guard = FloodGuard(burst=3, per_second=1.0)
    for _ in range(3):
        assert guard.take({GROUP, ANN}, 0.0).wait == 0.0
    assert guard.take({GROUP, ANN}, 0.0).wait > 0
    guard_for_group = FloodGuard(burst=3, per_second=1.0)
    for user in (ANN, BOB, 1003):
        assert guard_for_group.take({GROUP, user}, 0.0).wait == 0.0
    assert guard_for_group.take({GROUP, 1004}, 0.0).wait > 0  # the group's own limit


def test_slow_down_is_said_once_per_flood_and_again_after_a_quiet_spell() -> None:
    guard = FloodGuard(burst=2, per_second=1.0)
    for _ in range(2):
        guard.take({ANN}, 0.0)
    verdicts = [guard.take({ANN}, 0.0) for _ in range(5)]
    assert [v.notify for v in verdicts] == [True, False, False, False, False]
    guard.forget_idle(1.0)  # not full yet: still remembered
    assert not guard.take({ANN}, 1.0).notify
    guard.forget_idle(100.0)  # quiet long enough to be full again: forgotten
    assert guard.tracked == 0
    for _ in range(2):
        assert guard.take({ANN}, 100.0).wait == 0.0
    assert guard.take({ANN}, 100.0).notify


def test_buckets_of_quiet_keys_are_forgotten() -> None:
    guard = FloodGuard(burst=20, per_second=1.0)
    for user in range(1000):
        guard.take({user}, 0.0)
    guard.forget_idle(0.5)
    assert guard.tracked == 1000
    guard.forget_idle(1.0)
    assert guard.tracked == 0


def test_the_notice_says_how_many_wait_and_that_nothing_is_lost() -> None:
    text = slow_down(1980)
    assert "1980 messages are waiting" in text
    assert "Nothing is lost" in text
