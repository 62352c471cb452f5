"""Personal settings: /target and /tz."""

from __future__ import annotations

from telegram import Update

from bot.app_types import Context
from bot.core import render
from bot.core.parsing import ParseError
from bot.core.setting_args import parse_targets, parse_timezone
from bot.handlers.common import command_args, reply, use
from bot.usecases import logbook as services


async def target(update: Update, context: Context) -> None:
    parsed = parse_targets(command_args(update))
    if isinstance(parsed, ParseError):
        await reply(update, parsed.message)
        return
    targets = await use(update, context, services.set_targets, targets=parsed)
    await reply(update, render.targets_set(targets))


async def timezone(update: Update, context: Context) -> None:
    args = command_args(update)
    if not args:
        await reply(update, "Which timezone? Send an IANA name, e.g. /tz Europe/Berlin")
        return
    tz = parse_timezone(args)
    if isinstance(tz, ParseError):
        await reply(update, tz.message)
        return
    local = await use(update, context, services.set_timezone, tz=tz)
    await reply(update, render.timezone_set(tz, local))
