"""`salesbot run` as a process against a fake Bot API over HTTP: health and metrics in
polling mode, a plain-http webhook with a self-hosted Bot API server, and start-up faults
(Telegram unreachable, token refused) told in JSON lines that never show the token."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.runtime.webhook import SECRET_HEADER
from tests.harness import free_port
from tests.reliability.bot_api_http import TOKEN, HttpBotApi, message_update, start_server
from tests.reliability.bot_process import environment, eventually, salesbot, samples, within

HANDLED = "salesbot_updates_total"


async def probe(cwd: Path, **env: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.runtime.probe",
        cwd=cwd,
        env=environment(**env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, _err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def _healthy(client: httpx.AsyncClient) -> httpx.Response:
    response = await client.get("/healthz")
    assert response.status_code == 200, response.text
    return response


@pytest.mark.stress
async def test_polling_with_health_listen_answers_healthz_and_counts_handled_updates(
    settings: Settings, tmp_path: Path
) -> None:
    api, api_port, health_port = HttpBotApi(), free_port(), free_port()
    server = start_server(api, api_port)
    try:
        async with (
            salesbot(
                "run",
                cwd=tmp_path,
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_API_URL=f"http://127.0.0.1:{api_port}",
                DATABASE_URL=settings.database_url,
                HEALTH_LISTEN=f"127.0.0.1:{health_port}",
                LOG_FORMAT="json",
            ) as bot,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{health_port}") as client,
        ):
            health = (await eventually(lambda: _healthy(client))).json()
            probes = [  # the image's HEALTHCHECK, against this port and against a dead one
                await probe(tmp_path, HEALTH_LISTEN=f"0.0.0.0:{port}")
                for port in (health_port, free_port())
            ]
            before = samples((await client.get("/metrics")).text, HANDLED)
            api.send_text("/ask 2")
            await within(api.sent_texts)
            metrics = await client.get("/metrics")
            after = samples(metrics.text, HANDLED)
            code = await bot.stop()
    finally:
        server.stop()

    assert health["ok"] is True
    assert (health["database"], health["updates"], health["receiving"]) == (
        "reachable",
        "polling",
        True,
    )
    ask_ok = (("command", "/ask"), ("outcome", "ok"))
    assert after.get(ask_ok, 0) == before.get(ask_ok, 0) + 1
    assert sum(after.values()) == sum(before.values()) + 1
    assert metrics.headers["content-type"].startswith("text/plain")
    assert api.sent_texts()[0].startswith("✅")
    assert code == 0
    assert [exit_code for exit_code, _ in probes] == [0, 1]
    assert json.loads(probes[0][1])["ok"] is True
    assert all(line["level"] for line in bot.json_lines())  # every line is JSON
    assert TOKEN not in "\n".join(bot.stderr) + metrics.text + json.dumps(health)
    assert bot.stdout == b""


async def test_an_http_webhook_on_a_self_hosted_bot_api_registers_and_serves(
    settings: Settings, tmp_path: Path
) -> None:
    api, api_port, hook_port = HttpBotApi(), free_port(), free_port()
    hook = f"http://127.0.0.1:{hook_port}/telegram/hook"
    secret = "local-secret_1"
    server = start_server(api, api_port)
    try:
        async with (
            salesbot(
                "run",
                cwd=tmp_path,
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_API_URL=f"http://127.0.0.1:{api_port}",
                DATABASE_URL=settings.database_url,
                WEBHOOK_URL=hook,
                WEBHOOK_SECRET=secret,
                WEBHOOK_LISTEN=f"127.0.0.1:{hook_port}",
                LOG_FORMAT="json",
            ) as bot,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{hook_port}") as client,
        ):
            await within(lambda: api.calls_to("setWebhook"))
            update = json.dumps(message_update(1, "/ask 3", 1001, "Ann"))
            posted = await client.post(
                "/telegram/hook", content=update, headers={SECRET_HEADER: secret}
            )
            await within(api.sent_texts)
            health = await client.get("/healthz")
            code = await bot.stop()
    finally:
        server.stop()

    [registered] = api.calls_to("setWebhook")
    assert registered.params["url"] == hook
    assert registered.params["secret_token"] == secret
    assert posted.status_code == 200
    assert api.sent_texts()[0].startswith("✅ Logged")
    assert "3 asks" in api.sent_texts()[0]
    assert health.json()["updates"] == "webhook"
    assert code == 0
    output = "\n".join(bot.stderr)
    assert TOKEN not in output
    assert secret not in output


async def test_telegram_unreachable_at_start_is_retried_with_backoff_in_json_lines(
    tmp_path: Path,
) -> None:
    api, api_port = HttpBotApi(), free_port()  # nothing listens there yet
    async with salesbot(
        "run",
        cwd=tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{api_port}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        LOG_FORMAT="json",
    ) as bot:
        await within(lambda: bot.said("trying again in 2s"))  # the second failed attempt
        server = start_server(api, api_port)
        try:
            await within(lambda: api.calls_to("getUpdates"))
            api.send_text("/ask 1")
            await within(api.sent_texts)
            code = await bot.stop()
        finally:
            server.stop()

    lines = bot.json_lines()
    retries = [line for line in lines if "connecting to Telegram failed" in line["message"]]
    assert [line["level"] for line in retries[:2]] == ["WARNING", "WARNING"]
    assert "attempt 1 of 8" in retries[0]["message"]
    assert "exc" not in retries[0]  # a line, not a traceback
    assert code == 0
    assert TOKEN not in "\n".join(bot.stderr)


async def test_a_refused_token_is_one_json_line_without_the_token(tmp_path: Path) -> None:
    """401 for a wrong token, and 404 for a wrong TELEGRAM_API_URL path, which must not
    print the (valid) token either."""
    api, api_port = HttpBotApi(), free_port()
    server = start_server(api, api_port)
    wrong_token = "987654321:AAwrong-token_value-0123456789abcdefg"
    outputs: list[tuple[int, list[str]]] = []
    try:
        for token, root in (
            (wrong_token, f"http://127.0.0.1:{api_port}"),
            (TOKEN, f"http://127.0.0.1:{api_port}/wrong/path"),
        ):
            async with salesbot(
                "run",
                cwd=tmp_path,
                TELEGRAM_BOT_TOKEN=token,
                TELEGRAM_API_URL=root,
                DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
                LOG_FORMAT="json",
            ) as bot:
                code = await bot.exit_code()
            outputs.append((code, bot.stderr))
    finally:
        server.stop()

    for code, stderr in outputs:
        assert code == 1, stderr
        lines = [json.loads(line) for line in stderr]
        last = lines[-1]
        assert last["level"] == "CRITICAL"
        assert "rejected the bot token" in last["message"]
        assert all("exc" not in line for line in lines), stderr
        output = "\n".join(stderr)
        assert TOKEN not in output
        assert wrong_token not in output
