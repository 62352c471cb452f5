"""The application's types, beside the wiring in `bot.app`: what PTB's `bot_data` holds
and the typed context every handler and job receives."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.db.engine import Database
from bot.runtime.clock import Clock, system_clock


class BotData:
    """Application-wide resources (PTB's bot_data): set by build_application and post_init."""

    settings: Settings
    db: Database
    clock: Clock = staticmethod(system_clock)


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
BotApp = Application[
    ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
]
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
