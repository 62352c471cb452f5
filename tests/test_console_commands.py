"""The console's own commands read from a line: `:at` in all its forms, `:as`, `:group`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.runtime.console_commands import As, At, Help, InGroup, Private, read_command

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # 13:00 in Berlin


@pytest.mark.parametrize(
    ("line", "later"),
    [
        (":at +2h", dt.timedelta(hours=2)),
        (":at +1d", dt.timedelta(days=1)),
        (":at +90m", dt.timedelta(minutes=90)),
        (":at +1w", dt.timedelta(weeks=1)),
        (":at +1d2h", dt.timedelta(days=1, hours=2)),
        ("  :at   +3h ", dt.timedelta(hours=3)),
    ],
)
def test_at_a_span_from_now(line: str, later: dt.timedelta) -> None:
    assert read_command(line, NOW, UTC) == At(NOW + later)


@pytest.mark.parametrize(
    ("line", "utc"),
    [
        (":at 15:01", dt.datetime(2026, 11, 26, 14, 1, tzinfo=dt.UTC)),  # later today in Berlin
        (":at 09:30", dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.UTC)),  # gone today: tomorrow
        (":at 2026-12-08 15:01", dt.datetime(2026, 12, 8, 14, 1, tzinfo=dt.UTC)),
        (":at 2026-12-08T07:05", dt.datetime(2026, 12, 8, 6, 5, tzinfo=dt.UTC)),
    ],
)
def test_at_a_local_time_of_the_speaker(line: str, utc: dt.datetime) -> None:
    assert read_command(line, NOW, BERLIN) == At(utc)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (":at", "When?"),
        (":at tomorrow", "When?"),
        (":at +", "When?"),
        (":at +2y", "When?"),
        (":at 24:00", "When?"),
        (":at 2026-02-30 10:00", "When?"),
        (":at 2026-11-26 12:59", "It is already 2026-11-26 13:00: the clock only moves forward."),
        (":at +367d", "more than a year ahead"),
        (":as", "Who?"),
        (":group", "Which group?"),
        (":private now", "Unknown console command ':private'"),
        (":wat", "Unknown console command ':wat'"),
        (":", "Unknown console command ':'"),
    ],
)
def test_what_is_not_a_command_says_why(line: str, reason: str) -> None:
    said = read_command(line, NOW, BERLIN)
    assert isinstance(said, str)
    assert reason in said


def test_as_group_private_help() -> None:
    assert read_command(":as Bob", NOW, UTC) == As("Bob")
    assert read_command(":as Mary  Jane", NOW, UTC) == As("Mary Jane")
    assert read_command(":as me", NOW, UTC) == As("me")
    assert read_command(":group Sales   Team", NOW, UTC) == InGroup("Sales Team")
    assert read_command(":private", NOW, UTC) == Private()
    assert read_command(":help", NOW, UTC) == Help()
