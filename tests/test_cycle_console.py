"""Issue 17's first "done when", in a real `salesbot console` session (piped script)."""

from __future__ import annotations

from pathlib import Path

from tests.test_console import console


def test_tags_names_the_content_leak_and_networkings_yes_rate_in_the_console(
    tmp_path: Path,
) -> None:
    script = "\n".join(
        [
            "/workdays mon-sun",  # the process runs on the machine's clock: no day off
            "/lead 40 #content",
            "/touch 31 #content",
            "/lead 10 #networking",
            "10 touches #networking",
            "/ask 10 #networking",
            "/yes Acme #networking",
            "/yes #networking",
            "/no #networking",
            "/tags",
        ]
    )
    out = console(script + "\n", tmp_path)

    assert "bot: ✅ Logged: 40 leads.\nToday: 0 of 5 asks — 5 to go.\n🏷 #content" in out
    assert "#networking: 10 → 10 → 10 → 2 / 1 · answered 30%, yes 20%" in out
    assert "• #content: 40 leads, 31 touches, 0 asks — this path never asks" in out
    assert "• #networking: no leak — 2 yes of 10 asks" in out
