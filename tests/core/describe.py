"""One line per reading, as the corpora write them (see tests/core/reader_corpus.py)."""

from __future__ import annotations

from bot.core.parsing import LogRequest, ParseError
from bot.core.reader import Certain, Doubtful, Reading, Remark


def request_line(request: LogRequest) -> str:
    entries = "; ".join(
        f"{e.kind.value} {e.count}" + (f" {e.who}" if e.who else "") for e in request.entries
    )
    return entries + (f" @{request.days_back}" if request.days_back else "")


def describe(reading: Reading) -> str:
    if isinstance(reading, Certain):
        return request_line(reading.request)
    if isinstance(reading, Doubtful):
        return "? " + " | ".join(request_line(c) for c in reading.candidates)
    if isinstance(reading, Remark):
        return f"!{reading.kind.value}"
    if isinstance(reading, ParseError):
        return f"error: {reading.message}"
    return "-"


def matches(reading: Reading, expected: str) -> bool:
    found = describe(reading)
    if expected.startswith("error: "):
        return found.startswith(expected)
    return found == expected
