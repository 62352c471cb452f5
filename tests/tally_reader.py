"""Reading a group tally back the way a member reads it: every line the tally can have."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MEMBER_LINE = re.compile(
    r"^(?P<rank>\d+)\. (?P<name>.+?) — (?P<asks>\d+) asks?"
    r"(?: (?P<hit>🎯)| (?P<on_pace>✅)| · (?P<full>🧺 at capacity)"
    r"| · (?P<to_pace>\d+) to (?:pace|go))"
    r"(?P<details>(?: · \d+ (?:yes|no|leads?|touch(?:es)?))*)"
    r"(?: · 🔥 (?P<streak>\d+) weeks)?$"
)
DETAIL = re.compile(r" · (\d+) (yes|no|leads?|touch(?:es)?)")
HEAD_LINE = re.compile(
    r"^Target (\d+) asks a week each · "
    r"(?:week complete|pace by today: (\d+) \(day (\d+) of (\d+)\))$"
)
TEAM_LINE = re.compile(
    r"^Team: (\d+) of (\d+) asks(?: \((\d+)%\))?"
    r"(?: · (?:same as last week(?: so far)?|(↑|↓) (\d+) vs last week(?: so far)?))?$"
)
ALSO_LINE = re.compile(r"^Also: (.+)$")
PACE_LINE = re.compile(r"^(\d+) of (\d+) (?:on pace|hit (\d+) asks)(?:, (\d+) at capacity)?\.$")
MORE_LINE = re.compile(r"^…and (\d+) more: (\d+) asks?\.$")
HIDDEN_LINE = re.compile(r"^\+ (\d+) members? keeps? their numbers private\.$")
NOT_LOGGED = "Not logged yet: "
_KEYS = {"yes": "yes", "no": "no", "lead": "leads", "leads": "leads"}


def details_of(text: str) -> dict[str, int]:
    found = {"yes": 0, "no": 0, "leads": 0, "touches": 0}
    for count, word in DETAIL.findall(" · " + text.strip().removeprefix("·").strip()):
        found[_KEYS.get(word, "touches")] = int(count)
    return found


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    asks: int
    state: str
    """hit, on pace, at capacity or behind."""
    to_pace: int
    details: dict[str, int]
    streak: int


@dataclass
class Tally:
    text: str
    target: int = 0
    pace: int | None = None
    """None once the week is complete."""
    rows: list[Row] = field(default_factory=list)
    not_logged: list[str] = field(default_factory=list)
    hidden: int = 0
    more: tuple[int, int] | None = None
    team_asks: int | None = None
    goal: int | None = None
    change: int | None = None
    also: dict[str, int] = field(default_factory=dict)
    on_pace: tuple[int, int] | None = None
    at_capacity: int = 0
    focus: str | None = None

    @property
    def names(self) -> list[str]:
        return [row.name for row in self.rows]

    def row(self, name: str) -> Row:
        [row] = [row for row in self.rows if row.name == name]
        return row


def read_tally(text: str) -> Tally:
    tally = Tally(text)
    for line in text.split("\n"):
        if match := HEAD_LINE.match(line):
            tally.target = int(match[1])
            tally.pace = int(match[2]) if match[2] else None
        elif match := MEMBER_LINE.match(line):
            states = {"hit": "hit", "on_pace": "on pace", "full": "at capacity"}
            state = next((v for k, v in states.items() if match[k]), "behind")
            tally.rows.append(
                Row(
                    int(match["rank"]),
                    match["name"],
                    int(match["asks"]),
                    state,
                    int(match["to_pace"] or 0),
                    details_of(match["details"]),
                    int(match["streak"] or 0),
                )
            )
        elif line.startswith(NOT_LOGGED):
            tally.not_logged = line.removeprefix(NOT_LOGGED).split(", ")
        elif match := HIDDEN_LINE.match(line):
            tally.hidden = int(match[1])
        elif match := MORE_LINE.match(line):
            tally.more = (int(match[1]), int(match[2]))
        elif match := TEAM_LINE.match(line):
            tally.team_asks, tally.goal = int(match[1]), int(match[2])
            if match[4]:
                tally.change = int(match[5]) * (1 if match[4] == "↑" else -1)
            elif "same as" in line:
                tally.change = 0
        elif match := ALSO_LINE.match(line):
            tally.also = details_of(match[1])
        elif match := PACE_LINE.match(line):
            tally.on_pace = (int(match[1]), int(match[2]))
            tally.at_capacity = int(match[4] or 0)
        elif line.startswith("Team focus: "):
            tally.focus = line.removeprefix("Team focus: ")
    return tally
