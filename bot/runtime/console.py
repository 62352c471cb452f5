"""`salesbot console`: chat with the real Application in a terminal, no token, no network.

Every line becomes a Telegram `Update` fed through `process_update`; a fake Bot API at the
request edge answers the bot, and everything the bot sends is printed as it is sent
(`console_transcript`). Lines starting with `:` are the console's own commands
(`console_commands`): move the clock (`:at`, running the minute ticks in between), speak
as someone else (`:as`), in a group (`:group`) or privately again (`:private`). `#N`
presses inline button N. Interactive sessions also tick live, once a console minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.app import build_application, running
from bot.app_types import BotApp
from bot.config import Settings
from bot.db import entry_store, group_store, user_store
from bot.jobs import tick
from bot.runtime.clock import MovableClock
from bot.runtime.console_commands import HELP, As, At, Help, InGroup, Private, read_command
from bot.runtime.console_transcript import Transcript, button_on
from bot.runtime.fake_telegram import FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.fast_forward import fast_forward

CONSOLE_USER_ID = 1
DEFAULT_NAME = "Alex"
"""What the bot calls you: a made-up name (your login name is nobody's business)."""
FILES_DIR = Path("salesbot-files")
LIVE_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str


ME = Person(CONSOLE_USER_ID, DEFAULT_NAME)


def person(name: str) -> Person:
    """`:as NAME`: the same NAME (any case) is the same person in every session."""
    if name.casefold() in ("me", DEFAULT_NAME.casefold()):
        return ME
    return Person(2 + zlib.crc32(name.casefold().encode()) % 2_000_000_000, name)


def group_id(title: str) -> int:
    """`:group TITLE`: a supergroup id (-100…), the same for the same title every session."""
    return -(1_000_000_000_000 + zlib.crc32(title.casefold().encode()))


def database_label(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return f"SQLite, {Path(str(parsed.database)).resolve()}"
    return parsed.render_as_string(hide_password=True)


class Console:
    """One console session: who speaks, in which chat, at what time."""

    def __init__(
        self, application: BotApp, api: FakeTelegram, clock: MovableClock, out: Transcript
    ) -> None:
        self.application, self.api, self.clock, self.out = application, api, clock, out
        self.updates = UpdateFactory(application.bot, api=api)
        self.speaker = ME
        self.group: tuple[int, str] | None = None
        self.people = {ME.user_id: ME}
        self._groups_entered: set[int] = set()
        self._ticking = asyncio.Lock()

    async def start(self) -> None:
        """Go on numbering messages after the earlier sessions' (ids must never repeat),
        and learn the names of the people and groups they had."""
        last, profiles, titles = await self.application.bot_data.db.run(_earlier_sessions)
        for chat_id, message_id in last.items():
            self.api.continue_after(chat_id, message_id)
        for user_id, profile in profiles.items():
            self.people.setdefault(user_id, Person(user_id, profile.first_name))
        for chat_id, title in titles.items():
            self.api.chat_titles[chat_id] = title

    def you(self) -> str:
        context = [f"as {self.speaker.name}"] if self.speaker != ME else []
        context += [f"in {self.group[1]}"] if self.group else []
        return f"you ({', '.join(context)}): " if context else "you: "

    def where(self, chat_id: int) -> str | None:
        """How the transcript names a chat other than the one you are in."""
        here = self.group[0] if self.group else self.speaker.user_id
        if chat_id == here:
            return None
        if chat_id > 0:
            return f"to {self.people[chat_id].name}" if chat_id in self.people else f"to {chat_id}"
        return f"in {self.api.chat_titles.get(chat_id, chat_id)}"

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the session should end."""
        if line in ("/quit", "/exit"):
            return False
        if line.startswith(":"):
            await self._command(line)
        elif line.startswith("#") and line[1:].isdigit():
            await self._press(int(line[1:]))
        else:
            await self._send(line)
        return True

    async def _send(self, text: str) -> None:
        user, chat_id = self.speaker, self.group[0] if self.group else None
        update = self.updates.message(
            text, user_id=user.user_id, first_name=user.name, chat_id=chat_id
        )
        printed = self.out.lines
        await self.application.process_update(update)
        if chat_id is not None and self.out.lines == printed and not text.startswith("/"):
            self.out.say("(in a group the bot reads only commands and replies to it)")

    async def _press(self, number: int) -> None:
        if not 1 <= number <= len(self.out.buttons):
            self.out.say(f"(no button #{number} — buttons are numbered as shown)")
            return
        button = self.out.buttons[number - 1]
        if 0 < button.chat_id != self.speaker.user_id:
            owner = self.people.get(button.chat_id, ME).name
            self.out.say(f"(#{number} is in {owner}'s chat — :as {owner} to press it)")
            return
        message = self.api.message(button.chat_id, button.message_id)
        if message is None or not button_on(message, button.data):
            self.out.say(f"(button #{number} is gone: that message was edited since)")
            return
        user = self.speaker
        update = self.updates.callback(
            message, button.data, user_id=user.user_id, first_name=user.name
        )
        await self.application.process_update(update)

    async def _command(self, line: str) -> None:
        tz = await self.timezone()
        command = read_command(line, self.clock(), tz)
        if isinstance(command, str):
            self.out.say(f"({command})")
        elif isinstance(command, Help):
            self.out.say(HELP)
        elif isinstance(command, At):
            await self._at(command, tz)
        elif isinstance(command, As):
            self.speaker = person(command.name)
            self.people[self.speaker.user_id] = self.speaker
            where = f"in {self.group[1]}" if self.group else "in your private chat with the bot"
            back = " — :as me goes back" if self.speaker != ME else ""
            self.out.say(f"(you are {self.speaker.name}, {where}{back})")
        elif isinstance(command, InGroup):
            await self._enter_group(command.title)
        elif isinstance(command, Private):
            self.group = None
            self.out.say(f"(in {self.speaker.name}'s private chat with the bot)")

    async def _at(self, command: At, tz: ZoneInfo) -> None:
        printed = self.out.lines
        async with self._ticking:
            await fast_forward(self.application, self.clock, command.until)
        quiet = "; nothing was sent on the way" if self.out.lines == printed else ""
        self.out.say(f"(it is now {self.clock().astimezone(tz):%a %d %b %Y %H:%M} {tz.key}{quiet})")

    async def _enter_group(self, title: str) -> None:
        chat_id = group_id(title)
        self.group = (chat_id, title)
        self.api.chat_titles[chat_id] = title
        self.api.chat_admins.setdefault(chat_id, {ME.user_id})  # you made the group
        self.out.say(f"(in the group {title}: every console person is a member; :private leaves)")
        if chat_id not in self._groups_entered:
            self._groups_entered.add(chat_id)
            added = self.updates.my_chat_member(
                chat_id,
                old_status="left",
                new_status="member",
                by_user_id=self.speaker.user_id,
                by_first_name=self.speaker.name,
            )
            await self.application.process_update(added)

    async def timezone(self) -> ZoneInfo:
        """The speaker's timezone as the bot knows it (the default before their first word)."""
        data = self.application.bot_data
        profiles = await data.db.run(
            functools.partial(user_store.get_profiles, user_ids=[self.speaker.user_id])
        )
        profile = profiles.get(self.speaker.user_id)
        return ZoneInfo(profile.tz if profile else data.settings.default_timezone)

    async def live_ticks(self, every: float) -> None:
        """Interactive sessions: the minute tick, live, whenever the console clock enters a
        new minute (the app's own wall-clock job is off: the console's clock can jump)."""
        last = self.clock().replace(second=0, microsecond=0)
        while True:
            await asyncio.sleep(every)
            minute = self.clock().replace(second=0, microsecond=0)
            if minute > last:
                last = minute
                async with self._ticking:
                    await tick(self.application)


def _earlier_sessions(
    session: Session,
) -> tuple[dict[int, int], dict[int, user_store.Profile], dict[int, str]]:
    last = entry_store.last_message_ids(session)
    people = user_store.get_profiles(session, [chat_id for chat_id in last if chat_id > 0])
    return last, people, group_store.titles(session)


def banner(settings: Settings, now: str) -> str:
    return (
        "salesbot console — the real bot, on this machine: no token, no network.\n"
        f"Database: {database_label(settings.database_url)} (DATABASE_URL picks another).\n"
        f"You are {DEFAULT_NAME} here (a made-up name). It is {now}.\n"
        "Try /start, /ask 3, /today. :help lists the console commands (:at, :as, :group);\n"
        "#N presses button N; /quit or Ctrl-D leaves."
    )


async def _read(source: TextIO, out: Transcript, prompt: str) -> str | None:
    """The next line: with a prompt from a terminal, else echoed as it is read."""
    if source is sys.stdin and source.isatty():
        out.prompt = prompt
        try:
            return await asyncio.to_thread(input, prompt)
        except EOFError:
            return None
        finally:
            out.prompt = ""
    line = await asyncio.to_thread(source.readline)
    if not line:
        return None
    if line.strip():
        out.say(prompt + line.strip())
    return line.rstrip("\r\n")


async def chat(
    settings: Settings,
    source: TextIO,
    out: TextIO,
    *,
    clock: MovableClock | None = None,
    interactive: bool | None = None,
    files_dir: Path = FILES_DIR,
    live_every: float = LIVE_CHECK_SECONDS,
) -> int:
    """Run the console until end of input or /quit. `interactive` (default: a terminal)
    adds the live minute tick; piped input is otherwise read the same way."""
    clock = clock or MovableClock()
    transcript = Transcript(out, files_dir)
    api = FakeTelegram(clock, on_answer=transcript.show)
    application = build_application(settings, request=api, clock=clock, rate_limited=False)
    async with running(application):
        for job in application.job_queue.jobs() if application.job_queue else ():
            job.enabled = False  # the console ticks by its own clock (`live_ticks`, `:at`)
        console = Console(application, api, clock, transcript)
        transcript.where = console.where
        await console.start()
        tz = await console.timezone()
        transcript.say(banner(settings, f"{clock().astimezone(tz):%a %d %b %Y %H:%M} {tz.key}"))
        live = None
        if source.isatty() if interactive is None else interactive:
            live = asyncio.create_task(console.live_ticks(live_every))
        try:
            while (line := await _read(source, transcript, console.you())) is not None:
                if line.strip() and not await console.handle(line.strip()):
                    break
        finally:
            if live is not None:
                live.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await live
    return 0
