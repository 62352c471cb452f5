"""The `salesbot` command line: run, console, migrate, export, backup.

Only run, console and migrate upgrade the schema; export refuses with one line when the
schema is behind, and backup copies whatever is there. Everything the commands say goes
through logging (JSON under LOG_FORMAT=json, the token scrubbed); a failure is one line.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import sys
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import __version__
from bot.config import Settings, SettingsError, load_settings
from bot.db.migrate import schema_behind, upgrade_to_head
from bot.runtime.logs import configure_fallback_logging, configure_logging

log = logging.getLogger("salesbot")

UPGRADING = ("run", "console", "migrate")
QUIET = ("console", "export")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salesbot", description="A Telegram bot that keeps your direct asks up."
    )
    parser.add_argument("--version", action="version", version=f"salesbot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="serve the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    commands.add_parser("console", help="chat with the bot in this terminal: no token needed")
    commands.add_parser("migrate", help="upgrade the database to the newest schema")
    export = commands.add_parser("export", help="write one user's entries as CSV")
    export.add_argument("--user", type=int, required=True, help="the user's Telegram id")
    export.add_argument("--out", help="file to write (default: standard output)")
    backup = commands.add_parser("backup", help="copy the SQLite database while the bot runs")
    backup.add_argument("file", type=Path, help="where to write the backup")
    return parser


def _fail(message: str) -> int:
    log.error("%s", message)
    return 2


def _database(settings: Settings) -> str:
    return make_url(settings.database_url).render_as_string(hide_password=True)


def _migrate(settings: Settings) -> str | None:
    """Upgrade to head; return a one-line problem instead of a traceback."""
    try:
        upgrade_to_head(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"cannot use the database {_database(settings)}: {reason}"
    return None


def _schema_problem(settings: Settings) -> str | None:
    try:
        behind = schema_behind(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"cannot use the database {_database(settings)}: {reason}"
    return f"{behind}: run `salesbot migrate` first" if behind else None


async def _export(settings: Settings, user_id: int, out: IO[bytes]) -> int:
    from bot.db.engine import Database
    from bot.usecases.history import export_entries

    db = Database(settings.database_url)
    try:
        count = await db.run(functools.partial(export_entries, user_id=user_id, out=out))
    finally:
        await db.dispose()
    print(f"{count} entries exported for user {user_id}.", file=sys.stderr)
    return 0


def _backup(settings: Settings, target: Path) -> int:
    from bot.db.backup import BackupError, backup_sqlite

    if not settings.is_sqlite:
        url = make_url(settings.database_url).set(drivername="postgresql")
        where = url.render_as_string(hide_password=True)
        return _fail(
            f"PostgreSQL is backed up with its own tools: pg_dump --format=custom "
            f"--file {target} '{where}' (restore with pg_restore --clean --dbname '{where}' "
            f"{target}; the password as for psql, e.g. PGPASSWORD)"
        )
    try:
        size = backup_sqlite(settings.database_url, target)
    except (BackupError, OSError) as exc:
        return _fail(f"backup failed: {exc}")
    log.info("backup of %s written to %s (%d bytes, checked)", _database(settings), target, size)
    return 0


def _run(settings: Settings) -> int:
    from bot.app import build_application
    from bot.runtime.serve import serve
    from bot.runtime.startup import startup_problem

    try:
        return asyncio.run(serve(build_application(settings), settings))
    except Exception as exc:  # the last word of the process: one scrubbed line
        log.critical("%s", startup_problem(exc, settings))
        log.debug("details", exc_info=exc)
        return 1


def _command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "backup":
        return _backup(settings, args.file)
    problem = _migrate(settings) if args.command in UPGRADING else _schema_problem(settings)
    if problem:
        return _fail(problem)
    if args.command == "migrate":
        log.info("Database schema is up to date.")
        return 0
    if args.command == "export":
        if args.out is None:
            return asyncio.run(_export(settings, args.user, sys.stdout.buffer))
        with open(args.out, "wb") as out:
            return asyncio.run(_export(settings, args.user, out))
    if args.command == "console":
        from bot.runtime.console import chat

        return asyncio.run(chat(settings, sys.stdin, sys.stdout))
    return _run(settings)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        configure_fallback_logging()
        return _fail(str(exc))
    configure_logging(settings, quiet=args.command in QUIET)
    if args.command == "run" and settings.telegram_bot_token is None:
        return _fail("TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)")
    return _command(args, settings)
