"""The one place the bot is assembled: handlers, jobs and the database lifecycle."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.app_types import BotApp, BotData, Context
from bot.config import Settings
from bot.core import callbacks
from bot.core.catalogue import menu_for
from bot.core.domain import Kind
from bot.core.introductions import DESCRIPTION, SHORT_DESCRIPTION
from bot.core.reader_replies import CHOICE_PREFIX
from bot.db.engine import Database
from bot.handlers import account_commands as account
from bot.handlers import cycle_commands as cycle
from bot.handlers import entry_commands as entries
from bot.handlers import group_commands as groups
from bot.handlers import group_routes, start
from bot.handlers import reminder_commands as reminders
from bot.handlers import report_commands as reports
from bot.handlers import setting_commands as settings
from bot.handlers import tally_commands as tallies
from bot.handlers import undo_commands as undo
from bot.handlers.guards import drop_foreign, on_error
from bot.jobs import schedule_jobs
from bot.runtime import metrics
from bot.runtime.clock import Clock

log = logging.getLogger(__name__)

OFFLINE_TOKEN = "1:offline"
"""Token used with an injected request (console, tests, benchmarks): never sent anywhere."""


def update_kind(update: Update) -> str:
    """What an update asks for, for the log line: a command, a button, or the update type."""
    message = update.effective_message
    if update.callback_query is not None:
        return "button:" + (update.callback_query.data or "").split(":")[0]
    if message is not None and message.text and message.text.startswith("/"):
        return message.text.split()[0].split("@")[0][:32]
    if message is not None and message.text:
        return "text"
    return next((name for name in Update.ALL_TYPES if getattr(update, name, None)), "other")


class SalesbotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application plus one INFO line and the metrics of each handled update."""

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        token = metrics.start_update()
        try:
            await super().process_update(update)
        finally:
            kind = update_kind(update) if isinstance(update, Update) else "other"
            metrics.finish_update(token, kind, time.perf_counter() - started)
            if isinstance(update, Update) and log.isEnabledFor(logging.INFO):
                user = update.effective_user
                fields = {
                    "update_id": update.update_id,
                    "user_id": user.id if user else None,
                    "command": kind,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                }
                log.info(
                    "update %(update_id)s user %(user_id)s %(command)s %(duration_ms)sms",
                    fields,
                    extra=fields,
                )

    async def process_error(
        self,
        update: object | None,
        error: Exception,
        job: Any = None,
        coroutine: Any = None,
    ) -> bool:
        metrics.update_failed(error)
        return await super().process_error(update, error, job, coroutine)


def button_handlers() -> list[BaseHandler[Update, Context, None]]:
    """Every button press is answered: by its handler, or as no longer active."""
    return [
        CallbackQueryHandler(account.forget_pressed, pattern=f"^{callbacks.FORGET_PREFIX}"),
        CallbackQueryHandler(reminders.nudge_pressed, pattern=f"^{callbacks.NUDGE_PREFIX}"),
        CallbackQueryHandler(undo.undo_pressed, pattern=f"^{callbacks.UNDO_PREFIX}"),
        CallbackQueryHandler(entries.choice_pressed, pattern=f"^{CHOICE_PREFIX}"),
        CallbackQueryHandler(entries.answer_picked, pattern=f"^{callbacks.ANSWER_PREFIX}"),
        CallbackQueryHandler(cycle.reask_pressed, pattern=f"^{cycle.REASK_PREFIX}"),
        CallbackQueryHandler(cycle.goal_pressed, pattern=f"^{cycle.GOAL_PREFIX}"),
        CallbackQueryHandler(undo.unknown_button),
    ]


def handlers() -> list[BaseHandler[Update, Context, None]]:
    private = filters.ChatType.PRIVATE
    group_replies_to_bot = filters.ChatType.GROUPS & filters.REPLY
    return [
        *group_routes.handlers(),
        CommandHandler("start", start.start),
        CommandHandler("help", start.help_command),
        CommandHandler("ask", entries.log_command(Kind.ASK)),
        CommandHandler("lead", entries.log_command(Kind.LEAD)),
        CommandHandler(["nurture", "touch"], entries.log_command(Kind.NURTURE)),
        CommandHandler("yes", entries.log_command(Kind.YES)),
        CommandHandler("no", entries.log_command(Kind.NO)),
        CommandHandler("undo", undo.undo),
        CommandHandler("today", reports.today),
        CommandHandler("week", reports.week),
        CommandHandler("stats", reports.stats),
        CommandHandler("settings", settings.settings),
        CommandHandler("target", settings.target),
        CommandHandler("tz", settings.timezone),
        CommandHandler("remind", reminders.remind),
        CommandHandler("workdays", reminders.workdays),
        CommandHandler("pause", reminders.pause),
        CommandHandler("resume", reminders.resume),
        CommandHandler("snooze", reminders.snooze),
        CommandHandler("followup", reminders.followup),
        CommandHandler("pending", reminders.pending, filters=private),
        CommandHandler("digest", reminders.digest),
        CommandHandler("tags", cycle.tags, filters=private),
        CommandHandler("capacity", cycle.capacity, filters=private),
        CommandHandler("goal", cycle.goal, filters=private),
        CommandHandler("reask", cycle.reask),
        CommandHandler("join", groups.join),
        CommandHandler("leave", groups.leave),
        CommandHandler("tally", tallies.tally),
        CommandHandler("privacy", groups.privacy),
        CommandHandler("groupset", groups.groupset),
        CommandHandler("forget", account.forget, filters=private),
        CommandHandler("chart", reports.chart, filters=private),
        CommandHandler("export", account.export, filters=private),
        *button_handlers(),
        MessageHandler(filters.COMMAND & private, start.unknown_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, entries.quick_log),
        MessageHandler(filters.TEXT & ~filters.COMMAND & group_replies_to_bot, entries.reply_log),
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & private, start.not_text),
    ]


MENU_SCOPES: dict[str, BotCommandScope] = {
    "private": BotCommandScopeAllPrivateChats(),
    "group": BotCommandScopeAllGroupChats(),
    "group_admin": BotCommandScopeAllChatAdministrators(),
}


def menu(scope: str) -> list[BotCommand]:
    return [BotCommand(command.name, command.menu) for command in menu_for(scope)]


async def publish_profile(bot: Bot) -> None:
    """The menus per scope and the descriptions, set on every start so a new version's
    list replaces the old one. A failure costs only the menu: the bot still serves."""
    try:
        await bot.delete_my_commands()  # the one menu for every chat of earlier versions
        for scope, where in MENU_SCOPES.items():
            await bot.set_my_commands(menu(scope), scope=where)
        await bot.set_my_description(DESCRIPTION)
        await bot.set_my_short_description(SHORT_DESCRIPTION)
    except TelegramError as exc:
        log.warning("could not register the command menus and descriptions: %r", exc)


async def _post_init(application: BotApp) -> None:
    data = application.bot_data
    data.db = Database(data.settings.database_url)
    schedule_jobs(application)
    await publish_profile(application.bot)


async def _post_shutdown(application: BotApp) -> None:
    db = getattr(application.bot_data, "db", None)
    if db is not None:
        await db.dispose()


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    rate_limited: bool = True,
    concurrent_updates: bool | int = False,
) -> BotApp:
    """Build the whole bot. `request` replaces the network (console, tests, benchmarks).
    `concurrent_updates` is PTB's, for updates put on `update_queue`; `salesbot run` does not
    use that queue: it schedules updates fairly from the inbox (`bot.runtime.intake`)."""
    if request is None and settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to talk to Telegram")
    token = (
        settings.telegram_bot_token.get_secret_value()
        if request is None and settings.telegram_bot_token is not None
        else OFFLINE_TOKEN
    )
    # PTB's own defaults (256 connections for calls, 1 for getUpdates), metered.
    calls = metrics.MeteredRequest(request or HTTPXRequest(connection_pool_size=256))
    polls = calls if request else metrics.MeteredRequest(HTTPXRequest(connection_pool_size=1))
    builder = (
        ApplicationBuilder()
        .application_class(SalesbotApplication)
        .token(token)
        .base_url(f"{settings.telegram_api_url}/bot")
        .base_file_url(f"{settings.telegram_api_url}/file/bot")
        .context_types(ContextTypes(bot_data=BotData))
        .concurrent_updates(concurrent_updates)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .request(calls)
        .get_updates_request(polls)
    )
    if rate_limited and settings.telegram_send_rate > 0:
        limiter = AIORateLimiter(overall_max_rate=settings.telegram_send_rate, max_retries=3)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    application = cast(BotApp, builder.build())
    application.bot_data.settings = settings
    if clock is not None:
        application.bot_data.clock = clock
    metrics.attach(application, (calls, polls))
    application.add_handler(TypeHandler(Update, drop_foreign), group=-1)
    application.add_handlers(handlers())
    application.add_error_handler(on_error)
    return application


@asynccontextmanager
async def running(application: BotApp) -> AsyncIterator[BotApp]:
    """Initialise, run post_init and start (jobs, update queue) as run_polling would,
    without fetching updates: for the console, tests and benchmarks."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    # Everything built so far lives as long as the bot: keep it out of the collector's
    # sight, so a full collection walks only per-update garbage (measured: a 69 ms pause
    # at a steady 200 updates/s before, the p99 latency came from it).
    gc.collect()
    gc.freeze()
    try:
        yield application
    finally:
        gc.unfreeze()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
