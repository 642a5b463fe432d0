"""Container healthcheck of the inbound parts: `python -m bots.healthcheck telegram|slack`.

Exit 0 when the part's HTTP server answers on its port (any HTTP status: the server is up),
1 otherwise. Polling (Telegram) and Socket Mode (Slack) open no port: nothing to probe, exit 0.
"""

from __future__ import annotations

import http.client
import os
import sys


def _port(part: str) -> int | None:
    """The port the part listens on, or None when it opens none."""
    if part == "telegram":
        if not os.environ.get("TELEGRAM_WEBHOOK_URL"):
            return None
        return int(os.environ.get("TELEGRAM_WEBHOOK_PORT") or 8443)
    if part == "slack":
        if os.environ.get("SLACK_APP_TOKEN"):
            return None
        return int(os.environ.get("SLACK_PORT") or 3000)
    raise SystemExit(f"usage: python -m bots.healthcheck telegram|slack (not {part!r})")


def answers(port: int, host: str = "127.0.0.1", timeout: float = 5.0) -> bool:
    """True when an HTTP server answers a request on host:port."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", "/health")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    part = argv[1] if len(argv) > 1 else ""
    port = _port(part)
    if port is None:
        return 0
    alive = answers(port)
    print(f"{part}: {'answers' if alive else 'does not answer'} on port {port}")
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
