"""Faults 15–16, through a real `salesbot run` process and the fake Bot API over HTTP
(tests/reliability/load.py): a flood from one user while another chats, and kill -9 under
load followed by a restart, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.load import flood_run, kill_run

FLOOD, OTHERS = 2000, 20


@pytest.mark.stress
async def test_a_flood_from_one_user_does_not_slow_another_and_nothing_is_lost(
    database_url: str, tmp_path: Path
) -> None:
    """Fault: one user sends 2,000 /ask at once while another sends 20, one every 0.5 s.
    Expected: the other's replies each arrive within 2 s (the issue's worst case; p99 is
    measured for README, not asserted); the flooder gets one "slow down", its whole flood
    is stored (answered or waiting, none lost, entries once each); SIGTERM with that backlog
    exits cleanly within 10 s."""
    run = await flood_run(database_url, tmp_path, flood=FLOOD, others=OTHERS)

    assert run.other.lost == run.other.unanswered == run.other.duplicated == 0, run
    assert run.other.worst_s < 2.0, run
    assert run.slow_downs == 1, run
    assert run.flood_stored == FLOOD, run
    assert 20 <= run.flood_answered < FLOOD, run
    assert (run.exit_code, run.stop_s < 10) == (0, True), run


@pytest.mark.stress
async def test_kill_9_under_300_updates_a_second_loses_and_duplicates_nothing(
    database_url: str, tmp_path: Path
) -> None:
    """Fault: 300 /ask a second for 10 s (300 users, one a second each, by long polling);
    kill -9 four seconds in, started again at once. Expected: every one of the 3,000
    updates is logged exactly once and answered at least once."""
    run = await kill_run(database_url, tmp_path, rate=300, seconds=10, kill_at=4)

    assert (run.tried, run.lost, run.duplicated, run.unanswered) == (3000, 0, 0, 0), run


@pytest.mark.stress
async def test_kill_9_in_webhook_mode_loses_and_duplicates_nothing(
    database_url: str, tmp_path: Path
) -> None:
    """Fault: 100 /ask a second for 5 s POSTed to the webhook (Telegram retries whatever
    got no 200); kill -9 two seconds in, started again at once. Expected: all 500 logged
    exactly once and answered at least once."""
    run = await kill_run(
        database_url, tmp_path, rate=100, seconds=5, kill_at=2, webhook=True, users=100
    )

    assert (run.tried, run.lost, run.duplicated, run.unanswered) == (500, 0, 0, 0), run
