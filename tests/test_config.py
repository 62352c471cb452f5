"""Settings from the environment, and the CLI's one-line failures (run as a real process)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.config import Settings, SettingsError, load_settings
from bot.db.migrate import alembic_config

VARIABLES = {name.upper() for name in Settings.model_fields}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No salesbot variables and no .env: what Settings sees is what each test sets."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = Settings()
    assert settings.telegram_bot_token is None
    assert settings.database_url == "sqlite+aiosqlite:///salesbot.db"
    assert settings.is_sqlite
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
    assert (settings.listen_host, settings.listen_port) == ("127.0.0.1", 8080)
    assert settings.default_timezone == "UTC"
    assert settings.log_level == "INFO"
    assert settings.log_format == "text"


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://localhost:8081/")
    settings = load_settings()
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)
    assert settings.default_timezone == "Europe/Berlin"
    assert settings.log_level == "DEBUG"
    assert settings.telegram_api_url == "http://localhost:8081"


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEFAULT_TIMEZONE=Asia/Kathmandu\n")
    assert load_settings().default_timezone == "Asia/Kathmandu"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://sam@db.example/sales", "postgresql+asyncpg://sam@db.example/sales"),
        ("postgresql://sam@db.example/sales", "postgresql+asyncpg://sam@db.example/sales"),
        (
            "postgresql://sam:p%40ss@db.example:6543/sales",
            "postgresql+asyncpg://sam:p%40ss@db.example:6543/sales",
        ),
        ("postgresql+asyncpg://sam@db/sales", "postgresql+asyncpg://sam@db/sales"),
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite:////var/lib/salesbot/x.db", "sqlite+aiosqlite:////var/lib/salesbot/x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_database_urls_map_to_async_drivers(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    settings = load_settings()
    assert settings.database_url == expected
    assert settings.is_sqlite == expected.startswith("sqlite")


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Phobos", "DEFAULT_TIMEZONE: unknown timezone 'Mars/Phobos'"),
        ("DATABASE_URL", "not a url", "DATABASE_URL: not a database URL"),
        ("DATABASE_URL", "mysql://sam@db/sales", "DATABASE_URL: unsupported database 'mysql'"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: unknown log level 'LOUD'"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT:"),
        ("TELEGRAM_API_URL", "api.telegram.org", "TELEGRAM_API_URL:"),
        ("WEBHOOK_LISTEN", "8080", "WEBHOOK_LISTEN:"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, says: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(says)
    assert "\n" not in message
    assert "pydantic" not in message.lower()


# --- the CLI as a process -----------------------------------------------------------------------


def salesbot(
    *args: str, cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k.upper() not in VARIABLES}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], says: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "ERROR salesbot: " in lines[0]  # through logging, plain text by default
    assert says in lines[0]


def test_run_without_a_token_exits_2_with_one_line(tmp_path: Path) -> None:
    result = salesbot("run", cwd=tmp_path)
    assert_one_line_failure(result, "TELEGRAM_BOT_TOKEN")
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing created, not even the database


def test_console_with_a_bad_timezone_exits_2_with_one_line(tmp_path: Path) -> None:
    result = salesbot("console", cwd=tmp_path, DEFAULT_TIMEZONE="Mars/Phobos")
    assert_one_line_failure(result, "DEFAULT_TIMEZONE: unknown timezone 'Mars/Phobos'")


def test_an_unreachable_database_exits_2_with_one_line(tmp_path: Path) -> None:
    url = "postgresql://nobody:hunter2@127.0.0.1:1/nowhere"
    result = salesbot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert_one_line_failure(result, "cannot use the database")
    assert "hunter2" not in result.stderr


def test_migrate_creates_the_schema_in_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "sales.db"
    first = salesbot("migrate", cwd=tmp_path, DATABASE_URL=f"sqlite:///{path}")
    again = salesbot("migrate", cwd=tmp_path, DATABASE_URL=f"sqlite:///{path}")

    assert (first.returncode, again.returncode) == (0, 0), first.stderr + again.stderr
    assert "Traceback" not in first.stderr + again.stderr
    assert first.stdout == ""
    assert first.stderr.strip().endswith("INFO salesbot: Database schema is up to date.")
    head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{path}")).get_current_head()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    assert {"users", "entries", "alembic_version"} <= tables
    assert version == [(head,)]


# --- webhook secret, plain-http webhooks, HEALTH_LISTEN ------------------------------------

WEBHOOK = "https://bot.example.org/hook"


@pytest.mark.parametrize("secret", ["", "has space", "café", "x" * 257, "semi;colon", "new\nline"])
def test_a_webhook_secret_outside_telegrams_rule_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", WEBHOOK)
    monkeypatch.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message == "WEBHOOK_SECRET: must be 1-256 characters of A-Z a-z 0-9 _ -"
    assert not secret or secret not in message


@pytest.mark.parametrize("secret", ["a", "A-z_09", "x" * 256])
def test_a_webhook_secret_within_telegrams_rule_is_accepted(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", WEBHOOK)
    monkeypatch.setenv("WEBHOOK_SECRET", secret)
    settings = load_settings()
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == secret


def test_webhook_mode_requires_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", WEBHOOK)
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET is required"):
        load_settings()


@pytest.mark.parametrize(
    ("api_url", "accepted"),
    [
        (None, False),
        ("https://api.telegram.org", False),
        ("https://api.telegram.org/", False),
        ("http://127.0.0.1:8081", True),
        ("http://telegram-bot-api:8081", True),
    ],
)
def test_an_http_webhook_only_with_a_self_hosted_bot_api(
    monkeypatch: pytest.MonkeyPatch, api_url: str | None, accepted: bool
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "http://salesbot:8080/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret")
    if api_url:
        monkeypatch.setenv("TELEGRAM_API_URL", api_url)
    if accepted:
        assert load_settings().webhook_url == "http://salesbot:8080/hook"
        return
    with pytest.raises(SettingsError, match="WEBHOOK_URL must be an https:// URL"):
        load_settings()


def test_health_listen_is_off_by_default_and_checked_as_host_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().health_listen is None
    monkeypatch.setenv("HEALTH_LISTEN", "0.0.0.0:9090")
    assert load_settings().health_listen == "0.0.0.0:9090"
    monkeypatch.setenv("HEALTH_LISTEN", "9090")
    with pytest.raises(SettingsError, match="HEALTH_LISTEN: must be host:port"):
        load_settings()


def test_a_bad_value_under_log_format_json_is_one_json_line(tmp_path: Path) -> None:
    secret = "wrong secret with spaces"
    result = salesbot(
        "run",
        cwd=tmp_path,
        LOG_FORMAT="json",
        WEBHOOK_URL=WEBHOOK,
        WEBHOOK_SECRET=secret,
        TELEGRAM_BOT_TOKEN="123:abc",
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    record = json.loads(line)
    assert record["level"] == "ERROR"
    assert record["message"].startswith("WEBHOOK_SECRET: must be 1-256 characters")
    assert secret not in result.stderr
