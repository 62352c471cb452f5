"""The documentation against the code: the user guide's command reference against the bot's
handlers and catalogue, every relative link in README.md and docs/, the version."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

from telegram.ext import CommandHandler

import bot
from bot.app import handlers
from bot.core.catalogue import ALIASES, COMMANDS

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_commands", ROOT / "docs/gen_commands.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bot_commands() -> set[str]:
    return {
        name
        for handler in handlers()
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }


def guide_commands() -> set[str]:
    guide = (ROOT / "docs/user-guide.md").read_text(encoding="utf-8")
    block = guide.split("<!-- commands:start -->")[1].split("<!-- commands:end -->")[0]
    rows = [line for line in block.splitlines() if line.startswith("| `/")]
    return {name for row in rows for name in re.findall(r"`/([a-z]+)", row.split(" | ")[0])}


def test_every_command_of_the_bot_is_in_the_user_guide_and_no_other() -> None:
    assert guide_commands() == bot_commands()


def test_the_catalogue_covers_every_command_handler() -> None:
    assert {c.name for c in COMMANDS} | set(ALIASES) == bot_commands()


def test_the_user_guide_reference_is_generated_from_the_catalogue() -> None:
    guide = (ROOT / "docs/user-guide.md").read_text(encoding="utf-8")
    assert load_generator().rewrite(guide) == guide, "run: python docs/gen_commands.py"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_\[\]()]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {anchor(heading) for heading in HEADING.findall(text)}


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in PAGES:
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, fragment = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            if not resolved.exists():
                broken.append(f"{page.name}: {target} (no such file)")
            elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


def test_one_version_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d[^\]]*)\]", changelog, re.MULTILINE)
    assert project["version"] == bot.__version__ == released[0]
    assert project["license"] == "MIT"


def test_salesbot_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"salesbot {bot.__version__}"
