"""Container healthcheck of the inbound parts: `python -m bots.healthcheck telegram|slack`.

Exit 0 when the part's heartbeat is fresh (as `4p1000 status --check --part PART`) and, when it
listens (webhook, Slack HTTP mode), its HTTP server answers on its port; 1 otherwise.
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


def beating(part: str) -> bool:
    """True when a process of `part` wrote its heartbeat within the last few seconds."""
    import asyncio
    from datetime import UTC, datetime

    from core.environment import essentials
    from core.services.outbox_status import health_of

    health = asyncio.run(health_of(essentials().database_url, datetime.now(UTC)))
    return health.parts[part].alive > 0


def main(argv: list[str]) -> int:
    part = argv[1] if len(argv) > 1 else ""
    port = _port(part)
    if port is not None and not answers(port):
        print(f"{part}: does not answer on port {port}")
        return 1
    try:
        alive = beating(part)
    except Exception as error:  # the database is unreachable: unhealthy, in one line
        print(f"{part}: no heartbeat read ({type(error).__name__}: {error})")
        return 1
    print(f"{part}: {'alive' if alive else 'not alive (no fresh heartbeat)'}")
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
