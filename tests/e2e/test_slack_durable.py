"""Slack work that was acknowledged survives a crash: `4p1000 serve --slack` as a process.

A slash command is acknowledged, then the process is SIGKILLed before its handling can
commit; a restarted serve answers it, once. A Slack retry of a request is answered once.
The handling is held back honestly: the app does acknowledged work a few pieces at a time, and
the pieces before the command (publishing Home tabs) wait on a Slack Web API that hangs.
"""

from __future__ import annotations

import asyncio
import signal
import time
import urllib.parse
from pathlib import Path

import aiohttp
from sqlalchemy import select

from bots.slack.desk import work_at_once
from core.bootstrap import bootstrap
from core.persistence.models import InboundWork
from tests.conftest import make_settings
from tests.e2e.both_bots import free_port
from tests.e2e.delivery_support import PROGRAM, start, worker_env
from tests.e2e.slack_helpers import SECRET, Responses, sign
from tests.fakes.slack_api import TOKEN as SLACK_TOKEN
from tests.fakes.slack_api import FakeSlack


async def until(condition, what: str, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def slots(url: str) -> int:
    """How many pieces of acknowledged work `serve --slack` runs at once on this database."""
    hub = bootstrap(make_settings(url))
    try:
        return work_at_once(hub)
    finally:
        await hub.close()


async def stored(url: str) -> list[InboundWork]:
    hub = bootstrap(make_settings(url))
    try:
        async with hub.uow() as uow:
            return list(await uow.session.scalars(select(InboundWork).order_by(InboundWork.id)))
    finally:
        await hub.close()


def slash(user: str, text: str, response_url: str, trigger: str) -> str:
    form = {
        "token": "legacy",
        "command": "/4p1000",
        "text": text,
        "user_id": user,
        "user_name": user.lower(),
        "team_id": "T1",
        "channel_id": f"D{user}",
        "response_url": response_url,
        "trigger_id": trigger,
    }
    return urllib.parse.urlencode(form)


class Serve:
    """`4p1000 serve --slack` on a port, started and stopped (or killed) as a process."""

    def __init__(self, url: str, api: FakeSlack, log: Path) -> None:
        self.port = free_port()
        self.events = f"http://127.0.0.1:{self.port}/slack/events"
        env = {k: v for k, v in worker_env(url, "http://unused").items() if "TELEGRAM" not in k}
        env.update(
            SLACK_BOT_TOKEN=SLACK_TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=api.base_url,
            SLACK_PORT=str(self.port),
        )
        self.env = env
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, http: aiohttp.ClientSession) -> None:
        self.process = await start([str(PROGRAM), "serve", "--slack"], self.env, self.log)
        deadline = time.monotonic() + 30
        while True:
            try:
                async with http.get(f"http://127.0.0.1:{self.port}/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                assert self.process.returncode is None, self.log.read_text()[-3000:]
                assert time.monotonic() < deadline, "the Slack app did not start"
                await asyncio.sleep(0.1)

    async def post(
        self, http: aiohttp.ClientSession, body: str, content_type: str, retry: int = 0
    ) -> int:
        headers = {"Content-Type": content_type, **sign(body)}
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "timeout"})
        async with http.post(self.events, data=body.encode(), headers=headers) as response:
            return response.status

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), 40)
        assert code == 0, self.log.read_text()[-3000:]


async def test_an_acknowledged_command_survives_a_kill_and_a_retry_is_answered_once(
    database_url: str, tmp_path: Path
) -> None:
    api = FakeSlack()
    await api.start()
    responses = Responses()
    await responses.start()
    log = tmp_path / "serve.log"
    first, second = Serve(database_url, api, log), Serve(database_url, api, log)
    command = slash("UAMA", "help", f"{responses.base}1", "trigger-1")
    at_once = await slots(database_url)

    def answers(n: int) -> list[str]:
        return [str(p.get("text", "")) for p in responses.posts if p["url"].endswith(f"/{n}")]

    try:
        async with aiohttp.ClientSession() as http:
            await first.start(http)
            # The pieces of work before the command, one per slot: Home tabs whose publishing
            # hangs.
            api.script("views.publish", "timeout", hang=30, times=at_once)
            for n in range(at_once):
                home = (
                    f'{{"type": "event_callback", "event_id": "EvHOME{n}", "team_id": "T1", '
                    f'"event": {{"type": "app_home_opened", "user": "UH{n}", "tab": "home"}}}}'
                )
                assert await first.post(http, home, "application/json") == 200

            def publishing() -> bool:
                return sum(c.method == "views.publish" for c in api.calls) >= at_once

            await until(publishing, "the Home tabs' publishing to start (it hangs)")

            assert await first.post(http, command, "application/x-www-form-urlencoded") == 200
            (work,) = await stored(database_url)  # stored before the ack
            assert (work.kind, work.done_at, work.request_key) == (
                "command",
                None,
                "trigger:trigger-1",
            )
            await first.kill()
            await asyncio.sleep(0.3)
            assert not answers(1), "answered before the kill: the test held nothing back"
            (work,) = await stored(database_url)
            assert work.done_at is None

            api.scripts.clear()
            await second.start(http)
            await until(lambda: answers(1), "the restarted serve to answer the command")
            assert "What I can do" in answers(1)[0]
            # Slack retries the same command (an ack it thinks it missed): not stored again.
            assert await second.post(http, command, "application/x-www-form-urlencoded", 1) == 200

            retried = slash("UAMA", "help", f"{responses.base}2", "trigger-2")
            for retry in (0, 1, 2):
                status = await second.post(
                    http, retried, "application/x-www-form-urlencoded", retry
                )
                assert status == 200
            await until(lambda: answers(2), "the answer to the retried command")
            await asyncio.sleep(1.0)  # time enough for a second answer, if there were one
            # One help answer (it fills more than one message): each message once, both alike.
            assert len(answers(1)) == len(set(answers(1)))
            assert answers(2) == answers(1)
            works = await stored(database_url)
            assert [w.request_key for w in works] == ["trigger:trigger-1", "trigger:trigger-2"]
            assert all(w.done_at is not None for w in works)
            assert works[0].attempts == 2  # stored by the first serve, taken up by the second
            assert "taking up command" in log.read_text()
            await second.stop()
    finally:
        await first.stop()
        await second.stop()
        await api.stop()
        if responses._runner is not None:
            await responses._runner.cleanup()
