"""Logging setup: plain or JSON lines, the bot token and the webhook secret scrubbed from
every record. Everything the process says goes through here, startup failures included."""

from __future__ import annotations

import json
import logging
import os
import sys

from bot.config import Settings

REDACTED = "<token>"
REDACTED_SECRET = "<secret>"


class RedactSecrets(logging.Filter):
    """Replaces secrets in the final message (PTB and httpx put the token in URLs; PTB's
    DEBUG lines show setWebhook's secret_token)."""

    def __init__(self, secrets: dict[str, str]) -> None:
        super().__init__()
        # Longest first: a secret that contains another is replaced whole.
        self._secrets = sorted(
            ((secret, mask) for secret, mask in secrets.items() if secret),
            key=lambda pair: -len(pair[0]),
        )

    def _scrub(self, text: str) -> str:
        for secret, mask in self._secrets:
            text = text.replace(secret, mask)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = self._scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            scrubbed = self._scrub(text)
            if scrubbed != text:
                record.exc_info, record.exc_text = None, scrubbed
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("update_id", "user_id", "command", "duration_ms"):
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exc"] = record.exc_text
        return json.dumps(payload, ensure_ascii=False)


def _handler(log_format: str, secrets: dict[str, str]) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    return handler


def configure_fallback_logging() -> None:
    """Before the settings are valid (a bad value is the error to report): honour
    LOG_FORMAT=json if it is set so, and scrub the raw token and secret."""
    secrets = {
        os.environ.get("TELEGRAM_BOT_TOKEN", ""): REDACTED,
        os.environ.get("WEBHOOK_SECRET", ""): REDACTED_SECRET,
    }
    log_format = "json" if os.environ.get("LOG_FORMAT", "").lower() == "json" else "text"
    root = logging.getLogger()
    root.handlers[:] = [_handler(log_format, secrets)]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    token, secret = settings.telegram_bot_token, settings.webhook_secret
    secrets = {
        token.get_secret_value() if token else "": REDACTED,
        secret.get_secret_value() if secret else "": REDACTED_SECRET,
    }
    root = logging.getLogger()
    root.handlers[:] = [_handler(settings.log_format, secrets)]
    root.setLevel("WARNING" if quiet else settings.log_level)
    logging.captureWarnings(True)  # warnings.warn would print past the scrubbing
    # httpx logs every request URL, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if quiet:
        logging.getLogger("alembic").setLevel(logging.WARNING)
