"""What only happens in groups, routed before the handlers for every chat: Telegram's
roster updates, group help, and personal commands kept out of the group."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, ChatMemberHandler, CommandHandler, MessageHandler, filters

from bot.app_types import Context
from bot.handlers import group_commands as groups
from bot.handlers import group_replies, start
from bot.handlers import report_commands as reports
from bot.handlers import roster_updates as roster

PRIVATE_DATA = ("pending", "forget", "chart", "export", "tags", "goal", "capacity", "reask")
PERSONAL_SETTINGS = ("target", "tz", "remind", "workdays", "pause", "resume", "snooze")
PRIVATE_ONLY = (*PRIVATE_DATA, *PERSONAL_SETTINGS, "followup", "digest", "settings")
"""One person's data or settings: in a group, only a pointer to the private chat."""
PRIVATE_ANSWERS = {
    "today": reports.today_text,
    "week": reports.week_text,
    "stats": reports.stats_text,
}
"""Personal reports: asked in a group, answered in the private chat."""


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """What only happens in groups; registered before the handlers for every chat."""
    in_group = filters.ChatType.GROUPS
    return [
        ChatMemberHandler(roster.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        ChatMemberHandler(roster.member_changed, ChatMemberHandler.CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, roster.migrated),
        MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, roster.members_joined),
        MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, roster.member_left),
        CommandHandler(["start", "help"], groups.group_help, filters=in_group),
        CommandHandler(PRIVATE_ONLY, start.private_only, filters=in_group),
        *(
            CommandHandler(name, group_replies.answered_privately(compose), filters=in_group)
            for name, compose in PRIVATE_ANSWERS.items()
        ),
    ]
