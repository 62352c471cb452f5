"""Group commit: writes that arrive while earlier ones are in flight go together.

A write that finds a lane free is flushed at once, in its caller's task (a new task
would start only after every other ready callback, with the database idle meanwhile).
Under load, while `lanes` flushes are running, new items wait and the next lane to finish
takes them all in one flush, in a task of its own (one statement, one commit: on
PostgreSQL a commit waits for the WAL to reach the disk, and with several per statement
that wait, the round trip and the statement's own work are shared). Each caller still
gets its own result only after its flush has returned, i.e. after the commit.

Items with the same key never share a flush nor run in two at once (a user's second
message waits for the first's), so each caller's result reads as if the writes had run
one by one. An item whose caller was cancelled before its flush began is dropped. A
caller cancelled during its own lone flush cancels that flush, as cancelling any
statement would; a group of waiting items, once begun, runs to the end whatever happens
to their callers.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

Flush = Callable[[Sequence[Item]], Awaitable[Sequence[Result | BaseException]]]
"""Writes the items; returns one result or exception per item, in order."""


@dataclass(frozen=True)
class _Waiting(Generic[Item, Result]):
    item: Item
    key: Hashable
    result: asyncio.Future[Result]


class Batcher(Generic[Item, Result]):
    def __init__(
        self,
        flush: Flush[Item, Result],
        key: Callable[[Item], Hashable],
        lanes: int,
        max_batch: int,
    ) -> None:
        self._flush = flush
        self._key = key
        self._free_lanes = lanes
        self._max_batch = max_batch
        self._waiting: deque[_Waiting[Item, Result]] = deque()
        self._lanes: set[asyncio.Task[None]] = set()
        self._in_flight: set[Hashable] = set()

    async def submit(self, item: Item) -> Result:
        result: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(item, self._key(item), result))
        if self._free_lanes:
            # Flush at once, in this task: a new task would start only after every other
            # ready callback, and the database would sit idle meanwhile.
            self._free_lanes -= 1
            try:
                if batch := self._next_batch():  # this item, unless its key is in flight
                    await self._run(batch)
            finally:
                self._hand_over_lane()
        return await result

    def _hand_over_lane(self) -> None:
        """Items that came meanwhile go on in a task of their own; else the lane is free."""
        if not self._waiting:
            self._free_lanes += 1
            return
        lane = asyncio.create_task(self._lane())
        self._lanes.add(lane)
        lane.add_done_callback(self._lanes.discard)

    async def _lane(self) -> None:
        try:
            while batch := self._next_batch():
                await self._run(batch)
        finally:
            self._free_lanes += 1

    def _next_batch(self) -> list[_Waiting[Item, Result]]:
        """The oldest waiting items, one per key and none of a key in flight, whose
        callers still wait."""
        batch: list[_Waiting[Item, Result]] = []
        later: list[_Waiting[Item, Result]] = []
        while self._waiting and len(batch) < self._max_batch:
            waiting = self._waiting.popleft()
            if waiting.result.done():  # cancelled
                continue
            if waiting.key in self._in_flight:
                later.append(waiting)
            else:
                self._in_flight.add(waiting.key)
                batch.append(waiting)
        self._waiting.extendleft(reversed(later))
        return batch

    async def _run(self, batch: Sequence[_Waiting[Item, Result]]) -> None:
        results: Sequence[Result | BaseException]
        try:
            results = await self._flush([waiting.item for waiting in batch])
        except Exception as exc:
            results = [exc] * len(batch)
        except BaseException as exc:  # cancelled: its callers are told so, too
            results = [exc] * len(batch)
            raise
        finally:
            self._in_flight.difference_update(waiting.key for waiting in batch)
            _settle(batch, results)

    async def close(self) -> None:
        """Wait for the flushes in flight."""
        if self._lanes:
            await asyncio.gather(*self._lanes, return_exceptions=True)


def _settle(
    batch: Sequence[_Waiting[Item, Result]], results: Sequence[Result | BaseException]
) -> None:
    if len(results) != len(batch):
        results = [RuntimeError(f"{len(results)} results for {len(batch)} items")] * len(batch)
    for waiting, result in zip(batch, results, strict=True):
        if waiting.result.done():
            continue
        if isinstance(result, asyncio.CancelledError):
            waiting.result.cancel()
        elif isinstance(result, BaseException):
            waiting.result.set_exception(result)
        else:
            waiting.result.set_result(result)
