"""Alembic environment: async engine, batch mode on SQLite, URL from salesbot's settings."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import load_settings
from bot.db.migrate import hold_migration_lock, migration_connect_args
from bot.db.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    return str(url) if url else load_settings().database_url


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    is_sqlite = (url or _url()).startswith("sqlite")
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
        literal_binds=connection is None,
    )


def _run_sync(connection: Connection) -> None:
    # One transaction for the whole upgrade, holding the migration lock from its start:
    # processes starting at once wait for each other (see bot.db.migrate).
    with connection.begin():
        hold_migration_lock(connection)
        _configure(connection)
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url(), connect_args=migration_connect_args(_url()))
    async with engine.connect() as connection:
        await connection.run_sync(_run_sync)
    await engine.dispose()


if context.is_offline_mode():
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
