"""The /export CSV: round trips through csv.reader, formula neutralising, local times, streaming."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.domain import Kind
from bot.core.export_csv import HEADER, ExportRow, csv_lines, neutralise, write_csv

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
NOON_UTC = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


ROW = ExportRow(
    day=dt.date(2026, 11, 26),
    kind=Kind.ASK.value,
    count=3,
    who="Acme",
    created_at=NOON_UTC,
    deleted=False,
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WHO = st.one_of(
    st.text(),
    st.builds(str.__add__, st.sampled_from(FORMULA_STARTS), st.text()),
    st.text(alphabet=st.sampled_from([*FORMULA_STARTS, ",", '"', "\n", "'", "a", "é", "🚀"])),
)


def exported(rows: list[ExportRow], tz: ZoneInfo = BERLIN) -> list[list[str]]:
    """What a spreadsheet-minded reader sees: decode with utf-8-sig, parse with csv.reader."""
    out = io.BytesIO()
    assert write_csv(rows, tz, out) == len(rows)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_header_then_one_record_per_entry() -> None:
    records = exported([ROW, replace(ROW, who=None, kind="no", count=1, deleted=True)])

    assert records == [
        list(HEADER),
        ["2026-11-26", "ask", "3", "Acme", "2026-11-26T13:00:00+01:00", "no", ""],
        ["2026-11-26", "no", "1", "", "2026-11-26T13:00:00+01:00", "yes", ""],
    ]


def test_no_rows_is_just_the_header() -> None:
    assert exported([]) == [list(HEADER)]


def test_lines_end_in_crlf_and_the_header_comes_first() -> None:
    lines = list(csv_lines([ROW, replace(ROW, who="two\nlines")], UTC))

    assert lines[0] == "date,kind,count,who_or_note,logged_at,deleted,tags\r\n"
    assert all(line.endswith("\r\n") for line in lines)
    assert lines[2] == '2026-11-26,ask,3,"two\nlines",2026-11-26T12:00:00+00:00,no,\r\n'


@pytest.mark.parametrize(
    ("who", "cell"),
    [
        ("Acme, Inc.", "Acme, Inc."),
        ('the "big" one', 'the "big" one'),
        ("line one\nline two\r\nline three", "line one\nline two\r\nline three"),
        ("Zoë Ølberg — Straße", "Zoë Ølberg — Straße"),
        ("🤝 deal 🚀👩‍💻", "🤝 deal 🚀👩‍💻"),
        ("שלום עולם مرحبا", "שלום עולם مرحبا"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("a=b, not a formula", "a=b, not a formula"),
        ("", ""),
    ],
)
def test_tricky_who_values_round_trip(who: str, cell: str) -> None:
    [_, record] = exported([replace(ROW, who=who)])

    assert record[3] == cell


@given(who=WHO)
def test_any_who_round_trips_as_its_neutralised_self(who: str) -> None:
    [header, record] = exported([replace(ROW, who=who)])

    assert header == list(HEADER)
    assert record[3] == neutralise(who)
    assert not record[3].startswith(("=", "+", "-", "@"))


@given(cell=WHO)
def test_neutralise_only_prefixes_formula_starts(cell: str) -> None:
    result = neutralise(cell)

    assert not result.startswith(FORMULA_STARTS)
    assert result in (cell, "'" + cell)


def test_kind_is_neutralised_too() -> None:
    [_, record] = exported([replace(ROW, kind="=cmd")])

    assert record[1] == "'=cmd"


@pytest.mark.parametrize(
    ("created_at", "logged_at"),
    [
        (dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC), "2026-11-26T13:00:00+01:00"),  # winter
        (dt.datetime(2026, 7, 1, 12, 0, 30, 999, tzinfo=dt.UTC), "2026-07-01T14:00:30+02:00"),
        (dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=dt.UTC), "2026-03-29T01:59:59+01:00"),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), "2026-03-29T03:00:00+02:00"),  # spring on
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), "2026-10-25T02:30:00+02:00"),
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), "2026-10-25T02:30:00+01:00"),  # twice
    ],
)
def test_logged_at_is_local_iso_with_offset(created_at: dt.datetime, logged_at: str) -> None:
    [_, record] = exported([replace(ROW, created_at=created_at)])

    assert record[4] == logged_at
    assert dt.datetime.fromisoformat(record[4]) == created_at.replace(microsecond=0)


def test_naive_created_at_is_taken_as_utc() -> None:
    naive = dt.datetime(2026, 11, 26, 12, 0)  # noqa: DTZ001 - what SQLite hands back

    [_, record] = exported([replace(ROW, created_at=naive)])

    assert record[4] == "2026-11-26T13:00:00+01:00"


def test_a_lone_surrogate_does_not_fail_the_export() -> None:
    [_, record] = exported([replace(ROW, who="bad \ud800 text")])

    assert record[3] == "bad ? text"


@pytest.mark.stress
def test_100k_rows_stream_with_flat_memory(tmp_path: Path) -> None:
    count = 100_000

    def rows() -> Iterator[ExportRow]:
        start = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)
        for i in range(count):
            yield ExportRow(
                day=dt.date(2024, 1, 1) + dt.timedelta(days=i // 50),
                kind=("ask", "lead", "nurture", "yes", "no")[i % 5],
                count=1 + i % 7,
                who=f'prospect {i}, "quoted" =x' if i % 3 else None,
                created_at=start + dt.timedelta(minutes=i),
                deleted=i % 11 == 0,
            )

    path = tmp_path / "export.csv"
    with path.open("wb") as out:
        tracemalloc.start()
        try:
            baseline, _ = tracemalloc.get_traced_memory()
            written = write_csv(rows(), BERLIN, out)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    with path.open(encoding="utf-8-sig", newline="") as back:
        records = sum(1 for _ in csv.reader(back))

    assert written == count
    assert records == count + 1
    assert path.stat().st_size > 5 * 1024 * 1024  # bigger than the memory bound below
    assert peak - baseline < 5 * 1024 * 1024
