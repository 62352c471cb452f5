"""`salesbot console` as a real process: a piped script in, the bot's replies out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings

SALESBOT_VARIABLES = {name.upper() for name in Settings.model_fields}


def console(script: str, cwd: Path) -> str:
    """Pipe `script` into `python -m bot console` in `cwd`; return what it printed."""
    environment = {k: v for k, v in os.environ.items() if k.upper() not in SALESBOT_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=script,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == "", result.stderr
    return result.stdout


def test_a_piped_script_gets_every_reply_and_a_second_run_keeps_the_data(tmp_path: Path) -> None:
    out = console("/ask 3\n\n/today\n3 leads\n#2\n#9\nhello\n", tmp_path)

    assert "you: /ask 3\nbot: ✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go.\n" in out
    assert "     [#1 ↩️ undo]\nyou: /today\nbot: Today, " in out
    assert "Asks: 3 of 5 — 2 to go\nLeads: 0\n" in out
    assert "you: 3 leads\nbot: ✅ Logged: 3 leads." in out
    assert "[#2 ↩️ undo]" in out
    assert "you: #2\nbot (notice): Undone.\nbot (edited): ↩️ Removed 3 leads from " in out
    assert "you: #9\n(no button #9" in out
    assert "you: hello\nbot: Hi! Tell me what you did" in out
    assert out.count("you: ") == 6  # the empty line is skipped
    assert (tmp_path / "salesbot.db").is_file()

    again = console("/today\n#1\n/quit\n/ask 5\n", tmp_path)

    assert "Asks: 3 of 5 — 2 to go\nLeads: 0\n" in again
    assert "(no button #1" in again  # buttons belong to the run that showed them
    assert "/ask 5" not in again
