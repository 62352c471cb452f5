"""Write the command reference of docs/user-guide.md from bot/core/catalogue.py, the same
catalogue the bot's /help and Telegram menus use. Run: python docs/gen_commands.py
(tests/test_docs.py fails when the page and the catalogue disagree)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.catalogue import ADMIN, ALIASES, BOTH, COMMANDS, GROUP, PRIVATE

GUIDE = Path(__file__).with_name("user-guide.md")
START, END = "<!-- commands:start -->", "<!-- commands:end -->"
WHERE = {
    PRIVATE: "private chat",
    GROUP: "group",
    BOTH: "private chat, group",
    ADMIN: "group, admins only",
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference() -> str:
    """The Markdown table: one row per command, aliases named in their command's row."""
    rows = ["| command | where | what it does |", "|---|---|---|"]
    for command in COMMANDS:
        aliases = [f"`/{alias}`" for alias, name in sorted(ALIASES.items()) if name == command.name]
        also = f" (also {', '.join(aliases)})" if aliases else ""
        rows.append(
            f"| `{_cell(command.usage)}`{also} | {WHERE[command.where]} | {_cell(command.help)} |"
        )
    return "\n".join(rows)


def rewrite(page: str) -> str:
    block = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not block.search(page):
        raise SystemExit(f"{GUIDE.name} has no {START} … {END} block")
    return block.sub(lambda _: f"{START}\n{reference()}\n{END}", page)


if __name__ == "__main__":
    GUIDE.write_text(rewrite(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the command reference of {GUIDE}")
