"""`salesbot console`: chat with the real Application in a terminal, no token, no network.

Every line becomes a Telegram `Update` fed through `process_update`; a fake Bot API at the
request edge records what the bot sends, and this module prints it. `#N` presses inline
button N; photos and documents are saved to files and their paths printed.
"""

from __future__ import annotations

import asyncio
import getpass
import json
from pathlib import Path
from typing import Any, TextIO

from telegram import Update

from bot.app import build_application, running
from bot.config import Settings
from bot.runtime.clock import system_clock
from bot.runtime.fake_telegram import ApiCall, FakeTelegram
from bot.runtime.fake_updates import UpdateFactory

CONSOLE_USER_ID = 1
FILES_DIR = Path("salesbot-files")
BANNER = (
    "salesbot console — you are chatting with the real bot, locally. "
    "Try /start, /ask 3, /today. #N presses button N; /quit or Ctrl-D leaves."
)


class Transcript:
    """Turns the Bot API calls the bot made into lines a person reads."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buttons: list[tuple[dict[str, Any], str]] = []

    def show(self, calls: list[ApiCall]) -> None:
        for call in calls:
            if call.error_code is not None:
                continue
            if call.method in ("sendMessage", "editMessageText"):
                prefix = "bot (edited): " if call.method == "editMessageText" else "bot: "
                self.say(prefix + str(call.params.get("text", "")))
                self._buttons(call)
            elif call.method in ("sendPhoto", "sendDocument"):
                self._file(call)
            elif call.method == "answerCallbackQuery" and call.params.get("text"):
                self.say(f"bot (notice): {call.params['text']}")

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _buttons(self, call: ApiCall) -> None:
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = (markup or {}).get("inline_keyboard", [])
        labels = []
        for row in rows:
            for button in row:
                self.buttons.append((call.result, button.get("callback_data", "")))
                labels.append(f"[#{len(self.buttons)} {button.get('text', '')}]")
        if labels:
            self.say("     " + " ".join(labels))

    def _file(self, call: ApiCall) -> None:
        FILES_DIR.mkdir(exist_ok=True)
        for name, content in call.files.items():
            filename = str(call.params.get("_filename") or name)
            path = FILES_DIR / Path(filename).name
            path.write_bytes(content)
            kind = "photo" if call.method == "sendPhoto" else "document"
            self.say(f"bot sent a {kind}: {path.resolve()}")
        if call.params.get("caption"):
            self.say(f"     {call.params['caption']}")


async def _readsay(source: TextIO, interactive: bool) -> str | None:
    if interactive:
        try:
            return await asyncio.to_thread(input, "you: ")
        except EOFError:
            return None
    line = await asyncio.to_thread(source.readline)
    return line.rstrip("\r\n") if line else None


async def chat(settings: Settings, source: TextIO, out: TextIO) -> int:
    """Run the console until end of input or /quit."""
    api = FakeTelegram(system_clock)
    application = build_application(settings, request=api, clock=system_clock, rate_limited=False)
    interactive = source.isatty()
    transcript = Transcript(out)
    first_name = (getpass.getuser() or "friend").title()
    async with running(application):
        updates = UpdateFactory(application.bot, api=api)
        api.clear()
        if interactive:
            transcript.say(BANNER)
        while (line := await _readsay(source, interactive)) is not None:
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                break
            if not interactive:
                transcript.say(f"you: {text}")
            update = _to_update(updates, transcript, text, first_name)
            if update is None:
                transcript.say(f"(no button #{text[1:]} — buttons are numbered as shown)")
                continue
            mark = len(api.calls)
            await application.process_update(update)
            transcript.show(api.calls[mark:])
    return 0


def _to_update(
    updates: UpdateFactory, transcript: Transcript, text: str, first_name: str
) -> Update | None:
    if text.startswith("#") and text[1:].isdigit():
        index = int(text[1:]) - 1
        if not 0 <= index < len(transcript.buttons):
            return None
        message, data = transcript.buttons[index]
        return updates.callback(message, data, user_id=CONSOLE_USER_ID, first_name=first_name)
    return updates.message(text, user_id=CONSOLE_USER_ID, first_name=first_name)
