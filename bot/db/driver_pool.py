"""A few driver connections for the quick log path, each used by one caller at a time.

asyncpg's own pool costs about 67 µs a checkout and return here (its return is a shielded
task with a timeout, a reset hook and an idle timer; 50 µs with the timer off) against
2 µs for a semaphore and a list: at ~0.7 ms of CPU per `/ask`, that was 9 % of the
PostgreSQL path (bench/throughput.py, py-spy). The quick path needs none of what the
pool adds: it runs one autocommit statement and leaves no session state behind.

A connection whose work raised or was cancelled is terminated, not reused: its state is
unknown. One that the server closed while it sat idle is dropped when next taken (asyncpg
marks it closed as soon as the event loop reads the close), and a new one is opened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class DriverConnection(Protocol):
    """What the pool needs of a connection (asyncpg's `Connection` has all of it)."""

    def is_closed(self) -> bool: ...

    def terminate(self) -> None: ...

    async def close(self) -> None: ...


C = TypeVar("C", bound=DriverConnection)


class DriverPool(Generic[C]):
    """At most `size` connections, opened on demand and kept until `close`."""

    def __init__(self, connect: Callable[[], Awaitable[C]], size: int) -> None:
        self._connect = connect
        self._free = asyncio.Semaphore(size)
        self._idle: list[C] = []
        self._closed = False

    @property
    def idle(self) -> int:
        return len(self._idle)

    async def run(self, work: Callable[[C], Awaitable[T]]) -> T:
        """`work(connection)` on a connection no one else is using meanwhile."""
        async with self._free:
            connection = await self._take()
            try:
                result = await work(connection)
            except BaseException:
                connection.terminate()
                raise
            if self._closed:
                await connection.close()
            else:
                self._idle.append(connection)
            return result

    async def _take(self) -> C:
        if self._closed:
            raise RuntimeError("the driver pool is closed")
        while self._idle:
            connection = self._idle.pop()
            if not connection.is_closed():
                return connection
        return await self._connect()

    async def close(self) -> None:
        """Close the idle connections; those in use close when their work returns."""
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()
