"""salesbot: a Telegram bot that keeps sellers honest about their volume of direct asks."""

import os

# python-telegram-bot 22 warns on every int-typed `retry_after` unless timedeltas are
# opted into; we use the timedelta API everywhere.
os.environ.setdefault("PTB_TIMEDELTA", "true")

__version__ = "0.1.0"
