"""What the bot says about itself: the welcome, Telegram's bot descriptions, the group
features page of the `?start=groups` deep link. Pure."""

from __future__ import annotations

from bot.core.catalogue import help_overview


def welcome(first_name: str, tz: str, target: int, nudges: str) -> str:
    return (
        f"Hi {first_name}! I keep you honest about sales volume.\n"
        "Sales runs lead → nurture → the direct ask, and the ask is the step people skip. "
        "Log every ask the moment you make it: /ask (or just type “ask”). "
        "A no counts too — it is an answer.\n\n"
        f"Your day: {target} asks target (/target to change), timezone {tz} (/tz to change).\n"
        f"{nudges} (/remind, /workdays, /pause).\n\n" + help_overview()
    )


DESCRIPTION = (
    "I keep you honest about sales volume. Sales runs lead → nurture → the direct ask, and "
    "the ask is the step people skip. Log each ask the moment you make it (“asked Sarah”, "
    "/ask 3), see your pace against a target drawn from your own numbers, and get a nudge "
    "only while you're behind. A no counts too: it is an answer.\n\n"
    "Accountability group? Add me to it: members log there and get a weekly tally."
)
"""setMyDescription: what an empty private chat shows before /start (at most 512)."""
SHORT_DESCRIPTION = "Log your direct asks in ten seconds; see your pace; get nudged when behind."
"""setMyShortDescription: the bot's profile page and shared links (at most 120)."""


def group_features(add_to_group_link: str) -> str:
    """/start groups (the deep link t.me/<bot>?start=groups): what a group gets."""
    return (
        "Accountability groups: add me to your group and everyone's volume is visible to "
        "the others — that is the accountability.\n"
        "• /join in the group: be counted in its weekly tally (/leave to stop).\n"
        "• Log there with /ask, /lead, /nurture, /yes, /no, or privately: it counts for your "
        "groups too.\n"
        "• /tally shows this week so far; a weekly tally is posted on Fridays at 17:00.\n"
        "• /privacy full | totals | hidden: all your numbers, your asks only, or nothing.\n"
        "• Admins: /groupset tally fri 5pm | tally off | tz Europe/Berlin | target 25.\n\n"
        f"Add me to a group: {add_to_group_link}"
    )
