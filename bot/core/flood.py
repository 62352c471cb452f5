"""The flood guard: how fast one user, and one chat, may have updates handled.

A token bucket per key (a user's id, a chat's id): a burst of `BURST` updates goes through at
once, then one every `1 / PER_SECOND` seconds. An update whose bucket is empty is not
dropped: it waits (in the inbox, on disk) until the bucket allows it, while other chats go
on. The first time a key runs dry it is told once to slow down; the notice is due again only
after its bucket has filled up (it was quiet for a while).

Pure: the caller passes the time (monotonic seconds), so tests move it by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BURST = 20
"""Updates a person (or a chat) may send at once: a phone coming back online sends its queue."""
PER_SECOND = 1.0
"""Then about one a second: what Telegram lets a bot answer in one chat."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


@dataclass(frozen=True, slots=True)
class Verdict:
    wait: float  # 0: go now (a token was taken from every bucket); else seconds until it may
    notify: bool  # the first refusal since the bucket was last full: say "slow down" once


GO = Verdict(0.0, False)


class FloodGuard:
    def __init__(self, burst: int = BURST, per_second: float = PER_SECOND) -> None:
        self.burst = burst
        self.per_second = per_second
        self._buckets: dict[int, _Bucket] = {}
        self._told: set[int] = set()

    def take(self, keys: Iterable[int], now: float) -> Verdict:
        """May an update of these keys (its user, its chat) be handled now?"""
        buckets = [self._refilled(key, now) for key in set(keys)]
        short = max((1.0 - bucket.tokens for bucket in buckets), default=0.0)
        if short <= 0:
            for bucket in buckets:
                bucket.tokens -= 1.0
            return GO
        first = [key for key in set(keys) if self._buckets[key].tokens < 1.0]
        notify = not self._told.intersection(first)
        self._told.update(first)
        return Verdict(short / self.per_second, notify)

    def forget_idle(self, now: float) -> None:
        """Drop the buckets that are full again: memory only for keys active lately."""
        for key in [key for key in self._buckets if self._refilled(key, now).tokens >= self.burst]:
            del self._buckets[key]
            self._told.discard(key)

    @property
    def tracked(self) -> int:
        return len(self._buckets)

    def _refilled(self, key: int, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        elif now > bucket.at:
            gained = (now - bucket.at) * self.per_second
            bucket.tokens = min(float(self.burst), bucket.tokens + gained)
            bucket.at = now
        return bucket


def slow_down(waiting: int) -> str:
    """The one notice a flooding chat gets."""
    return (
        f"🐢 That's a lot at once — {waiting} messages are waiting. Nothing is lost: I've "
        "saved them all and I'm answering them in order, about one a second, so there's no "
        "need to send anything again. (Tip: /ask 5 logs five asks in one message.)"
    )
