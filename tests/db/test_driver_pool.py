"""The quick log path's own asyncpg connections (`bot.db.driver_pool`), on a real PostgreSQL
(TEST_DATABASE_URL; skipped without it outside CI)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy.engine import make_url

from bot.db.driver_pool import DriverPool
from tests.harness import until


@pytest.fixture
def dsn(postgres_schema: str) -> str:
    return make_url(postgres_schema).set(drivername="postgresql").render_as_string(False)


class Connector:
    """Opens asyncpg connections and remembers them."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.opened: list[Any] = []

    async def __call__(self) -> Any:
        connection = await asyncpg.connect(self.dsn)
        self.opened.append(connection)
        return connection


async def backend_pid(connection: Any) -> int:
    return int(await connection.fetchval("SELECT pg_backend_pid()"))


async def test_connections_are_reused_and_bounded(dsn: str) -> None:
    connect = Connector(dsn)
    pool = DriverPool(connect, 3)

    async def slow(connection: Any) -> int:
        pid = await backend_pid(connection)
        await connection.execute("SELECT pg_sleep(0.01)")
        return pid

    try:
        at_once = await asyncio.gather(*(pool.run(slow) for _ in range(30)))
        one_by_one = [await pool.run(backend_pid) for _ in range(10)]
    finally:
        await pool.close()

    assert len(connect.opened) == 3
    assert len(set(at_once)) == 3
    assert set(one_by_one) <= set(at_once)
    assert all(connection.is_closed() for connection in connect.opened)


async def test_a_connection_whose_work_failed_is_not_reused(dsn: str) -> None:
    connect = Connector(dsn)
    pool = DriverPool(connect, 2)

    async def fails(connection: Any) -> None:
        await connection.execute("SELECT 1/0")

    try:
        first = await pool.run(backend_pid)
        with pytest.raises(asyncpg.DivisionByZeroError):
            await pool.run(fails)
        after = await pool.run(backend_pid)
    finally:
        await pool.close()

    assert connect.opened[0].is_closed()
    assert after != first
    assert len(connect.opened) == 2


async def test_a_connection_the_server_closed_while_idle_is_replaced(dsn: str) -> None:
    connect = Connector(dsn)
    pool = DriverPool(connect, 2)
    admin = await asyncpg.connect(dsn)
    try:
        first = await pool.run(backend_pid)
        await admin.execute("SELECT pg_terminate_backend($1)", first)
        await until(connect.opened[0].is_closed)

        after = await pool.run(backend_pid)
    finally:
        await admin.close()
        await pool.close()

    assert after != first
    assert len(connect.opened) == 2


async def test_a_closed_pool_takes_no_work_and_closes_what_comes_back(dsn: str) -> None:
    connect = Connector(dsn)
    pool = DriverPool(connect, 2)
    release = asyncio.Event()

    async def waits(connection: Any) -> int:
        await release.wait()
        return await backend_pid(connection)

    busy = asyncio.create_task(pool.run(waits))
    await until(lambda: connect.opened)
    await pool.close()
    release.set()
    await busy

    assert connect.opened[0].is_closed()
    with pytest.raises(RuntimeError, match="closed"):
        await pool.run(backend_pid)
