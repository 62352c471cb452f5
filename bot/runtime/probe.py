"""`python -m bot.runtime.probe`: the container's HEALTHCHECK. Exit 0 when /healthz says 200.

It asks the address the bot serves /healthz on: WEBHOOK_LISTEN in webhook mode, else
HEALTH_LISTEN (unset there means no health endpoint: the probe fails, saying so).
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.config import SettingsError, load_settings

TIMEOUT_S = 4


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"probe: {exc}", file=sys.stderr)
        return 1
    listen = settings.webhook_listen if settings.webhook_url else settings.health_listen
    if listen is None:
        print("probe: HEALTH_LISTEN is not set, so there is no /healthz", file=sys.stderr)
        return 1
    host, _, port = listen.rpartition(":")
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "[::]") else host
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=TIMEOUT_S) as answer:
            print(answer.read().decode())
    except (urllib.error.URLError, OSError) as exc:
        print(f"probe: unhealthy: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
