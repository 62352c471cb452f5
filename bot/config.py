"""Settings read from the environment (and an optional `.env`), validated once at start."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
}
TELEGRAM_API_HOST = "api.telegram.org"
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Everything the bot reads from its environment; docs/configuration.md lists each one."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    telegram_bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///salesbot.db"
    telegram_api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1:8080"
    health_listen: str | None = None
    telegram_send_rate: float = Field(default=30, ge=0)
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    log_format: str = Field(default="text", pattern="^(text|json)$")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("not a database URL (e.g. sqlite+aiosqlite:///salesbot.db)") from exc
        driver = _DRIVERS.get(url.drivername)
        if driver is None:
            raise ValueError(f"unsupported database {url.drivername!r}: use sqlite or postgresql")
        return url.set(drivername=driver).render_as_string(hide_password=False)

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (use an IANA name)") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    @field_validator("telegram_api_url")
    @classmethod
    def _api_root(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("webhook_listen", "health_listen")
    @classmethod
    def _host_port(cls, value: str | None) -> str | None:
        if value is None:
            return None
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must be host:port, e.g. 0.0.0.0:8080")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for secret_token; the value itself never goes into the message.
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z a-z 0-9 _ -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_SECRET is required with WEBHOOK_URL (1-256 of A-Z a-z 0-9 _ -)"
            )
        if self.webhook_url and not self.webhook_url.startswith(self._webhook_schemes()):
            raise ValueError(
                "WEBHOOK_URL must be an https:// URL (Telegram requires it; http:// only "
                "with a self-hosted Bot API server in TELEGRAM_API_URL)"
            )
        return self

    def _webhook_schemes(self) -> tuple[str, ...]:
        """A local Bot API server posts wherever it is told, plain http included."""
        if urlsplit(self.telegram_api_url).hostname == TELEGRAM_API_HOST:
            return ("https://",)
        return ("https://", "http://")

    @property
    def listen_host(self) -> str:
        return self.webhook_listen.rpartition(":")[0]

    @property
    def listen_port(self) -> int:
        return int(self.webhook_listen.rpartition(":")[2])

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class SettingsError(Exception):
    """A configuration problem, explained in one line."""


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError with one readable line on a bad value."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "WEBHOOK"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
