"""What `salesbot console` prints: every Bot API call the bot makes, as lines a person reads.

Replies in the chat you are in print as `bot: …`; what goes elsewhere says where
(`bot (to Bob): …`, `bot (in Sales Team): …`), so nudges, digests, follow-ups and tallies
show up whoever you are speaking as. Inline buttons print as `[#N label]`; photos and
documents are saved under a files folder, never over an earlier file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.runtime.fake_telegram import ApiCall

BUTTON_INDENT = "     "


@dataclass(frozen=True)
class Button:
    """An inline button as printed: the message it sits on and what pressing it sends."""

    chat_id: int
    message_id: int
    data: str


class Transcript:
    """Prints calls as they are answered; `where(chat_id)` names a chat other than the one
    you are in (None for the one you are in)."""

    def __init__(
        self, out: TextIO, files_dir: Path, where: Callable[[int], str | None] = lambda _: None
    ) -> None:
        self.out = out
        self.files_dir = files_dir
        self.where = where
        self.buttons: list[Button] = []
        self.prompt = ""  # shown again after a line printed while waiting for input
        self.lines = 0  # how many lines were printed so far

    def show(self, call: ApiCall) -> None:
        """The `FakeTelegram.on_answer` listener: print what a person would see."""
        if call.error_code is not None:
            return
        chat_id = int(call.params.get("chat_id", 0))
        if call.method in ("sendMessage", "editMessageText"):
            tags = ["edited"] if call.method == "editMessageText" else []
            self.say(self._speaker(chat_id, tags) + str(call.params.get("text", "")))
            self._buttons(chat_id, call)
        elif call.method in ("sendPhoto", "sendDocument"):
            self._file(chat_id, call)
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            self.say(f"bot (notice): {call.params['text']}")
        elif call.method == "setMessageReaction":
            emoji = [str(r.get("emoji", "")) for r in call.params.get("reaction") or ()]
            self.say(f"bot (reacts): {' '.join(emoji)}" if emoji else "bot (unreacts)")
        elif call.method == "pinChatMessage":
            self.say("bot (pins the tally)")

    def say(self, text: str) -> None:
        self.lines += 1
        if self.prompt:  # a live tick printed while you were typing: keep the prompt last
            self.out.write("\r\x1b[K")
        self.out.write(text + "\n")
        if self.prompt:
            self.out.write(self.prompt)
        self.out.flush()

    def _speaker(self, chat_id: int, tags: list[str]) -> str:
        elsewhere = self.where(chat_id)
        tags = tags + ([elsewhere] if elsewhere else [])
        return f"bot ({', '.join(tags)}): " if tags else "bot: "

    def _buttons(self, chat_id: int, call: ApiCall) -> None:
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        message_id = int((call.result or {}).get("message_id", 0))
        labels = []
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                self.buttons.append(Button(chat_id, message_id, data))
                labels.append(f"[#{len(self.buttons)} {button.get('text', '')}]")
        if labels:
            self.say(BUTTON_INDENT + " ".join(labels))

    def _file(self, chat_id: int, call: ApiCall) -> None:
        kind = "photo" if call.method == "sendPhoto" else "document"
        for name, content in call.files.items():
            path = self._free_path(Path(str(call.params.get("_filename") or name)).name)
            path.write_bytes(content)
            self.say(f"{self._speaker(chat_id, [])}sent a {kind}: {path.resolve()}")
        if call.params.get("caption"):
            self.say(f"{BUTTON_INDENT}{call.params['caption']}")

    def _free_path(self, filename: str) -> Path:
        """`filename` in the files folder, numbered (-2, -3, …) if taken: never overwrite."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / filename
        number = 1
        while path.exists():
            number += 1
            path = self.files_dir / f"{Path(filename).stem}-{number}{Path(filename).suffix}"
        return path


def button_on(message: dict[str, Any] | None, data: str) -> bool:
    """Whether `message` (as it is now) still carries a button that sends `data`."""
    rows = ((message or {}).get("reply_markup") or {}).get("inline_keyboard", [])
    return any(button.get("callback_data") == data for row in rows for button in row)
