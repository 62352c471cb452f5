"""The argument of /tz (and /groupset tz): an IANA zone from what people type.

Pure. "Europe/Berlin", "berlin", "New York", "NYC", "UTC+1" / "GMT+1" (a fixed offset, stored
as Etc/GMT-1: the Etc names count the other way); "EST" and friends are explained, since they
never switch to summer time, with the zone to use instead; a typo gets a suggestion.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
import zoneinfo

from bot.core.parsing import ParseError, clean, quote

_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-−])\s*([0-9]{1,2})(?::?([0-9]{2}))?")
_EXAMPLE = "/tz Europe/Berlin"

ALIASES: dict[str, str] = {
    "nyc": "America/New_York",
    "ny": "America/New_York",
    "new york city": "America/New_York",
    "la": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "washington": "America/New_York",
    "dc": "America/New_York",
    "atlanta": "America/New_York",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "austin": "America/Chicago",
    "uk": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "ireland": "Europe/Dublin",
    "germany": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "france": "Europe/Paris",
    "spain": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "italy": "Europe/Rome",
    "milan": "Europe/Rome",
    "netherlands": "Europe/Amsterdam",
    "switzerland": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "india": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "japan": "Asia/Tokyo",
    "china": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "uae": "Asia/Dubai",
    "sydney australia": "Australia/Sydney",
    "melbourne australia": "Australia/Melbourne",
    "toronto canada": "America/Toronto",
    "vancouver canada": "America/Vancouver",
    "brazil": "America/Sao_Paulo",
    "sao paulo": "America/Sao_Paulo",
    "mexico": "America/Mexico_City",
    "mexico city": "America/Mexico_City",
}
ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "est": ("UTC−5", "America/New_York"),
    "edt": ("UTC−4", "America/New_York"),
    "et": ("UTC−5/−4", "America/New_York"),
    "cst": ("UTC−6", "America/Chicago"),
    "cdt": ("UTC−5", "America/Chicago"),
    "ct": ("UTC−6/−5", "America/Chicago"),
    "mst": ("UTC−7", "America/Denver"),
    "mdt": ("UTC−6", "America/Denver"),
    "pst": ("UTC−8", "America/Los_Angeles"),
    "pdt": ("UTC−7", "America/Los_Angeles"),
    "pt": ("UTC−8/−7", "America/Los_Angeles"),
    "cet": ("UTC+1", "Europe/Berlin"),
    "cest": ("UTC+2", "Europe/Berlin"),
    "met": ("UTC+1", "Europe/Berlin"),
    "eet": ("UTC+2", "Europe/Athens"),
    "wet": ("UTC+0", "Europe/Lisbon"),
    "bst": ("UTC+1", "Europe/London"),
    "ist": ("UTC+5:30", "Asia/Kolkata"),
    "jst": ("UTC+9", "Asia/Tokyo"),
    "aest": ("UTC+10", "Australia/Sydney"),
    "hst": ("UTC−10", "Pacific/Honolulu"),
}
"""Abbreviations people type, what they are, and the zone that keeps summer time right."""


@functools.cache
def _zone_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Zone names by casefolded name, and by casefolded city (the part after the last /)."""
    names = sorted((zoneinfo.available_timezones() | {"UTC"}) - _NOT_PLACES)
    by_city: dict[str, list[str]] = {}
    for name in names:
        if "/" in name and not name.startswith("Etc/"):
            by_city.setdefault(name.rsplit("/", 1)[1].casefold(), []).append(name)
    by_name = {name.casefold(): name for name in names}
    return by_name, {city: tuple(found) for city, found in by_city.items()}


def _fixed_offset(text: str, name: str) -> str | ParseError | None:
    """Etc/GMT∓N for "UTC±N" / "GMT±N"; None when the text is not an offset."""
    match = _OFFSET.fullmatch(text)
    if match is None:
        return None
    sign, hours, minutes = match[1], int(match[2]), int(match[3] or 0)
    east = sign == "+"
    if minutes:
        return ParseError(
            f"{quote(name)} isn't a whole hour — send your city instead, e.g. /tz Asia/Kolkata."
        )
    if hours == 0:
        return "UTC"
    if hours > (14 if east else 12):
        return ParseError(f"{quote(name)} is beyond any clock on Earth — try {_EXAMPLE}.")
    return f"Etc/GMT{'-' if east else '+'}{hours}"  # Etc/GMT-1 is UTC+1: POSIX counts westward


def _abbreviation(key: str, name: str) -> ParseError | None:
    found = ABBREVIATIONS.get(key)
    if found is None:
        return None
    offset, zone = found
    return ParseError(
        f"{name.strip().upper()} is a fixed {offset} all year, with no summer time — nudges "
        f"would drift an hour. Send /tz {zone} for that clock."
    )


def _suggestion(key: str, name: str) -> ParseError:
    by_name, by_city = _zone_index()
    choices = [*by_city, *ALIASES, *by_name]
    close = difflib.get_close_matches(key.replace("_", " "), choices, n=1, cutoff=0.75)
    if not close:
        close = difflib.get_close_matches(key, choices, n=1, cutoff=0.75)
    if close:
        found = close[0]
        zone = ALIASES.get(found) or by_name.get(found) or by_city[found][0]
        return ParseError(f"I don't know {quote(name)} — did you mean {zone}? Send /tz {zone}.")
    return ParseError(f"I don't know the timezone {quote(name)} — try {_EXAMPLE}.")


def parse_timezone(name: str) -> str | ParseError:
    """The IANA name for `name`: a zone (any case), a unique city, a well-known alias or a
    whole-hour UTC offset."""
    text = " ".join(clean(name).split()).casefold()
    if not text:
        return ParseError(f"Which timezone? Try {_EXAMPLE}.")
    if len(text) > 100:
        return ParseError(f"I don't know the timezone {quote(name)} — try {_EXAMPLE}.")
    key = text.replace(" ", "_")
    by_name, by_city = _zone_index()
    fixed = _fixed_offset(text, name) if key not in by_name else None
    abbreviation = _abbreviation(text, name)
    if fixed is not None:
        return fixed
    if abbreviation is not None:
        return abbreviation
    exact = by_name.get(key) or ALIASES.get(text)
    candidates = (exact,) if exact else by_city.get(key, ())
    if len(candidates) > 1:
        options = " or ".join(candidates[:3])
        return ParseError(f"{quote(name)} could be {options} — try /tz {candidates[0]}.")
    if candidates:
        with contextlib.suppress(Exception):
            return zoneinfo.ZoneInfo(candidates[0]).key
    return _suggestion(key, name)
