"""salesbot: a Telegram bot that keeps sellers honest about their volume of direct asks."""

__version__ = "0.1.0"
