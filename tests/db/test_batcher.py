"""Group commit (`bot.db.batcher`): who is flushed with whom, and what each caller gets."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.db.batcher import Batcher

Item = tuple[str, int]  # (key, value)


class Store:
    """A flush that records every group it is given and, while `gate` is shut, holds it:
    the stand-in for a slow database. A negative value is refused: its result is an error."""

    def __init__(self) -> None:
        self.groups: list[list[Item]] = []
        self.finished: list[list[Item]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.running = 0
        self.most_running = 0
        self.one_at_a_time = False  # the gate lets one flush through, then shuts again

    async def __call__(self, items: Sequence[Item]) -> Sequence[int | BaseException]:
        self.groups.append(list(items))
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            await self.gate.wait()
            if self.one_at_a_time:
                self.gate.clear()
        finally:
            self.running -= 1
        if any(value == 0 for _key, value in items):
            raise ConnectionError("the whole group failed")
        self.finished.append(list(items))
        return [ValueError(key) if value < 0 else value * 10 for key, value in items]


def batcher(store: Store, lanes: int = 1, max_batch: int = 64) -> Batcher[Item, int]:
    return Batcher(store, key=lambda item: item[0], lanes=lanes, max_batch=max_batch)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_lone_item_is_flushed_alone_and_answered() -> None:
    store = Store()

    assert await batcher(store).submit(("ann", 1)) == 10
    assert store.groups == [[("ann", 1)]]


async def test_items_arriving_during_a_flush_go_together_in_the_next() -> None:
    store = Store()
    groups = batcher(store, lanes=1)
    store.gate.clear()
    first = asyncio.create_task(groups.submit(("ann", 1)))
    await settle()
    later = [asyncio.create_task(groups.submit((key, n))) for n, key in enumerate("bcd", 2)]
    await settle()
    store.gate.set()

    assert await first == 10
    assert [await task for task in later] == [20, 30, 40]
    assert store.groups == [[("ann", 1)], [("b", 2), ("c", 3), ("d", 4)]]


async def test_one_key_is_never_in_two_groups_at_once() -> None:
    """Ann's second message waits for her first, even with lanes free."""
    store = Store()
    groups = batcher(store, lanes=3)
    store.gate.clear()
    tasks = [
        asyncio.create_task(groups.submit(item)) for item in [("ann", 1), ("ann", 2), ("bob", 3)]
    ]
    await settle()
    in_flight = list(store.groups)
    store.gate.set()

    assert [await task for task in tasks] == [10, 20, 30]
    assert in_flight == [[("ann", 1)], [("bob", 3)]]
    assert store.groups == [[("ann", 1)], [("bob", 3)], [("ann", 2)]]


async def test_lanes_bound_the_flushes_running_at_once() -> None:
    store = Store()
    groups = batcher(store, lanes=2)
    store.gate.clear()
    tasks = []
    for n in range(1, 7):
        tasks.append(asyncio.create_task(groups.submit((f"user {n}", n))))
        await settle()
    store.gate.set()

    assert [await task for task in tasks] == [10 * n for n in range(1, 7)]
    assert store.most_running == 2
    assert sorted(item for group in store.groups for item in group) == sorted(
        (f"user {n}", n) for n in range(1, 7)
    )
    assert len(store.groups) == 3  # two alone, then the four that waited, in one group


async def test_a_group_is_at_most_max_batch_items() -> None:
    store = Store()
    groups = batcher(store, lanes=1, max_batch=2)
    store.gate.clear()
    tasks = [asyncio.create_task(groups.submit((f"user {n}", n))) for n in range(1, 6)]
    await settle()
    store.gate.set()

    await asyncio.gather(*tasks)
    assert [len(group) for group in store.groups] == [1, 2, 2]  # the first went at once


async def test_an_error_for_one_item_reaches_only_its_caller() -> None:
    store = Store()
    groups = batcher(store, lanes=1)
    store.gate.clear()
    tasks = [asyncio.create_task(groups.submit(item)) for item in [("a", 1), ("b", -1), ("c", 3)]]
    await settle()
    store.gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)

    assert results[0] == 10
    assert isinstance(results[1], ValueError)
    assert results[2] == 30


async def test_a_failed_flush_fails_its_group_and_the_next_group_goes_on() -> None:
    store = Store()
    groups = batcher(store, lanes=1)
    store.gate.clear()
    blocked = asyncio.create_task(groups.submit(("a", 1)))
    await settle()
    doomed = [asyncio.create_task(groups.submit(item)) for item in [("b", 0), ("c", 3)]]
    await settle()
    store.gate.set()

    assert await blocked == 10
    for task in doomed:
        with pytest.raises(ConnectionError):
            await task
    assert await groups.submit(("c", 3)) == 30


async def test_a_caller_cancelled_before_its_flush_is_not_written() -> None:
    store = Store()
    groups = batcher(store, lanes=1)
    store.gate.clear()
    first = asyncio.create_task(groups.submit(("a", 1)))
    await settle()
    gone = asyncio.create_task(groups.submit(("b", 2)))
    stays = asyncio.create_task(groups.submit(("c", 3)))
    await settle()
    gone.cancel()
    await settle()
    store.gate.set()

    assert await first == 10
    assert await stays == 30
    assert gone.cancelled()
    assert store.groups == [[("a", 1)], [("c", 3)]]


async def test_a_group_begun_is_finished_though_its_callers_are_cancelled() -> None:
    store = Store()
    store.one_at_a_time = True
    groups = batcher(store, lanes=1)
    store.gate.clear()
    first = asyncio.create_task(groups.submit(("a", 1)))
    await settle()
    waiting = [asyncio.create_task(groups.submit(item)) for item in [("b", 2), ("c", 3)]]
    await settle()
    store.gate.set()  # the first flush goes through; the group of b and c begins
    await settle()
    for task in waiting:
        task.cancel()
    await settle()
    store.gate.set()
    await groups.close()

    assert await first == 10
    assert all(task.cancelled() for task in waiting)
    assert store.finished == [[("a", 1)], [("b", 2), ("c", 3)]]


async def test_a_flush_cancelled_midway_cancels_its_callers_and_frees_its_lane() -> None:
    """As when the lane's task is cancelled while the database works (shutdown)."""
    calls: list[Sequence[Item]] = []

    async def cancelled_once(items: Sequence[Item]) -> Sequence[int | BaseException]:
        calls.append(items)
        if len(calls) == 1:
            raise asyncio.CancelledError
        return [value for _key, value in items]

    groups: Batcher[Item, int] = Batcher(cancelled_once, key=lambda i: i[0], lanes=1, max_batch=8)
    first = asyncio.create_task(groups.submit(("a", 1)))
    await settle()

    assert first.cancelled()
    assert await groups.submit(("a", 2)) == 2
