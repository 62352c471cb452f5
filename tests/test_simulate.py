"""bench/simulate.py, short: ten sellers for eight days (a weekend and the start of a
holiday included) through the real application, on SQLite and PostgreSQL. Only the
invariants are checked — the goals of its table — never how long it took."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings

SIMULATE = Path(__file__).resolve().parent.parent / "bench" / "simulate.py"


def test_a_short_simulated_month_meets_every_goal(settings: Settings) -> None:
    short = ["--sellers", "10", "--days", "8", "--check", "--database", settings.database_url]
    result = subprocess.run(
        [sys.executable, str(SIMULATE), *short],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if line.endswith((" yes", " NO"))]
    assert len(rows) == 5
    assert all(row.endswith(" yes") for row in rows), result.stdout
    assert "nudges that name the gap and carry one-tap logging" in result.stdout
    assert " 0 pace nudges" not in result.stdout  # the month did nudge
