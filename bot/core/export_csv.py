"""The /export CSV: all of a user's entries, streamed row by row, safe to open in a spreadsheet.

Free text (`who`, and `kind` for good measure) that starts like a formula gets a leading
apostrophe, as OWASP advises against CSV injection. The file is UTF-8 with a byte-order mark:
without it Excel reads UTF-8 as the local ANSI code page and mangles names and emoji;
LibreOffice, Google Sheets, pandas (`utf-8-sig`) and Python's csv module all handle it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from zoneinfo import ZoneInfo

HEADER = ("date", "kind", "count", "who_or_note", "logged_at", "deleted", "tags")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (per OWASP)."""

_BOM = "\ufeff".encode()
_CHUNK_BYTES = 64 * 1024  # one write per chunk, not per row, for unbuffered streams


@dataclass(frozen=True)
class ExportRow:
    """One entry as exported; `created_at` is aware UTC (naive values are taken as UTC)."""

    day: dt.date
    kind: str
    count: int
    who: str | None
    created_at: dt.datetime
    deleted: bool
    tags: tuple[str, ...] = ()
    """Without '#'; written as "#content #audit"."""


def neutralise(cell: str) -> str:
    """`cell` with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def csv_lines(rows: Iterable[ExportRow], tz: ZoneInfo) -> Iterator[str]:
    """The header, then one CSV record per row (CRLF-terminated; quoted newlines may be inside)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # the "excel" dialect: commas, minimal quoting, CRLF

    def line(cells: Iterable[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(HEADER)
    for row in rows:
        yield line(
            (
                row.day.isoformat(),
                neutralise(row.kind),
                str(row.count),
                neutralise(row.who or ""),
                _local_iso(row.created_at, tz),
                "yes" if row.deleted else "no",
                neutralise(" ".join(f"#{tag}" for tag in row.tags)),
            )
        )


def write_csv(rows: Iterable[ExportRow], tz: ZoneInfo, out: IO[bytes]) -> int:
    """Stream the CSV as UTF-8 with a BOM into `out`; returns the number of data rows.

    Rows are consumed one at a time, so a generator over a database cursor keeps memory flat.
    Text that cannot be encoded (a lone surrogate) becomes '?' rather than failing the export.
    """
    out.write(_BOM)
    pending: list[bytes] = []
    pending_bytes = 0
    lines = -1  # the header is not a data row
    for text in csv_lines(rows, tz):
        encoded = text.encode("utf-8", errors="replace")
        pending.append(encoded)
        pending_bytes += len(encoded)
        lines += 1
        if pending_bytes >= _CHUNK_BYTES:
            out.write(b"".join(pending))
            pending.clear()
            pending_bytes = 0
    out.write(b"".join(pending))
    return lines


def _local_iso(moment: dt.datetime, tz: ZoneInfo) -> str:
    """'2026-11-26T13:00:00+01:00': local wall time with its offset, to the second."""
    if moment.tzinfo is None:  # SQLite hands back naive datetimes; they are stored as UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).isoformat(timespec="seconds")
