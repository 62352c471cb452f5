"""The database handle: one short transaction per call, the same use-case code on both backends.

Use cases are plain synchronous functions taking an ORM `Session`. On PostgreSQL they run
through `AsyncSession.run_sync` over asyncpg. On SQLite every aiosqlite statement is a
thread hop, so a whole transaction instead runs as *one* hop: the sync pysqlite driver on a
single dedicated worker thread (SQLite has one writer anyway). On SQLite, WAL checkpoints
are the minute job's (`checkpoint`), not the committing transaction's.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_CONNECT_ATTEMPTS = 10
SQLITE_AUTOCHECKPOINT_PAGES = 10_000
"""A safety net only: the minute job checkpoints (`Database.checkpoint`). SQLite's default
of 1,000 pages made whichever commit crossed the mark — a nudge tick's claim, say — copy
the whole WAL into the database first."""


def _prepare_sqlite(connection: sqlite3.Connection) -> None:
    """The connection's PRAGMAs. The busy timeout comes first, so the others wait for a
    writer; the journal mode is only switched when it is not WAL already (switching needs
    the write lock); a lock that still gets in the way is retried, briefly."""
    connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    for attempt in range(1, SQLITE_CONNECT_ATTEMPTS + 1):
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_AUTOCHECKPOINT_PAGES}")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == SQLITE_CONNECT_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url.set(drivername="sqlite"), connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (not pysqlite) issue BEGIN, so that it can be BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        _prepare_sqlite(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: a deferred transaction that later upgrades to a
        # writer fails at once with "database is locked" instead of waiting on busy_timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """Runs service functions in one transaction each; created in post_init, disposed after."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        self._sync: sessionmaker[Session] | None = None
        self._async_engine: AsyncEngine | None = None
        self._executor: ThreadPoolExecutor | None = None
        if self.dialect == "sqlite":
            self._sync_engine = _sqlite_engine(self.url)
            self._sync = sessionmaker(self._sync_engine, expire_on_commit=False)
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        else:
            self._async_engine = create_async_engine(self.url, pool_size=10, max_overflow=10)
            self._async = async_sessionmaker(self._async_engine, expire_on_commit=False)

    async def run(self, service: Callable[[Session], T]) -> T:
        """Run `service(session)` in one transaction; commit on return, roll back on error."""
        if self._sync is not None and self._executor is not None:
            call = functools.partial(self._run_sync, self._sync, service)
            context = contextvars.copy_context()
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, context.run, call)
        async with self._async() as session, session.begin():
            return await session.run_sync(service)

    async def checkpoint(self) -> None:
        """SQLite: copy the WAL into the database file (PASSIVE: it waits for no one and
        holds no write lock), on the worker thread. PostgreSQL: nothing to do."""
        if self._executor is None:
            return
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, self._checkpoint_now)
        except (sqlite3.Error, SQLAlchemyError) as exc:  # harmless: the next minute retries
            log.warning("WAL checkpoint failed: %r", exc)

    def _checkpoint_now(self) -> None:
        # On the driver: outside any transaction (SQLAlchemy would begin one first).
        pooled = self._sync_engine.raw_connection()
        try:
            pooled.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).fetchall()
        finally:
            pooled.close()

    @staticmethod
    def _run_sync(factory: sessionmaker[Session], service: Callable[[Session], T]) -> T:
        with factory.begin() as session:
            return service(session)

    async def dispose(self) -> None:
        if self._async_engine is not None:
            await self._async_engine.dispose()
        if self._executor is not None:
            self._sync_engine.dispose()
            self._executor.shutdown(wait=True)
