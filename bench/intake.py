"""Durable, fair intake under kill -9 and floods: figures for README's Reliability table.

What is measured
    A real `salesbot run` process (`python -m bot run`) against the fake Bot API served over
    HTTP on loopback (tests/reliability/bot_api_http.py), on SQLite and PostgreSQL:
    * kill -9: `/ask 1` at a steady rate (300 users, about one a second each at 300/s) by
      long polling or POSTed to the webhook (each POST retried until it gets a 200, as
      Telegram does); kill -9 partway, a new process started at once; then every update
      handled, and a SIGTERM. Rows: tried; lost (no entry); duplicated (entry rows beyond
      one per message); unanswered (no reply: replies are at least once); worst and p99
      latency from Telegram having the update to its first reply, restart included; and
      answered/s, from the first update available to the last first reply (what the
      process sustained on the machine at the time: the latencies follow from it).
    * flood: one user sends 2,000 `/ask` at once, another 20, one every 0.5 s (replies
      through the bot's own 30 messages/s limiter, Telegram's pace). Latency of the other
      user's replies; the flooder's updates all stored; SIGTERM with that backlog.
    The scenarios are tests/reliability/load.py's, which the CI checks run with the
    issue's sizes and generous bounds; this script only runs more of them and prints.

Run: `python bench/intake.py [--postgres URL] [--markdown]` from the repository root.
A run takes several minutes: every update of the backlog is handled and answered over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import fresh_sqlite, machine_note, postgres_url, reset_postgres, show_table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the scenarios live with the tests

from bot.db.migrate import upgrade_to_head  # noqa: E402
from tests.reliability.load import Figures, flood_run, kill_run  # noqa: E402

KILLS = (  # (mode, updates a second, seconds, kill -9 at)
    ("polling", 100, 10, 4.0),
    ("polling", 300, 10, 4.0),
    ("polling", 300, 10, 7.5),
    ("webhook", 100, 10, 4.0),
    ("webhook", 300, 10, 4.0),
)


def row(name: str, backend: str, figures: Figures) -> list[str]:
    return [
        name,
        backend,
        f"{figures.tried:,}",
        str(figures.lost),
        str(figures.duplicated),
        str(figures.unanswered),
        f"{figures.worst_s:.2f} s",
        f"{figures.p99_s:.2f} s",
        f"{figures.rate:.0f}",
    ]


async def measure(backend: str, fresh: Callable[[], str]) -> list[list[str]]:
    rows = []
    cwd = Path(tempfile.mkdtemp())
    for mode, rate, seconds, kill_at in KILLS:
        url = await asyncio.to_thread(fresh)
        figures = await kill_run(
            url, cwd, rate=rate, seconds=seconds, kill_at=kill_at, webhook=mode == "webhook"
        )
        name = f"kill -9 at {kill_at:g} s, {rate}/s × {seconds} s, {mode}"
        rows.append(row(name, backend, figures))
        print(rows[-1], file=sys.stderr, flush=True)
    url = await asyncio.to_thread(fresh)
    flood = await flood_run(url, cwd)
    name = (
        f"2,000 at once from one user: the other's 20 (flood: {flood.flood_stored:,} stored, "
        f"{flood.slow_downs} slow-down, SIGTERM → exit {flood.stop_s:.1f} s)"
    )
    rows.append(row(name, backend, flood.other))
    print(rows[-1], file=sys.stderr, flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp())
    template = directory / "template.db"
    upgrade_to_head(f"sqlite+aiosqlite:///{template}")
    names = iter(range(1000))

    def fresh_file() -> str:
        return fresh_sqlite(template, directory, f"run{next(names)}.db")

    rows = asyncio.run(measure("SQLite", fresh_file))
    url, reason = postgres_url(args.postgres) if args.postgres else (None, "no --postgres")
    if url is None:
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
    else:

        def fresh_database() -> str:
            reset_postgres(url)
            return url

        rows += asyncio.run(measure("PostgreSQL", fresh_database))
    headers = [
        "fault",
        "backend",
        "tried",
        "lost",
        "duplicated",
        "unanswered",
        "worst latency",
        "p99",
        "answered/s",
    ]
    show_table("Intake under kill -9 and floods", headers, rows, args.markdown, left=2)
    print("\n" + machine_note(load=True))


if __name__ == "__main__":
    main()
