"""Webhook mode: a small tornado server that hands Telegram's POSTs to the Application.

POST {path of WEBHOOK_URL}: the secret header and the declared size are checked as soon
as the headers arrive, before any of the body is read — a wrong or missing secret gets
403, a body over BODY_LIMIT 413 — then the update is stored in the inbox
(`bot.runtime.intake`) and only then answered 200, so Telegram sends again whatever a crash
cut off; the database unreachable or the inbox full → 503, which Telegram also retries.
GET /healthz and /metrics as in `bot.runtime.health`.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web

from bot.app_types import BotApp
from bot.runtime.health import routes
from bot.runtime.intake import DB_ERRORS, Intake

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BODY_LIMIT = 1024 * 1024
"""An update is a few kilobytes; Telegram's largest stay far below 1 MB."""


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


@tornado.web.stream_request_body
class TelegramUpdates(tornado.web.RequestHandler):
    def initialize(self, bot_app: BotApp, intake: Intake, secret: str) -> None:
        self.bot_app = bot_app
        self.intake = intake
        self.secret = secret
        self.chunks: list[bytes] = []
        self.size = 0
        self.refused = False

    def prepare(self) -> None:
        if self.request.method != "POST":
            return  # tornado answers 405 itself
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request with a wrong or missing secret token rejected")
            raise tornado.web.HTTPError(403)
        declared = self.request.headers.get("Content-Length", "0")
        if not declared.isdigit() or int(declared) > BODY_LIMIT:
            log.warning("webhook request of %s bytes refused (limit %d)", declared, BODY_LIMIT)
            raise tornado.web.HTTPError(413)

    def data_received(self, chunk: bytes) -> None:
        # Only a chunked body gets here past its size: one with a length was checked above.
        if self.refused:
            return
        self.size += len(chunk)
        if self.size > BODY_LIMIT:
            log.warning("chunked webhook request over %d bytes refused", BODY_LIMIT)
            self.chunks.clear()
            self.refused = True
            self.send_error(413)  # and tornado closes the connection: the rest is not read
            return
        self.chunks.append(chunk)

    async def post(self) -> None:
        if self.refused:
            return
        if self.intake.full:
            raise tornado.web.HTTPError(503)
        try:
            await self.intake.accept([json.loads(b"".join(self.chunks))])
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
            *routes(application, "webhook"),
        ],
        log_function=lambda _handler: None,
    )


def webhook_server(
    application: BotApp, intake: Intake, webhook_url: str, secret: str
) -> tornado.httpserver.HTTPServer:
    """The HTTP server; a body past twice the limit (only possible chunked) is cut off by
    tornado itself, so nothing ever buffers more than that."""
    return tornado.httpserver.HTTPServer(
        web_app(application, intake, webhook_url, secret), max_body_size=2 * BODY_LIMIT
    )
