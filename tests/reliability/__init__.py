"""Fault tests: what the bot does when Telegram, the database or the process misbehave."""
