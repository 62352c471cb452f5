"""Held-out messages for the reader, written before the reader was tuned, never tuned on.

Each is sent as the first message of a fresh user on Thursday 2026-11-26 (tests/conftest.py's
START). Expected: what should end up stored, written `kind count [who]` per entry joined with
"; ", and ` @N` when it counts for N days back; "-" means nothing may be stored.

CLEAR are logs a person reads one way only; UNSURE are logs a person would ask about (one tap
is fair); NOT_LOGS must never store anything.
"""

from __future__ import annotations

CLEAR: list[tuple[str, str]] = [
    ("asked 4 people for the sale today", "ask 4"),
    ("Pitched Mike", "ask 1 Mike"),
    ("sent a quote to Harbor Dental", "ask 1 Harbor Dental"),
    ("2 proposals out today", "ask 2"),
    ("made two offers", "ask 2"),
    ("invited Priya to the workshop", "ask 1 Priya"),
    ("asked Dan for the business 💪", "ask 1 Dan"),
    ("Offered the premium package to Laura", "ask 1 Laura"),
    ("5 asks", "ask 5"),
    ("asks: 3", "ask 3"),
    ("Carla said yes!!", "yes 1 Carla"),
    ("got a no from Westside Gym", "no 1 Westside Gym"),
    ("Closed the deal with Nova Labs 🎉", "yes 1 Nova Labs"),
    ("won a deal today", "yes 1"),
    ("Ben said no thanks", "no 1 Ben"),
    ("met 6 new people at the networking event", "lead 6"),
    ("3 new leads from the webinar", "lead 3"),
    ("got 2 referrals", "lead 2"),
    ("added 4 prospects", "lead 4"),
    ("coffee with Marco", "nurture 1 Marco"),
    ("had lunch with Elena", "nurture 1 Elena"),
    ("followed up with 3 clients", "nurture 3"),
    ("Check-in call with Raj", "nurture 1 Raj"),
    ("sent Tom a useful article", "nurture 1 Tom"),
    ("2 follow ups yesterday", "nurture 2 @1"),
    ("asked 3 yesterday", "ask 3 @1"),
    ("asked 2 on Monday", "ask 2 @3"),
    ("Tuesday: 4 asks", "ask 4 @2"),
    ("asked 3, got 1 yes", "ask 3; yes 1"),
    ("4 asks, 2 leads and 1 touch", "ask 4; lead 2; nurture 1"),
    ("I just asked Omar to buy", "ask 1 Omar"),
    ("today I made 3 asks", "ask 3"),
    ("ASKED SIX PEOPLE", "ask 6"),
    ("one call with Jess", "nurture 1 Jess"),
    ("asked for the sale twice", "ask 2"),
    ("called 5 past clients to check in", "nurture 5"),
    ("yes from Green Co", "yes 1 Green Co"),
    ("Lost Peak Fitness, they said no", "no 1 Peak Fitness"),
    ("met Sam at the conference, new lead", "lead 1 Sam"),
]

UNSURE: list[tuple[str, str]] = [
    ("did 3 today", "ask 3"),
    ("emailed 4 prospects", "nurture 4"),
    ("talked to Greg about the renewal", "nurture 1 Greg"),
]

NOT_LOGS: list[str] = [
    "hi",
    "good morning!",
    "what should I do today?",
    "how am I doing this week?",
    "need to ask 3 people tomorrow",
    "should ask more",
    "didn't ask anyone today",
    "no asks today 😞",
    "will follow up with Dana next week",
    "going to call Mark later",
    "thanks!",
    "I want to get 10 leads this month",
    "haven't had any calls",
    "ugh slow day",
    "ok",
    "can you remind me at 5?",
    "planning to send 3 proposals on Friday",
    "Tom asked me for a quote",
    "nobody said yes today",
]
