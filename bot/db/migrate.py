"""Alembic migrations from code (`salesbot migrate`, and on start of run/console), safe when
several processes start at once, and the check other commands make before touching data.

Concurrent starts: every upgrade runs in one transaction that first takes a lock — a
PostgreSQL advisory lock, an exclusive SQLite transaction — so the others wait, then find
the schema already at head and do nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

import migrations

MIGRATION_LOCK = 0x5A1E5B07
"""The advisory lock key on PostgreSQL: any number the bot uses for nothing else."""
SQLITE_LOCK_WAIT_S = 120
"""How long a second migrating process waits for SQLite's exclusive lock."""


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.attributes["database_url"] = database_url
    return config


def migration_connect_args(database_url: str) -> dict[str, object]:
    return {"timeout": SQLITE_LOCK_WAIT_S} if database_url.startswith("sqlite") else {}


def hold_migration_lock(connection: Connection) -> None:
    """Called first in the migration's transaction; released when it ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    else:
        # pysqlite opens transactions lazily: make this one exclusive from its start.
        connection.exec_driver_sql("BEGIN EXCLUSIVE")


def upgrade_to_head(database_url: str) -> None:
    """Bring the database to the newest schema. Runs its own event loop: call it outside one."""
    command.upgrade(alembic_config(database_url), "head")


def downgrade_to_base(database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "base")


def schema_behind(database_url: str) -> str | None:
    """None when the database has the newest schema; else one line saying what it has."""
    url = make_url(database_url)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        return f"there is no database at {file}"
    script = ScriptDirectory.from_config(alembic_config(database_url))
    needed = set(script.get_heads())
    current = asyncio.run(_current_heads(database_url))
    if current == needed:
        return None
    at, needs = ", ".join(sorted(current)) or "no schema", ", ".join(sorted(needed))
    return f"the database schema is not the one this version needs (at {at}, needs {needs})"


async def _current_heads(database_url: str) -> set[str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            heads = await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_heads()
            )
    finally:
        await engine.dispose()
    return set(heads)
