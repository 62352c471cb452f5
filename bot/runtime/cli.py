"""The `salesbot` command line: run, console, migrate."""

from __future__ import annotations

import argparse
import asyncio
import functools
import sys
from typing import IO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from bot.db.migrate import upgrade_to_head
from bot.runtime.logs import configure_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salesbot", description="A Telegram bot that keeps your direct asks up."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="serve the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    commands.add_parser("console", help="chat with the bot in this terminal: no token needed")
    commands.add_parser("migrate", help="upgrade the database to the newest schema")
    export = commands.add_parser("export", help="write one user's entries as CSV")
    export.add_argument("--user", type=int, required=True, help="the user's Telegram id")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--all", action="store_true", help="keep undone entries (marked)")
    return parser


def _fail(message: str) -> int:
    print(f"salesbot: {message}", file=sys.stderr)
    return 2


def _migrate(settings: Settings) -> str | None:
    """Upgrade to head; return a one-line problem instead of a traceback."""
    try:
        upgrade_to_head(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"cannot use the database {where}: {reason}"
    return None


async def _export(settings: Settings, user_id: int, out: IO[bytes], with_undone: bool) -> int:
    from bot.db.engine import Database
    from bot.usecases.history import export_entries

    db = Database(settings.database_url)
    try:
        summary = await db.run(
            functools.partial(export_entries, user_id=user_id, out=out, with_undone=with_undone)
        )
    finally:
        await db.dispose()
    print(f"{summary.entries} entries exported for user {user_id}.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(str(exc))
    configure_logging(settings, quiet=args.command in ("console", "export"))
    if args.command == "run" and settings.telegram_bot_token is None:
        return _fail("TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)")
    problem = _migrate(settings)
    if problem:
        return _fail(problem)
    if args.command == "migrate":
        print("Database schema is up to date.")
        return 0
    if args.command == "export":
        if args.out is None:
            return asyncio.run(_export(settings, args.user, sys.stdout.buffer, args.all))
        with open(args.out, "wb") as out:
            return asyncio.run(_export(settings, args.user, out, args.all))
    if args.command == "console":
        from bot.runtime.console import chat

        return asyncio.run(chat(settings, sys.stdin, sys.stdout))
    from bot.app import build_application
    from bot.runtime.serve import serve

    return asyncio.run(serve(build_application(settings), settings))
