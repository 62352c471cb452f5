"""Draw docs/chat-example.png: a log with its undo button, a nudge with its buttons and a
group tally. Every text comes from the bot's own renderers (bot/core), so the picture shows
what the bot says. Run: python docs/gen_chat.py"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

from bot.core import render
from bot.core.domain import Kind, Privacy, Tally, Targets
from bot.core.tally_text import MemberTally, render_tally

OUT = Path(__file__).with_name("chat-example.png")
DAY = dt.date(2026, 11, 26)
WIDTH = 60
GLYPHS = str.maketrans({"✅": "✔", "⏰": "◷", "📊": "▤"})
"""Emoji the bot sends, drawn with look-alikes DejaVu Sans has (no colour emoji font here)."""


def bubbles() -> list[tuple[str, str, list[str]]]:
    """(who, text, buttons) in the order the chat shows them."""
    targets = Targets(asks=5)
    logged = render.logged(
        [(Kind.ASK, 3, None), (Kind.NO, 1, None)], DAY, DAY, Tally(asks=3, nos=1), targets
    )
    tally = render_tally(
        "Friday founders",
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 27),
        [
            MemberTally(1, "Ana", Privacy.FULL, False, Tally(asks=27, leads=9, yeses=3, nos=11)),
            MemberTally(2, "Ben", Privacy.TOTALS, False, Tally(asks=21, leads=4, nos=8)),
            MemberTally(3, "Chi", Privacy.HIDDEN, False, Tally(asks=12, nurtures=6, nos=3)),
        ],
        25,
    ).text
    return [
        ("you", "3 asks, 1 no", []),
        ("bot", logged, ["↩️ undo"]),
        ("bot", render.nudge(3, 5), ["+1 ask", "+3 asks", "snooze 1h"]),
        ("group", tally, []),
    ]


def draw() -> None:
    lines_total = 0
    wrapped = []
    for who, text, buttons in bubbles():
        lines = [
            part
            for line in text.translate(GLYPHS).splitlines()
            for part in textwrap.wrap(line, WIDTH) or [""]
        ]
        wrapped.append((who, lines, buttons))
        lines_total += len(lines) + (2 if buttons else 0) + 2
    height = 0.22 * lines_total + 0.4
    fig = plt.figure(figsize=(6.4, height), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 64)
    ax.set_ylim(0, lines_total)
    ax.axis("off")
    fig.patch.set_facecolor("#dfe7ee")
    y = lines_total - 0.5
    for who, lines, buttons in wrapped:
        mine = who == "you"
        x = 36 if mine else 2
        box_w = 26 if mine else 56
        h = len(lines) + 0.6
        colour = "#dcf8c6" if mine else "#ffffff"
        ax.add_patch(
            FancyBboxPatch((x, y - h), box_w, h, boxstyle="round,pad=0.2", fc=colour, ec="#b0bec5")
        )
        if who == "group":
            ax.text(x + 0.6, y + 0.35, "in the group", fontsize=7, color="#546e7a")
        for i, line in enumerate(lines):
            ax.text(x + 0.8, y - 0.8 - i, line, fontsize=8.5, family="DejaVu Sans")
        y -= h + 0.3
        if buttons:
            width = box_w / len(buttons)
            for i, label in enumerate(buttons):
                bx = x + i * width
                ax.add_patch(
                    FancyBboxPatch(
                        (bx + 0.2, y - 1.2),
                        width - 0.4,
                        1.2,
                        boxstyle="round,pad=0.1",
                        fc="#90a4ae",
                        ec="none",
                    )
                )
                ax.text(
                    bx + width / 2,
                    y - 0.65,
                    label,
                    fontsize=8,
                    ha="center",
                    va="center",
                    color="white",
                )
            y -= 1.7
        y -= 1.2
    fig.savefig(OUT)


if __name__ == "__main__":
    draw()
    print(f"wrote {OUT}")
