"""The command catalogue: the menus registered with setMyCommands (one per scope: private
chats, groups, group admins), the bot's descriptions, and the /help texts."""

from __future__ import annotations

from dataclasses import dataclass

PRIVATE, GROUP, BOTH, ADMIN = "private", "group", "both", "admin"
"""Where a command belongs in the menus: private chats, groups, both, group admins only."""


@dataclass(frozen=True)
class Command:
    name: str
    menu: str
    usage: str
    help: str
    where: str = PRIVATE


COMMANDS: tuple[Command, ...] = (
    Command(
        "ask",
        "Log direct asks",
        "/ask [N] [who]",
        "Log N direct asks (default 1). /ask 3 · /ask Acme · /ask 2 yesterday.\n"
        "Asks with a name stay pending until you log /yes or /no for that name.",
        where=BOTH,
    ),
    Command(
        "lead",
        "Log new leads",
        "/lead [N] [who]",
        "Log N new leads (default 1). /lead 2 · /lead Acme",
        where=BOTH,
    ),
    Command(
        "nurture",
        "Log nurture touches",
        "/nurture [N] [note]",
        "Log N nurture touches — content, follow-ups, coffee (alias /touch).\n"
        "/nurture 2 · /nurture coffee with Bob",
        where=BOTH,
    ),
    Command(
        "yes",
        "Log a yes",
        "/yes [who]",
        "Log a yes. With a name it answers your latest pending ask to them. /yes Acme",
        where=BOTH,
    ),
    Command(
        "no",
        "Log a no — still progress",
        "/no [who]",
        "Log a no. A no is progress: it is an answer. /no Acme",
        where=BOTH,
    ),
    Command(
        "undo",
        "Remove your last entry",
        "/undo",
        "Remove your last entry and say what was removed. Editing the message that "
        "logged something re-logs it. In a group: your last log there (or, as a reply to "
        "one of your logs, that one), nothing logged elsewhere.",
        where=BOTH,
    ),
    Command("today", "Today's pace", "/today", "Today's counts per stage and pace vs target."),
    Command("week", "This week", "/week", "This week's counts per stage vs target."),
    Command(
        "stats",
        "Totals and answer rate",
        "/stats",
        "Totals since you started, answer rate (answered / asked) and yes rate.",
    ),
    Command(
        "tags",
        "Paths and offers (#tags)",
        "/tags [#tag]",
        "Per #tag over the last 30 days: leads → touches → asks → yes/no, answer and yes rates, "
        "where each path leaks and the strongest offer. Untagged entries are their own row.\n"
        "Tag any log with #word: /lead 3 #content · asked Tom #audit. /tags #content: one tag "
        "week by week. Tags are private: groups never see them.",
    ),
    Command(
        "settings",
        "All my settings",
        "/settings",
        "Every setting at once — timezone, targets, workdays, nudges, pause, follow-ups, "
        "digest, capacity, re-asks — with the command that changes each.",
    ),
    Command(
        "target",
        "Set daily targets",
        "/target N [leads N] [touches N]",
        "Set your daily ask target (default 5), optionally leads and touches too; alone, it "
        "shows the current one.\n/target 5 · /target 10 asks · /target 5 leads 3 touches 4",
    ),
    Command(
        "goal",
        "A target from your numbers",
        "/goal N yes a week",
        "Proposes the daily ask target that gets N yeses a week at your yes rate over the "
        "last 8 weeks, with a button to set it. Too little history: a starting point, and why.",
    ),
    Command(
        "capacity",
        "New clients you can take on",
        "/capacity N | off",
        "How many new clients (yeses) a week you can serve. Once this week's yeses reach it, "
        "nudges stop pushing asks and leads until next week. /capacity off removes it.",
    ),
    Command(
        "tz",
        "Set your timezone",
        "/tz Area/City",
        "Set your timezone — a zone, a city or UTC+N; alone, it shows the current one. The local "
        "day decides which day an entry counts for (before 03:00 it still counts for the "
        "previous day). /tz Europe/Berlin · /tz NYC · /tz UTC+1",
    ),
    Command(
        "remind",
        "Nudge times",
        "/remind 10:00 15:00 | off",
        "Local times (up to 4) for a nudge on your workdays — only while you're behind on asks; "
        "alone, it shows the current ones. /remind 9am 3pm",
    ),
    Command(
        "workdays",
        "Which days count",
        "/workdays mon-fri",
        "Days you work: nudges only then; other days never break a streak. /workdays mon,wed,fri",
    ),
    Command(
        "pause",
        "Holiday: no nudges",
        "/pause 7d | until Dec 27",
        "No nudges until then; paused days never break a streak. /resume ends it early.",
    ),
    Command("resume", "End a pause", "/resume", "Turn nudges back on after /pause or /snooze."),
    Command("snooze", "Quiet for a while", "/snooze 2h", "No nudges for that long (default 1h)."),
    Command(
        "followup",
        "Follow-up delay",
        "/followup 5d | off",
        "A named ask with no yes/no after this many days (default 3) gets one reminder.",
    ),
    Command(
        "pending",
        "Asks awaiting an answer",
        "/pending",
        "Named asks with no yes/no yet, and apart, the no's due to be asked again.",
    ),
    Command(
        "reask",
        "When no's come back",
        "/reask 6w | 30d | off",
        "Every no with a name comes back to be asked again after this long (default 30 days): "
        "on a workday at your reminder time, up to 3 names, with [Asked again] [Not yet] "
        "[Never]. Never while paused or at capacity.",
    ),
    Command(
        "digest",
        "Weekly digest on/off",
        "/digest on | off",
        "A weekly note with your first reminder of the week: last week per stage vs target, "
        "answer rate, streak and the leak.",
    ),
    Command(
        "chart",
        "Chart of recent weeks",
        "/chart [8w | 30d] [#tag]",
        "A PNG of asks, leads and touches per week against your target, from your first "
        'week (up to 12 weeks back; /chart 26w for more). This week is marked "so far" '
        "against its target to date. /chart #content charts one tag.",
    ),
    Command(
        "export",
        "Your entries as CSV",
        "/export [all]",
        "Your entries as a CSV file. Undone ones are left out; /export all keeps them, "
        "marked deleted = yes.",
    ),
    Command(
        "forget",
        "Delete all my data",
        "/forget",
        "Deletes everything about you after you confirm with a button.",
    ),
    Command(
        "join",
        "Join this group's tally",
        "/join",
        "In a group: be counted in its weekly tally (logging there counts you in the first "
        "time; after /leave only /join brings you back).",
        where=GROUP,
    ),
    Command(
        "leave",
        "Leave this group's tally",
        "/leave",
        "In a group: stop being counted.",
        where=GROUP,
    ),
    Command(
        "tally",
        "This week's group tally",
        "/tally",
        "In a group: this week so far — pace, streaks, who hasn't logged. One message a week, "
        "refreshed in place at most every 5 minutes.",
        where=GROUP,
    ),
    Command(
        "privacy",
        "What groups see of you",
        "/privacy full | totals | hidden | mention",
        "full: all your numbers · totals: your asks only · hidden: nothing — you're in no "
        "list, sum or count · mention / nomention: be @-mentioned in tallies. In a group it "
        "applies there (without joining); privately, to all your groups and later ones.",
        where=BOTH,
    ),
    Command(
        "groupset",
        "Group settings (admins)",
        "/groupset tally fri 5pm",
        "Admins only: /groupset tally fri 17:00 | tally off | tz Europe/Berlin | target 25 "
        "(asks a week each) | workdays mon-fri | remove (replying to a member, or their name)",
        where=ADMIN,
    ),
    Command(
        "help",
        "How to use the bot",
        "/help [command]",
        "Show help, or help for one command.",
        where=BOTH,
    ),
)


BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}
ALIASES: dict[str, str] = {"touch": "nurture", "start": "help"}


def help_overview() -> str:
    lines = [
        "Log as you go — ten seconds a time:",
        *(f"{command.usage} — {command.menu}" for command in COMMANDS),
        "",
        "Or just type: 3 asks · asked 2 · 2 leads, 4 touches · no from Acme",
        "/help <command> explains one command.",
    ]
    return "\n".join(lines)


def help_for(name: str) -> str | None:
    key = name.lstrip("/").split("@")[0].lower()
    command = BY_NAME.get(ALIASES.get(key, key))
    if command is None:
        return None
    return f"{command.usage}\n{command.help}"


SCOPES = {
    "private": (PRIVATE, BOTH),
    "group": (GROUP, BOTH),
    "group_admin": (GROUP, BOTH, ADMIN),
}
"""Which commands each menu offers: private chats, group members, group administrators."""


def menu_for(scope: str) -> tuple[Command, ...]:
    return tuple(command for command in COMMANDS if command.where in SCOPES[scope])
