"""Stopping the Slack app lets work already acknowledged to Slack finish."""

from __future__ import annotations

import asyncio

from bots.slack.backstage import Backstage
from tests.conftest import make_settings


async def test_close_waits_for_acknowledged_work(sqlite_url: str) -> None:
    backstage = Backstage(make_settings(sqlite_url))
    finished: list[str] = []

    async def slow_press() -> str:
        await asyncio.sleep(0.3)
        finished.append("the press")
        return "done"

    running = asyncio.ensure_future(backstage.run(slow_press()))
    await asyncio.sleep(0.05)  # the work has started backstage
    await asyncio.to_thread(backstage.close)
    assert finished == ["the press"]
    assert await running == "done"
