"""Webhook mode: a small tornado server that hands Telegram's POSTs to the Application.

POST {path of WEBHOOK_URL} with the right X-Telegram-Bot-Api-Secret-Token header → the
update is stored in the inbox (`bot.runtime.intake`) and only then answered 200, so Telegram
sends again whatever a crash cut off; the database unreachable or the inbox full → 503,
which Telegram also retries. A wrong or missing secret → 403 and nothing is processed.
GET /healthz → 200 when the database answers, 503 otherwise.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.handlers.common import BotApp
from bot.runtime.intake import DB_ERRORS, Intake

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


class TelegramUpdates(tornado.web.RequestHandler):
    def initialize(self, bot_app: BotApp, intake: Intake, secret: str) -> None:
        self.bot_app = bot_app
        self.intake = intake
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request with a wrong or missing secret token rejected")
            raise tornado.web.HTTPError(403)
        if self.intake.full:
            raise tornado.web.HTTPError(503)
        try:
            await self.intake.accept([json.loads(self.request.body)])
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("webhook request with an unreadable body: %r", exc)
            raise tornado.web.HTTPError(400) from exc
        except DB_ERRORS as exc:
            log.warning("webhook update not stored, Telegram will retry: %r", exc)
            raise tornado.web.HTTPError(503) from exc
        self.set_status(200)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, tornado.web.HTTPError):
            super().log_exception(typ, value, tb)


def _database_answers(session: Session) -> None:
    session.execute(text("SELECT 1"))


class Health(tornado.web.RequestHandler):
    def initialize(self, bot_app: BotApp) -> None:
        self.bot_app = bot_app

    async def get(self) -> None:
        try:
            await self.bot_app.bot_data.db.run(_database_answers)
        except Exception as exc:  # any failure means "not healthy"
            self.set_status(503)
            self.finish({"ok": False, "database": "unreachable", "error": type(exc).__name__})
            return
        self.finish({"ok": True, "database": "reachable"})


def web_app(
    application: BotApp, intake: Intake, webhook_url: str, secret: str
) -> tornado.web.Application:
    return tornado.web.Application(
        [
            (
                webhook_path(webhook_url),
                TelegramUpdates,
                {"bot_app": application, "intake": intake, "secret": secret},
            ),
            ("/healthz", Health, {"bot_app": application}),
        ],
        log_function=lambda _handler: None,
    )
