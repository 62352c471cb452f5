"""The reader's speed: median microseconds to read one message of the corpus.

What is measured
    `bot.core.reader.read(text, today)` on every message of tests/core/reader_corpus.py
    (the text as typed, Thursday as today), pure Python, no I/O. Each message is read
    `--repeat` times (default 200) after 20 warm-up reads, one `time.process_time_ns()`
    pair around the batch (CPU time of this process: the machine is shared, and wall time
    would count the waits for a core too); its time per read is one sample. Printed: the
    median, p90 and the slowest message, over all messages (the goal for the median is
    ≤ 50 µs), then the same for `bot.core.log_args.parse_command` on `/ask` arguments.

Run: `python -m bench.reader [--repeat N]`
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bot.core.domain import Kind
from bot.core.log_args import parse_command
from bot.core.reader import read
from tests.core.reader_corpus import CORPUS, TODAY

GOAL_MICROSECONDS = 50.0
COMMAND_ARGS = ("3", "3 today", "3 asks", "2 on Friday", "Acme, Beta", "2 to Acme Corp", "")


def per_call(work: Callable[[], object], repeat: int) -> float:
    """Microseconds per call of `work`, timed over `repeat` calls after a warm-up."""
    for _ in range(20):
        work()
    start = time.process_time_ns()
    for _ in range(repeat):
        work()
    return (time.process_time_ns() - start) / repeat / 1000


def summary(name: str, samples: dict[str, float]) -> str:
    ordered = sorted(samples.values())
    slowest = max(samples, key=samples.__getitem__)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"{name}: {len(ordered)} messages · median {statistics.median(ordered):.1f} µs · "
        f"p90 {p90:.1f} µs · slowest {samples[slowest]:.1f} µs ({slowest[:40]!r})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args().repeat
    texts = {text: per_call(lambda t=text: read(t, TODAY), repeat) for text, _ in CORPUS}  # type: ignore[misc]
    print(summary("read", texts))
    met = statistics.median(texts.values()) <= GOAL_MICROSECONDS
    print(f"goal ≤ {GOAL_MICROSECONDS:.0f} µs median: {'met' if met else 'MISSED'}")
    commands = {
        args: per_call(lambda a=args: parse_command(Kind.ASK, a, TODAY), repeat)  # type: ignore[misc]
        for args in COMMAND_ARGS
    }
    print(summary("parse_command", commands))


if __name__ == "__main__":
    main()
