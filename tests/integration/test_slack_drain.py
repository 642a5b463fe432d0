"""Stopping the Slack app lets work already acknowledged to Slack finish."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from bots.slack.desk import Desk
from core.bootstrap import Hub


async def test_close_waits_for_acknowledged_work(hub: Hub) -> None:
    desk = Desk(hub, AsyncWebClient(token="xoxb-test", base_url="http://127.0.0.1:9/"))
    finished: list[str] = []

    async def slow_press() -> None:
        await asyncio.sleep(0.3)
        finished.append("the press")

    running = asyncio.ensure_future(desk.run(slow_press()))
    await asyncio.sleep(0.05)  # the work has started
    await desk.close()
    assert finished == ["the press"]
    await running
