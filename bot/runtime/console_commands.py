"""The console's own commands — lines starting with `:`, never sent to the bot — read into
values (`At`, `As`, `InGroup`, `Private`, `Help`) or a one-line reason they can't be.

`:at` takes `+2h`, `+1d`, `+90m`, `+1w`, `+1d2h`, `15:01` (next time it is 15:01) or
`2026-12-08 15:01`, in the local time of the person speaking.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

HELP = """Console commands (a line starting with ":" is never sent to the bot):
  :at +2h | +1d | +30m | 15:01 | 2026-12-08 15:01
                      move the clock on (your local time), running the minute ticks
                      in between and printing what they send
  :as Bob             speak as another person (created on first use); :as me goes back
  :group Sales Team   speak in a group where every console person is a member
  :private            back to your private chat with the bot
  :help               this list
#N presses button N. /quit or Ctrl-D leaves."""

MAX_SPAN = dt.timedelta(days=366)
MAX_NAME = 64
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_SPAN = re.compile(r"\+((?:\d{1,6}[mhdw])+)")
_PART = re.compile(r"(\d+)([mhdw])")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class At:
    until: dt.datetime  # aware


@dataclass(frozen=True)
class As:
    name: str  # "me" for yourself


@dataclass(frozen=True)
class InGroup:
    title: str


@dataclass(frozen=True)
class Private:
    pass


@dataclass(frozen=True)
class Help:
    pass


ConsoleCommand = At | As | InGroup | Private | Help


def read_command(line: str, now: dt.datetime, tz: ZoneInfo) -> ConsoleCommand | str:
    """`line` (starting with ':') as a command, or why it isn't one. `now` is the console
    clock, `tz` the speaker's timezone (for `:at` with a local time)."""
    name, *words = line.strip()[1:].split() or [""]
    rest = " ".join(words)
    if name == "at":
        return _at(rest, now, tz)
    if name == "as":
        if not rest:
            return "Who? :as Bob speaks as Bob; :as me goes back to you."
        return As(rest[:MAX_NAME])
    if name == "group":
        return InGroup(rest[:128]) if rest else "Which group? e.g. :group Sales Team"
    if name == "private" and not rest:
        return Private()
    if name == "help" and not rest:
        return Help()
    return f"Unknown console command {line.split()[0]!r} — :help lists them."


def _at(text: str, now: dt.datetime, tz: ZoneInfo) -> At | str:
    until = _when(text, now, tz)
    if until is None:
        return "When? e.g. :at +2h, :at +1d, :at 15:01 or :at 2026-12-08 15:01"
    if until < now:
        return f"It is already {now.astimezone(tz):%Y-%m-%d %H:%M}: the clock only moves forward."
    if until - now > MAX_SPAN:
        return "That is more than a year ahead: move the clock a year at a time at most."
    return At(until)


def _when(text: str, now: dt.datetime, tz: ZoneInfo) -> dt.datetime | None:
    if match := _SPAN.fullmatch(text):
        parts = _PART.findall(match.group(1))
        return now + sum(
            (dt.timedelta(**{_UNITS[unit]: int(n)}) for n, unit in parts), dt.timedelta()
        )
    if match := _CLOCK.fullmatch(text):
        time = _time(int(match.group(1)), int(match.group(2)))
        if time is None:
            return None
        local = now.astimezone(tz)
        moment = _local(local.date(), time, tz)
        return moment if moment > now else _local(local.date() + dt.timedelta(days=1), time, tz)
    if match := _MOMENT.fullmatch(text):
        time = _time(int(match.group(2)), int(match.group(3)))
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
        return None if time is None else _local(day, time, tz)
    return None


def _time(hour: int, minute: int) -> dt.time | None:
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def _local(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)
