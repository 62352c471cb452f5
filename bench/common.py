"""What the benchmark scripts share: the PostgreSQL check and reset, SQLite copies of a
migrated template, percentiles, the tables and the machine line.

The scripts run as `python bench/<name>.py`, which puts bench/ first on `sys.path`, so
they import this module as `common`.

bench/memory.py measures the memory of a process that imports this module: keep the
imports at module level to what every script loads anyway (`statistics` is imported where
it is used, and the bot's types only for type checking).
"""

from __future__ import annotations

import asyncio
import math
import os
import platform
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import SettingsError, load_settings
from bot.db.migrate import downgrade_to_base, upgrade_to_head

if TYPE_CHECKING:
    from bot.app_types import BotApp

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


# --- databases -------------------------------------------------------------------------------


async def unreachable(url: str) -> str | None:
    """Why PostgreSQL at `url` cannot be used, or None when it answers."""
    engine = create_async_engine(url, connect_args={"timeout": 5})
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "skip PostgreSQL"
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


def postgres_url(raw: str) -> tuple[str | None, str | None]:
    """The normalised URL when PostgreSQL is usable, else (None, the reason)."""
    try:
        url = load_settings(database_url=raw, telegram_bot_token=None).database_url
    except SettingsError as exc:
        return None, str(exc)
    if not url.startswith("postgresql"):
        return None, f"not a PostgreSQL URL: {raw}"
    reason = asyncio.run(unreachable(url))
    return (None, reason) if reason else (url, None)


def asyncpg_dsn(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as asyncpg's own `connect` takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def reset_postgres(url: str) -> None:
    """Empty and migrated at head. The database may be shared with the test suite.

    Runs its own event loop: call it outside `asyncio.run`."""
    downgrade_to_base(url)
    upgrade_to_head(url)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def fresh_sqlite(template: Path, directory: Path, name: str) -> str:
    """A copy of the migrated `template` as `directory / name`; returns its URL."""
    path = directory / name
    shutil.copyfile(template, path)
    return sqlite_url(path)


def without_jobs(app: BotApp) -> None:
    """Remove the app's own jobs (the minute tick): only what is measured may touch the
    database or send."""
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        job.schedule_removal()


# --- timing and memory -----------------------------------------------------------------------


def percentile_ms(samples: Sequence[float], percent: int) -> float:
    """Interpolated percentile (`statistics.quantiles`, inclusive) of seconds, in ms."""
    import statistics  # here, not at the top: see the module docstring

    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] * 1000


def median_ms(samples: Sequence[float]) -> float:
    import statistics  # here, not at the top: see the module docstring

    return statistics.median(samples) * 1000


def p95_ms(samples: Sequence[float]) -> float:
    """The 95th percentile by nearest rank (below 20 samples: the slowest), in ms."""
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000


def memory_kb() -> dict[str, int]:
    """VmRSS and VmHWM of this process in KiB (Linux)."""
    status = Path("/proc/self/status").read_text()
    found = re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE)
    return {name: int(kb) for name, kb in found}


# --- tables ----------------------------------------------------------------------------------


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Aligned columns: the first `left` flush left, the rest flush right."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """A Markdown table: the first `left` columns aligned left, the rest right."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    align = "|" + "---|" * left + "---:|" * (len(headers) - left)
    return "\n".join([line(headers), align, *(line(row) for row in rows)])


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool, *, left: int = 1
) -> str:
    return markdown_table(headers, rows, left) if markdown else plain_table(headers, rows, left)


def show_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    markdown: bool,
    *,
    left: int = 1,
) -> None:
    """Print the title (bold in Markdown) between blank lines, then the table."""
    print(f"\n**{title}**\n" if markdown else f"\n{title}\n")
    print(table(headers, rows, markdown, left=left))


def machine_note(*versions: str, load: bool = False) -> str:
    """Python, CPUs and platform (and the load average), then `versions` ("name 1.2")."""
    average = ", load " + ", ".join(f"{value:.1f}" for value in os.getloadavg()) if load else ""
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}{average}; "
        + ", ".join(versions)
    )
