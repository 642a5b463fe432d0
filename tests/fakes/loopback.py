"""Serve an aiohttp application on a free port of 127.0.0.1 (fakes of the platforms' APIs)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol, TypeVar

import pytest
from aiohttp import web

F = TypeVar("F", bound="Fake")


async def serve_on_loopback(app: web.Application) -> tuple[web.AppRunner, int]:
    """Start `app` on 127.0.0.1 and a port the system picks; return its runner and port."""
    # Stopping does not wait for a hanging scripted answer (aiohttp waits 60 s by default).
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port: int = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, port


class Rejected(Exception):
    """A fake API method refuses the call (answered as the platform's error)."""


class Fake(Protocol):
    failures: list[str]

    async def start(self) -> str: ...

    async def stop(self) -> None: ...


async def running(fake: F, platform: str) -> AsyncIterator[F]:
    """Run a fake for one test; the test fails if anything unexpected reached it."""
    await fake.start()
    yield fake
    await fake.stop()
    if fake.failures:
        pytest.fail(f"the fake {platform} API saw unexpected calls:\n" + "\n".join(fake.failures))
