"""A second held-out set, written after the reader existed and measured once before any change
(see README "What the bot understands"): a check on how it does with messages it was not built
around. Same format as tests/core/reader_heldout.py."""

from __future__ import annotations

CLEAR: list[tuple[str, str]] = [
    ("Asked Jamie if she's ready to start coaching", "ask 1 Jamie"),
    ("4 asks so far", "ask 4"),
    ("asked Priya and Dev for the sale", "ask 1 Priya; ask 1 Dev"),
    ("Got 3 new leads from the expo", "lead 3"),
    ("2 referrals from Maria", "lead 2 Maria"),
    ("followed up w/ 4 people", "nurture 4"),
    ("called back Ruth", "nurture 1 Ruth"),
    ("lunch meeting with Carlos", "nurture 1 Carlos"),
    ("Fiona said yes to the proposal!", "yes 1 Fiona"),
    ("Gary said no.", "no 1 Gary"),
    ("closed 2 deals today 💰", "yes 2"),
    ("asked 7 people yesterday", "ask 7 @1"),
    ("Wednesday - 3 asks, 1 yes", "ask 3; yes 1 @1"),
    ("coffee chat with Noor", "nurture 1 Noor"),
    ("sent a proposal to Bright Smiles Dental", "ask 1 Bright Smiles Dental"),
    ("made 4 calls", "nurture 4"),
    ("3 follow-up emails sent", "nurture 3"),
    ("Nina passed on the offer", "no 1 Nina"),
    ("Acme Corp signed!!", "yes 1 Acme Corp"),
    ("met 2 potential clients at the chamber mixer", "lead 2"),
    ("asked for a decision from Olsen & Co", "ask 1 Olsen & Co"),
    ("touched base with 3 past clients", "nurture 3"),
    ("1 ask", "ask 1"),
    ("Ask: Tom", "ask 1 Tom"),
    ("TODAY: 6 asks 2 yes 1 no", "ask 6; yes 2; no 1"),
    ("asked Leo, no answer yet", "ask 1 Leo"),
    ("yes from Hannah 🎉🎉", "yes 1 Hannah"),
    ("two new prospects", "lead 2"),
    ("invited 10 people to my webinar", "ask 10"),
    ("quoted 2 jobs today", "ask 2"),
    ("asked the Hendersons to renew", "ask 1"),
]

UNSURE: list[tuple[str, str]] = [
    ("sent the contract to Delta Logistics", "ask 1 Delta Logistics"),
    ("zoom with 3 prospects", "nurture 3"),
    ("demo'd to Parker Inc", "nurture 1 Parker Inc"),
]

NOT_LOGS: list[str] = [
    "morning team",
    "how many asks do I have left?",
    "I'll ask Jen tomorrow",
    "should I call Bob?",
    "need 3 more asks",
    "no replies yet",
    "nobody answered",
    "was going to ask Tom but didn't",
    "gonna hit 10 today",
    "what's my streak",
    "remind me to call Sue",
    "can't get anyone to reply",
    "tired today",
    "thx",
    "👍👍",
    "any tips for asking?",
    "I hope Acme says yes",
    "haven't followed up with anyone this week",
    "asked? not yet",
]
